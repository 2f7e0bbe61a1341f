"""WebKitGTK's WebDriver (WebKitWebDriver driving MiniBrowser), started the current way,
and its downloads.

Selenium's ``webdriver.WebKitGTK`` hands its service's URL to the remote driver as a
string, which Selenium 4.51 itself warns is deprecated on every start; this builds the
connection from a ``ClientConfig`` instead, and is otherwise the same class.

WebKitWebDriver has no command to choose where downloads go: MiniBrowser saves them,
without asking, in the XDG download folder. Each browser is given one of its own (in
its profile folder, through ``XDG_CONFIG_HOME``'s ``user-dirs.dirs``), made a symbolic
link to the test's download folder when the test asks for one.
"""

from __future__ import annotations

import shutil
import weakref
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.common.driver_finder import DriverFinder
from selenium.webdriver.common.webdriver import LocalWebDriver
from selenium.webdriver.remote.client_config import ClientConfig
from selenium.webdriver.remote.remote_connection import RemoteConnection

__all__ = ["WebKitGTK", "download_link", "prepare_downloads", "send_downloads_to"]


class WebKitGTK(webdriver.WebKitGTK):
    """``selenium.webdriver.WebKitGTK`` without the deprecated string executor."""

    def __init__(
        self,
        options: webdriver.WebKitGTKOptions | None = None,
        service: webdriver.WebKitGTKService | None = None,
    ) -> None:
        self.options = options if options else webdriver.WebKitGTKOptions()
        self.service = service if service else webdriver.WebKitGTKService()
        self.service.path = DriverFinder(self.service, self.options).get_driver_path()
        self.service.start()
        config = ClientConfig(remote_server_addr=self.service.service_url, keep_alive=True)
        executor = RemoteConnection(client_config=config)
        try:
            LocalWebDriver.__init__(self, command_executor=executor, options=self.options)  # type: ignore[no-untyped-call]
        except Exception:
            self.quit()
            raise


_LINKS: weakref.WeakKeyDictionary[object, Path] = weakref.WeakKeyDictionary()


def prepare_downloads(profile: Path) -> dict[str, str]:
    """The environment that sends a MiniBrowser's downloads to ``profile/downloads``."""
    config = profile / "config"
    config.mkdir(parents=True, exist_ok=True)
    (profile / "downloads").mkdir(exist_ok=True)
    quoted = str(profile / "downloads").replace("\\", "\\\\").replace('"', '\\"')
    (config / "user-dirs.dirs").write_text(f'XDG_DOWNLOAD_DIR="{quoted}"\n', encoding="utf-8")
    return {"XDG_CONFIG_HOME": str(config)}


def download_link(driver: object, profile: Path) -> None:
    """Remember that ``driver``'s browser downloads into ``profile/downloads``."""
    _LINKS[driver] = profile / "downloads"


def send_downloads_to(driver: object, folder: str) -> bool:
    """Point ``driver``'s download folder at ``folder``; ``False`` for another browser."""
    link = _LINKS.get(driver)
    if link is None:
        return False
    if link.is_symlink():
        link.unlink()
    elif link.is_dir():
        shutil.rmtree(link, ignore_errors=True)
    link.symlink_to(folder, target_is_directory=True)
    return True
