"""How a feature reaches past WebDriver classic into the browser: WebDriver BiDi when the
session has it (Firefox; a Grid asked for ``webSocketUrl``), else the current tab's
DevTools on a local Chromium. WebKitGTK's driver has neither; a feature that needs one
says so in a sentence naming the engine (:func:`lacking`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from selenium.webdriver.common.webdriver import LocalWebDriver
from selenium.webdriver.remote.webdriver import WebDriver

from e2e import cdp
from e2e.engines import engine_of, family_of

__all__ = ["Channel", "channel_of", "lacking"]


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
    family = family_of(driver)
    label = engine_of(family).label if family else driver.caps.get("browserName", "this browser")
    if not isinstance(driver, LocalWebDriver):  # a Grid
        return (
            f"{label} through a Grid without WebDriver BiDi cannot {cannot}: ask for BiDi "
            "with --capability webSocketUrl=true (Chromium and Firefox nodes)"
        )
    return (
        f"{label} cannot {cannot}: its WebDriver has neither WebDriver BiDi nor Chromium's "
        f"DevTools. {instead}"
    )
