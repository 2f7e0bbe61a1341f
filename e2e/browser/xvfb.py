"""A virtual X display for engines with no headless mode of their own (WebKitGTK).

One display per process (an xdist worker), started on the first browser that needs it
and stopped when the process ends. It is started through PyVirtualDisplay, the
well-kept wrapper of Xvfb (it waits for the server to be ready through ``-displayfd``
instead of guessing a number and sleeping), and guarded like a browser: it carries a
tag of its own, and a watchdog kills it if this process dies without stopping it
(``e2e.base.processes``). PyVirtualDisplay is preferred to pytest-xvfb because the display is
needed by the library (``build_driver``) too, with or without pytest, and only for
WebKit: pytest-xvfb starts one for every run.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import threading
from typing import Any

from e2e.base import processes

__all__ = ["DisplayError", "missing", "stop", "virtual_display"]


def missing(engine: str) -> str | None:
    """What a virtual display for ``engine`` lacks here (Xvfb, PyVirtualDisplay), as the
    sentence to read; ``None`` when both are installed."""
    if shutil.which("Xvfb") is None:
        return (
            f"--browser {engine} has no headless mode of its own: --headless runs it on "
            "a virtual display, and Xvfb is not installed (Debian/Ubuntu: "
            "`apt-get install xvfb`); or run --headed on a display."
        )
    import importlib.util

    if importlib.util.find_spec("pyvirtualdisplay") is None:
        return (
            f"--browser {engine} has no headless mode of its own: --headless runs it on "
            "a virtual display through PyVirtualDisplay, which is not installed "
            "(`pip install 'pagewright-e2e[webkit]'`)."
        )
    return None


class DisplayError(RuntimeError):
    """No virtual display could be started; the message says what to install."""


_LOCK = threading.Lock()
_DISPLAY: dict[str, Any] = {}


def virtual_display(size: tuple[int, int], engine: str) -> str:
    """The ``DISPLAY`` value of this process's virtual display, started if needed."""
    with _LOCK:
        if "name" in _DISPLAY:
            if _alive(_DISPLAY["display"]):
                return str(_DISPLAY["name"])
            # The X server died (killed, out of memory): every browser on it is gone, and
            # a browser started on it would wait for it until its start timeout. Start a
            # new one, and say so once.
            _forget()
            died.append(f"the X display (Xvfb) died; a new one was started for {engine}")
        problem = missing(engine)
        if problem:
            raise DisplayError(problem)
        from pyvirtualdisplay.display import Display

        tag = processes.browser_tag()
        guard = processes.BrowserGuard.start(tag)
        before = os.environ.get(processes.TAG_VARIABLE)
        os.environ[processes.TAG_VARIABLE] = tag  # Xvfb inherits it: found by it if left
        try:
            # Twice the window and a margin: the X pointer rests at the screen's centre, so
            # outside the browser window (at the origin). Inside it, the crossing events X
            # sends when another browser's window closes reached the page as a mouse
            # leaving what a test had just hovered.
            screen = (size[0] * 2 + 64, size[1] * 2 + 64)
            display = Display(visible=False, size=screen, color_depth=24, manage_global_env=False)
            display.start()
        except Exception as exc:
            guard.release()
            raise DisplayError(
                f"Could not start a virtual display (Xvfb) for --browser {engine}: {exc}"
            ) from None
        finally:
            if before is None:
                os.environ.pop(processes.TAG_VARIABLE, None)
            else:
                os.environ[processes.TAG_VARIABLE] = before
        _DISPLAY.update(name=f":{display.display}", display=display, guard=guard)
        atexit.register(stop)
        return str(_DISPLAY["name"])


#: Sentences about displays that died, for the test that meets it (``take_notes``).
died: list[str] = []


def take_notes() -> list[str]:
    """What happened to the display since the last call (a death, a restart)."""
    found = list(died)
    died.clear()
    return found


def _alive(display: Any) -> bool:
    try:
        return bool(display.is_alive())
    except Exception:
        return False


def _forget() -> None:
    display = _DISPLAY.pop("display", None)
    guard = _DISPLAY.pop("guard", None)
    _DISPLAY.clear()
    if display is not None:
        with contextlib.suppress(Exception):
            display.stop()
    if guard is not None:
        guard.release()


def has_died() -> bool:
    """Whether this process's display died and no test has been told yet."""
    return alive() is False or bool(died)


def alive() -> bool | None:
    """Whether this process's display is running (``None``: none was started)."""
    with _LOCK:
        return _alive(_DISPLAY["display"]) if "display" in _DISPLAY else None


def stop() -> None:
    """Stop this process's virtual display, if it started one."""
    with _LOCK:
        _forget()
