"""A clean browser for every test at the cost of reusing one.

Where the browser speaks WebDriver BiDi (local Chromium and Firefox; a Grid that passes
``webSocketUrl`` through), each test runs in a fresh *user context*: a separate profile
inside the running browser, like Playwright's browser context. Removing it at the end
of the test discards everything the test left, for every origin: cookies, local and
session storage, IndexedDB, the HTTP cache, service workers, permissions, and every
window or tab it opened. Elsewhere the fallback clears what WebDriver and CDP can reach:
extra windows, cookies of every origin (Chromium) or the current one, the current
origin's storage, and the HTTP cache (Chromium).
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from typing import Any

from selenium.webdriver.remote.webdriver import WebDriver

__all__ = ["Isolation", "isolation_for"]

_RESET_SCRIPT = """
try { window.localStorage.clear(); } catch (e) {}
try { window.sessionStorage.clear(); } catch (e) {}
"""


@dataclass
class Isolation:
    """How one browser gives each test a clean state; see the module docstring."""

    driver: WebDriver
    mode: str  # "user-context" or "reset"
    home: str  # the window that stays between tests (default user context)
    context: str | None = None  # this test's user context
    preload: str | None = None  # the network counter, in every new document

    def begin(self) -> None:
        """Before a test: a new user context with one tab, switched to; the previous
        test's context is removed with everything in it, so the test's tab is the only
        window. (With the fallback, a cheap round trip that fails on a dead browser.)"""
        if self.mode != "user-context":
            self.driver.current_window_handle  # noqa: B018
            return
        previous = self.context
        self.context = self.driver.browser.create_user_context()
        tab = self.driver.browsing_context.create(type="tab", user_context=self.context)
        if previous is not None:
            self.driver.browser.remove_user_context(previous)
        elif self.home:  # the first test: the window the browser started with goes
            self.driver.browsing_context.close(self.home)
            self.home = ""
        self.driver.switch_to.window(tab)

    def end(self) -> None:
        """After a test: with user contexts nothing (the next test's ``begin`` removes
        this one's); with the fallback, clear what can be cleared."""
        if self.mode != "user-context":
            _reset(self.driver, self.home)


def _reset(driver: WebDriver, home: str) -> None:
    for handle in driver.window_handles:
        if handle != home:
            driver.switch_to.window(handle)
            driver.close()
    driver.switch_to.window(home)
    if driver.current_url.startswith(("http://", "https://")):
        driver.execute_script(_RESET_SCRIPT)
    driver.delete_all_cookies()
    execute_cdp = getattr(driver, "execute_cdp_cmd", None)
    if execute_cdp is not None:  # Chromium: every origin's cookies, and the cache
        execute_cdp("Network.clearBrowserCookies", {})
        execute_cdp("Network.clearBrowserCache", {})
    driver.get("about:blank")


_BY_DRIVER: weakref.WeakKeyDictionary[WebDriver, Isolation] = weakref.WeakKeyDictionary()


def isolation_for(driver: WebDriver, network_script: str | None = None) -> Isolation:
    """The isolation of ``driver``, set up on first use: user contexts where BiDi is
    there (with ``network_script`` preloaded into every document of every context)."""
    found = _BY_DRIVER.get(driver)
    if found is not None:
        return found
    home = driver.current_window_handle
    mode = "reset"
    preload = None
    _answer_promptly(driver)
    if driver.caps.get("webSocketUrl"):
        try:
            if network_script is not None:
                preload = driver.script.add_preload_script(
                    function_declaration="() => {" + network_script + "}"
                )
            mode = "user-context"
        except Exception:  # BiDi announced but not working (an old Grid): fall back
            mode = "reset"
    found = _BY_DRIVER[driver] = Isolation(driver, mode, home, preload=preload)
    return found


#: How often Selenium looks for a BiDi answer. Its default, 0.1 s, made every BiDi command
#: cost at least 100 ms (three of them per test); the answer usually takes 1-5 ms.
BIDI_POLL_SECONDS = 0.002


def _answer_promptly(driver: WebDriver) -> None:
    config = getattr(getattr(driver, "command_executor", None), "client_config", None)
    if config is not None and getattr(config, "websocket_interval", 0) > BIDI_POLL_SECONDS:
        config.websocket_interval = BIDI_POLL_SECONDS


def current_user_context(driver: WebDriver) -> Any | None:
    """The user context the current test runs in, if any."""
    found = _BY_DRIVER.get(driver)
    return found.context if found is not None else None
