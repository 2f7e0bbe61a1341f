"""``Recorder``: record what happens in a driver's pages, whoever drives them, and write it
as locator classes, page objects and a test (``e2e codegen`` is a shell over it)::

    recorder = Recorder(driver, out="suite", base_url="http://127.0.0.1:8000").start()
    ...  # a person clicks in the browser, or a script drives it through WebDriver
    written = recorder.stop()  # the files written or changed
"""

from __future__ import annotations

import itertools
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from selenium.webdriver.remote.webdriver import WebDriver

from e2e.recording.channel import EventChannel, RecordingError, open_channel
from e2e.recording.flow import build_flow
from e2e.recording.suite import read_suite
from e2e.recording.writer import Clash, plan_files

__all__ = ["Clash", "Recorder", "RecordingError"]

_FLUSH_SCRIPT = "dispatchEvent(new CustomEvent('e2e-recorder-flush', {detail: arguments[0]}))"


class Recorder:
    """Records the actions done in ``driver``'s current tab and the pages it loads."""

    def __init__(
        self,
        driver: WebDriver,
        out: str | Path = ".",
        base_url: str | None = None,
        *,
        name: str = "recorded",
        force: bool = False,
    ) -> None:
        self.driver = driver
        self.out = Path(out)
        self.base_url = base_url
        self.name = name
        self.force = force
        self.saved = threading.Event()
        self._events: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._flushes: dict[str, threading.Event] = {}
        self._ids = itertools.count(1)
        self._channel: EventChannel | None = None
        #: The environment variables the written test reads secrets from.
        self.secrets: list[str] = []
        #: Actions done inside frames, which the writer does not write yet.
        self.skipped: list[dict[str, Any]] = []

    def start(self) -> Recorder:
        """Install the recorder (and its toolbar) in the current page and every page
        loaded after it. The suite already in ``out`` is read first, so that its
        locators and pages are reused."""
        if self._channel is not None:
            raise RecordingError("this Recorder is recording already: stop() it first")
        suite = read_suite(self.out)
        known = [{"id": k.id, "node": k.locator.node} for k in suite.locators]
        self._channel = open_channel(self.driver, {"known": known}, self._deliver)
        return self

    def _deliver(self, event: dict[str, Any]) -> None:
        kind = event.get("type")
        if kind == "flush":
            waiter = self._flushes.get(str(event.get("id")))
            if waiter is not None:
                waiter.set()
            return
        if kind == "save":
            self.saved.set()
            return
        if kind == "picked":
            return
        with self._lock:
            self._events.append(event)

    @property
    def events(self) -> list[dict[str, Any]]:
        """The events so far (secrets never carry a value)."""
        with self._lock:
            return list(self._events)

    def flush(self, seconds: float = 5.0) -> bool:
        """Wait until every event the current page has sent has arrived (the channel is
        asynchronous); False when the page did not answer within ``seconds``."""
        marker = str(next(self._ids))
        waiter = self._flushes[marker] = threading.Event()
        try:
            self.driver.execute_script(_FLUSH_SCRIPT, marker)
            return waiter.wait(seconds)
        except Exception:  # the page is going away: what it sent has arrived or is lost
            return False
        finally:
            self._flushes.pop(marker, None)

    def wait_for_save(self, seconds: float | None = None) -> bool:
        """Wait for the toolbar's Save (or ``seconds``); whether it was pressed."""
        deadline = None if seconds is None else time.monotonic() + seconds
        while not self.saved.wait(0.5):
            if deadline is not None and time.monotonic() >= deadline:
                return False
        return True

    def stop(self) -> list[Path]:
        """Stop recording and write the files; the paths written or changed (none when
        the recording matches what ``out`` holds). :class:`Clash` before anything is
        written when a name is taken by other code (``force=True`` takes another)."""
        if self._channel is None:
            raise RecordingError("this Recorder was not started: call start() first")
        self.flush()
        channel, self._channel = self._channel, None
        channel.close()
        events = self._on_base(self.events)
        self.skipped = []
        visits = build_flow(events, self.skipped)
        suite = read_suite(self.out)
        plan, self.secrets = plan_files(self.out, suite, visits, self.name, force=self.force)
        for path, text in plan.files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        return sorted(plan.files)

    def _on_base(self, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The events of the application's own pages (base URL's origin), when given."""
        if not self.base_url:
            return events
        origin = urlsplit(self.base_url)[:2]
        kept: list[dict[str, Any]] = []
        inside = True
        for event in events:
            if event.get("type") == "page" and event.get("top", True):
                inside = urlsplit(str(event.get("url", "")))[:2] == origin
            if inside:
                kept.append(event)
        return kept
