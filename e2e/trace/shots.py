"""A trace's screenshots: one per step, asked for as the step ends and taken while the
test goes on (over BiDi, or the test's tab's own DevTools connection; WebDriver's PNG
where neither reaches), each asked for again when the browser does not answer."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from selenium.webdriver.remote.webdriver import WebDriver

from e2e.browser.cdp import TabConnection
from e2e.trace.network import NetworkLog

__all__ = ["SHOT_SECONDS", "Shots", "Step"]

#: The longest a step waits for its screenshot.
SHOT_SECONDS = 2.0
#: A screenshot not answered in this long is asked for again (see ``_Shot``).
_RETRY_SECONDS = 0.3
_HALF_JPEG = {"format": "jpeg", "quality": 40}


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
    #: The step's DOM snapshots (numbers in the trace's list): before, action, after.
    snapshots: dict[str, int] = field(default_factory=dict)


@dataclass
class Shots:
    """The screenshots of one trace's steps."""

    driver: WebDriver
    network: NetworkLog  # its DevTools connections to the tabs (local Chromium)
    _cdp_sessions: dict[str, str | None] = field(default_factory=dict, repr=False)
    _last_shot: tuple[Any, Step] | None = field(default=None, repr=False)
    _pending: list[threading.Thread] = field(default_factory=list, repr=False)
    _same: list[tuple[Step, Step]] = field(default_factory=list, repr=False)

    def after(self, step: Step, looks: tuple[Any, ...], unchanged_read: bool, size: Any) -> None:
        """``step``'s screenshot: the last one again when a read found the page as it was
        (same window, document, DOM, input and scrolling), else a new one."""
        last = self._last_shot
        if unchanged_read and last is not None and last[0] == looks:
            self._same.append((step, last[1]))
            return
        width, height = size
        self._screenshot(step, looks[0], width, height)
        self._last_shot = (looks, step)

    def _screenshot(self, step: Step, context: str, width: int, height: int) -> None:
        """The step's screenshot: over BiDi or the tab's DevTools, else WebDriver's PNG."""
        connection = getattr(self.driver, "_websocket_connection", None)
        clip = {"x": 0, "y": 0, "width": width, "height": height, "scale": 0.5}
        if connection is not None:
            shot = _Shot(lambda: self._capture(connection, context, clip))
        elif self.network.source == "cdp":
            tab = self.network.tab(context)
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

    def finish(self) -> None:
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
