"""What a run reports beyond pass and fail: the traces it kept, the tests that passed only
on a rerun (flaky), and the slowest waits. Each test's report carries its part as plain
data (``e2e_trace``, ``e2e_flaky``, ``e2e_waits``), so it crosses from xdist workers to
the controller, where the terminal and HTML summaries are built."""

from __future__ import annotations

import html
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from e2e.base.action_log import ActionLog

__all__ = ["RunResults", "attempt_of", "waits_of"]

SLOWEST = 10


def attempt_of(item: pytest.Item) -> int:
    """Which attempt this is (pytest-rerunfailures counts them; 1 without it)."""
    return int(getattr(item, "execution_count", 1) or 1)


def reruns_enabled(config: pytest.Config) -> bool:
    try:
        return bool(config.getoption("reruns"))
    except ValueError:  # pytest-rerunfailures is not installed
        return False


def waits_of(log: ActionLog | None) -> list[list[Any]]:
    """``[action, detail, what it waited for, seconds]`` for each action that waited."""
    if log is None:
        return []
    return [
        [a.name, a.detail, a.waited_for, round(a.wait_seconds, 3)]
        for a in log.actions
        if a.waited_for and a.depth == 0
    ]


@dataclass(eq=False)
class RunResults:
    """The run's traces, flaky tests, slowest waits and crashed workers. Registered as a
    plugin of the run (``e2e-results``): it collects reports on the controller (or the
    only process) and writes the terminal and pytest-html summaries."""

    traces: list[tuple[str, str]] = field(default_factory=list)  # (test, path)
    flaky: list[tuple[str, int]] = field(default_factory=list)  # (test, attempt it passed)
    waits: list[tuple[float, str, str, str, str]] = field(default_factory=list)
    #: Failures outside any test phase: an xdist worker that died mid-test. pytest-html
    #: leaves them out of its table, so the summary carries them.
    crashes: list[tuple[str, str]] = field(default_factory=list)

    def add(self, report: pytest.TestReport) -> None:
        if report.failed and report.when not in ("setup", "call", "teardown"):
            self.crashes.append((report.nodeid, str(report.longrepr)))
        trace = getattr(report, "e2e_trace", None)
        if trace:
            self.traces.append((report.nodeid, trace))
        flaky = getattr(report, "e2e_flaky", None)
        if flaky and report.when == "call" and report.passed:
            self.flaky.append((report.nodeid, int(flaky)))
        for name, detail, what, seconds in getattr(report, "e2e_waits", None) or []:
            self.waits.append((float(seconds), report.nodeid, name, detail, what))

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        self.add(report)

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        self.terminal(terminalreporter)

    @pytest.hookimpl(optionalhook=True)
    def pytest_html_results_summary(
        self, prefix: list[str], summary: list[str], postfix: list[str]
    ) -> None:
        postfix.extend(self.html())

    def slowest(self) -> list[tuple[float, str, str, str, str]]:
        return sorted(self.waits, reverse=True)[:SLOWEST]

    def terminal(self, reporter: Any) -> None:
        if self.traces:
            reporter.section("e2e traces", sep="-")
            for test, path in self.traces:
                reporter.line(f"{test}: {path}")
        if self.flaky:
            reporter.section("flaky tests (passed on a rerun)", sep="-")
            for test, attempt in self.flaky:
                reporter.line(f"FLAKY {test}: passed on attempt {attempt}")
        slowest = self.slowest()
        if slowest:
            reporter.section("slowest waits", sep="-")
            for seconds, test, name, detail, what in slowest:
                reporter.line(f"{seconds * 1000:8.0f} ms  {test}  {name} {detail}  for {what}")

    def html(self) -> list[str]:
        """Paragraphs for pytest-html's summary."""
        parts = []
        if self.crashes:
            items = "".join(
                f"<li><strong>CRASHED</strong> {html.escape(t)}: "
                f"<pre>{html.escape(text)}</pre></li>"
                for t, text in self.crashes
            )
            parts.append(f"<h3>Tests whose process died</h3><ul>{items}</ul>")
        if self.flaky:
            items = "".join(
                f"<li><strong>FLAKY</strong> {html.escape(t)}: passed on attempt {a}</li>"
                for t, a in self.flaky
            )
            parts.append(f"<h3>Flaky tests (passed on a rerun)</h3><ul>{items}</ul>")
        slowest = self.slowest()
        if slowest:
            rows = "".join(
                "<tr>"
                + "".join(
                    f"<td>{html.escape(str(v))}</td>"
                    for v in (f"{s * 1000:.0f} ms", test, f"{name} {detail}", what)
                )
                + "</tr>"
                for s, test, name, detail, what in slowest
            )
            parts.append(
                "<h3>Slowest waits</h3><table><tr><th>waited</th><th>test</th>"
                f"<th>action</th><th>for</th></tr>{rows}</table>"
            )
        return parts


def relative_link(target: Path, report_path: str | None) -> str:
    """A link to ``target`` from the HTML report's folder (absolute without a report)."""
    if not report_path:
        return target.resolve().as_uri()
    return os.path.relpath(target.resolve(), Path(report_path).resolve().parent)
