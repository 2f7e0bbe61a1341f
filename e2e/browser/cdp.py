"""A connection to a local Chromium's own DevTools endpoint, at the browser level.

chromedriver's ``execute_cdp_cmd`` talks to the current tab, where the ``Target``
domain's browser-wide commands are "Not allowed"; creating and disposing of browser
contexts (what Playwright and Puppeteer give each test) needs the browser's endpoint,
which chromedriver reports as ``goog:chromeOptions.debuggerAddress``. This is a small
synchronous client for it, on ``websocket-client`` (a dependency of Selenium): one
command at a time from the thread that owns it, answers matched by id, events skipped.
A trace's connection to one tab (:class:`TabConnection`) wants events and commands from
several threads, and uses Selenium's own websocket client instead.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import threading
import time
import urllib.request
from collections.abc import Callable
from typing import Any

import websocket
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.websocket_connection import WebSocketConnection

__all__ = [
    "CdpConnection",
    "CdpError",
    "Event",
    "TabConnection",
    "browser_endpoint",
    "chromium_cdp",
    "tab_endpoint",
]


class CdpError(RuntimeError):
    """The browser refused a command, or did not answer in time."""


def _local_address(driver: WebDriver) -> str | None:
    options = driver.caps.get("goog:chromeOptions") or driver.caps.get("ms:edgeOptions") or {}
    address = str(options.get("debuggerAddress") or "")
    host = address.rsplit(":", 1)[0]
    return address if host in ("localhost", "127.0.0.1", "[::1]") else None


def tab_endpoint(driver: WebDriver, handle: str) -> str | None:
    """The DevTools websocket of one tab (``handle`` is its target id) of a local
    Chromium, or ``None`` where there is none to reach."""
    address = _local_address(driver)
    return f"ws://{address}/devtools/page/{handle}" if address else None


def chromium_cdp(driver: WebDriver) -> Callable[[str, dict[str, Any]], Any] | None:
    """chromedriver's ``execute_cdp_cmd`` of a local Chromium driver, else ``None``.
    (Selenium's remote WebDriver has the method too, for every browser: on Firefox it
    raises, and WebKitWebDriver does not know the command.)"""
    from selenium.webdriver.chromium.webdriver import ChromiumDriver

    if isinstance(driver, ChromiumDriver):
        execute: Callable[[str, dict[str, Any]], Any] = driver.execute_cdp_cmd
        return execute
    return None


def browser_endpoint(driver: WebDriver) -> str | None:
    """The browser-level DevTools websocket of a local Chromium driven by ``driver``, or
    ``None`` (another browser, a Grid, a remote or unreachable debugger address)."""
    address = _local_address(driver)
    if address is None:
        return None
    try:
        with urllib.request.urlopen(f"http://{address}/json/version", timeout=5) as answer:
            url = json.load(answer).get("webSocketDebuggerUrl")
    except (OSError, ValueError):
        return None
    return str(url) if url else None


class CdpConnection:
    """Commands to one browser's DevTools endpoint, one at a time."""

    def __init__(self, url: str, timeout: float = 10.0) -> None:
        self.url, self.timeout = url, timeout
        self._socket = websocket.create_connection(url, timeout=timeout, suppress_origin=True)
        self._ids = itertools.count(1)

    def call(self, method: str, params: dict[str, Any] | None = None) -> Any:
        """Send a command and return its result; :class:`CdpError` on refusal or timeout."""
        command_id = next(self._ids)
        self._socket.send(json.dumps({"id": command_id, "method": method, "params": params or {}}))
        deadline = time.monotonic() + self.timeout
        while (left := deadline - time.monotonic()) > 0:
            self._socket.settimeout(left)
            try:
                message = json.loads(self._socket.recv())
            except websocket.WebSocketTimeoutException:
                break
            if message.get("id") == command_id:  # events and late answers are skipped
                return _result(method, message)
        raise CdpError(f"{method}: the browser did not answer within {self.timeout:g} s")

    def close(self) -> None:
        with contextlib.suppress(Exception):  # the browser is gone already
            self._socket.close()


def _result(method: str, answer: dict[str, Any]) -> Any:
    """The result of a DevTools answer; :class:`CdpError` when it is a refusal."""
    if "error" in answer:
        raise CdpError(f"{method}: {answer['error'].get('message', answer['error'])}")
    return answer.get("result", {})


#: Selenium's websocket client (it has no annotations).
_CLIENT: Any = WebSocketConnection


class TabConnection:
    """A DevTools connection to one tab, with its events (for traces): Selenium's own
    websocket client, which answers commands from any thread and calls back on events."""

    def __init__(self, url: str, timeout: float = 10.0) -> None:
        self._connection: Any = _CLIENT(url, timeout, 0.002)

    def call(self, method: str, params: dict[str, Any] | None = None) -> Any:
        """Send a command and return its result; :class:`CdpError` on refusal."""
        return _result(method, self._connection.send_cmd(method, params or {}))

    def on(self, event: str, callback: Callable[[Any], None]) -> None:
        """Call ``callback(params)`` on each ``event`` (in a thread of its own)."""
        self._connection.add_callback(Event(event), callback)

    def close(self) -> None:
        """Close without waiting: Selenium's client waits for its reader thread, which can
        take its whole timeout when the tab is going away at the same moment."""

        def close() -> None:
            with contextlib.suppress(Exception):
                self._connection.close()

        threading.Thread(target=close, name="e2e-devtools-close", daemon=True).start()


class Event:
    """An event as Selenium's websocket client wants it (CDP or BiDi): a name, its
    parameters as given."""

    def __init__(self, name: str) -> None:
        self.event_class = name

    def from_json(self, params: Any) -> Any:
        return params
