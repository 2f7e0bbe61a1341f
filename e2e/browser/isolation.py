"""A clean browser for every test at the cost of reusing one.

Each test runs in a fresh, empty browser context inside the running browser (like
Playwright's browser context); disposing of it at the end of the test discards
everything the test left, for every origin: cookies, local and session storage,
IndexedDB, the HTTP cache, service workers, permissions, and every window or tab it
opened. Which mechanism gives the context depends on the browser:

- **local Chromium** (chrome, chromium, edge without a Grid): CDP's
  ``Target.createBrowserContext`` on the browser's own DevTools endpoint (``e2e.browser.cdp``).
  It needs no WebDriver BiDi, so chromedriver does not start its BiDi mapper (a hidden
  tab of about 70 MiB, and a detour for every BiDi command): the cheapest isolation
  measured (docs/benchmarks.md).
- **WebDriver BiDi** (Firefox; a Grid that passes ``webSocketUrl`` through; local
  Chromium given ``--capability webSocketUrl=true``): a *user context* per test
  (``browser.createUserContext``).
- **WebKitGTK**: no user contexts (WebKitWebDriver has no BiDi), but a new automation
  session starts with nothing stored (measured: cookies and localStorage set in one are
  not in the next), and starts in about 0.3 s: each test gets a new browser, started
  while the test before it runs (``NEW_BROWSER``, in the plugin's browser pool).
- **elsewhere** the fallback clears what WebDriver and CDP can reach: extra windows,
  cookies of every origin (Chromium) or the current one, the current origin's storage,
  and the HTTP cache (Chromium).
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from selenium.webdriver.remote.switch_to import SwitchTo
from selenium.webdriver.remote.webdriver import WebDriver

from e2e.browser import console
from e2e.browser.cdp import CdpConnection, browser_endpoint, chromium_cdp
from e2e.browser.webkit import send_downloads_to

__all__ = ["Isolation", "isolation_for", "isolation_for_existing", "release"]

_RESET_SCRIPT = """
try { window.localStorage.clear(); } catch (e) {}
try { window.sessionStorage.clear(); } catch (e) {}
"""

#: The modes, as the report's "isolation:" line names them.
BROWSER_CONTEXT, USER_CONTEXT, RESET = "browser-context", "user-context", "reset"
# And e2e.browser.engines.NEW_BROWSER: WebKitGTK has no contexts inside one browser, but
# each automation session starts with empty storage, so each test gets a browser of its
# own (the plugin's pool starts it ahead).


@dataclass
class Isolation:
    """How one browser gives each test a clean state; see the module docstring."""

    driver: WebDriver
    mode: str  # BROWSER_CONTEXT, USER_CONTEXT or RESET
    home: str  # the window the browser started with (closed by the first test)
    context: str | None = None  # this test's browser or user context
    script: str | None = None  # CDP: the network counter, added to each test's tab
    cdp: CdpConnection | None = None  # CDP: the browser's own endpoint
    #: Called after ``switch_to.new_window`` opens a tab (the environment's per-tab part).
    on_new_tab: Callable[[], None] | None = None
    #: The next test's context and tab, being made while pytest is between tests.
    _prepared: concurrent.futures.Future[tuple[str, str]] | None = None
    _ahead: concurrent.futures.ThreadPoolExecutor | None = None
    _side: CdpConnection | None = None  # CDP: the background thread's own connection

    def begin(self) -> None:
        """Before a test: a new context with one tab, switched to; the previous test's
        context is disposed of with everything in it, so the test's tab is the only
        window. (With the fallback, a cheap round trip that fails on a dead browser.)

        After the first test, the context was made ready while pytest was between tests
        (:meth:`end`), the previous one disposed of at the same time: what is left here
        is switching to its tab. If that went wrong, it is done here, where a dead browser
        raises."""
        if self.mode == RESET:
            self.driver.current_window_handle  # noqa: B018
            return
        prepared = self._take_prepared()
        if prepared is not None:
            self.context, tab = prepared
            self.driver.switch_to.window(tab)
        else:
            previous = self.context
            self.context, tab = self._new_context(self.cdp)
            self.driver.switch_to.window(tab)
            self._dispose(previous)
        self._close_strays(tab)
        if self.script is not None:  # the network counter from each page's first byte
            self.driver.execute_cdp_cmd(
                "Page.addScriptToEvaluateOnNewDocument", {"source": self.script}
            )

    def open_window(self, type_hint: str | None) -> str | None:
        """A new tab (or window) in this test's context, for ``switch_to.new_window``:
        WebDriver's own command opens it in the browser's default context, which outlives
        the test (and shares its cookies and storage with the next test's new tabs)."""
        if self.context is None:
            return None
        if self.cdp is not None:
            params: dict[str, Any] = {"url": "about:blank", "browserContextId": self.context}
            if type_hint == "window":
                params["newWindow"] = True
            return str(self.cdp.call("Target.createTarget", params)["targetId"])
        kind = "window" if type_hint == "window" else "tab"
        return str(self.driver.browsing_context.create(type=kind, user_context=self.context))

    def _close_strays(self, tab: str) -> None:
        """Close every window but the new test's tab: one left in the default context (by
        a route other than ``switch_to.new_window``) must not reach the next test."""
        for handle in self.driver.window_handles:
            if handle == tab:
                continue
            try:  # one of the disposed context's, closing as we ask: it is going anyway
                if self.cdp is not None:
                    self.cdp.call("Target.closeTarget", {"targetId": handle})
                else:
                    self.driver.browsing_context.close(handle)
            except Exception:
                if handle in self.driver.window_handles:
                    raise

    def _dispose(self, previous: str | None) -> None:
        if previous is None:  # the first test: the window the browser started with goes
            if self.home:
                if self.cdp is not None:
                    self.cdp.call("Target.closeTarget", {"targetId": self.home})
                else:
                    self.driver.browsing_context.close(self.home)
                self.home = ""
        elif self.cdp is not None:
            self.cdp.call("Target.disposeBrowserContext", {"browserContextId": previous})
        else:
            self.driver.browser.remove_user_context(previous)

    def end(self) -> None:
        """After a test: with contexts, dispose of this one and make the next test's
        ready, in the background while pytest reports and moves on (``begin`` takes it);
        with the fallback, clear what can be cleared."""
        if self.mode == RESET:
            _reset(self.driver, self.home)
            return
        if self._ahead is None:
            self._ahead = concurrent.futures.ThreadPoolExecutor(1, "e2e-next-context")
        self._prepared = self._ahead.submit(self._replace, self.context)
        self.context = None  # going: nothing may open a window in it now

    def _replace(self, previous: str | None) -> tuple[str, str]:
        """In the background: make a new context and its tab, dispose of ``previous``."""
        cdp = None
        if self.cdp is not None:  # a connection of its own: one command at a time each
            if self._side is None:
                self._side = CdpConnection(self.cdp.url, self.cdp.timeout)
            cdp = self._side
        made = self._new_context(cdp)  # first: Firefox quits when its last window goes
        if previous is not None:
            if cdp is not None:
                cdp.call("Target.disposeBrowserContext", {"browserContextId": previous})
            else:
                self.driver.browser.remove_user_context(previous)
        return made

    def _new_context(self, cdp: CdpConnection | None) -> tuple[str, str]:
        if cdp is not None:
            context = cdp.call("Target.createBrowserContext")["browserContextId"]
            params = {"url": "about:blank", "browserContextId": context}
            return context, cdp.call("Target.createTarget", params)["targetId"]
        context = self.driver.browser.create_user_context()
        return context, self.driver.browsing_context.create(type="tab", user_context=context)

    def _take_prepared(self) -> tuple[str, str] | None:
        prepared, self._prepared = self._prepared, None
        if prepared is None:
            return None
        try:
            return prepared.result(timeout=30)
        except Exception:  # a dead browser, or a failure: begin does it again, and says
            return None

    def close(self) -> None:
        """Stop the background work: the browser is quitting. A BiDi command in flight
        is let finish first (milliseconds): one cut off by the quit is never answered,
        and Selenium would wait 30 s for it, holding the interpreter's exit."""
        if self._prepared is not None and self.cdp is None:
            with contextlib.suppress(Exception):
                self._prepared.result(timeout=CLOSE_WAIT_SECONDS)
        if self._side is not None:
            self._side.close()  # a command waiting on it ends at once
        if self._ahead is not None:
            self._ahead.shutdown(wait=False, cancel_futures=True)

    def set_downloads(self, folder: str) -> bool:
        """Send this test's downloads to ``folder`` (``False``: not possible here)."""
        if send_downloads_to(self.driver, folder):  # WebKitGTK: its own folder, linked
            return True
        params = {"behavior": "allow", "downloadPath": folder, "browserContextId": self.context}
        if self.cdp is not None and self.context is not None:
            self.cdp.call("Browser.setDownloadBehavior", params)
            return True
        if self.mode == USER_CONTEXT and self.context is not None:
            try:
                self.driver.browser.set_download_behavior(
                    allowed=True, destination_folder=folder, user_contexts=[self.context]
                )
                return True
            except Exception:  # an older browser: CDP, for that context
                pass
        execute_cdp = chromium_cdp(self.driver)
        if execute_cdp is None:
            return False
        if self.context is None:
            del params["browserContextId"]
        execute_cdp("Browser.setDownloadBehavior", params)
        return True


def _reset(driver: WebDriver, home: str) -> None:
    for handle in driver.window_handles:
        if handle != home:
            driver.switch_to.window(handle)
            driver.close()
    driver.switch_to.window(home)
    if driver.current_url.startswith(("http://", "https://")):
        driver.execute_script(_RESET_SCRIPT)
    driver.delete_all_cookies()
    execute_cdp = chromium_cdp(driver)
    if execute_cdp is not None:  # Chromium: every origin's cookies, and the cache
        execute_cdp("Network.clearBrowserCookies", {})
        execute_cdp("Network.clearBrowserCache", {})
    driver.get("about:blank")


class _ContextSwitchTo(SwitchTo):
    """``driver.switch_to``, whose ``new_window`` opens in the test's own context."""

    def __init__(self, driver: WebDriver, isolation: Isolation) -> None:
        super().__init__(driver)
        self._isolation = weakref.ref(isolation)

    def new_window(self, type_hint: str | None = None) -> None:
        isolation = self._isolation()
        handle = isolation.open_window(type_hint) if isolation is not None else None
        if handle is None:
            super().new_window(type_hint)
        else:
            self.window(handle)
        if isolation is not None and isolation.on_new_tab is not None:
            isolation.on_new_tab()


_BY_DRIVER: weakref.WeakKeyDictionary[WebDriver, Isolation] = weakref.WeakKeyDictionary()


def isolation_for(driver: WebDriver, network_script: str | None = None) -> Isolation:
    """The isolation of ``driver``, set up on first use (with ``network_script``, the
    network counter, run at the start of every document of every test)."""
    found = _BY_DRIVER.get(driver)
    if found is not None:
        return found
    home = driver.current_window_handle
    found = Isolation(driver, RESET, home)
    if driver.caps.get("webSocketUrl"):
        answer_promptly(driver)
        if not hasattr(driver, "get_log"):  # Firefox: the console through BiDi
            with contextlib.suppress(Exception):
                console.listen(driver)
        try:
            if network_script is not None:
                driver.script.add_preload_script(
                    function_declaration="() => {" + network_script + "}"
                )
            found.mode = USER_CONTEXT
        except Exception:  # BiDi announced but not working (an old Grid): fall back
            found.mode = RESET
    else:
        endpoint = browser_endpoint(driver)
        if endpoint is not None:
            found.cdp = CdpConnection(endpoint)
            found.mode = BROWSER_CONTEXT
            found.script = network_script
    if found.mode != RESET:
        driver._switch_to = _ContextSwitchTo(driver, found)
    _BY_DRIVER[driver] = found
    return found


def isolation_for_existing(driver: WebDriver) -> Isolation | None:
    """The isolation of ``driver`` if it has been set up, without setting it up."""
    return _BY_DRIVER.get(driver)


def release(driver: WebDriver) -> None:
    """Forget ``driver`` (it is quitting): end the background work, close its DevTools
    connection."""
    found = _BY_DRIVER.pop(driver, None)
    if found is not None:
        found.close()
        if found.cdp is not None:
            found.cdp.close()


#: How often Selenium looks for a BiDi answer. Its default, 0.1 s, made every BiDi command
#: cost at least 100 ms (three of them per test); the answer usually takes 1-5 ms.
BIDI_POLL_SECONDS = 0.002
#: How long closing waits for the next test's context, still being made over BiDi.
CLOSE_WAIT_SECONDS = 5.0


def answer_promptly(driver: WebDriver) -> None:
    """Look for BiDi answers every 2 ms instead of Selenium's 100 ms."""
    config = getattr(getattr(driver, "command_executor", None), "client_config", None)
    if config is not None and getattr(config, "websocket_interval", 0) > BIDI_POLL_SECONDS:
        config.websocket_interval = BIDI_POLL_SECONDS


def current_user_context(driver: WebDriver) -> Any | None:
    """The WebDriver BiDi user context the current test runs in, if any (``None`` with
    CDP browser contexts and with the fallback)."""
    found = _BY_DRIVER.get(driver)
    return found.context if found is not None and found.mode == USER_CONTEXT else None
