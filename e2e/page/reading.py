"""Reading what a page shows, once it has settled: text, values, attributes, states."""

from __future__ import annotations

from selenium.webdriver.remote.webelement import WebElement

from e2e.locators import LocatorLike
from e2e.page.core import PageCore


class Reading(PageCore):
    """Reads that wait for a settled page."""

    def find(self, locator: LocatorLike, *, visible: bool = True) -> WebElement:
        """The first match (displayed, unless ``visible=False``) once the page has settled."""
        __tracebackhide__ = True
        with self.log.action("find", repr(locator)):
            found = self._settled(locator, "visible" if visible else "present")
        element: WebElement = found["element"]
        return element

    def find_all(self, locator: LocatorLike) -> list[WebElement]:
        """Every match once the page has settled (an empty list when none)."""
        __tracebackhide__ = True
        with self.log.action("find all", repr(locator)):
            elements: list[WebElement] = self._settled(locator, "all")["elements"]
        return elements

    def text_of(self, locator: LocatorLike) -> str:
        """The visible text of the first displayed match, once the page has settled: read
        in the page, as ``expect(...).to_have_text`` reads it, on every engine."""
        __tracebackhide__ = True
        with self.log.action("read text", repr(locator)):
            text: str = self._settled(locator, "visible", read="text")["read"]
        return text

    def texts_of(self, locator: LocatorLike) -> list[str]:
        """The visible text of every match (``''`` for a hidden one), in one round trip."""
        __tracebackhide__ = True
        with self.log.action("read texts", repr(locator)):
            texts: list[str] = self._settled(locator, "all", read="texts")["read"]
        return texts

    def text_content_of(self, locator: LocatorLike) -> str:
        """The text of the first match *including hidden parts* (a collapsed section,
        whose ``.text`` is ``''``), whitespace folded."""
        __tracebackhide__ = True
        with self.log.action("read text content", repr(locator)):
            text: str = self._settled(locator, "present", read="textContent")["read"]
        return text

    def value_of(self, locator: LocatorLike) -> str:
        """A form field's current value (what the user typed, not the attribute)."""
        __tracebackhide__ = True
        with self.log.action("read value", repr(locator)):
            value: str = self._settled(locator, "present", read="value")["read"]
        return value

    def selected_option(self, locator: LocatorLike) -> str:
        """The visible text of a ``<select>``'s selected option (``''`` for none)."""
        __tracebackhide__ = True
        with self.log.action("read selected option", repr(locator)):
            chosen: list[str] = self._settled(locator, "present", read="selected")["read"]
        return chosen[0] if chosen else ""

    def attribute_of(self, locator: LocatorLike, name: str) -> str | None:
        """The attribute ``name`` of the first match (``None`` when it has none), once the
        page has settled: ``page.attribute_of(BODY, "data-jp-theme-name")``."""
        __tracebackhide__ = True
        if not name:
            raise ValueError("attribute_of needs an attribute name, e.g. 'data-state'")
        with self.log.action("read attribute", f"{name} of {locator!r}"):
            value: str | None = self._settled(locator, "present", read="attribute", attribute=name)[
                "read"
            ]
        return value

    def is_checked(self, locator: LocatorLike) -> bool:
        """Whether a checkbox or radio button is checked."""
        __tracebackhide__ = True
        with self.log.action("read checked", repr(locator)):
            return bool(self._settled(locator, "present", read="checked")["read"])

    def is_displayed(self, locator: LocatorLike) -> bool:
        """True if any match is displayed once the page has settled (no wait for it)."""
        __tracebackhide__ = True
        with self.log.action("is displayed", repr(locator)):
            return bool(self._settled(locator, "all")["shown"])
