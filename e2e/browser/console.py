"""The browser console over WebDriver BiDi (``log.entryAdded``), where the driver has no
log command of its own: Firefox, and any browser through a Grid that passes BiDi on.

Entries are kept in the shape of chromedriver's ``get_log("browser")`` (``level``,
``message``, ``timestamp`` in ms), so the report reads both the same way; each is handed
out once, by :func:`drain`. At most :data:`LIMIT` are kept between two drains.

Selenium hands each event to its callback in a thread of its own, so an entry a test
logged just before it ended can arrive after that test's log was read. The drain at the
end of a test (``ending``) reads the browser's clock; an entry stamped before it that arrives
later is the finished test's, and is dropped rather than shown in the next test's log.
"""

from __future__ import annotations

import threading
import time
import weakref
from collections import deque
from typing import Any

from selenium.webdriver.common.bidi.common import command_builder
from selenium.webdriver.remote.webdriver import WebDriver

__all__ = ["LIMIT", "drain", "listen", "listening"]

LIMIT = 2000
#: How long a drain waits for event threads Selenium has started (see :func:`_catch_up`).
CATCH_UP_SECONDS = 0.5
_LEVELS = {"error": "SEVERE", "warn": "WARNING", "warning": "WARNING", "debug": "DEBUG"}


class _Console:
    def __init__(self) -> None:
        self.entries: deque[dict[str, Any]] = deque(maxlen=LIMIT)
        self.lock = threading.Lock()
        #: The browser's clock (ms) when the last test ended: older entries are its.
        self.cutoff: float | None = None

    def add(self, entry: Any, level: str | None = None) -> None:
        text = getattr(entry, "text", None) or ""
        found = {
            "level": level or _LEVELS.get(str(getattr(entry, "level", "")).lower(), "INFO"),
            "message": str(text),
            "timestamp": getattr(entry, "timestamp", None),
            "source": getattr(entry, "type_", None) or "console-api",
        }
        with self.lock:
            self.entries.append(found)


_CONSOLES: weakref.WeakKeyDictionary[WebDriver, _Console] = weakref.WeakKeyDictionary()


def listen(driver: WebDriver) -> bool:
    """Collect ``driver``'s console and page errors from now on; ``False`` without BiDi."""
    if driver in _CONSOLES:
        return True
    if not driver.caps.get("webSocketUrl"):
        return False
    console = _Console()
    script: Any = driver.script
    script.add_console_message_handler(console.add)
    script.add_javascript_error_handler(lambda entry: console.add(entry, "SEVERE"))
    _CONSOLES[driver] = console
    return True


def listening(driver: WebDriver) -> bool:
    return driver in _CONSOLES


def drain(driver: WebDriver, *, ending: bool = False) -> list[dict[str, Any]]:
    """The entries since the last drain (none when not listening). ``ending``: the test
    has ended, so entries stamped before now that arrive later are dropped (see above)."""
    console = _CONSOLES.get(driver)
    if console is None:
        return []
    now = _catch_up(driver)
    with console.lock:
        entries = list(console.entries)
        console.entries.clear()
        cutoff = console.cutoff
        if ending and now is not None:
            console.cutoff = now
    if cutoff is None:
        return entries
    return [e for e in entries if not _stamped_before(e, cutoff)]


def _stamped_before(entry: dict[str, Any], cutoff: float) -> bool:
    stamp = entry.get("timestamp")
    return isinstance(stamp, (int, float)) and stamp <= cutoff


def _catch_up(driver: WebDriver) -> float | None:
    """Let the entries already sent reach the log: one BiDi round trip (events sent
    before its answer have been handed to their threads by then), then those threads
    end, for at most :data:`CATCH_UP_SECONDS`. The browser's clock, or ``None``."""
    try:
        now = _browser_clock(driver)
    except Exception:  # no page to ask (a dead tab): keep what has arrived
        return None
    deadline = time.monotonic() + CATCH_UP_SECONDS
    for thread in threading.enumerate():
        if thread.name.endswith("(_callback)") and thread is not threading.current_thread():
            thread.join(max(0.0, deadline - time.monotonic()))
    return now


def _browser_clock(driver: WebDriver) -> float | None:
    """``Date.now()`` in the current tab, in a sandbox (a page's fake timers cannot
    change it), plus the 1 ms by which browsers round their clocks."""
    command = command_builder(
        "script.evaluate",
        {
            "expression": "Date.now()",
            "target": {"context": driver.current_window_handle, "sandbox": "e2e-clock"},
            "awaitPromise": False,
        },
    )
    connection: Any = driver._websocket_connection
    answer: Any = connection.execute(command)
    value = (answer or {}).get("result", {}).get("value")
    return float(value) + 1 if isinstance(value, (int, float)) else None
