"""How a feature reaches past WebDriver classic into the browser: WebDriver BiDi when the
session has it (Firefox; a Grid asked for ``webSocketUrl``), else the current tab's
DevTools on a local Chromium. WebKitGTK's driver has neither; a feature that needs one
says so in a sentence naming the engine (:func:`lacking`)."""

from __future__ import annotations

import contextlib
import socket
from dataclasses import dataclass
from typing import Any, Literal

from selenium.webdriver.common.bidi.common import command_builder
from selenium.webdriver.common.webdriver import LocalWebDriver
from selenium.webdriver.remote.webdriver import WebDriver

from e2e.browser import cdp
from e2e.browser.engines import engine_of, family_of
from e2e.browser.isolation import BIDI_POLL_SECONDS, answer_promptly, current_user_context

__all__ = [
    "Channel",
    "bidi_call",
    "bidi_connection",
    "bidi_scope",
    "channel_of",
    "close_bidi",
    "label_of",
    "lacking",
]


@dataclass(frozen=True)
class Channel:
    kind: Literal["bidi", "devtools"]
    #: The current tab's DevTools websocket (``devtools`` only).
    endpoint: str | None = None


def channel_of(driver: WebDriver) -> Channel | None:
    """BiDi, the current tab's DevTools, or ``None`` when the driver offers neither."""
    if driver.caps.get("webSocketUrl"):
        return Channel("bidi")
    if cdp.chromium_cdp(driver) is not None:
        endpoint = cdp.tab_endpoint(driver, driver.current_window_handle)
        if endpoint is not None:
            return Channel("devtools", endpoint)
    return None


def lacking(driver: WebDriver, cannot: str, instead: str) -> str:
    """The sentence for a driver with no channel: ``cannot`` is what it cannot do
    ("route requests"), ``instead`` what the user can do on that engine."""
    label = label_of(driver)
    if not isinstance(driver, LocalWebDriver):  # a Grid
        return (
            f"{label} through a Grid without WebDriver BiDi cannot {cannot}: ask for BiDi "
            "with --capability webSocketUrl=true (Chromium and Firefox nodes)"
        )
    return (
        f"{label} cannot {cannot}: its WebDriver has neither WebDriver BiDi nor Chromium's "
        f"DevTools. {instead}"
    )


def label_of(driver: WebDriver) -> str:
    """The browser as an error message names it ("Firefox", "WebKitGTK MiniBrowser")."""
    family = family_of(driver)
    if family:
        return engine_of(family).label
    return str(driver.caps.get("browserName") or "This browser")


def bidi_connection(driver: WebDriver) -> Any:
    """The driver's WebDriver BiDi connection, opened if need be, looking for answers
    every 2 ms instead of Selenium's 100 ms (a connection a bare driver opened before
    included)."""
    answer_promptly(driver)
    driver.browser  # noqa: B018 - opens the BiDi connection
    connection: Any = driver._websocket_connection
    if getattr(connection, "response_wait_interval", 0) > BIDI_POLL_SECONDS:
        connection.response_wait_interval = BIDI_POLL_SECONDS
    return connection


def bidi_call(driver: WebDriver, method: str, params: dict[str, Any]) -> Any:
    """One WebDriver BiDi command, and its answer."""
    return bidi_connection(driver).execute(command_builder(method, params))


def bidi_scope(driver: WebDriver) -> dict[str, Any]:
    """Where a BiDi override applies: the test's user context (every tab of it), else
    the current tab."""
    user_context = current_user_context(driver)
    if user_context is not None:
        return {"userContexts": [user_context]}
    return {"contexts": [driver.current_window_handle]}


#: How long :func:`close_bidi` waits for the thread reading the BiDi socket to end.
CLOSE_SECONDS = 2.0


def close_bidi(driver: WebDriver) -> None:
    """End the driver's BiDi connection before ``quit``: shut its socket down, so the
    thread reading it wakes and ends at once. Selenium's own close in ``quit`` closes
    the socket, which does not wake a thread waiting on it: ``quit`` then waited for
    that thread for up to 30 s (10 to 30 s on Firefox, seen at the end of runs), when
    the close came before the thread was back in its wait on the socket."""
    connection = getattr(driver, "_websocket_connection", None)
    app = getattr(connection, "_ws", None)
    raw = getattr(getattr(app, "sock", None), "sock", None)
    if app is None or raw is None:
        return
    app.keep_running = False
    with contextlib.suppress(OSError):
        raw.shutdown(socket.SHUT_RDWR)
    reader = getattr(connection, "_ws_thread", None)
    if reader is not None:  # it wakes on the shutdown; closing the socket under it would not
        reader.join(CLOSE_SECONDS)
