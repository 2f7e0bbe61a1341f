"""A trace of one test: every page-object action with a small screenshot after it, the
URL and title, what it waited for, the browser console and the network, written as one
self-contained HTML file (``trace.html``) that opens anywhere, offline.

Where the network entries and screenshots come from (docs/debugging.md has the table):
on local Chromium, a DevTools connection of the trace's own to the test's tab (CDP
``Network`` events, ``Page.captureScreenshot`` at half size); where the browser speaks
WebDriver BiDi (Firefox, a Grid that passes it through), BiDi's network events of the
test's user context and its screenshots (CDP's through chromium-bidi's ``goog:cdp`` on
Chromium); elsewhere the page's own XHR/fetch log (``_network.js``) and WebDriver's PNG.

A screenshot is asked for as its step ends and taken while the test goes on; the next
action that changes the page waits for it first (``finish_shots``), so each shows the
page as its step left it. A read that finds the page unchanged since the last screenshot
(no DOM mutation, input or scrolling, as ``_PAGE_INFO`` counts them) shows that one.
Never through chromedriver's CDP command: a capture asked for just as a page starts
navigating is never answered, and there it would hold up the session's every later
command (traced runs stalled that way). On the trace's own connections it is asked for
again (see ``_Shot``), and a step the browser has not painted for within
:data:`SHOT_SECONDS` goes without, with a sentence saying why.
"""

from __future__ import annotations

import base64
import contextlib
import json
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from selenium.webdriver.remote.webdriver import WebDriver

from e2e.actions import LOOKS, Action, ActionLog
from e2e.cdp import CdpError, Event, TabConnection, tab_endpoint
from e2e.har import HarRecorder
from e2e.isolation import current_user_context
from e2e.masking import mask_data

__all__ = ["MODES", "Tracer"]

MODES = ("off", "on", "retain-on-failure")

#: The longest a step waits for its screenshot.
SHOT_SECONDS = 2.0
#: A screenshot not answered in this long is asked for again (see ``_Shot``).
_RETRY_SECONDS = 0.3
_HALF_JPEG = {"format": "jpeg", "quality": 40}

