"""The public surface, listed: the library's names, the plugin's fixtures, options, ini
keys and markers. A rename or a lost registration (the plugin is a package of modules)
fails here before it fails a user's suite."""

from __future__ import annotations

import re

import pytest

import e2e

LIBRARY = [
    "AccessibilityError", "ActionLog", "BasePage", "BasePageElement", "Baselines", "Config",
    "ConfigError", "DriverError", "DropzoneUpload", "EmulationError", "Environment", "Expect",
    "ExpectViewport", "GeneralLocators", "GridError", "Locator", "NavigationError", "Network",
    "NetworkError",
    "ScreenshotMismatch", "Violation", "add_dropzone_attachment", "build_driver",
    "check_accessible", "clear_text", "emulate", "expect", "match_screenshot",
    "save_storage_state", "upload_file", "waits", "xpath_literal",
]  # fmt: skip

FIXTURES = [
    "driver", "page", "e2e_config", "e2e_actions", "e2e_downloads", "e2e_server",
    "e2e_signed_in",
]  # fmt: skip

OPTIONS = [
    "--browser", "--headless", "--headed", "--headless-shell", "--window-size", "--grid-url",
    "--capability", "--driver-path", "--browser-binary", "--driver-source", "--wait-timeout",
    "--slow-mo", "--settle-quiet-ms", "--settle-ignore-requests", "--settle-background-ms",
    "--fresh-browser", "--sensitive-url", "--secret-env",
    "--overlay-locator", "--busy-locator", "--locale", "--timezone", "--geolocation",
    "--permission", "--color-scheme", "--device", "--storage-state",
    "--update-snapshots", "--tracing",
    "--artifacts-dir",
]  # fmt: skip

INI = [
    "e2e_browser", "e2e_headless_shell", "e2e_window_size", "e2e_grid_url", "e2e_driver_path",
    "e2e_browser_binary", "e2e_driver_source", "e2e_timeout", "e2e_slow_mo",
    "e2e_settle_quiet_ms", "e2e_settle_ignore_requests", "e2e_settle_background_ms",
    "e2e_fresh_browser", "e2e_sensitive_url", "e2e_secret_env",
    "e2e_overlay_locators", "e2e_busy_locators", "e2e_locale", "e2e_timezone",
    "e2e_geolocation", "e2e_permissions", "e2e_color_scheme", "e2e_device",
    "e2e_storage_state", "e2e_axe_disable", "e2e_trace",
    "e2e_artifacts_dir", "e2e_server_command", "e2e_server_url", "e2e_server_port",
    "e2e_server_timeout", "e2e_server_reuse", "e2e_server_scope",
]  # fmt: skip

MARKERS = [
    "nondestructive", "smoke", "browser", "engines", "full_browser", "emulate", "storage_state",
]  # fmt: skip


def test_the_library_exports_exactly_its_names() -> None:
    assert sorted(e2e.__all__) == sorted(LIBRARY)
    for name in LIBRARY:
        assert getattr(e2e, name) is not None


def test_the_library_page_shows_exactly_the_public_names() -> None:
    """docs/library.md's first code block is ``from e2e import (...)`` with every name of
    ``e2e.__all__``, and nothing else."""
    from pathlib import Path

    page = (Path(__file__).parents[2] / "docs" / "library.md").read_text(encoding="utf-8")
    block = re.search(r"```python\nfrom e2e import \((.*?)\)\n```", page, re.DOTALL)
    assert block is not None, "docs/library.md lost its `from e2e import (...)` block"
    shown = re.findall(r"^\s+(\w+),", block.group(1), re.MULTILINE)
    assert sorted(shown) == sorted(e2e.__all__)


@pytest.fixture
def pytest_help(pytester: pytest.Pytester) -> str:
    result = pytester.runpytest_subprocess("--help", "-p", "no:cacheprovider")
    assert result.ret == 0, result.stderr.str()
    return result.stdout.str()


def test_every_option_and_ini_key_is_registered(pytest_help: str) -> None:
    missing = [
        o for o in OPTIONS if not re.search(rf"(^|[\s,]){re.escape(o)}[\s=]", pytest_help, re.M)
    ]
    assert not missing
    missing = [k for k in INI if not re.search(rf"^\s+{k}\s", pytest_help, re.M)]
    assert not missing


def test_every_fixture_and_marker_is_registered(pytester: pytest.Pytester) -> None:
    fixtures = pytester.runpytest_subprocess("--fixtures", "-p", "no:cacheprovider").stdout.str()
    missing = [f for f in FIXTURES if not re.search(rf"^{f}\b", fixtures, re.M)]
    assert not missing
    markers = pytester.runpytest_subprocess("--markers", "-p", "no:cacheprovider").stdout.str()
    missing = [m for m in MARKERS if f"@pytest.mark.{m}" not in markers]
    assert not missing
