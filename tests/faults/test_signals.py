"""Signals from outside, second round (issue 25, item 2): a closed terminal (SIGHUP, from
a real pseudo-terminal closing), a signal to one xdist worker, and a second Ctrl-C under
xdist. Each must leave junit.xml and report.html with the tests that finished, name the
test it stopped, and leave no browser or driver behind."""

from __future__ import annotations

import contextlib
import os
import pty
import re
import select
import signal
import subprocess
import termios
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from e2e.base import processes
from tests.faults.conftest import REPORTS, inner_command

INNER = """
import os, pathlib, time

import pytest

@pytest.fixture(autouse=True)
def done_marker(request):
    yield  # torn down last: the test's whole report is on its way once this is written
    pathlib.Path(request.node.name + "-done").touch()

@pytest.fixture(autouse=True)
def held_teardown(request):
    yield
    if os.environ.get("E2E_TEST_HOLD_TEARDOWN") and request.node.name == "test_b_is_stopped":
        pathlib.Path("tearing-down").touch()
        deadline = time.monotonic() + 30
        while not pathlib.Path("released").exists() and time.monotonic() < deadline:
            time.sleep(0.05)

def test_a_passes(driver, base_url):
    driver.get(base_url)

def test_b_is_stopped(driver, base_url):
    driver.get(base_url)
    deadline = time.monotonic() + 60
    while not pathlib.Path("test_a_passes-done").exists():  # test_a wholly reported
        assert time.monotonic() < deadline
        time.sleep(0.05)
    pathlib.Path("b-started.partial").write_text(str(os.getpid()))
    pathlib.Path("b-started.partial").replace("b-started")  # never seen half-written
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:  # a long test, stopped from outside
        driver.title
"""


class Live:
    """An inner pytest run in its own session, its output read as it comes."""

    def __init__(self, path: Path, site: str, args: list[str], *, terminal: bool) -> None:
        self.path = path
        self.output = ""
        command = inner_command("-v", "--base-url", site, *REPORTS, *args)
        self.master: int | None = None
        self.hang_up = threading.Event()
        self.closed = threading.Event()
        if terminal:  # a real terminal: closing it sends SIGHUP to its foreground group
            self.master, slave = pty.openpty()
            attrs = termios.tcgetattr(slave)
            attrs[3] &= ~termios.ECHO
            termios.tcsetattr(slave, termios.TCSANOW, attrs)
            self.process = subprocess.Popen(
                command,
                cwd=path,
                stdin=slave,
                stdout=slave,
                stderr=slave,
                start_new_session=True,
                preexec_fn=_take_terminal,
            )
            os.close(slave)
            master = self.master

            def source() -> bytes:
                # Never blocked in read() when the terminal is closed: a read in progress
                # holds the terminal open, and the kernel would send no SIGHUP.
                while not self.hang_up.is_set():
                    if select.select([master], [], [], 0.05)[0]:
                        return os.read(master, 65536)
                os.close(master)
                self.master = None
                self.closed.set()
                return b""

        else:
            self.process = subprocess.Popen(
                command,
                cwd=path,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=_default_signals,
            )
            assert self.process.stdout is not None
            stream = self.process.stdout
            source = lambda: stream.read1(65536)  # noqa: E731
        threading.Thread(target=self._read, args=(source,), daemon=True).start()

    def _read(self, source: Callable[[], bytes]) -> None:
        while True:
            try:
                chunk = source()
            except OSError:
                return
            if not chunk:
                return
            self.output += chunk.decode(errors="replace")

    def wait_for(self, pattern: str, seconds: float = 90) -> None:
        deadline = time.monotonic() + seconds
        while not re.search(pattern, self.output):
            assert self.process.poll() is None, f"exited early:\n{self.output[-3000:]}"
            assert time.monotonic() < deadline, f"never saw {pattern!r}:\n{self.output[-3000:]}"
            time.sleep(0.05)  # polling the run's output, bounded

    def finish(self, seconds: float = 90) -> int:
        """The exit status; a run still going after ``seconds`` fails the test."""
        try:
            return self.process.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            self.stop()
            pytest.fail(f"the run did not end within {seconds:g} s:\n{self.output[-3000:]}")

    def close_terminal(self) -> None:
        """The terminal window closes: the kernel sends SIGHUP to the run."""
        self.hang_up.set()
        assert self.closed.wait(10), "the terminal was not closed"

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        if self.master is not None:
            with contextlib.suppress(OSError):
                os.close(self.master)
            self.master = None

    def workers(self) -> list[int]:
        out = subprocess.run(
            ["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True, check=False
        ).stdout
        return [int(p) for p in out.split()]


def _default_signals() -> None:  # in the child: as a terminal would start it
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGHUP, signal.SIG_DFL)


