"""Failure artifacts: what the browser showed when a test failed."""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from selenium.common.exceptions import WebDriverException
from selenium.webdriver.remote.command import Command
from selenium.webdriver.remote.webdriver import WebDriver

from e2e.base.bounded_call import Bounded
from e2e.base.masking import credentials_in, known_secrets, mask, mask_data
from e2e.base.private_files import private_folder, write_private
from e2e.browser import console as bidi_console
from e2e.browser.engines import family_of

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

    def write(self, folder: Path) -> tuple[list[Path], list[str]]:
        """Write each artifact into ``folder``: the files written, and one line for each
        that could not be (no half-written file is left: each goes to a temporary name
        first, then is renamed)."""
        written: list[Path] = []
        problems: list[str] = []
        try:
            private_folder(folder)
        except OSError as exc:
            return written, [f"artifacts could not be written to {folder}: {exc.strerror or exc}"]
        for name, data in (
            ("screenshot.png", self.screenshot_png),
            ("page.html", self.html.encode()),
            ("console.log", self.console_text().encode()),
            ("url.txt", self.url.encode()),
        ):
            if not data:
                continue
            try:
                write_private(folder / name, data)
            except OSError as exc:
                problems.append(f"{name} could not be written to {folder}: {exc.strerror or exc}")
            else:
                written.append(folder / name)
        return written, problems


def _clock(timestamp: object) -> str:
    if not isinstance(timestamp, (int, float)):
        return "--:--:--.---"
    moment = datetime.fromtimestamp(timestamp / 1000)
    return moment.strftime("%H:%M:%S.") + f"{moment.microsecond // 1000:03d}"


def _console_reader(driver: WebDriver, ending: bool = False) -> Any:
    get_log = getattr(driver, "get_log", None)  # local Chromium drivers
    if get_log is None and driver.caps.get("browserName") in _CONSOLE_BROWSERS:

        def get_log(kind: str) -> Any:  # the same command, through a Grid
            return driver.execute(Command.GET_LOG, {"type": kind})["value"]

    if get_log is None and bidi_console.listening(driver):  # Firefox: WebDriver BiDi

        def get_log(kind: str) -> Any:
            return bidi_console.drain(driver, ending=ending)

    return get_log


#: Said in the report where no console can be read, by engine.
NO_CONSOLE = {
    "webkit": "console log: not available on webkit (WebKitWebDriver has neither a "
    "log command nor WebDriver BiDi)",
}


def drain_console(driver: WebDriver, *, ending: bool = False) -> list[dict[str, Any]]:
    """Read the console entries so far (the driver hands each out once) and return them;
    ``ending``: at the end of a test, so none of its entries reach the next test's log."""
    get_log = _console_reader(driver, ending)
    if get_log is None:
        return []
    entries: list[dict[str, Any]] = get_log("browser") or []
    return entries


#: How long the browser may take to hand over one artifact. A page whose script never
#: returns blocks a screenshot for ever; the failure's own text must not wait for it.
CAPTURE_SECONDS = 10.0


def capture(driver: WebDriver, secrets: set[str] | frozenset[str] = frozenset()) -> Artifacts:
    """Take what can be taken; a dead browser yields what it can and says why. A browser
    that does not answer within :data:`CAPTURE_SECONDS` is left alone for the rest, and
    marked so that the next test gets a new one (:func:`unresponsive`)."""
    problems: list[str] = []

    def attempt(what: str, call: Any, default: Any) -> Any:
        if unresponsive(driver):
            problems.append(f"no {what}: the browser stopped answering")
            return default
        asked = Bounded(call, f"e2e-capture-{what}")
        if not asked.wait(CAPTURE_SECONDS):
            driver._e2e_unresponsive = True  # type: ignore[attr-defined]
            problems.append(
                f"no {what}: the browser did not answer within {CAPTURE_SECONDS:g} s (a page "
                "script that never returns?); the next test gets a new browser"
            )
            return default
        exc = asked.error
        if exc is not None:
            if not isinstance(exc, Exception):
                raise exc
            text = exc.msg if isinstance(exc, WebDriverException) else str(exc)
            problems.append(f"no {what}: {(text or type(exc).__name__).splitlines()[0]}")
            return default
        return asked.result()

    url = attempt("URL", lambda: driver.current_url, "")
    learnt = credentials_in((), url)  # a token in the address: masked like a secret
    if learnt:
        known_secrets(driver).update(learnt)
        secrets = set(secrets) | learnt
    png = attempt("screenshot", lambda: base64.b64decode(driver.get_screenshot_as_base64()), b"")
    html = attempt("page source", lambda: driver.page_source, "")
    console: list[dict[str, Any]] = []
    get_log = _console_reader(driver)
    if get_log is not None:
        console = attempt("console log", lambda: get_log("browser"), [])
    elif family_of(driver) in NO_CONSOLE:
        problems.append(NO_CONSOLE[family_of(driver)])
    if secrets:
        html = mask(html, secrets)
        url = mask(url, secrets)
        console = mask_data(console, secrets)
    return Artifacts(url, png, html, tuple(console), tuple(problems))


def unresponsive(driver: WebDriver) -> bool:
    """Whether a capture found ``driver`` not answering (its browser is to be replaced)."""
    return bool(getattr(driver, "_e2e_unresponsive", False))


def safe_dirname(nodeid: str) -> str:
    """A file-system-safe folder name for a test id, one per id: an id that is letters,
    digits, ``_.-`` and the ``/`` and ``::`` of a node id keeps its readable form; any
    other (a parametrize id such as ``[a b]``, which would share ``a_b`` with ``[a_b]``)
    or one longer than 150 characters gets a short hash of the whole id after it."""
    readable = re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid).strip("_")
    if re.sub(r"::|/", "_", nodeid) == readable and len(readable) <= 150:
        return readable
    digest = hashlib.sha256(nodeid.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    return f"{readable[:139]}-{digest}"
