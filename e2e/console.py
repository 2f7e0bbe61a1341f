"""The browser console over WebDriver BiDi (``log.entryAdded``), where the driver has no
log command of its own: Firefox, and any browser through a Grid that passes BiDi on.

Entries are kept in the shape of chromedriver's ``get_log("browser")`` (``level``,
``message``, ``timestamp`` in ms), so the report reads both the same way; each is handed
out once, by :func:`drain`. At most :data:`LIMIT` are kept between two drains.
"""

from __future__ import annotations

import threading
import weakref
from collections import deque
from typing import Any

from selenium.webdriver.remote.webdriver import WebDriver

__all__ = ["LIMIT", "drain", "listen", "listening"]

LIMIT = 2000
_LEVELS = {"error": "SEVERE", "warn": "WARNING", "warning": "WARNING", "debug": "DEBUG"}


class _Console:
    def __init__(self) -> None:
        self.entries: deque[dict[str, Any]] = deque(maxlen=LIMIT)
        self.lock = threading.Lock()

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


def drain(driver: WebDriver) -> list[dict[str, Any]]:
    """The entries since the last drain (none when not listening)."""
    console = _CONSOLES.get(driver)
    if console is None:
        return []
    with console.lock:
        entries = list(console.entries)
        console.entries.clear()
    return entries
