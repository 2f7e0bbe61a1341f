"""Signals that end a run end it the way Ctrl-C does: fixtures torn down (browsers
closed), reports written.

- SIGINT: Ctrl-C at the terminal (sent to pytest and to every xdist worker);
- SIGTERM: a CI cancel, ``timeout``, ``docker stop``, or a kill aimed at one worker;
- SIGHUP: the terminal closed, or an SSH session dropped.

The first signal raises ``KeyboardInterrupt``. A second one, while the reports are being
written and the browsers closed, is told to wait instead of cutting that short (under
xdist a second Ctrl-C used to kill the controller with no junit.xml). A third ends the
process at once, as the signal's default would.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import signal
import stat
import threading
from collections.abc import Callable
from typing import Any

__all__ = ["SIGNALS", "Interrupts", "leave_a_closed_terminal", "signalled"]

SIGNALS = ("SIGINT", "SIGTERM", "SIGHUP")


_SIGNALLED: list[str] = []


def signalled() -> bool:
    """Whether this process has had one of :data:`SIGNALS` (its browsers, in the same
    process group, may have had it too: do not wait long on them)."""
    return bool(_SIGNALLED)


def _is_default(signum: int) -> bool:
    handler = signal.getsignal(signum)
    if signum == signal.SIGINT:
        return handler is signal.default_int_handler
    return handler is signal.SIG_DFL


class Interrupts:
    """The run's handler of :data:`SIGNALS`: ``install()`` at configure, ``restore()`` at
    unconfigure. ``received`` names the first signal once one came."""

    def __init__(
        self, on_first: Callable[[str, int], bool] | None = None, *, quiet: bool = False
    ) -> None:
        #: Called with the first signal's name and number; ``True`` when it has dealt
        #: with the signal itself (an xdist controller stopping its workers).
        self.on_first = on_first
        #: Say nothing about later signals (xdist workers: the controller says it).
        self.quiet = quiet
        self.received: str | None = None
        self.count = 0
        #: While set (a test's teardown), the first signal waits until it is cleared,
        #: so the browser is closed and the test's report sent before the run stops.
        self.deferring = False
        self.pending: str | None = None
        self._previous: dict[int, Any] = {}

    def install(self) -> None:
        """Handle each signal nobody else has claimed; only in the main thread, where
        Python delivers signals."""
        if threading.current_thread() is not threading.main_thread():
            return
        for name in SIGNALS:
            signum = getattr(signal, name, None)
            if signum is None or not _is_default(signum):
                continue  # not on this platform, or claimed by someone else
            self._previous[signum] = signal.getsignal(signum)
            signal.signal(signum, self._handle)
        if self._previous:
            atexit.register(self._ignore_while_exiting)

    def _ignore_while_exiting(self) -> None:
        """After a first signal the reports are written by now; Python's finalization
        sets Python-level handlers back to the default, which would let a late second
        signal kill the exiting process (exit -2 instead of pytest's 2). Ignore them."""
        if self.received is None or not self._previous:
            return
        for signum in self._previous:
            with contextlib.suppress(ValueError):
                signal.signal(signum, signal.SIG_IGN)

    def restore(self) -> None:
        """Give the signals back; after a first signal they stay ours until the process
        ends, so a second one during pytest's last clean-up cannot cut it short."""
        if self.received is not None:
            return
        self._give_back()

    def _give_back(self) -> None:
        for signum, previous in self._previous.items():
            with contextlib.suppress(ValueError):  # not the main thread any more
                signal.signal(signum, previous)
        self._previous.clear()

    def _handle(self, signum: int, frame: object) -> None:
        name = signal.Signals(signum).name
        self.count += 1
        if self.count == 1:
            self.received = name
            _SIGNALLED.append(name)
            if signum == getattr(signal, "SIGHUP", None):
                leave_a_closed_terminal()
            if self.on_first is not None and self.on_first(name, signum):
                return
            if self.deferring:
                self.pending = name
                return
            raise KeyboardInterrupt(name)
        if self.count == 2 and not self.quiet:
            if self.pending is not None:  # impatient: stop the teardown now
                self.pending = None
                raise KeyboardInterrupt(name)
            _say(
                f"\ne2e: {name} again: still closing the browsers and writing the "
                "reports; send it once more to end at once, without them\n"
            )
            return
        if self.quiet and self.count < 5:
            return  # a worker: the controller passes on signals its group had already
        self._give_back()
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)

    def stop_deferring(self) -> str | None:
        """The teardown is over: the name of a signal that came during it, which the
        caller turns into a stop after this test (``session.shouldstop``)."""
        self.deferring = False
        pending, self.pending = self.pending, None
        return pending


def _say(text: str) -> None:
    with contextlib.suppress(OSError):
        os.write(2, text.encode())


def leave_a_closed_terminal() -> None:
    """After SIGHUP, a terminal that has gone refuses every write (EIO), and pytest would
    die printing its summary; point stdout and stderr at /dev/null instead. Files and
    pipes are left alone, so a log still gets everything. (``isatty`` is no test: it is
    false for a terminal that has hung up.)"""
    for fd in (1, 2):
        try:
            if not stat.S_ISCHR(os.fstat(fd).st_mode):
                continue
            os.write(fd, b"\n")
        except OSError:
            with contextlib.suppress(OSError):
                null = os.open(os.devnull, os.O_WRONLY)
                os.dup2(null, fd)
                os.close(null)
