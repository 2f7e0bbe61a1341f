"""Page objects, locators and waits for Selenium end-to-end tests.

The public API is ``__all__`` below, the same list ``docs/library.md`` shows by concept
(``tests/plugin/test_public_api.py`` holds the two together). The layer folders hold the
rest: importable, not promised.
"""

from typing import Any

from e2e import _moved
from e2e.base.action_log import ActionLog
from e2e.base.renamed import renamed_attribute
from e2e.browser.driver import DriverError, GridError, build_driver
from e2e.browser.load_errors import NavigationError
from e2e.checks.accessibility import AccessibilityError, Violation, expect_accessible
from e2e.checks.visual import Baselines, ScreenshotMismatch, match_screenshot
from e2e.config import Config, ConfigError
from e2e.emulation.environment import EmulationError, Environment, emulate
from e2e.emulation.storage import save_storage_state
from e2e.locators import GeneralLocators, Locator, xpath_literal
from e2e.network import Network, NetworkError
from e2e.page import BasePage, BasePageElement
from e2e.page.clearing import clear_text
from e2e.page.uploads import DropzoneUpload, add_dropzone_attachment, upload_file
from e2e.queries import StrictModeError
from e2e.waiting import waits
from e2e.waiting.expect import Expect, ExpectViewport, expect

_moved.install()  # the module paths from before the layer folders, deprecated

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
    """The names before 0.2 (``check_accessible``)."""
    return renamed_attribute(__name__, name, {"check_accessible": "expect_accessible"}, globals())
