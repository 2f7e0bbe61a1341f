"""File choosers: the dialog a page opens for an ``<input type=file>``, wherever the input
is (shown, hidden, or never attached to the page, as ``document.createElement("input")``
then ``.click()``).

The engine intercepts the dialog instead of showing it, and hands over the input it was
opened for:

- WebDriver BiDi (Firefox; any browser whose session has ``webSocketUrl``): the
  ``input.fileDialogOpened`` event, then ``input.setFiles``;
- local Chromium without BiDi: DevTools' ``Page.setInterceptFileChooserDialog`` and
  ``Page.fileChooserOpened``, then ``DOM.setFileInputFiles``;
- WebKitGTK's WebDriver has neither, and is refused with a sentence saying so.

::

    with page.expect_file_chooser() as chooser:
        page.click(UPLOAD_BUTTON)
    chooser.value.set_files("report.csv")
"""

from __future__ import annotations

import contextlib
import os
import threading
import weakref
from collections.abc import Callable, Iterator
from typing import Any

from selenium.webdriver.remote.webdriver import WebDriver

from e2e.browser import cdp
from e2e.browser.bidi_or_devtools import channel_of, lacking
from e2e.page.uploads import existing_file

__all__ = ["FileChooser", "FileChooserError", "FileChooserWaiter", "expect_file_chooser"]


class FileChooserError(RuntimeError):
    """No file chooser can be intercepted, none opened, or its files were refused."""


class FileChooser:
    """A file dialog the page opened, intercepted: give it files with :meth:`set_files`."""

    def __init__(self, multiple: bool, give: Callable[[list[str]], None], done: Callable[[], None]):
        #: Whether the input takes several files (its ``multiple`` attribute).
        self.multiple = multiple
        self._give = give
        self._done = weakref.finalize(self, done)

    def set_files(self, *paths: str | os.PathLike[str]) -> None:
        """Choose these files, as a user would in the dialog; the page hears ``input``
        and ``change``. No path at all cancels the choice. Every file must exist."""
        files = [str(existing_file(path)) for path in paths]  # before the browser
        if len(files) > 1 and not self.multiple:
            raise FileChooserError(
                f"The page's file input takes one file (it has no 'multiple' attribute), "
                f"and {len(files)} were given: pass one"
            )
        try:
            self._give(files)
        finally:
            self._done()


class FileChooserWaiter:
    """What ``with expect_file_chooser() as chooser`` gives: ``chooser.value`` is the
    :class:`FileChooser` once the block has ended."""

    def __init__(self) -> None:
        self._chooser: FileChooser | None = None
        self._opened = threading.Event()

    @property
    def value(self) -> FileChooser:
        if self._chooser is None:
            raise FileChooserError(
                "The file chooser is known only once the 'with expect_file_chooser()' block "
                "has ended: read chooser.value after it"
            )
        return self._chooser


@contextlib.contextmanager
def expect_file_chooser(driver: WebDriver, timeout: float) -> Iterator[FileChooserWaiter]:
    """Intercept the next file dialog opened in the current tab by the block's actions."""
    __tracebackhide__ = True
    found = channel_of(driver)
    if found is None:
        raise FileChooserError(
            lacking(
                driver,
                "intercept a file chooser",
                "Send the file to an <input type=file> that is in the page with "
                "upload_file(), or run this test on Chromium or Firefox",
            )
        )
    waiter = FileChooserWaiter()
    if found.kind == "bidi":
        listening = _bidi(driver, waiter)
    else:
        assert found.endpoint is not None
        listening = _devtools(found.endpoint, waiter)
    with listening:
        yield waiter
        if not waiter._opened.wait(timeout):
            raise FileChooserError(
                f"No file chooser opened within {timeout:g} s of the block's actions: did "
                "they click the control that opens it (an upload button, a file input or "
                "its label)?"
            )


@contextlib.contextmanager
def _bidi(driver: WebDriver, waiter: FileChooserWaiter) -> Iterator[None]:
    bidi_input: Any = driver.input
    context = driver.current_window_handle

    def opened(info: Any) -> None:
        if waiter._chooser is not None or getattr(info, "context", context) != context:
            return
        element = info.element

        def give(files: list[str]) -> None:
            bidi_input.set_files(context=context, element=element, files=files)

        waiter._chooser = FileChooser(bool(info.multiple), give, lambda: None)
        waiter._opened.set()

    handler = bidi_input.add_file_dialog_handler(opened)
    try:
        yield
    finally:
        with contextlib.suppress(Exception):  # the session may be gone
            bidi_input.remove_file_dialog_handler(handler)


@contextlib.contextmanager
def _devtools(endpoint: str, waiter: FileChooserWaiter) -> Iterator[None]:
    tab = cdp.TabConnection(endpoint)

    def opened(params: Any) -> None:
        if waiter._chooser is not None:
            return
        node = params["backendNodeId"]

        def give(files: list[str]) -> None:
            tab.call("DOM.setFileInputFiles", {"files": files, "backendNodeId": node})

        waiter._chooser = FileChooser(params.get("mode") == "selectMultiple", give, tab.close)
        waiter._opened.set()

    try:
        tab.on("Page.fileChooserOpened", opened)
        tab.call("Page.enable")
        tab.call("Page.setInterceptFileChooserDialog", {"enabled": True})
        yield
    except BaseException:
        tab.close()
        raise
    finally:
        with contextlib.suppress(Exception):
            tab.call("Page.setInterceptFileChooserDialog", {"enabled": False})
    if waiter._chooser is None:
        tab.close()
