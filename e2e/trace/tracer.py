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
import functools
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from selenium.webdriver.remote.webdriver import WebDriver

from e2e.base.action_log import LOOKS, Action, ActionLog
from e2e.base.masking import credentials_in, known_secrets, mask_data
from e2e.network.har import HarRecorder
from e2e.trace.file import write_viewer
from e2e.trace.network import NetworkLog
from e2e.trace.shots import Shots, Step
from e2e.trace.snapshots import Snapshots, page_script, snapshot_script

__all__ = ["MODES", "Tracer"]

MODES = ("off", "on", "retain-on-failure")

#: After each step: where the page is, the page's own request log (emptied), and how
#: often it has changed (changes.js: DOM mutations, input, scrolling) since the trace
#: first asked in this document (``null`` that first time: a read then always takes its
#: screenshot).
_PAGE_INFO = """
var w = window, net = w.__e2eNetwork, log = [], changes = e2eChanges(w);
if (net && net.log) { log = net.log.splice(0, net.log.length); }
return [location.href, document.title, w.innerWidth, w.innerHeight, log,
        performance.timeOrigin, changes === undefined ? null : [changes.n, scrollX, scrollY]];
"""


@functools.cache
def _page_info() -> str:
    return page_script("changes.js") + "\n" + _PAGE_INFO


@functools.cache
def _page_info_and_snapshot() -> str:
    """``_PAGE_INFO`` with the step's "after" snapshot first in its answer."""
    snapshot = snapshot_script().replace("arguments[2]", "null")
    info = _page_info().replace("return [", "return [snapshot, ", 1)
    return f"var snapshot = {snapshot};\n{info}"


@dataclass
class Tracer:
    """Records one test; attach it to the test's action log with :meth:`start`."""

    driver: WebDriver
    log: ActionLog
    steps: list[Step] = field(default_factory=list)
    started: float = field(default_factory=time.time)
    #: The test's traffic with bodies, written beside the trace as ``trace.har``.
    har: HarRecorder | None = None
    #: Images shown with the whole test (a screenshot mismatch's expected, actual, diff).
    attachments: list[tuple[str, Path]] = field(default_factory=list)
    #: DOM snapshots before, at and after each step (``--trace-snapshots``).
    dom_snapshots: bool = True
    network: NetworkLog = field(init=False)
    shots: Shots = field(init=False)
    snapshots: Snapshots | None = field(init=False)
    _step_snapshots: dict[str, int] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        self.network = NetworkLog(self.driver)
        self.shots = Shots(self.driver, self.network)
        self.snapshots = Snapshots(self.driver) if self.dom_snapshots else None

    def start(self) -> Tracer:
        self.log.listeners.append(self._after)
        self.log.before_change.append(self.finish_shots)
        if self.snapshots is not None:
            self.log.starting.append(self._starting)
            self.log.acting_on.append(self._acting_on)
        self.network.start()
        return self

    def stop(self) -> None:
        self.finish_shots()
        for hooks, hook in (
            (self.log.listeners, self._after),
            (self.log.before_change, self.finish_shots),
            (self.log.starting, self._starting),
            (self.log.acting_on, self._acting_on),
        ):
            with contextlib.suppress(ValueError):
                hooks.remove(hook)  # type: ignore[arg-type]
        self.network.stop()

    def _starting(self, name: str) -> None:
        """As a step starts: its "before" snapshot."""
        assert self.snapshots is not None
        self._step_snapshots = {}
        taken = self.snapshots.take()
        if taken is not None:
            self._step_snapshots["before"] = taken

    def _acting_on(self, target: object) -> None:
        """Right before the step acts on its element: the snapshot that marks it (the
        first of the step's, when one step acts on several)."""
        assert self.snapshots is not None
        if "action" not in self._step_snapshots:
            taken = self.snapshots.take(target)
            if taken is not None:
                self._step_snapshots["action"] = taken

    def finish_shots(self) -> None:
        """Wait for the screenshots asked for (before an action changes the page)."""
        self.shots.finish()

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
        step.snapshots, self._step_snapshots = self._step_snapshots, {}
        try:
            if self.snapshots is None:
                info = self.driver.execute_script(_page_info())
            else:  # the "after" snapshot in the same script: as the step ends, or fails
                snapshot, *info = self.driver.execute_script(
                    _page_info_and_snapshot(), self.snapshots.token, len(self.snapshots.taken)
                )
                after = self.snapshots.add(snapshot)
                if after is not None:
                    step.snapshots["after"] = after
            href, title, width, height, log, origin, changes = info
            step.url, step.title = href, title
            known_secrets(self.driver).update(credentials_in((), href))
            self.network.add_page_log(log or [], origin)
            looks = (self.driver.current_window_handle, href, origin, changes)
            unchanged_read = changes is not None and action.name in LOOKS and not action.error
            self.shots.after(step, looks, unchanged_read, (width, height))
        except Exception as exc:  # a dialog open, the window closed, the browser gone
            text = getattr(exc, "msg", None) or str(exc) or type(exc).__name__
            step.problem = text.splitlines()[0][:200]
        self.steps.append(step)

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
            "network": sorted(self.network.entries, key=lambda e: e.get("at") or 0),
            "networkSource": self.network.source,
            "dom": html,
            "har": None,
            "snapshots": self.snapshots.data() if self.snapshots is not None else None,
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
        masked["attachments"] = [
            {"label": label, "png": base64.b64encode(file.read_bytes()).decode()}
            for label, file in self.attachments
            if file.exists()
        ]
        return write_viewer(path, masked)