#: After each step: where the page is, the page's own request log (emptied), and how
#: often it has changed (DOM mutations, input, scrolling) since this script first ran in
#: this document (``null`` that first time: a read then always takes its screenshot).
_PAGE_INFO = """
var w = window, net = w.__e2eNetwork, log = [], changes = w.__e2eChanges;
if (net && net.log) { log = net.log.splice(0, net.log.length); }
if (changes === undefined) {
  var counter = w.__e2eChanges = { n: 0 }, changed = function () { counter.n++; };
  new MutationObserver(changed).observe(document, {
    subtree: true, childList: true, attributes: true, characterData: true });
  ["input", "change", "scroll", "focusin", "focusout"].forEach(function (name) {
    w.addEventListener(name, changed, true);
  });
}
return [location.href, document.title, w.innerWidth, w.innerHeight, log,
        performance.timeOrigin, changes === undefined ? null : [changes.n, scrollX, scrollY]];
"""


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
    source: str = "page"  # where network entries come from: "bidi", "cdp" or "page"
    #: The test's traffic with bodies, written beside the trace as ``trace.har``.
    har: HarRecorder | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _subscription: Any = field(default=None, repr=False)
    _callbacks: list[tuple[Event, int]] = field(default_factory=list, repr=False)
    _cdp_sessions: dict[str, str | None] = field(default_factory=dict, repr=False)
    _tabs: dict[str, TabConnection] = field(default_factory=dict, repr=False)
    _requests: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False)
    _last_shot: tuple[Any, Step] | None = field(default=None, repr=False)
    _pending: list[threading.Thread] = field(default_factory=list, repr=False)
    _same: list[tuple[Step, Step]] = field(default_factory=list, repr=False)

    def start(self) -> Tracer:
        self.log.listeners.append(self._after)
        self.log.before_change.append(self.finish_shots)
        context = current_user_context(self.driver)
        if context is not None:
            try:
                self.driver.browser  # noqa: B018 - opens the BiDi connection
                connection = getattr(self.driver, "_websocket_connection", None)
                if connection is not None:
                    names = ["network.responseCompleted", "network.fetchError"]
                    for name in names:
                        event = Event(name)
                        self._callbacks.append((event, connection.add_callback(event, self._bidi)))
                    answer = self.driver._session.subscribe(events=names, user_contexts=[context])
                    self._subscription = (answer or {}).get("subscription")
                    self.source = "bidi"
            except Exception:  # BiDi events not available: the page's own log is used
                self.source = "page"
        else:  # local Chromium without BiDi: the tab's own DevTools
            with contextlib.suppress(Exception):  # none to reach: the page's own log
                self._tab(self.driver.current_window_handle)
                self.source = "cdp"
        return self

    def _tab(self, handle: str) -> TabConnection:
        """A DevTools connection to the tab ``handle``, opened on first use, with its
        network events recorded."""
        found = self._tabs.get(handle)
        if found is None:
            url = tab_endpoint(self.driver, handle)
            if url is None:
                raise CdpError("no DevTools endpoint for this browser")
            found = self._tabs[handle] = TabConnection(url)
            found.on("Network.requestWillBeSent", self._cdp_request)
            found.on("Network.responseReceived", self._cdp_response)
            found.on("Network.loadingFinished", self._cdp_finished)
            found.on("Network.loadingFailed", self._cdp_finished)
            found.call("Network.enable", {"maxTotalBufferSize": 0, "maxResourceBufferSize": 0})
        return found

    def _cdp_request(self, params: Any) -> None:
        request = params.get("request", {})
        entry = {
            "method": request.get("method", ""),
            "url": request.get("url", ""),
            "status": None,
            "error": None,
            "at": params.get("wallTime") or 0,
            "ms": None,
            "_start": params.get("timestamp") or 0,
        }
        with self._lock:
            self._requests[params.get("requestId", "")] = entry

    def _cdp_response(self, params: Any) -> None:
        with self._lock:
            entry = self._requests.get(params.get("requestId", ""))
            if entry is not None:
                entry["status"] = params.get("response", {}).get("status")

    def _cdp_finished(self, params: Any) -> None:
        with self._lock:
            entry = self._requests.pop(params.get("requestId", ""), None)
            if entry is None:
                return
            start = entry.pop("_start")
            end = params.get("timestamp") or 0
            entry["ms"] = round((end - start) * 1000, 1) if start and end else None
            entry["error"] = params.get("errorText")
            self.network.append(entry)

    def stop(self) -> None:
        self.finish_shots()
        with contextlib.suppress(ValueError):
            self.log.listeners.remove(self._after)
        with contextlib.suppress(ValueError):
            self.log.before_change.remove(self.finish_shots)
        connection = getattr(self.driver, "_websocket_connection", None)
        with contextlib.suppress(Exception):  # a dead browser: nothing to unsubscribe from
            if self._subscription is not None:
                self.driver._session.unsubscribe(subscriptions=[self._subscription])
        if connection is not None:
            for event, callback in self._callbacks:
                connection.remove_callback(event, callback)
        self._callbacks.clear()
        for tab in self._tabs.values():
            tab.close()
        self._tabs.clear()

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
            info = self.driver.execute_script(_PAGE_INFO)
            href, title, width, height, log, origin, changes = info
            step.url, step.title = href, title
            for entry in log or []:  # the page's own request log (no BiDi)
                if self.source == "page":
                    entry["at"] = (origin + entry.get("start", 0)) / 1000
                    self.network.append(entry)
            # A read that found the page as it was at the last screenshot (same window,
            # document, DOM, input and scrolling) shows that screenshot: none is taken.
            looks = (self.driver.current_window_handle, href, origin, changes)
            last = self._last_shot
            if (
                changes is not None
                and action.name in LOOKS
                and not action.error
                and last is not None
                and last[0] == looks
            ):
                self._same.append((step, last[1]))
            else:
                self._screenshot(step, looks[0], width, height)
                self._last_shot = (looks, step)
        except Exception as exc:  # a dialog open, the window closed, the browser gone
            text = getattr(exc, "msg", None) or str(exc) or type(exc).__name__
            step.problem = text.splitlines()[0][:200]
        self.steps.append(step)

    def _screenshot(self, step: Step, context: str, width: int, height: int) -> None:
        """The step's screenshot: over BiDi or the tab's DevTools, else WebDriver's PNG."""
        connection = getattr(self.driver, "_websocket_connection", None)
        clip = {"x": 0, "y": 0, "width": width, "height": height, "scale": 0.5}
        if connection is not None:
            shot = _Shot(lambda: self._capture(connection, context, clip))
        elif self.source == "cdp":
            tab = self._tab(context)
            shot = _Shot(lambda: self._capture_tab(tab, clip))
        else:  # neither BiDi nor DevTools: WebDriver's own PNG, at once
            step.screenshot = "data:image/png;base64," + self.driver.get_screenshot_as_base64()
            return
        # Taken while the test goes on; the next action that changes the page waits for
        # it first (``finish_shots``, called through the action log's ``before_change``).
        thread = threading.Thread(target=shot.run, args=(step,), name="e2e-trace-shot")
        thread.daemon = True
        thread.start()
        self._pending.append(thread)

    def finish_shots(self) -> None:
        """Wait for the screenshots asked for (each at most :data:`SHOT_SECONDS` and
        its retries), and give reads that found the page unchanged theirs."""
        pending, self._pending = self._pending, []
        for thread in pending:
            thread.join(SHOT_SECONDS + _RETRY_SECONDS)
        for step, shown in self._same:
            step.screenshot = shown.screenshot
            if not shown.screenshot:
                step.problem = shown.problem
        self._same.clear()

    def _capture_tab(self, tab: TabConnection, clip: dict[str, Any]) -> str:
        shot = tab.call("Page.captureScreenshot", {**_HALF_JPEG, "clip": clip})
        return "data:image/jpeg;base64," + str(shot["data"])

    def _capture(self, connection: Any, context: str, clip: dict[str, Any]) -> str:
        if context not in self._cdp_sessions:  # Chromium's BiDi: its CDP session, once
            answer = connection.send_cmd("goog:cdp.getSession", {"context": context})
            self._cdp_sessions[context] = (answer.get("result") or {}).get("session")
        session = self._cdp_sessions[context]
        if session:
            params = {**_HALF_JPEG, "clip": clip}
            answer = connection.send_cmd(
                "goog:cdp.sendCommand",
                {"method": "Page.captureScreenshot", "params": params, "session": session},
            )
            data = ((answer.get("result") or {}).get("result") or {}).get("data")
        else:  # another browser: BiDi's own screenshot, a full-size JPEG
            answer = connection.send_cmd(
                "browsingContext.captureScreenshot",
                {"context": context, "format": {"type": "image/jpeg", "quality": 0.4}},
            )
            data = (answer.get("result") or {}).get("data")
        if not data:
            error = answer.get("message") or answer.get("error") or "no image in the answer"
            raise RuntimeError(str(error))
        return "data:image/jpeg;base64," + str(data)

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
        self.finish_shots()
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
            "har": None,
        }
        if self.har is not None:
            har = self.har.save(path.with_name("trace.har"), secrets)
            data["har"] = {"file": har.name, "entries": len(self.har.entries)}
        steps: list[dict[str, Any]] = [asdict(s) for s in self.steps]
        shots = [step.pop("screenshot") for step in steps]
        data["steps"] = steps
        masked = mask_data(data, secrets)
        for step, shot in zip(masked["steps"], shots, strict=True):
            step["screenshot"] = shot
        payload = script_json(masked)
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.partial")
        partial.write_text(_viewer().replace("/*__TRACE__*/null", payload), encoding="utf-8")
        partial.replace(path)
        return path


