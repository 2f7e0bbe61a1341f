"""How the recorder's events reach Python: its script installed in every document before
the page's own scripts, and each event pushed back over the driver's channel, with no
polling. On a local Chromium, a DevTools binding (``Runtime.addBinding``) and
``Page.addScriptToEvaluateOnNewDocument`` on the tab's own DevTools connection; over
WebDriver BiDi (Firefox, a Grid), a preload script with a ``channel`` argument and the
``script.message`` events. WebKitGTK's driver has neither, and says so."""

from __future__ import annotations

import contextlib
import functools
import json
from collections.abc import Callable
from importlib import resources
from typing import Any

from selenium.webdriver.remote.webdriver import WebDriver

from e2e.browser import cdp
from e2e.browser.bidi_or_devtools import (
    bidi_call,
    bidi_connection,
    bidi_scope,
    channel_of,
    lacking,
)
from e2e.queries import engine_script

__all__ = ["EventChannel", "RecordingError", "open_channel"]

BINDING = "__e2eRecord"
CHANNEL = "e2e-recorder"


class RecordingError(RuntimeError):
    """The recorder cannot record here; the message says why and what to do."""


@functools.cache
def _recorder() -> str:
    return (resources.files("e2e.recording") / "recorder.js").read_text(encoding="utf-8")


def page_script(send: str, options: dict[str, Any]) -> str:
    """The recorder's source for one document: the query engine, then the recorder
    called with ``send`` (a JavaScript expression of a function) and ``options``."""
    return (
        f"{engine_script()}\n{_recorder().strip()}({send}, "
        f"{json.dumps(options, ensure_ascii=False)});"
    )


class EventChannel:
    """An installed recorder: ``deliver(event)`` is called for each event, in order."""

    def close(self) -> None:
        raise NotImplementedError


class _DevTools(EventChannel):
    def __init__(
        self, endpoint: str, options: dict[str, Any], deliver: Callable[[dict[str, Any]], None]
    ) -> None:
        self.tab = cdp.TabConnection(endpoint)
        self.deliver = deliver
        self.tab.on("Runtime.bindingCalled", self._called)
        self.tab.call("Runtime.enable")
        self.tab.call("Page.enable")  # scripts for new documents need the Page domain on
        self.tab.call("Runtime.addBinding", {"name": BINDING})
        source = f"(function () {{ {page_script(f'(p) => window.{BINDING}(p)', options)} }})();"
        added = self.tab.call("Page.addScriptToEvaluateOnNewDocument", {"source": source})
        self.identifier = added.get("identifier")
        self.tab.call("Runtime.evaluate", {"expression": source})  # the current document

    def _called(self, params: Any) -> None:
        if params.get("name") == BINDING:
            with contextlib.suppress(ValueError, TypeError):
                self.deliver(json.loads(params.get("payload", "")))

    def close(self) -> None:
        with contextlib.suppress(Exception):
            if self.identifier:
                self.tab.call(
                    "Page.removeScriptToEvaluateOnNewDocument", {"identifier": self.identifier}
                )
        with contextlib.suppress(Exception):
            self.tab.call("Runtime.removeBinding", {"name": BINDING})
        self.tab.close()


class _Bidi(EventChannel):
    def __init__(
        self, driver: WebDriver, options: dict[str, Any], deliver: Callable[[dict[str, Any]], None]
    ) -> None:
        self.driver = driver
        self.deliver = deliver
        self.connection = bidi_connection(driver)
        scope = bidi_scope(driver)
        self.callback = self.connection.add_callback(cdp.Event("script.message"), self._message)
        answer = bidi_call(driver, "session.subscribe", {"events": ["script.message"], **scope})
        self.subscription = (answer or {}).get("subscription")
        declaration = f"(send) => {{ {page_script('send', options)} }}"
        channel = {"type": "channel", "value": {"channel": CHANNEL}}
        added = bidi_call(
            driver,
            "script.addPreloadScript",
            {"functionDeclaration": declaration, "arguments": [channel], **scope},
        )
        self.preload = (added or {}).get("script")
        bidi_call(  # the current document
            driver,
            "script.callFunction",
            {
                "functionDeclaration": declaration,
                "arguments": [channel],
                "awaitPromise": False,
                "target": {"context": driver.current_window_handle},
            },
        )

    def _message(self, params: Any) -> None:
        if params.get("channel") != CHANNEL:
            return
        data = params.get("data") or {}
        with contextlib.suppress(ValueError, TypeError):
            self.deliver(json.loads(data.get("value", "")))

    def close(self) -> None:
        with contextlib.suppress(Exception):
            if self.preload:
                bidi_call(self.driver, "script.removePreloadScript", {"script": self.preload})
        with contextlib.suppress(Exception):
            if self.subscription:
                bidi_call(
                    self.driver, "session.unsubscribe", {"subscriptions": [self.subscription]}
                )
        with contextlib.suppress(Exception):
            self.connection.remove_callback(cdp.Event("script.message"), self.callback)


def open_channel(
    driver: WebDriver, options: dict[str, Any], deliver: Callable[[dict[str, Any]], None]
) -> EventChannel:
    """The recorder installed in ``driver``'s current tab (and every document it loads)."""
    channel = channel_of(driver)
    if channel is None:
        raise RecordingError(
            lacking(
                driver,
                "record actions",
                "Record on Chromium or Firefox (--browser chromium): the test it writes "
                "runs on every engine.",
            )
        )
    if channel.kind == "devtools":
        assert channel.endpoint is not None
        return _DevTools(channel.endpoint, options, deliver)
    return _Bidi(driver, options, deliver)
