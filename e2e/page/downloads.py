"""Downloads: wait for the file an action downloads to be complete, and find it."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from selenium.common.exceptions import WebDriverException
from selenium.webdriver.remote.webdriver import WebDriver

from e2e.browser.isolation import isolation_for
from e2e.waiting.waits import DEFAULT_TIMEOUT, wait_until

__all__ = [
    "PARTIAL_SUFFIXES",
    "DownloadError",
    "set_download_folder",
    "wait_for_download",
    "wait_for_downloads",
]

#: What browsers call a file they are still writing (Chromium, Firefox, Edge).
PARTIAL_SUFFIXES = (".crdownload", ".part", ".tmp", ".download", ".wkdownload")


#: A partial file that went away, with nothing there for this long: the download failed.
_DROPPED_SECONDS = 1.5


class _Downloaded:
    """``count`` new files complete in ``folder``: none partial, their sizes steady."""

    def __init__(self, folder: Path, before: set[str], count: int) -> None:
        self.folder, self.before, self.count = folder, before, count
        self.description = (
            f"a download to finish in {folder}"
            if count == 1
            else f"{count} downloads to finish in {folder}"
        )
        self._sizes: dict[str, int] = {}
        self._seen = "no new file"
        self._partials: set[str] = set()
        self._empty_since: float | None = None

    def __call__(self, driver: WebDriver) -> list[Path] | None:
        files = sorted(p for p in self.folder.iterdir() if p.name not in self.before)
        partial = [p for p in files if p.name.endswith(PARTIAL_SUFFIXES)]
        complete = [p for p in files if not p.name.endswith(PARTIAL_SUFFIXES)]
        self._partials.update(p.name for p in partial)
        if len(complete) > self.count:
            names = ", ".join(p.name for p in complete)
            raise DownloadError(
                f"{len(complete)} files were downloaded ({names}), not {self.count}: "
                f"wait for them all with download_all(started_by, count={len(complete)})"
            )
        if not files and self._partials:
            self._empty_since = self._empty_since or time.monotonic()
            if time.monotonic() - self._empty_since > _DROPPED_SECONDS:
                raise DownloadError(
                    f"The download failed: {', '.join(sorted(self._partials))} was being "
                    f"written in {self.folder} and went away with no file left (the "
                    "connection dropped, or the browser cancelled it)"
                )
        else:
            self._empty_since = None
        if partial or len(complete) < self.count:
            self._seen = (
                f"still being written: {partial[0].name}"
                if partial
                else f"{len(complete)} of {self.count} new files"
                if complete
                else "no new file: the browser downloaded nothing. It may have refused "
                "the download (an HTTP error status, a blocked file type) or the action "
                "started none"
            )
            return None
        sizes = {p.name: p.stat().st_size for p in complete}
        steady = all(self._sizes.get(name) == size for name, size in sizes.items())
        self._sizes = sizes
        self._seen = ", ".join(f"{n} ({b} bytes)" for n, b in sizes.items()) + " still growing"
        return complete if steady else None

    def last_seen(self) -> str:
        return self._seen


class DownloadError(WebDriverException):
    """A download failed, or more files arrived than were waited for."""


def wait_for_download(
    driver: WebDriver,
    folder: Path,
    started_by: Callable[[], object],
    timeout: float = DEFAULT_TIMEOUT,
) -> Path:
    """Run ``started_by`` (an action that downloads a file into ``folder``), wait until
    the new file is complete (no partial file left, its size steady), return its path.
    More than one new file is a :class:`DownloadError`, never a silent pick."""
    __tracebackhide__ = True
    return wait_for_downloads(driver, folder, started_by, 1, timeout)[0]


def wait_for_downloads(
    driver: WebDriver,
    folder: Path,
    started_by: Callable[[], object],
    count: int,
    timeout: float = DEFAULT_TIMEOUT,
) -> list[Path]:
    """As :func:`wait_for_download`, for an action that downloads ``count`` files; their
    paths, sorted by name."""
    __tracebackhide__ = True
    if count < 1:
        raise ValueError(f"count must be 1 or more, got {count}")
    folder.mkdir(parents=True, exist_ok=True)
    before = {p.name for p in folder.iterdir()}
    started_by()
    files = wait_until(driver, _Downloaded(folder, before, count), timeout, poll=0.05)
    assert files is not None, "wait_until returns only a truthy value"
    return files


def set_download_folder(driver: WebDriver, folder: Path) -> bool:
    """Send this browser's downloads to ``folder``, without asking; ``False`` where that
    cannot be done while it runs: set for the test's own browser context where it has
    one (e2e.browser.isolation), else on local Chromium through CDP."""
    return isolation_for(driver).set_downloads(str(folder.resolve()))
