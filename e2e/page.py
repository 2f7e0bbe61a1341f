"""``BasePage``: what every page object inherits."""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from typing import TypeVar
from urllib.parse import urljoin

from selenium.common.exceptions import (
    ElementClickInterceptedException,
    ElementNotInteractableException,
    NoSuchElementException,
    StaleElementReferenceException,
    TimeoutException,
)
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.select import Select

from e2e import uploads, waits
from e2e.actions import ActionLog
from e2e.locators import GeneralLocators, Locator
from e2e.text import clear_text

__all__ = ["BasePage", "BasePageElement"]

P = TypeVar("P", bound="BasePage")

_SCROLL_INTO_VIEW = "arguments[0].scrollIntoView({block: 'center', inline: 'center'});"


class _Found:
    def __init__(self, locator: Locator, visible: bool) -> None:
        self.locator, self.visible = locator, visible
        self.description = f"{locator!r} to be {'displayed' if visible else 'present'}"
        self._count = 0

    def __call__(self, driver: WebDriver) -> WebElement | None:
        elements = driver.find_elements(*self.locator)
        self._count = len(elements)
        for element in elements:
            if not self.visible or element.is_displayed():
                return element
        return None

    def last_seen(self) -> str:
        if not self._count:
            return "no element matches"
        return f"{self._count} match(es), none displayed"


def _element(found: WebElement | None) -> WebElement:
    assert found is not None, "wait_until returns only a truthy value"
    return found


class _Clicked:
    """Clicks once the element can take it; retries while something covers it."""

    def __init__(self, page: BasePage, locator: Locator) -> None:
        self.page, self.locator = page, locator
        self._deadline = time.monotonic() + page.timeout
        self.description = f"a click on {locator!r} to land"
        self._last = "the element never became clickable"

    def __call__(self, driver: WebDriver) -> bool:
        try:
            left = max(0.05, self._deadline - time.monotonic())
            waits.wait_until_settled(driver, left, self.page.overlays, self.page.busy)
            element = driver.find_element(*self.locator)
            driver.execute_script(_SCROLL_INTO_VIEW, element)
            element.click()
            return True
        except (
            ElementClickInterceptedException,
            ElementNotInteractableException,
            NoSuchElementException,
            StaleElementReferenceException,
            TimeoutException,
        ) as exc:
            self._last = (exc.msg or type(exc).__name__).splitlines()[0]
            return False

    def last_seen(self) -> str:
        return self._last


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
        target = self.url(path)
        with self.log.action("open", target):
            self.driver.get(target)
            self.wait_loaded()
        return self

    def wait_loaded(self: P) -> P:
        """Wait for the ``ready`` element (if the class names one) and a settled page."""
        if self.ready is not None:
            self.wait_for(self.ready)
        self.wait_until_settled()
        return self

    def to(self, page_class: type[P]) -> P:
        """The page object for where the browser is going, once it has loaded there."""
        page = page_class(
            self.driver,
            self.base_url,
            timeout=self.timeout,
            overlays=self.overlays,
            busy=self.busy,
            log=self.log,
        )
        return page.wait_loaded()

    # -- finding ----------------------------------------------------------------
    def find(self, locator: Locator, *, visible: bool = True) -> WebElement:
        """The first matching element, waiting up to the timeout for it to be displayed."""
        return _element(waits.wait_until(self.driver, _Found(locator, visible), self.timeout))

    def find_all(self, locator: Locator) -> list[WebElement]:
        """Every matching element now (no wait; an empty list when none)."""
        return self.driver.find_elements(*locator)

    def text_of(self, locator: Locator) -> str:
        return self.find(locator).text

    def is_displayed(self, locator: Locator) -> bool:
        """True if any match is displayed now (no wait)."""
        return waits.any_elements_displayed(self.find_all(locator))

    # -- acting -------------------------------------------------------------------
    def click(self, locator: Locator) -> None:
        """Click once the page has settled; retry while another element covers it."""
        with self.log.action("click", repr(locator)):
            waits.wait_until(self.driver, _Clicked(self, locator), self.timeout, poll=0.05)

    def type(self, locator: Locator, text: str, *, secret: bool = False) -> None:
        """Empty the field, then type ``text`` (``secret=True`` keeps it out of logs)."""
        shown = "••••••" if secret else repr(text)
        with self.log.action("type", f"{shown} into {locator!r}", secret=text if secret else None):
            element = self.find(locator)
            clear_text(self.driver, element)
            element.send_keys(text)

    def send_keys_to_element(self, locator: Locator, keys: str) -> None:
        """Send keys as they are (no clearing), e.g. ``Keys.ENTER``."""
        with self.log.action("send keys", f"to {locator!r}"):
            self.find(locator).send_keys(keys)

    def clear_textarea(self, locator: Locator) -> None:
        """Empty a textarea or input so that the page sees an ``input`` event."""
        with self.log.action("clear", repr(locator)):
            clear_text(self.driver, self.find(locator))

    def select(self, locator: Locator, visible_text: str) -> None:
        """Choose an ``<option>`` of a ``<select>`` by its visible text."""
        with self.log.action("select", f"{visible_text!r} in {locator!r}"):
            Select(self.find(locator)).select_by_visible_text(visible_text)

    def upload_file(self, locator: Locator, path: str | os.PathLike[str]) -> None:
        """Send a file to a file input, hidden or not."""
        uploads._existing_file(path)
        with self.log.action("upload", f"{os.fspath(path)!r} to {locator!r}"):
            uploads.upload_file(self.driver, self.find(locator, visible=False), path)

    def add_dropzone_attachment(
        self, locator: Locator, path: str | os.PathLike[str]
    ) -> uploads.DropzoneUpload:
        """Attach a file to the Dropzone at ``locator``; wait until it is uploaded or refused."""
        uploads._existing_file(path)
        with self.log.action("attach", f"{os.fspath(path)!r} to {locator!r}"):
            zone = self.find(locator)
            return uploads.add_dropzone_attachment(self.driver, zone, path, self.timeout)

    # -- waiting -------------------------------------------------------------------
    def wait_for_blockui_to_close(self, seconds: float | None = None) -> None:
        waits.wait_for_blockui_to_close(self.driver, seconds or self.timeout, self.overlays)

    def wait_until_not_busy(self, seconds: float | None = None) -> None:
        waits.wait_until_not_busy(self.driver, seconds or self.timeout, self.busy)

    def wait_until_settled(self, seconds: float | None = None) -> None:
        waits.wait_until_settled(self.driver, seconds or self.timeout, self.overlays, self.busy)

    def wait_for(self, locator: Locator, seconds: float | None = None) -> WebElement:
        """Wait until ``locator`` is displayed and return it."""
        found = waits.wait_until(self.driver, _Found(locator, True), seconds or self.timeout)
        return _element(found)

    def wait_for_text(self, locator: Locator, text: str, seconds: float | None = None) -> None:
        """Wait until ``locator``'s text contains ``text``."""
        try:
            waits.wait_until(
                self.driver,
                ec.text_to_be_present_in_element(locator, text),
                seconds or self.timeout,
            )
        except TimeoutException as exc:
            found = [e.text for e in self.find_all(locator)][:3]
            raise TimeoutException(
                f"Timed out after {seconds or self.timeout:g} s waiting for {locator!r} "
                f"to contain {text!r}; it shows {found!r}"
            ) from exc


#: The name the helpers' first users know.
BasePageElement = BasePage
