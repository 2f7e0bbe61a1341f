"""A connection to a local Chromium's own DevTools endpoint, at the browser level.

chromedriver's ``execute_cdp_cmd`` talks to the current tab, where the ``Target``
domain's browser-wide commands are "Not allowed"; creating and disposing of browser
contexts (what Playwright and Puppeteer give each test) needs the browser's endpoint,
which chromedriver reports as ``goog:chromeOptions.debuggerAddress``. This is a small
synchronous client for it, on ``websocket-client`` (a dependency of Selenium): one
command at a time from the thread that owns it, answers matched by id, events skipped.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import time
import urllib.request
from typing import Any

import websocket
from selenium.webdriver.remote.webdriver import WebDriver

__all__ = ["CdpConnection", "CdpError", "browser_endpoint"]


class CdpError(RuntimeError):
    """The browser refused a command, or did not answer in time."""


def browser_endpoint(driver: WebDriver) -> str | None:
    """The browser-level DevTools websocket of a local Chromium driven by ``driver``, or
    ``None`` (another browser, a Grid, a remote or unreachable debugger address)."""
    options = driver.caps.get("goog:chromeOptions") or driver.caps.get("ms:edgeOptions") or {}
    address = str(options.get("debuggerAddress") or "")
    host = address.rsplit(":", 1)[0]
    if host not in ("localhost", "127.0.0.1", "[::1]"):
        return None
    try:
        with urllib.request.urlopen(f"http://{address}/json/version", timeout=5) as answer:
            url = json.load(answer).get("webSocketDebuggerUrl")
    except (OSError, ValueError):
        return None
    return str(url) if url else None


class CdpConnection:
    """Commands to one browser's DevTools endpoint (``session`` for a tab's session)."""

    def __init__(self, url: str, timeout: float = 10.0) -> None:
        self.url = url
        self.timeout = timeout
        self._socket = websocket.create_connection(url, timeout=timeout, suppress_origin=True)
        self._ids = itertools.count(1)

    def send(self, method: str, params: dict[str, Any] | None = None, **kwargs: Any) -> int:
        """Send a command without waiting (``session=`` a flat session id); its id."""
        command_id = next(self._ids)
        message: dict[str, Any] = {"id": command_id, "method": method, "params": params or {}}
        if kwargs.get("session"):
            message["sessionId"] = kwargs["session"]
        self._socket.send(json.dumps(message))
        return command_id

    def answer(self, ids: set[int], seconds: float) -> dict[str, Any] | None:
        """The first answer to any of ``ids`` within ``seconds`` (``None``: none came)."""
        deadline = time.monotonic() + seconds
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            self._socket.settimeout(left)
            try:
                message = json.loads(self._socket.recv())
            except websocket.WebSocketTimeoutException:
                return None
            if message.get("id") in ids:  # events and late answers are skipped
                found: dict[str, Any] = message
                return found

    def call(self, method: str, params: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        """Send a command and return its result; :class:`CdpError` on refusal or timeout."""
        command_id = self.send(method, params, **kwargs)
        message = self.answer({command_id}, kwargs.get("seconds", self.timeout))
        if message is None:
            raise CdpError(f"{method}: the browser did not answer within {self.timeout:g} s")
        if "error" in message:
            raise CdpError(f"{method}: {message['error'].get('message', message['error'])}")
        return message.get("result", {})

    def close(self) -> None:
        with contextlib.suppress(Exception):  # the browser is gone already
            self._socket.close()
