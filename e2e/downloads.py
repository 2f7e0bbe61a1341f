"""Downloads: wait for the file an action downloads to be complete, and find it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from selenium.webdriver.remote.webdriver import WebDriver

from e2e.isolation import isolation_for
from e2e.waits import DEFAULT_TIMEOUT, wait_until

__all__ = ["PARTIAL_SUFFIXES", "set_download_folder", "wait_for_download"]

#: What browsers call a file they are still writing (Chromium, Firefox, Edge).
PARTIAL_SUFFIXES = (".crdownload", ".part", ".tmp", ".download")


class _Downloaded:
    def __init__(self, folder: Path, before: set[str]) -> None:
        self.folder, self.before = folder, before
        self.description = f"a download to finish in {folder}"
        self._sizes: dict[str, int] = {}
        self._seen = "no new file"

    def __call__(self, driver: WebDriver) -> Path | None:
        files = [p for p in self.folder.iterdir() if p.name not in self.before]
        partial = [p for p in files if p.name.endswith(PARTIAL_SUFFIXES)]
        complete = [p for p in files if not p.name.endswith(PARTIAL_SUFFIXES)]
        if partial or not complete:
            self._seen = f"still being written: {partial[0].name}" if partial else "no new file"
            return None
        file = complete[0]
        size = file.stat().st_size
        steady = self._sizes.get(file.name) == size
        self._sizes[file.name] = size
        self._seen = f"{file.name} ({size} bytes) still growing"
        return file if steady else None

    def last_seen(self) -> str:
        return self._seen


def wait_for_download(
    driver: WebDriver,
    folder: Path,
    started_by: Callable[[], object],
    timeout: float = DEFAULT_TIMEOUT,
) -> Path:
    """Run ``started_by`` (an action that downloads a file into ``folder``), wait until
    the new file is complete (no partial file left, its size steady), return its path."""
    __tracebackhide__ = True
    folder.mkdir(parents=True, exist_ok=True)
    before = {p.name for p in folder.iterdir()}
    started_by()
    file = wait_until(driver, _Downloaded(folder, before), timeout, poll=0.05)
    assert file is not None, "wait_until returns only a truthy value"
    return file


def set_download_folder(driver: WebDriver, folder: Path) -> bool:
    """Send this browser's downloads to ``folder``, without asking; ``False`` where that
    cannot be done while it runs: set for the test's own browser context where it has
    one (e2e.isolation), else on local Chromium through CDP."""
    return isolation_for(driver).set_downloads(str(folder.resolve()))
