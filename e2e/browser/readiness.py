"""Whether an engine can start on this machine: its browser, its driver and, for an engine
with no headless mode of its own (WebKitGTK), a display.

One set of checks with two readers: the preflight at the start of a run turns each
problem into a usage error before any test starts, and ``e2e doctor`` shows the same
findings as a table, with paths and versions.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from e2e.browser.engines import engine_of
from e2e.config import Config

__all__ = ["Part", "Readiness", "check_engine", "display_problem", "version_of"]


@dataclass(frozen=True)
class Part:
    """One thing an engine needs: ``path`` where it was found, or ``problem`` saying what
    to install."""

    what: str
    path: str | None = None
    version: str = ""
    problem: str | None = None


@dataclass(frozen=True)
class Readiness:
    engine: str
    label: str
    parts: tuple[Part, ...] = field(default_factory=tuple)

    @property
    def problems(self) -> list[str]:
        return [part.problem for part in self.parts if part.problem]

    @property
    def ready(self) -> bool:
        return not self.problems


def version_of(path: str, timeout: float = 10.0) -> str:
    """The first line ``path --version`` prints ("" when it prints nothing or fails)."""
    try:
        answer = subprocess.run(
            [path, "--version"], capture_output=True, text=True, timeout=timeout, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    lines = (answer.stdout or answer.stderr).strip().splitlines()
    first = lines[0].strip() if lines else ""
    if first.lower().startswith("usage"):  # WebKitWebDriver has no --version
        return ""
    return first.split(" (")[0][:80]


def display_problem(config: Config) -> str | None:
    """What the browser's window needs and lacks: a display for a headed local browser,
    Xvfb (through PyVirtualDisplay) for a headless one with no headless mode of its own."""
    if config.grid_url or os.name == "nt":
        return None
    engine = engine_of(config.browser)
    if config.headless:
        if engine.own_headless:
            return None
        from e2e.browser.xvfb import missing

        return missing(config.browser)
    if os.environ.get("WAYLAND_DISPLAY") or _is_macos():
        return None
    value = os.environ.get("DISPLAY", "")
    if not value:
        return (
            "--headed needs a display, but DISPLAY is not set: use --headless, or run under "
            "a virtual display (`xvfb-run pytest ...`)"
        )
    host, _, number = value.rpartition(":")
    if host in ("", "unix"):  # a local X server listens on a socket named after it
        socket = Path("/tmp/.X11-unix") / f"X{number.split('.')[0]}"
        if not socket.exists():
            return (
                f"--headed needs a display, but no X server answers at DISPLAY={value} "
                f"({socket} is missing): start it, use --headless, or run under xvfb-run"
            )
    return None


def _is_macos() -> bool:
    return os.uname().sysname == "Darwin" if hasattr(os, "uname") else False


def check_engine(config: Config, *, versions: bool = False) -> Readiness:
    """The browser, driver and display ``config`` would start, each found or with the
    sentence of what to install: the same lookups, in the same order, as
    :func:`e2e.build_driver`. ``versions`` also asks each executable for its version."""
    import logging

    from e2e.browser.driver import DriverError, browser_binary, find_driver, no_browser

    # Selenium Manager logs its own "unable to discover" before the sentence below says it.
    logging.getLogger("selenium.webdriver.common.selenium_manager").setLevel(logging.CRITICAL)

    engine = engine_of(config.browser)
    parts: list[Part] = []
    unsupported = engine.unsupported_here()
    if unsupported:
        return Readiness(config.browser, engine.label, (Part("browser", problem=unsupported),))
    try:
        browser = browser_binary(config)
    except DriverError as exc:
        parts.append(Part("browser", problem=exc.msg))
    else:
        if browser is None and not engine.found_by_driver:
            parts.append(Part("browser", problem=no_browser(config)))
        else:
            shown = browser or f"found by {engine.driver}"
            version = version_of(browser) if versions and browser and engine.own_headless else ""
            parts.append(Part("browser", shown, version))
    try:
        driver = find_driver(config)
    except DriverError as exc:
        parts.append(Part("driver", problem=exc.msg))
    else:
        shown = driver or "from Selenium Manager"
        parts.append(Part("driver", shown, version_of(driver) if versions and driver else ""))
    if not engine.own_headless or not config.headless:
        problem = display_problem(config)
        where = os.environ.get("DISPLAY", "") if not config.headless else shutil.which("Xvfb")
        parts.append(Part("display", None if problem else (where or "yes"), problem=problem))
    return Readiness(config.browser, engine.label, tuple(parts))
