"""Files a page takes: a file input (shown or hidden), a Dropzone, and the file dialog
of an input never attached to the page (``expect_file_chooser``)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

from selenium.webdriver.remote.webelement import WebElement

from e2e.locators import LocatorLike
from e2e.page import file_chooser, uploads
from e2e.page.core import PageCore


class Files(PageCore):
    """Uploads and file dialogs."""

    @contextlib.contextmanager
    def expect_file_chooser(
        self, seconds: float | None = None
    ) -> Iterator[file_chooser.FileChooserWaiter]:
        """Catch the file dialog that the block's actions open, for any file input (shown,
        hidden, or never attached to the page)::

            with page.expect_file_chooser() as chooser:
                page.click(UPLOAD)
            chooser.value.set_files("cases.csv")
        """
        __tracebackhide__ = True
        with self.log.action("expect file chooser", ""):
            waiting = file_chooser.expect_file_chooser(self.driver, seconds or self.timeout)
            waiter = waiting.__enter__()
        try:
            yield waiter
        except BaseException as exc:
            waiting.__exit__(type(exc), exc, exc.__traceback__)
            raise
        with self.log.action("wait for file chooser", ""):
            waiting.__exit__(None, None, None)

    def upload_file(self, locator: LocatorLike, path: str | os.PathLike[str]) -> None:
        """Send a file to a file input, hidden or not."""
        __tracebackhide__ = True
        uploads.existing_file(path)
        with self.log.action("upload", f"{os.fspath(path)!r} to {locator!r}"):
            element: WebElement = self._settled(locator, "present")["element"]
            uploads.upload_file(self.driver, element, path)

    def add_dropzone_attachment(
        self, locator: LocatorLike, path: str | os.PathLike[str]
    ) -> uploads.DropzoneUpload:
        """Attach a file to the Dropzone at ``locator``; wait until it is uploaded or refused."""
        __tracebackhide__ = True
        uploads.existing_file(path)
        with self.log.action("attach", f"{os.fspath(path)!r} to {locator!r}"):
            zone: WebElement = self._settled(locator, "visible")["element"]
            return uploads.add_dropzone_attachment(self.driver, zone, path, self.timeout)
