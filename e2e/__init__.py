"""Page objects, locators and waits for Selenium end-to-end tests.

The public API is ``__all__`` below, the same list ``docs/library.md`` shows by concept
(``tests/plugin/test_public_api.py`` holds the two together). The layer folders hold the
rest: importable, not promised.

Each name is imported when first used (PEP 562), so that ``import e2e`` (and the ``e2e``
command's ``--help``) does not pay for Selenium until a name that needs it is read.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from e2e import _moved
from e2e.base.renamed import renamed_attribute
from e2e.version import __version__ as __version__

if TYPE_CHECKING:
    from e2e.base.action_log import ActionLog
    from e2e.browser.driver import DriverError, GridError, build_driver
    from e2e.browser.load_errors import NavigationError
    from e2e.checks.accessibility import AccessibilityError, Violation, expect_accessible
    from e2e.checks.visual import Baselines, ScreenshotMismatch, match_screenshot
    from e2e.config import Config, ConfigError
    from e2e.emulation.environment import EmulationError, Environment, emulate
    from e2e.emulation.storage import save_storage_state
    from e2e.locators import GeneralLocators, Locator, xpath_literal
    from e2e.network import Network, NetworkError
    from e2e.page import BasePage, BasePageElement, PageFactory
    from e2e.page.clearing import clear_text
    from e2e.page.uploads import DropzoneUpload, add_dropzone_attachment, upload_file
    from e2e.queries import StrictModeError
    from e2e.recording import Recorder
    from e2e.waiting import waits
    from e2e.waiting.expect import Expect, ExpectViewport, expect

_moved.install()  # the module paths from before the layer folders, deprecated

#: Each public name and the module that defines it.
_HOMES = {
    "AccessibilityError": "e2e.checks.accessibility",
    "ActionLog": "e2e.base.action_log",
    "BasePage": "e2e.page",
    "BasePageElement": "e2e.page",
    "Baselines": "e2e.checks.visual",
    "Config": "e2e.config",
    "ConfigError": "e2e.config",
    "DriverError": "e2e.browser.driver",
    "DropzoneUpload": "e2e.page.uploads",
    "EmulationError": "e2e.emulation.environment",
    "Environment": "e2e.emulation.environment",
    "Expect": "e2e.waiting.expect",
    "ExpectViewport": "e2e.waiting.expect",
    "GeneralLocators": "e2e.locators",
    "GridError": "e2e.browser.driver",
    "Locator": "e2e.locators",
    "NavigationError": "e2e.browser.load_errors",
    "Network": "e2e.network",
    "NetworkError": "e2e.network",
    "PageFactory": "e2e.page",
    "Recorder": "e2e.recording",
    "ScreenshotMismatch": "e2e.checks.visual",
    "StrictModeError": "e2e.queries",
    "Violation": "e2e.checks.accessibility",
    "add_dropzone_attachment": "e2e.page.uploads",
    "build_driver": "e2e.browser.driver",
    "clear_text": "e2e.page.clearing",
    "emulate": "e2e.emulation.environment",
    "expect": "e2e.waiting.expect",
    "expect_accessible": "e2e.checks.accessibility",
    "match_screenshot": "e2e.checks.visual",
    "save_storage_state": "e2e.emulation.storage",
    "upload_file": "e2e.page.uploads",
    "waits": "e2e.waiting",
    "xpath_literal": "e2e.locators",
}

__all__ = [
    "AccessibilityError",
    "ActionLog",
    "BasePage",
    "BasePageElement",
    "Baselines",
    "Config",
    "ConfigError",
    "DriverError",
    "DropzoneUpload",
    "EmulationError",
    "Environment",
    "Expect",
    "ExpectViewport",
    "GeneralLocators",
    "GridError",
    "Locator",
    "NavigationError",
    "Network",
    "NetworkError",
    "PageFactory",
    "Recorder",
    "ScreenshotMismatch",
    "StrictModeError",
    "Violation",
    "add_dropzone_attachment",
    "build_driver",
    "clear_text",
    "emulate",
    "expect",
    "expect_accessible",
    "match_screenshot",
    "save_storage_state",
    "upload_file",
    "waits",
    "xpath_literal",
]


def __getattr__(name: str) -> Any:
    """A public name, imported on first use; the names before 0.2 (``check_accessible``)."""
    home = _HOMES.get(name)
    if home is not None:
        module = importlib.import_module(home)
        value = (
            getattr(module, name)
            if hasattr(module, name)
            else importlib.import_module(f"{home}.{name}")
        )
        globals()[name] = value
        return value
    if name == "check_accessible":
        __getattr__("expect_accessible")
    return renamed_attribute(__name__, name, {"check_accessible": "expect_accessible"}, globals())


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOMES})
