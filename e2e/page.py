"""``BasePage``: what every page object inherits."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar
from urllib.parse import urljoin

from selenium.common.exceptions import (
    ElementClickInterceptedException,
    ElementNotInteractableException,
    StaleElementReferenceException,
)
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.select import Select

from e2e import uploads, waits
from e2e.actions import ActionLog
from e2e.expect import Expect
from e2e.locators import GeneralLocators, Locator
from e2e.text import force_empty

__all__ = ["BasePage", "BasePageElement"]

P = TypeVar("P", bound="BasePage")
T = TypeVar("T")

#: What an action may hit between finding its element and acting on it: try again.
_RETRY = (
    ElementClickInterceptedException,
    ElementNotInteractableException,
    StaleElementReferenceException,
)


class _Acted(Generic[T]):
    """A condition: the page settled, the element ready, and the action went through.

    Each call is one in-browser wait (settle + find + actionability checks, returning
    the element) and then the action; an action the browser refuses is tried again.
    """

    def __init__(
        self,
        page: BasePage,
        locator: Locator,
        need: str,
        act: Callable[[WebElement, dict[str, Any]], T],
        prepare: str | None = None,
    ) -> None:
        self.act = act
        self.check = waits.PageSettled(
            (*page.overlays, *page.busy),
            network=True,
            timeout=page.timeout,
            target=locator,
            need=need,
            prepare=prepare,
        )
        self.description = self.check.description
        self._refused = ""

    def __call__(self, driver: WebDriver) -> tuple[T] | None:
        __tracebackhide__ = True
        state = self.check(driver)
        if not state:
            return None
        try:
            return (self.act(state["target"]["element"], state["target"]),)
        except _RETRY as exc:
            self._refused = (exc.msg or type(exc).__name__).splitlines()[0]
            return None

    def last_seen(self) -> str:
        seen = self.check.last_seen()
        return (
            f"{seen}; the browser last refused the action: {self._refused}"
            if (self._refused)
            else seen
        )


class BasePage:
    """Base class of page objects.

    A subclass names its ``path`` (relative to the base URL) and offers what a user
    does on the page, in the application's words. Every action first waits for the
    page to settle: no overlay, no busy widget, no AJAX in flight.
    """

    #: Where the page lives, relative to the base URL.
    path: str = ""
    #: Something displayed once this page has loaded; ``open`` and ``to`` wait for it.
    ready: Locator | None = None

    def __init__(
        self,
        driver: WebDriver,
        base_url: str = "",
        *,
        timeout: float = waits.DEFAULT_TIMEOUT,
        overlays: Sequence[Locator] = (GeneralLocators.blockUI,),
        busy: Sequence[Locator] = (GeneralLocators.busy,),
        log: ActionLog | None = None,
    ) -> None:
        self.driver = driver
        self.base_url = base_url
        self.timeout = timeout
        self.overlays = tuple(overlays)
        self.busy = tuple(busy)
        self.log = log if log is not None else ActionLog()

    # -- navigation -----------------------------------------------------------
    def url(self, path: str | None = None) -> str:
        return urljoin(self.base_url.rstrip("/") + "/", (path or self.path).lstrip("/"))

    def open(self: P, path: str | None = None) -> P:
        """Load this page (or ``path``) and wait for it to settle; returns ``self``."""
        __tracebackhide__ = True
        target = self.url(path)
        with self.log.action("open", target):
            self.driver.get(target)
            self.wait_loaded()
        return self

    def wait_loaded(self: P) -> P:
        """Wait for a settled page showing the ``ready`` element (if the class names one)."""
        __tracebackhide__ = True
        if self.ready is not None:
            self._settled(self.ready, "visible")
        else:
            self.wait_until_settled()
        return self

    def to(self, page_class: type[P]) -> P:
        """The page object for where the browser is going, once it has loaded there."""
        __tracebackhide__ = True
        page = page_class(
            self.driver,
            self.base_url,
            timeout=self.timeout,
            overlays=self.overlays,
            busy=self.busy,
            log=self.log,
        )
        return page.wait_loaded()

    # -- finding (each waits for a settled page first) ---------------------------
    def _settled(self, locator: Locator, need: str, prepare: str | None = None) -> Any:
        """One in-browser wait: settled page, and ``locator`` as ``need`` says."""
        __tracebackhide__ = True
        state = waits._wait_for_page(
            self.driver, (*self.overlays, *self.busy), True, self.timeout, locator, need, prepare
        )
        return state["target"]

    def find(self, locator: Locator, *, visible: bool = True) -> WebElement:
        """The first match (displayed, unless ``visible=False``) once the page has settled."""
        __tracebackhide__ = True
        element: WebElement = self._settled(locator, "visible" if visible else "present")["element"]
        return element

    def find_all(self, locator: Locator) -> list[WebElement]:
        """Every match once the page has settled (an empty list when none)."""
        __tracebackhide__ = True
        elements: list[WebElement] = self._settled(locator, "all")["elements"]
        return elements

    def text_of(self, locator: Locator) -> str:
        """The visible text of the first displayed match, once the page has settled."""
        __tracebackhide__ = True
        return self.find(locator).text

    def is_displayed(self, locator: Locator) -> bool:
        """True if any match is displayed once the page has settled (no wait for it)."""
        __tracebackhide__ = True
        return bool(self._settled(locator, "all")["shown"])

    def expect(self, locator: Locator, seconds: float | None = None) -> Expect:
        """Assertions that wait: ``page.expect(loc).to_have_text("Saved")``."""
        return Expect(self.driver, locator, seconds or self.timeout, self.log)

    # -- acting (each waits for a settled page and an actionable element) ---------
    def _act(
        self,
        locator: Locator,
        need: str,
        act: Callable[[WebElement, dict[str, Any]], T],
        prepare: str | None = None,
    ) -> T:
        __tracebackhide__ = True
        acted: _Acted[T] = _Acted(self, locator, need, act, prepare)
        done = waits.wait_until(self.driver, acted, self.timeout, poll=waits._NO_POLL)
        assert done is not None, "wait_until returns only a truthy value"
        return done[0]

    def click(self, locator: Locator) -> None:
        """Click once the page has settled and nothing covers the element; retry if refused."""
        __tracebackhide__ = True
        with self.log.action("click", repr(locator)):
            self._act(locator, "click", lambda el, _: el.click())

    def type(self, locator: Locator, text: str, *, secret: bool = False) -> None:
        """Replace the field's content with ``text`` (``secret=True`` keeps it out of logs).

        Waits for a settled page and an editable field, selects its content in the page
        and types over it, so the page hears every key as a person's typing.
        """
        __tracebackhide__ = True
        shown = "••••••" if secret else repr(text)

        def typed(element: WebElement, found: dict[str, Any]) -> None:
            if text:
                element.send_keys(text)  # replaces the selection
            elif found.get("hadValue"):
                element.send_keys(Keys.BACKSPACE)

        with self.log.action("type", f"{shown} into {locator!r}", secret=text if secret else None):
            self._act(locator, "edit", typed, prepare="select")

    def send_keys_to_element(self, locator: Locator, keys: str) -> None:
        """Send keys as they are (no clearing), e.g. ``Keys.ENTER``."""
        __tracebackhide__ = True
        with self.log.action("send keys", f"to {locator!r}"):
            self._act(locator, "enabled", lambda el, _: el.send_keys(keys))

    def clear_textarea(self, locator: Locator) -> None:
        """Empty a textarea or input so that the page sees an ``input`` event."""
        __tracebackhide__ = True

        def emptied(element: WebElement, found: dict[str, Any]) -> None:
            if found.get("hadValue"):
                element.send_keys(Keys.BACKSPACE)
                force_empty(self.driver, element)

        with self.log.action("clear", repr(locator)):
            self._act(locator, "edit", emptied, prepare="select")

    def select(self, locator: Locator, visible_text: str) -> None:
        """Choose an ``<option>`` of a ``<select>`` by its visible text."""
        __tracebackhide__ = True
        with self.log.action("select", f"{visible_text!r} in {locator!r}"):
            self._act(
                locator, "enabled", lambda el, _: Select(el).select_by_visible_text(visible_text)
            )

    def upload_file(self, locator: Locator, path: str | os.PathLike[str]) -> None:
        """Send a file to a file input, hidden or not."""
        __tracebackhide__ = True
        uploads._existing_file(path)
        with self.log.action("upload", f"{os.fspath(path)!r} to {locator!r}"):
            uploads.upload_file(self.driver, self.find(locator, visible=False), path)

    def add_dropzone_attachment(
        self, locator: Locator, path: str | os.PathLike[str]
    ) -> uploads.DropzoneUpload:
        """Attach a file to the Dropzone at ``locator``; wait until it is uploaded or refused."""
        __tracebackhide__ = True
        uploads._existing_file(path)
        with self.log.action("attach", f"{os.fspath(path)!r} to {locator!r}"):
            zone = self.find(locator)
            return uploads.add_dropzone_attachment(self.driver, zone, path, self.timeout)

    # -- waiting -------------------------------------------------------------------
    def wait_for_blockui_to_close(self, seconds: float | None = None) -> None:
        __tracebackhide__ = True
        waits.wait_for_blockui_to_close(self.driver, seconds or self.timeout, self.overlays)

    def wait_until_not_busy(self, seconds: float | None = None) -> None:
        __tracebackhide__ = True
        waits.wait_until_not_busy(self.driver, seconds or self.timeout, self.busy)

    def wait_until_settled(self, seconds: float | None = None) -> None:
        __tracebackhide__ = True
        waits.wait_until_settled(self.driver, seconds or self.timeout, self.overlays, self.busy)

    def wait_for(self, locator: Locator, seconds: float | None = None) -> WebElement:
        """Wait until ``locator`` is displayed and return it (the page need not settle)."""
        __tracebackhide__ = True
        state = waits._wait_for_page(
            self.driver, (), False, seconds or self.timeout, locator, "visible"
        )
        element: WebElement = state["target"]["element"]
        return element

    def wait_for_text(self, locator: Locator, text: str, seconds: float | None = None) -> None:
        """Wait until ``locator``'s first match contains ``text``."""
        __tracebackhide__ = True
        Expect(self.driver, locator, seconds or self.timeout, self.log).to_contain_text(text)


#: The name the helpers' first users know.
BasePageElement = BasePage
