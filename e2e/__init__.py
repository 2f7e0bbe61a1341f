"""Page objects, locators and waits for Selenium end-to-end tests.

The whole public API::

    from e2e import Locator, GeneralLocators, BasePage, waits, expect
"""

from e2e import waits
from e2e.actions import ActionLog
from e2e.config import Config, ConfigError
from e2e.driver import DriverError, GridError, build_driver
from e2e.environment import EmulationError, Environment, emulate
from e2e.expect import Expect, expect
from e2e.locators import GeneralLocators, Locator, xpath_literal
from e2e.network import Network, NetworkError
from e2e.page import BasePage, BasePageElement
from e2e.storage import save_storage_state
from e2e.text import clear_text
from e2e.uploads import DropzoneUpload, add_dropzone_attachment, upload_file

__all__ = [
    "ActionLog",
    "BasePage",
    "BasePageElement",
    "Config",
    "ConfigError",
    "DriverError",
    "DropzoneUpload",
    "EmulationError",
    "Environment",
    "Expect",
    "GeneralLocators",
    "GridError",
    "Locator",
    "Network",
    "NetworkError",
    "add_dropzone_attachment",
    "build_driver",
    "clear_text",
    "emulate",
    "expect",
    "save_storage_state",
    "upload_file",
    "waits",
    "xpath_literal",
]
