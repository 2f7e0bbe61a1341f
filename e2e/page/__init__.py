"""``BasePage``: what every page object inherits.

Its methods live in modules by concept, each readable alone: ``core`` (state and the
settle check), ``navigation``, ``reading``, ``acting``, ``files`` and ``windows``.
"""

from __future__ import annotations

from typing import Protocol, TypeVar

from e2e.page.acting import Acting
from e2e.page.files import Files
from e2e.page.navigation import Navigation
from e2e.page.reading import Reading
from e2e.page.windows import Windows

__all__ = ["BasePage", "BasePageElement", "PageFactory"]


class BasePage(Navigation, Acting, Reading, Files, Windows):
    """Base class of page objects.

    A subclass names its ``path`` (relative to the base URL) and offers what a user
    does on the page, in the application's words. Every action and every read first
    waits for the page to settle (no overlay, no busy widget, no AJAX in flight, in the
    page and its same-origin frames) and for its element to be ready.

    ``overlays`` and ``busy`` name the application's overlays and busy indicators; set
    them as class attributes on the application's base page, pass them to the
    constructor, or set them for a whole run (``--overlay-locator``, ``--busy-locator``).
    """


#: The name the helpers' first users know.
BasePageElement = BasePage

P = TypeVar("P", bound=BasePage)


class PageFactory(Protocol):
    """The ``page`` fixture's type: ``page(LoginPage)`` is a ``LoginPage`` wired to the
    test's browser, for a typed test: ``def test_login(page: PageFactory) -> None``."""

    def __call__(self, page_class: type[P], /) -> P: ...
