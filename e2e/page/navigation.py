"""Opening a page and moving between documents: ``open``, ``to`` (the next page object,
after a navigation), ``back``, ``forward``, ``refresh``."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar, overload

from e2e.base.masking import credentials_in, known_secrets
from e2e.browser.load_errors import navigating
from e2e.page import dialogs
from e2e.page.core import P, PageCore, Q
from e2e.waiting import waits

N = TypeVar("N", bound="Navigation")


class Navigation(PageCore):
    """Opening pages and following navigations."""

    def open(self: P, path: str | None = None, **values: object) -> P:
        """Load this page (or ``path``) and wait for it to settle; returns ``self``. A
        ``path`` with placeholders takes their values: ``page(ProjectPage).open(
        project_id=3)`` for ``path = "/projects/{project_id}"``."""
        __tracebackhide__ = True
        target = self.url(path, **values)
        # A credential in the address (?token=, user:password@) is kept out of every
        # report and file of this browser, as a declared secret is.
        learnt = credentials_in((), target)
        known_secrets(self.driver).update(learnt)
        self.log.secrets.update(learnt)
        with self.log.action("open", target):
            with navigating(self.driver, target):
                self.driver.get(target)
            self._loaded(None)
        return self

    def wait_loaded(self: P) -> P:
        """Wait for a settled page showing the ``ready`` element (if the class names one)."""
        __tracebackhide__ = True
        self._loaded(None)
        return self

    def to(self, page_class: type[Q], *, new_document: bool | None = None) -> Q:
        """The page object for where the last action took the browser, once it is there.

        After an action on this page, it waits for a *new document* (the navigation the
        action started, a post-back to the same URL, a redirect), then for ``ready`` and
        a settled page: it never hands back a page bound to the old document. Pass
        ``new_document=False`` (or set ``same_document = True`` on the class) for a page
        reached without loading a document.
        """
        __tracebackhide__ = True
        page = self._sibling(page_class)
        wait_new = new_document if new_document is not None else not page_class.same_document
        old = self._acted_document if wait_new else None
        with self.log.action("to", page_class.__name__):
            page._loaded(old)
        return page

    @overload
    def back(self: N, page_class: None = None) -> N: ...

    @overload
    def back(self, page_class: type[Q]) -> Q: ...

    def back(self, page_class: type[Q] | None = None) -> Q | PageCore:
        """Go back in history; the page object (``page_class``, or this class) once there."""
        __tracebackhide__ = True
        return self._history("back", self.driver.back, page_class)

    @overload
    def forward(self: N, page_class: None = None) -> N: ...

    @overload
    def forward(self, page_class: type[Q]) -> Q: ...

    def forward(self, page_class: type[Q] | None = None) -> Q | PageCore:
        """Go forward in history; the page object once there."""
        __tracebackhide__ = True
        return self._history("forward", self.driver.forward, page_class)

    def refresh(self: N) -> N:
        """Reload the page and wait until the new document has loaded and settled.

        A page that was the answer to a form's POST is posted again, on every engine:
        Chromium and WebKit do so under WebDriver, and Firefox's "send the information
        again?" prompt is accepted."""
        __tracebackhide__ = True
        page = self._history("refresh", lambda: dialogs.reload(self.driver), type(self))
        assert isinstance(page, type(self))
        return page

    def _history(
        self, name: str, go: Callable[[], None], page_class: type[Q] | None
    ) -> Q | PageCore:
        __tracebackhide__ = True
        page = self._sibling(page_class or type(self))
        with self.log.action(name, (page_class or type(self)).__name__):
            # Like every action: not while a save is in flight (a reload would cancel it).
            settled = self._condition(None, "visible")
            waits.settle(self.driver, settled, settled, self.timeout, self.log.waited)
            with navigating(self.driver):
                go()
            page._loaded(self._seen_document)
        return page
