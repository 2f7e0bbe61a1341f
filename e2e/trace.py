"""A trace of one test: every page-object action with a small screenshot after it, the
URL and title, what it waited for, the browser console and the network, written as one
self-contained HTML file (``trace.html``) that opens anywhere, offline.

Network requests come from WebDriver BiDi events (``network.responseCompleted`` and
``network.fetchError`` of the test's user context) where the browser speaks BiDi: local
Chromium and Firefox, and a Grid that passes BiDi through. Elsewhere they come from the
page itself: the XHR/fetch counter (``_network.js``) also logs each request's method,
URL, status and timing. (Chromium's CDP cannot be used for this through chromedriver,
which forwards CDP commands but not CDP events.)
"""

from __future__ import annotations

import base64
import contextlib
import json
import threading
import time
from dataclasses import asdict, dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from selenium.webdriver.remote.webdriver import WebDriver

from e2e.actions import Action, ActionLog, mask
from e2e.isolation import current_user_context

__all__ = ["MODES", "Tracer"]

MODES = ("off", "on", "retain-on-failure")

_PAGE_INFO = """
var net = window.__e2eNetwork, log = [];
if (net && net.log) { log = net.log.splice(0, net.log.length); }
return [location.href, document.title, window.innerWidth, window.innerHeight, log,
        performance.timeOrigin];
"""


class _Event:
    """A BiDi event for Selenium's websocket connection: its name, parameters as given."""

    def __init__(self, name: str) -> None:
        self.event_class = name

    def from_json(self, params: Any) -> Any:
        return params


@dataclass
class Step:
    name: str
    detail: str
    started: float
    seconds: float
    error: str | None
    waited_for: str | None
    wait_seconds: float
    url: str = ""
    title: str = ""
    screenshot: str = ""  # a data: URI
    problem: str = ""  # why there is no screenshot


@dataclass
class Tracer:
    """Records one test; attach it to the test's action log with :meth:`start`."""

    driver: WebDriver
    log: ActionLog
    steps: list[Step] = field(default_factory=list)
    network: list[dict[str, Any]] = field(default_factory=list)
    started: float = field(default_factory=time.time)
    source: str = "page"  # where network entries come from: "bidi" or "page"
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _subscription: Any = field(default=None, repr=False)
    _callbacks: list[tuple[_Event, int]] = field(default_factory=list, repr=False)

    def start(self) -> Tracer:
        self.log.listeners.append(self._after)
        context = current_user_context(self.driver)
        connection = getattr(self.driver, "_websocket_connection", None)
        if context is not None:
            try:
                self.driver.browser  # noqa: B018 - opens the BiDi connection
                connection = getattr(self.driver, "_websocket_connection", None)
                if connection is not None:
                    names = ["network.responseCompleted", "network.fetchError"]
                    for name in names:
                        event = _Event(name)
                        self._callbacks.append((event, connection.add_callback(event, self._bidi)))
                    answer = self.driver._session.subscribe(events=names, user_contexts=[context])
                    self._subscription = (answer or {}).get("subscription")
                    self.source = "bidi"
            except Exception:  # BiDi events not available: the page's own log is used
                self.source = "page"
        return self

    def stop(self) -> None:
        with contextlib.suppress(ValueError):
            self.log.listeners.remove(self._after)
        connection = getattr(self.driver, "_websocket_connection", None)
        with contextlib.suppress(Exception):  # a dead browser: nothing to unsubscribe from
            if self._subscription is not None:
                self.driver._session.unsubscribe(subscriptions=[self._subscription])
        if connection is not None:
            for event, callback in self._callbacks:
                connection.remove_callback(event, callback)
        self._callbacks.clear()

    def _bidi(self, params: Any) -> None:
        request = params.get("request", {}) if isinstance(params, dict) else {}
        response = params.get("response", {}) if isinstance(params, dict) else {}
        timings = request.get("timings", {})
        start = timings.get("requestTime") or timings.get("fetchStart") or 0
        end = timings.get("responseEnd") or 0
        entry = {
            "method": request.get("method", ""),
            "url": request.get("url", ""),
            "status": response.get("status") if response else None,
            "error": params.get("errorText") if isinstance(params, dict) else None,
            "at": (params.get("timestamp") or 0) / 1000 if isinstance(params, dict) else 0,
            "ms": round(end - start, 1) if end and start else None,
        }
        with self._lock:
            self.network.append(entry)

    def _after(self, action: Action) -> None:
        """After each page-object action: URL, title and a small screenshot."""
        step = Step(
            action.name,
            action.detail,
            action.started,
            action.seconds,
            action.error,
            action.waited_for,
            action.wait_seconds,
        )
        try:
            href, title, width, height, log, origin = self.driver.execute_script(_PAGE_INFO)
            step.url, step.title = href, title
            for entry in log or []:  # the page's own request log (no BiDi)
                if self.source == "page":
                    entry["at"] = (origin + entry.get("start", 0)) / 1000
                    self.network.append(entry)
            step.screenshot = self._screenshot(width, height)
        except Exception as exc:  # a dialog open, the window closed, the browser gone
            text = getattr(exc, "msg", None) or str(exc) or type(exc).__name__
            step.problem = text.splitlines()[0][:200]
        self.steps.append(step)

    def _screenshot(self, width: int, height: int) -> str:
        execute_cdp = getattr(self.driver, "execute_cdp_cmd", None)
        if execute_cdp is not None:  # local Chromium: a half-size JPEG, cheap to make
            shot = execute_cdp(
                "Page.captureScreenshot",
                {
                    "format": "jpeg",
                    "quality": 40,
                    "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 0.5},
                },
            )
            return "data:image/jpeg;base64," + str(shot["data"])
        png: str = self.driver.get_screenshot_as_base64()
        return "data:image/png;base64," + png

    def write(
        self,
        path: Path,
        *,
        test: str,
        outcome: str,
        failure: str,
        console: list[dict[str, Any]],
        html: str,
        secrets: set[str],
    ) -> Path:
        """Write the self-contained trace file (secrets masked, screenshots aside)."""
        data = {
            "test": test,
            "outcome": outcome,
            "failure": failure,
            "started": self.started,
            "steps": [asdict(s) for s in self.steps],
            "console": [
                {
                    "at": (e.get("timestamp") or 0) / 1000,
                    "level": e.get("level", ""),
                    "message": e.get("message", ""),
                }
                for e in console
            ],
            "network": sorted(self.network, key=lambda e: e.get("at") or 0),
            "networkSource": self.source,
            "dom": html,
        }
        steps: list[dict[str, Any]] = [asdict(s) for s in self.steps]
        shots = [step.pop("screenshot") for step in steps]
        data["steps"] = steps
        text = mask(json.dumps(data), secrets)
        masked = json.loads(text)
        for step, shot in zip(masked["steps"], shots, strict=True):
            step["screenshot"] = shot
        payload = json.dumps(masked).replace("</", "<\\/")
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.partial")
        partial.write_text(_viewer().replace("/*__TRACE__*/null", payload), encoding="utf-8")
        partial.replace(path)
        return path


@cache
def _viewer() -> str:
    return resources.files("e2e").joinpath("_trace_viewer.html").read_text(encoding="utf-8")


def screenshot_bytes(uri: str) -> bytes:
    """The image inside a ``data:`` URI (for tests and tools)."""
    return base64.b64decode(uri.split(",", 1)[1]) if uri.startswith("data:") else b""