class _Shot:
    """One step's screenshot, asked for again when the browser does not answer.

    A capture asked for just as the page starts navigating is never answered: the
    document it was meant for is going (Chromium gives each document its own renderer
    widget). Asked again after :data:`_RETRY_SECONDS`, it shows the page the step led
    to; the first answer wins. Unanswered requests end with the browsing context.
    """

    def __init__(self, capture: Callable[[], str]) -> None:
        self.capture = capture
        self.data = ""
        self.error = ""

    def run(self, step: Step) -> None:
        deadline = time.monotonic() + SHOT_SECONDS
        while not (self.data or self.error):
            left = deadline - time.monotonic()
            if left <= 0:
                self.error = (
                    f"the browser did not paint within {SHOT_SECONDS:g} s "
                    "(a page that kept navigating, or a dialog open)"
                )
                break
            answered = threading.Event()
            threading.Thread(target=self._attempt, args=(answered,), daemon=True).start()
            answered.wait(min(_RETRY_SECONDS, left))
        if self.data:
            step.screenshot = self.data
        else:
            step.problem = f"no screenshot: {self.error}"

    def _attempt(self, answered: threading.Event) -> None:
        try:
            data = self.capture()
            self.data = self.data or data
        except Exception as exc:  # the window closed, the browser gone
            if not self.data:
                self.error = (str(exc) or type(exc).__name__).splitlines()[0][:200]
        finally:
            answered.set()


#: Characters that could end or change how a ``<script>`` element parses: ``</script>``,
#: ``<!--`` (the script data double-escaped state), ``]]>`` in XHTML, and the two line
#: separators older JavaScript engines refuse inside string literals.
_SCRIPT_UNSAFE = {
    ord("<"): "\\u003c",
    ord(">"): "\\u003e",
    ord("&"): "\\u0026",
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}


def script_json(data: Any) -> str:
    """``data`` as JSON that can sit inside an HTML ``<script>`` element whatever text it
    holds: every character that HTML could read as markup is a JSON escape instead."""
    return json.dumps(data).translate(_SCRIPT_UNSAFE)


@cache
def _viewer() -> str:
    return resources.files("e2e").joinpath("_trace_viewer.html").read_text(encoding="utf-8")


def screenshot_bytes(uri: str) -> bytes:
    """The image inside a ``data:`` URI (for tests and tools)."""
    return base64.b64decode(uri.split(",", 1)[1]) if uri.startswith("data:") else b""
