"""Every browser a run starts ends with it, whatever kills what.

Each local driver is started with ``E2E_BROWSER_TAG=<run>.<browser>`` in its environment;
the browser it launches, and every helper process of the browser, inherit it. That tag
is the marker by which leftovers are found, never a process name. A tiny watchdog (``sh``)
is started beside each browser, reading a pipe from this process: when this process
ends in any way (a clean exit, SIGKILL, a crash), the pipe closes and the watchdog kills
every process carrying the browser's tag. On a clean close the plugin does the same at
once, in-process, and stops the watchdog.

Linux only (it reads ``/proc/*/environ``); elsewhere the functions do nothing and the
driver's own ``quit()`` is all there is.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import uuid
import weakref
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "BrowserGuard",
    "browser_tag",
    "guard",
    "guard_folder",
    "release",
    "run_tag",
    "tagged_pids",
]

TAG_VARIABLE = "E2E_BROWSER_TAG"
RUN_VARIABLE = "E2E_RUN_TAG"
_PROC = Path("/proc")

# Waits for EOF on stdin (the parent closing the pipe, or dying), then kills every
# process whose environment holds the tag, in a few passes (a dying browser may fork).
_WATCHDOG = r"""
cat > /dev/null
for pass in 1 2 3 4 5; do
  pids=$(grep -lzxF "$1" /proc/[0-9]*/environ 2>/dev/null | sed 's#/proc/##; s#/environ##')
  [ -z "$pids" ] && break
  kill -9 $pids 2>/dev/null
  sleep 0.2
done
[ -n "$2" ] && rm -rf "$2"
"""


def run_tag() -> str:
    """This run's tag, shared with xdist workers through the environment."""
    tag = os.environ.get(RUN_VARIABLE)
    if not tag:
        tag = os.environ[RUN_VARIABLE] = f"run-{uuid.uuid4().hex[:12]}"
    return tag


def browser_tag() -> str:
    """A new tag for one browser of this run."""
    return f"{run_tag()}.{uuid.uuid4().hex[:8]}"


def supported() -> bool:
    return os.name == "posix" and (_PROC / "self" / "environ").exists()


def tagged_pids(tag: str, *, prefix: bool = False) -> list[int]:
    """Processes whose environment holds ``E2E_BROWSER_TAG=tag`` (or starts with it)."""
    if not supported():
        return []
    wanted = f"{TAG_VARIABLE}={tag}".encode()
    found = []
    for entry in _PROC.iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            variables = (entry / "environ").read_bytes().split(b"\0")
        except OSError:  # gone, or not ours to read
            continue
        if any(v == wanted or (prefix and v.startswith(wanted)) for v in variables):
            found.append(int(entry.name))
    return found


def kill_tagged(tag: str) -> int:
    """Kill every process carrying ``tag``; how many there were."""
    pids = tagged_pids(tag)
    for pid in pids:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGKILL)
    return len(pids)


@dataclass
class BrowserGuard:
    """The watchdog of one browser: ``release()`` when the browser is closed."""

    tag: str
    #: A folder of the browser's (its profile) removed with it; ``None`` for none.
    folder: Path | None = None
    _watchdog: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    @classmethod
    def start(cls, tag: str, folder: Path | None = None) -> BrowserGuard:
        guard = cls(tag, folder)
        if supported():
            guard._watchdog = subprocess.Popen(
                [
                    "sh",
                    "-c",
                    _WATCHDOG,
                    "e2e-watchdog",
                    f"{TAG_VARIABLE}={tag}",
                    str(folder or ""),
                ],
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,  # Ctrl-C at the terminal must not stop it early
                env={"PATH": os.environ.get("PATH", "/usr/bin:/bin")},
            )
        return guard

    def release(self) -> int:
        """Kill what is left of the browser now, stop the watchdog; the count killed."""
        killed = kill_tagged(self.tag)
        watchdog, self._watchdog = self._watchdog, None
        if watchdog is not None:
            with contextlib.suppress(ProcessLookupError):
                watchdog.kill()
            watchdog.wait(timeout=5)
            if watchdog.stdin is not None:
                watchdog.stdin.close()
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
        return killed


_GUARDS: weakref.WeakKeyDictionary[object, BrowserGuard] = weakref.WeakKeyDictionary()


def guard_folder(folder: Path) -> BrowserGuard:
    """A guard that only removes ``folder``: at ``release()``, or by its watchdog when
    this process ends without releasing it (killed, crashed). For files that must not
    outlive the run, such as a saved sign-in state."""
    return BrowserGuard.start(f"{browser_tag()}.folder", folder)


def guard(driver: object, browser: BrowserGuard) -> None:
    """Remember ``browser`` as the guard of ``driver``."""
    _GUARDS[driver] = browser


def release(driver: object) -> int:
    """After ``driver.quit()`` (or its failure): kill what is left of its browser."""
    browser = _GUARDS.pop(driver, None)
    return browser.release() if browser is not None else 0
