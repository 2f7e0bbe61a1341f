"""The public surface, listed: the library's names, the plugin's fixtures, options, ini
keys and markers. A rename or a lost registration (the plugin is a package of modules)
fails here before it fails a user's suite."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

import e2e

LIBRARY = [
    "AccessibilityError", "ActionLog", "BasePage", "BasePageElement", "Baselines", "Config",
    "ConfigError", "DriverError", "DropzoneUpload", "EmulationError", "Environment", "Expect",
    "ExpectViewport", "GeneralLocators", "GridError", "Locator", "NavigationError", "Network",
    "NetworkError", "PageFactory", "Recorder",
    "ScreenshotMismatch", "StrictModeError", "Violation", "add_dropzone_attachment", "build_driver",
    "clear_text", "emulate", "expect", "expect_accessible", "match_screenshot",
    "save_storage_state", "upload_file", "waits", "xpath_literal",
]  # fmt: skip


def test_the_library_exports_exactly_its_names() -> None:
    assert sorted(e2e.__all__) == sorted(LIBRARY)
    for name in LIBRARY:
        assert getattr(e2e, name) is not None


def test_the_library_page_shows_exactly_the_public_names() -> None:
    """docs/library.md's first code block is ``from e2e import (...)`` with every name of
    ``e2e.__all__``, and nothing else."""
    page = (Path(__file__).parents[2] / "docs" / "library.md").read_text(encoding="utf-8")
    block = re.search(r"```python\nfrom e2e import \((.*?)\)\n```", page, re.DOTALL)
    assert block is not None, "docs/library.md lost its `from e2e import (...)` block"
    shown = re.findall(r"^\s+(\w+),", block.group(1), re.MULTILINE)
    assert sorted(shown) == sorted(e2e.__all__)


OPTIONS_PAGE = Path(__file__).parents[2] / "docs" / "options.md"


def _table(title: str | None, header: str) -> list[list[str]]:
    """The rows of the table in docs/options.md that starts with ``header`` (under the
    section ``title``, when given), each as its cells."""
    page = OPTIONS_PAGE.read_text(encoding="utf-8")
    if title:
        page = page[page.index(f"## {title}\n") :]
    start = page.index(header)
    rows = []
    for line in page[start:].splitlines()[2:]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    return rows


def _names(cell: str, pattern: str) -> set[str]:
    return set(re.findall(pattern, cell))


def _documented() -> dict[str, set[str]]:
    rows = _table(None, "| option | ini key | environment | meaning |")
    renamed = _table(None, "| old name | new name |")
    return {
        "options": set().union(*(_names(r[0], r"`(--[\w-]+)") for r in rows))
        | set().union(*(_names(r[0], r"/ `(--[\w-]+)`") for r in rows)),
        "ini": set().union(*(_names(r[1], r"`(e2e_\w+)`") for r in rows)),
        "env": set().union(*(_names(r[2], r"`([A-Z_0-9]+)`") for r in rows)),
        "renamed": {r[0].strip("`") for r in renamed},
        "new names": {r[1].strip("`") for r in renamed},
    }


def _pytest(folder: Path, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def registered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, set[str]]:
    """What the plugin registers, read from what pytest shows a user, run in an empty
    folder: ``--help`` (the e2e group's options, the ini keys), ``--fixtures`` (those
    defined in e2e's modules) and ``--markers`` (those there with the plugin and not
    without it)."""
    folder = tmp_path_factory.mktemp("registered")
    help = _pytest(folder, "--help")
    group = help[help.index("end-to-end browser tests (e2e):") :]
    group = group[: group.index("\n\n")]
    fixtures: set[str] = set()
    for section in re.split(
        r"^-+ fixtures defined from ", _pytest(folder, "--fixtures"), flags=re.M
    ):
        if section.startswith("e2e."):
            fixtures |= set(re.findall(r"^(\w+)(?: \[[\w ]+\])? -- ", section, re.M))
    marker = r"^@pytest\.mark\.(\w+)"
    with_plugin = set(re.findall(marker, _pytest(folder, "--markers"), re.M))
    without = set(re.findall(marker, _pytest(folder, "--markers", "-p", "no:e2e"), re.M))
    return {
        "options": set(re.findall(r"^  (--[\w-]+)", group, re.M)),
        "ini": set(re.findall(r"^  (e2e_\w+) \(", help, re.M)),
        "env": set(re.findall(r"\(env ([A-Z_0-9]+)\)", re.sub(r"\s+", " ", group))),
        "fixtures": fixtures,
        "markers": with_plugin - without,
    }


def test_the_options_page_lists_exactly_the_registered_options(registered) -> None:
    documented = _documented()
    assert documented["options"] - {"--base-url", "--reruns"} == registered["options"]


def test_the_options_page_lists_exactly_the_registered_ini_keys(registered) -> None:
    documented = _documented()
    assert (
        documented["ini"] | {k for k in documented["renamed"] if k.startswith("e2e_")}
        == registered["ini"]
    )


def test_every_option_has_the_ini_key_of_its_name(registered) -> None:
    """``--wait-timeout`` and ``e2e_wait_timeout``; the flag pair ``--headless``/``--headed``
    is the one ``e2e_headless``."""
    expected = {"e2e_" + o[2:].replace("-", "_") for o in registered["options"] - {"--headed"}}
    assert expected == registered["ini"] - _documented()["renamed"]


def test_the_options_page_lists_exactly_the_environment_variables(registered) -> None:
    documented = _documented()
    renamed_env = {k for k in documented["renamed"] if k.isupper()}
    assert documented["env"] == registered["env"]
    assert {k for k in documented["new names"] if k.isupper()} <= registered["env"]
    assert renamed_env.isdisjoint(registered["env"])


def test_the_options_page_lists_exactly_the_registered_fixtures(registered) -> None:
    rows = _table("Fixtures", "| fixture | what it gives |")
    assert {r[0].strip("`") for r in rows} == registered["fixtures"]


def test_the_options_page_lists_exactly_the_registered_markers(registered) -> None:
    rows = _table("Markers", "| marker | what it does |")
    assert {re.match(r"`(\w+)", r[0]).group(1) for r in rows} == registered["markers"]  # type: ignore[union-attr]
