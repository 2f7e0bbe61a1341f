"""File inputs hidden from the user, and Dropzone.js uploads."""

from __future__ import annotations

import base64
import contextlib
import errno
import mimetypes
import os
import stat
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver import Remote
from selenium.webdriver.chromium.webdriver import ChromiumDriver
from selenium.webdriver.firefox.webdriver import WebDriver as FirefoxDriver
from selenium.webdriver.remote.file_detector import LocalFileDetector
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.safari.webdriver import WebDriver as SafariDriver

from e2e.waiting.waits import DEFAULT_TIMEOUT, wait_until

__all__ = ["DropzoneUpload", "add_dropzone_attachment", "is_remote", "upload_file"]

_REVEAL = """
const el = arguments[0];
const saved = el.getAttribute("style");
el.style.setProperty("display", "block", "important");
el.style.setProperty("visibility", "visible", "important");
el.style.setProperty("opacity", "1", "important");
el.style.setProperty("width", "auto", "important");
el.style.setProperty("height", "auto", "important");
el.style.setProperty("position", "fixed", "important");
el.style.setProperty("left", "0", "important");
el.style.setProperty("top", "0", "important");
el.style.setProperty("z-index", "2147483647", "important");
el.removeAttribute("hidden");
return saved;
"""

_RESTORE = """
const [el, saved] = arguments;
if (!el.isConnected) return;
if (saved === null) el.removeAttribute("style"); else el.setAttribute("style", saved);
"""


def is_remote(driver: WebDriver) -> bool:
    """True for a driver talking to a Grid (files must be sent to the node)."""
    return isinstance(driver, Remote) and not isinstance(
        driver, (ChromiumDriver, FirefoxDriver, SafariDriver)
    )


def existing_file(path: str | os.PathLike[str]) -> Path:
    """``path`` as an absolute path to a regular file a browser can read, or one
    sentence saying what it is instead (before anything reaches the browser)."""
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"Cannot upload {path!r}: give a file path (str or pathlib.Path)")
    file = Path(path).expanduser()
    where = Path(os.path.abspath(file))

    def refuse(reason: str) -> FileNotFoundError:  # the one error for "no file to send"
        return FileNotFoundError(
            f"Cannot upload {str(path)!r}: {where} {reason}. Pass the path of an existing "
            "file (relative paths start at the current folder)."
        )

    try:
        info = os.stat(file)
    except FileNotFoundError:
        if os.path.islink(file):
            raise refuse(f"is a link to {os.readlink(file)!r}, which does not exist") from None
        raise refuse("does not exist") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise refuse("is a symbolic link that leads back to itself (a loop)") from None
        raise refuse(f"cannot be read ({exc.strerror})") from None
    if stat.S_ISDIR(info.st_mode):
        raise refuse("is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        kind = "a named pipe (FIFO)" if stat.S_ISFIFO(info.st_mode) else "a device or socket"
        raise refuse(f"is {kind}, not a regular file: a browser reads a file's size first")
    if not os.access(file, os.R_OK):
        raise refuse("cannot be read (permission denied)")
    resolved = Path(os.path.realpath(file))
    if any("\udc80" <= c <= "\udcff" for c in str(resolved)):
        raise refuse(
            "has a name that is not valid UTF-8: WebDriver sends paths as UTF-8 text, and "
            "Chromium then uploads the file empty. Copy it under a UTF-8 name",
        )
    return resolved


def upload_file(driver: WebDriver, element: WebElement, path: str | os.PathLike[str]) -> None:
    """Send a file to an ``<input type=file>``, even one hidden from the user.

    The input is made interactable for the moment of the upload (display, visibility,
    size, opacity, position) and its own style put back afterwards. On a Grid the file
    is transferred to the node with Selenium's ``LocalFileDetector``.
    """
    file = existing_file(path)
    saved = driver.execute_script(_REVEAL, element)
    try:
        if is_remote(driver):
            with driver.file_detector_context(LocalFileDetector):
                element.send_keys(str(file))
        else:
            element.send_keys(str(file))
    finally:
        # Dropzone replaces its input on change: a stale one has nothing to restore.
        with contextlib.suppress(StaleElementReferenceException):
            driver.execute_script(_RESTORE, element, saved)


@dataclass(frozen=True)
class DropzoneUpload:
    """How one file's trip through a Dropzone ended."""

    name: str
    status: str
    error: str | None = None

    @property
    def accepted(self) -> bool:
        return self.status == "success"


_DROPZONE_PREPARE = """
const el = arguments[0];
const Dz = window.Dropzone;
if (!Dz) return {error: "no Dropzone library on this page (window.Dropzone is undefined)"};
let dz;
try { dz = Dz.forElement(el); } catch (e) { return {error: String(e.message || e)}; }
if (!dz.__e2eHooked) {
  dz.__e2eHooked = true;
  dz.on("error", function (file, message) {
    file.__e2eError = typeof message === "string" ? message
      : (message && (message.error || message.message)) || JSON.stringify(message);
  });
}
return {index: dz.files.length, input: dz.hiddenFileInput || null};
"""

_DROPZONE_ADD_BASE64 = """
const [el, name, type, data] = arguments;
const bytes = Uint8Array.from(atob(data), c => c.charCodeAt(0));
Dropzone.forElement(el).addFile(new File([bytes], name, {type: type}));
"""

_DROPZONE_STATUS = """
const [el, index] = arguments;
const file = Dropzone.forElement(el).files[index];
if (!file) return null;
return {name: file.name, status: file.status, error: file.__e2eError || null};
"""

_FINAL = ("success", "error", "canceled")


class _DropzoneDone:
    def __init__(self, zone: WebElement, index: int, name: str) -> None:
        self.zone, self.index = zone, index
        self.description = f"Dropzone upload of {name!r} to finish"
        self._seen: dict[str, Any] | None = None

    def __call__(self, driver: WebDriver) -> dict[str, Any] | None:
        self._seen = driver.execute_script(_DROPZONE_STATUS, self.zone, self.index)
        if self._seen and self._seen["status"] in _FINAL:
            return self._seen
        return None

    def last_seen(self) -> str:
        if not self._seen:
            return "the file never reached the Dropzone"
        return f"status still {self._seen['status']!r}"


def add_dropzone_attachment(
    driver: WebDriver,
    zone: WebElement,
    path: str | os.PathLike[str],
    timeout: float = DEFAULT_TIMEOUT,
) -> DropzoneUpload:
    """Give a file to the Dropzone on ``zone`` and wait until it is uploaded or refused.

    Uses the zone's own hidden file input when it has one (fast, and works on a Grid);
    otherwise hands the bytes to ``Dropzone.addFile`` as a base64 script argument.
    Returns how it ended; a refusal (type, size, server error) is not an exception,
    so tests can assert on it.
    """
    file = existing_file(path)
    started = time.monotonic()
    prepared = driver.execute_script(_DROPZONE_PREPARE, zone)
    if "error" in prepared:
        raise ValueError(f"Cannot attach {file.name!r}: {prepared['error']}")
    if prepared["input"] is not None:
        upload_file(driver, prepared["input"], file)
    else:
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        data = base64.b64encode(file.read_bytes()).decode("ascii")
        driver.execute_script(_DROPZONE_ADD_BASE64, zone, file.name, kind, data)
    left = max(0.1, timeout - (time.monotonic() - started))
    result = wait_until(driver, _DropzoneDone(zone, prepared["index"], file.name), left)
    assert result is not None, "wait_until returns only a truthy value"
    return DropzoneUpload(result["name"], result["status"], result["error"])
