"""Failure artifacts: what the browser showed when a test failed."""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from selenium.common.exceptions import WebDriverException
from selenium.webdriver.remote.command import Command
from selenium.webdriver.remote.webdriver import WebDriver

from e2e.actions import mask

__all__ = ["Artifacts", "capture", "safe_dirname"]

#: Browsers whose driver hands out the console log (goog:loggingPrefs).
_CONSOLE_BROWSERS = ("chrome", "chromium", "MicrosoftEdge", "msedge")


@dataclass(frozen=True)
class Artifacts:
    url: str = ""
    screenshot_png: bytes = b""
    html: str = ""
    console: tuple[dict[str, Any], ...] = ()
    problems: tuple[str, ...] = field(default=())

    def console_text(self) -> str:
        """One line an entry: local time to the millisecond, level, message."""
        return "\n".join(
            f"{_clock(entry.get('timestamp'))} [{entry.get('level', '?')}] "
            f"{entry.get('message', '')}"
            for entry in self.console
        )

    def write(self, folder: Path) -> list[Path]:
        """Write each artifact into ``folder``; return the files written."""
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        for name, data in (
            ("screenshot.png", self.screenshot_png),
            ("page.html", self.html.encode()),
            ("console.log", self.console_text().encode()),
            ("url.txt", self.url.encode()),
        ):
            if data:
                (folder / name).write_bytes(data)
                written.append(folder / name)
        return written


def _clock(timestamp: object) -> str:
    if not isinstance(timestamp, (int, float)):
        return "--:--:--.---"
    moment = datetime.fromtimestamp(timestamp / 1000)
    return moment.strftime("%H:%M:%S.") + f"{moment.microsecond // 1000:03d}"


def _console_reader(driver: WebDriver) -> Any:
    get_log = getattr(driver, "get_log", None)  # local Chromium drivers
    if get_log is None and driver.caps.get("browserName") in _CONSOLE_BROWSERS:

        def get_log(kind: str) -> Any:  # the same command, through a Grid
            return driver.execute(Command.GET_LOG, {"type": kind})["value"]

    return get_log


def drain_console(driver: WebDriver) -> None:
    """Read and drop the console entries so far (the driver hands each out once)."""
    get_log = _console_reader(driver)
    if get_log is not None:
        get_log("browser")


def capture(driver: WebDriver, secrets: set[str] | frozenset[str] = frozenset()) -> Artifacts:
    """Take what can be taken; a dead browser yields what it can and says why."""
    problems: list[str] = []

    def attempt(what: str, call: Any, default: Any) -> Any:
        try:
            return call()
        except Exception as exc:  # a dead browser must not break the report
            text = exc.msg if isinstance(exc, WebDriverException) else str(exc)
            problems.append(f"no {what}: {(text or type(exc).__name__).splitlines()[0]}")
            return default

    url = attempt("URL", lambda: driver.current_url, "")
    png = attempt("screenshot", lambda: base64.b64decode(driver.get_screenshot_as_base64()), b"")
    html = attempt("page source", lambda: driver.page_source, "")
    console: list[dict[str, Any]] = []
    get_log = _console_reader(driver)
    if get_log is not None:
        console = attempt("console log", lambda: get_log("browser"), [])
    if secrets:
        html = mask(html, secrets)
        url = mask(url, secrets)
        console = [json.loads(mask(json.dumps(entry), secrets)) for entry in console]
    return Artifacts(url, png, html, tuple(console), tuple(problems))


def safe_dirname(nodeid: str) -> str:
    """A file-system-safe folder name for a test id."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid).strip("_")[:150]
