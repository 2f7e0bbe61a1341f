"""Other browsing contexts a page opens: popup windows, frames, dialogs, downloads."""

from __future__ import annotations

import builtins
import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path

from selenium.webdriver.remote.webelement import WebElement

from e2e.locators import LocatorLike
from e2e.page import dialogs, downloads, popups
from e2e.page.core import DOCUMENT_TOKEN, PageCore, Q
from e2e.waiting import waits


class Windows(PageCore):
    """Windows, frames, dialogs and downloads."""

    @contextlib.contextmanager
    def window(
        self,
        opened_by: Callable[[], object],
        page_class: builtins.type[Q],
        *,
        close: bool = False,
        closes_itself: bool = False,
    ) -> Iterator[Q]:
        """Run ``opened_by`` (an action that opens a window, tab or popup), switch to the
        new window and yield its page object, loaded; switch back afterwards, also when
        the popup closed itself. ``closes_itself=True`` waits at the end of the block
        until it has (an "add another" popup after Save); ``close=True`` closes it at the
        end if still open."""
        __tracebackhide__ = True
        with self.log.action("switch to new window", page_class.__name__):
            opened = popups.new_window(
                self.driver, opened_by, self.timeout, close=close, closes_itself=closes_itself
            )
            opened.__enter__()
            try:
                page = self._sibling(page_class)
                page._loaded(None)
            except BaseException:
                opened.__exit__(None, None, None)
                raise
        try:
            yield page
        except BaseException as exc:
            with self.log.action("switch back from window", page_class.__name__):
                opened.__exit__(type(exc), exc, exc.__traceback__)
            raise
        with self.log.action("switch back from window", page_class.__name__):
            opened.__exit__(None, None, None)

    @contextlib.contextmanager
    def frame(self, locator: LocatorLike) -> Iterator[None]:
        """Act inside the ``<iframe>`` at ``locator``: ``with page.frame(loc): page.click(...)``.

        The settle checks see overlays, busy widgets and AJAX of every same-origin frame,
        from inside or outside of it.
        """
        __tracebackhide__ = True
        with self.log.action("enter frame", repr(locator)):
            element: WebElement = self._settled(locator, "visible")["element"]
            self.driver.switch_to.frame(element)
            inside = self._condition(DOCUMENT_TOKEN, "present")
            waits.settle(self.driver, inside, inside, self.timeout)
        try:
            yield
        finally:
            with self.log.action("leave frame", repr(locator)):
                self.driver.switch_to.parent_frame()

    def accept_dialog(self, prompt: str | None = None) -> str:
        """Wait for an ``alert``/``confirm``/``prompt``, type ``prompt`` into a prompt,
        accept it, and return its message."""
        __tracebackhide__ = True
        with self.log.action("accept dialog", "" if prompt is None else f"answering {prompt!r}"):
            return dialogs.answer_dialog(self.driver, True, prompt, self.timeout)

    def dismiss_dialog(self) -> str:
        """Wait for a dialog, dismiss it (Cancel), and return its message."""
        __tracebackhide__ = True
        with self.log.action("dismiss dialog", ""):
            return dialogs.answer_dialog(self.driver, False, None, self.timeout)

    def download(self, started_by: Callable[[], object]) -> Path:
        """Run ``started_by`` (an action that downloads a file), wait until the file is
        complete, and return its path in this test's download folder."""
        __tracebackhide__ = True
        if self.downloads is None:
            raise ValueError(
                "This page object has no download folder: build it with the page fixture "
                "(one folder per test) or pass downloads=Path(...)"
            )
        return self.download_all(started_by, count=1)[0]

    def download_all(self, started_by: Callable[[], object], count: int) -> list[Path]:
        """As :meth:`download`, for an action that downloads ``count`` files at once;
        their paths, sorted by name."""
        __tracebackhide__ = True
        if self.downloads is None:
            raise ValueError(
                "This page object has no download folder: build it with the page fixture "
                "(one folder per test) or pass downloads=Path(...)"
            )
        with self.log.action("download", f"into {self.downloads}"):
            return downloads.wait_for_downloads(
                self.driver, self.downloads, started_by, count, self.timeout
            )
