"""A call given a bound: it runs in a thread of its own, and the caller stops waiting
for it after so many seconds. For calls into a driver or browser that may never answer
(Selenium's HTTP client has no timeout); what to do about one still running is the
caller's to decide (mark the browser unresponsive, kill it)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

__all__ = ["Bounded"]

T = TypeVar("T")


class Bounded(Generic[T]):
    """``call()`` started at once in a daemon thread named ``name``."""

    def __init__(self, call: Callable[[], T], name: str) -> None:
        self._done: list[T] = []
        #: What ``call`` raised, once it has finished by raising.
        self.error: BaseException | None = None

        def run() -> None:
            try:
                self._done.append(call())
            except BaseException as exc:  # handed to the caller's thread
                self.error = exc

        self._thread = threading.Thread(target=run, name=name, daemon=True)
        self._thread.start()

    def wait(self, seconds: float) -> bool:
        """Wait at most ``seconds``; whether the call has finished."""
        self._thread.join(seconds)
        return not self._thread.is_alive()

    def result(self) -> T:
        """The call's value, or what it raised (call only once :meth:`wait` said so)."""
        if self.error is not None:
            raise self.error
        return self._done[0]