def _take_terminal() -> None:  # in the child: the pseudo-terminal becomes its terminal
    import fcntl

    _default_signals()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


@pytest.fixture
def live(pytester: pytest.Pytester, site: str, monkeypatch: pytest.MonkeyPatch):
    tag = f"fault-signal-{os.getpid()}-{time.monotonic_ns()}"
    monkeypatch.setenv(processes.RUN_VARIABLE, tag)
    pytester.makepyfile(INNER)
    started: list[Live] = []

    def start(*args: str, terminal: bool = False) -> Live:
        run = Live(pytester.path, site, list(args), terminal=terminal)
        started.append(run)
        return run

    yield start
    for run in started:
        run.stop()
    deadline = time.monotonic() + 10
    while processes.tagged_pids(tag, prefix=True) and time.monotonic() < deadline:
        time.sleep(0.1)  # the watchdogs work asynchronously; bounded
    assert processes.tagged_pids(tag, prefix=True) == [], "browsers or drivers were left"


def _junit(path: Path) -> str:
    return (path / "junit.xml").read_text(encoding="utf-8")


def _ready(run: Live) -> None:
    """test_a has passed and test_b is running."""
    run.wait_for(r"test_a_passes PASSED|PASSED \S*test_a_passes")
    deadline = time.monotonic() + 90
    while not (run.path / "b-started").exists():
        assert run.process.poll() is None, run.output[-3000:]
        assert time.monotonic() < deadline, run.output[-3000:]
        time.sleep(0.05)  # polling for the marker file, bounded


@pytest.mark.parametrize("workers", ["0", "2"])
def test_a_closed_terminal_keeps_every_result(live, workers) -> None:
    run = live("-n", workers, terminal=True)
    _ready(run)
    run.close_terminal()
    assert run.finish() == pytest.ExitCode.INTERRUPTED, run.output[-3000:]
    junit = _junit(run.path)
    assert 'name="test_a_passes"' in junit
    assert "test_a_passes" in (run.path / "report.html").read_text(encoding="utf-8")


def test_a_signal_to_one_xdist_worker_names_the_test_it_stopped(live) -> None:
    run = live("-n", "2")
    _ready(run)
    worker = int((run.path / "b-started").read_text())  # the worker running test_b
    assert worker in run.workers()
    os.kill(worker, signal.SIGTERM)
    assert run.finish() == pytest.ExitCode.INTERRUPTED, run.output[-3000:]
    junit = _junit(run.path)
    assert 'name="test_a_passes"' in junit
    assert 'name="test_b_is_stopped"' in junit
    assert "received SIGTERM while running" in junit
    assert "crashed" not in junit
    assert "received SIGTERM" in (run.path / "report.html").read_text(encoding="utf-8")


def test_a_second_ctrl_c_under_xdist_keeps_the_reports(live, monkeypatch) -> None:
    monkeypatch.setenv("E2E_TEST_HOLD_TEARDOWN", "1")  # test_b's teardown waits for us
    run = live("-n", "2")
    _ready(run)
    os.killpg(run.process.pid, signal.SIGINT)  # Ctrl-C: the whole foreground group
    deadline = time.monotonic() + 60
    while not (run.path / "tearing-down").exists():  # test_b is being torn down
        assert run.process.poll() is None, run.output[-3000:]
        assert time.monotonic() < deadline, run.output[-3000:]
        time.sleep(0.05)  # polling for the marker file, bounded
    os.killpg(run.process.pid, signal.SIGINT)  # and again, impatiently, while it closes
    run.wait_for("still closing the browsers")
    (run.path / "released").touch()
    assert run.finish() == pytest.ExitCode.INTERRUPTED, run.output[-3000:]
    assert "still closing the browsers and writing the reports" in run.output
    assert 'name="test_a_passes"' in _junit(run.path)
    assert "test_a_passes" in (run.path / "report.html").read_text(encoding="utf-8")
