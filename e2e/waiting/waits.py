"""Waiting for a page to settle: overlays, busy widgets and AJAX.

Every wait here is a *condition* (a callable with a ``description`` and a
``last_seen`` report) driven by one loop, :func:`wait_until`, which is Selenium's
own ``WebDriverWait``. The page conditions look at every match of every locator in
one browser round trip and, between checks, wait inside the browser on a
``MutationObserver`` and the end of each request, so they return within
milliseconds of the last overlay going away instead of on the next poll; the
in-browser slices follow each other with no pause in between.

None of these functions touches the driver's implicit wait or script timeout.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Protocol, TypeVar

from selenium.common.exceptions import (
    JavascriptException,
    NoSuchWindowException,
    StaleElementReferenceException,
    TimeoutException,
    WebDriverException,
)
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.wait import WebDriverWait

from e2e.locators import GeneralLocators, Locator, LocatorLike
from e2e.waiting.settle import (
    DEFAULT_BACKGROUND,
    DEFAULT_TIMEOUT,
    NEEDS,
    PageSettled,
)

__all__ = [
    "DEFAULT_BACKGROUND",
    "DEFAULT_TIMEOUT",
    "NEEDS",
    "Condition",
    "PageSettled",
    "any_elements_displayed",
    "wait_for_ajax",
    "wait_for_blockui_to_close",
    "wait_for_element",
    "wait_until",
    "wait_until_not_busy",
    "wait_until_settled",
]


#: Pause between two checks of a condition that cannot wait in the browser.
_POLL_SECONDS = 0.05
#: The pause between two in-browser slices: none to speak of. (``WebDriverWait`` turns a
#: poll of 0 into its 0.5 s default, so "no pause" has to be a tiny positive number.)
_NO_POLL = 1e-6


T = TypeVar("T")


T_co = TypeVar("T_co", covariant=True)


class Condition(Protocol[T_co]):
    """What :func:`wait_until` waits for: falsy until it holds."""

    description: str

    def __call__(self, driver: WebDriver) -> T_co: ...

    def last_seen(self) -> str:
        """What the page showed at the last check, for the timeout message."""
        ...


def wait_until(
    driver: WebDriver,
    condition: Condition[T] | Callable[[WebDriver], T],
    timeout: float = DEFAULT_TIMEOUT,
    *,
    poll: float = _POLL_SECONDS,
    ignored: Sequence[type[Exception]] = (StaleElementReferenceException,),
) -> T:
    """Call ``condition(driver)`` until it returns something truthy; return that.

    Raises Selenium's ``TimeoutException`` with a message saying what was awaited,
    for how long, and what was last seen. ``poll`` is the pause between two calls; a
    condition that waits in the browser itself wants ``poll`` near zero.
    """
    __tracebackhide__ = True
    started = time.monotonic()
    waiter = WebDriverWait(
        driver, timeout, poll_frequency=max(poll, _NO_POLL), ignored_exceptions=ignored
    )
    try:
        return waiter.until(condition)
    except TimeoutException:
        waited = time.monotonic() - started
        description = getattr(condition, "description", None) or repr(condition)
        seen = condition.last_seen() if hasattr(condition, "last_seen") else ""
        message = (
            f"Timed out after {waited:.1f} s (timeout {timeout:g} s) waiting for {description}"
        )
        # ``from None``: the report opens on this sentence, not on WebDriverWait's frames.
        raise TimeoutException(f"{message}: {seen}" if seen else message) from None


def _wait_for_page(
    driver: WebDriver,
    locators: Sequence[Locator],
    network: bool,
    timeout: float,
    target: LocatorLike | None = None,
    need: str = "visible",
    prepare: str | None = None,
    not_document: str | None = None,
    read: str | None = None,
    on_wait: Callable[[str, float], None] | None = None,
    ready_when: str | None = None,
    quiet: float = 0.0,
    ignore_requests: Sequence[str] = (),
) -> dict[str, Any]:
    __tracebackhide__ = True
    condition = PageSettled(
        locators,
        network=network,
        timeout=timeout,
        target=target,
        need=need,
        prepare=prepare,
        not_document=not_document,
        read=read,
        ready_when=ready_when,
        quiet=quiet,
        ignore_requests=ignore_requests,
    )
    return settle(driver, condition, condition, timeout, on_wait)


#: What Chromium's driver says, in place of a stale element, when a navigation replaced
#: the document under a command (an "unhandled inspector error" with a C++ stack).
_NAVIGATED_AWAY = (
    "does not belong to the document",
    "cannot find context with specified id",
    "execution context was destroyed",
    "inspected target navigated or closed",
    "callback was not called before the unload event",  # WebKitWebDriver
)


def navigated_away(exc: BaseException) -> bool:
    """Whether ``exc`` says the page navigated under the command: look again."""
    text = (getattr(exc, "msg", None) or str(exc)).lower()
    return isinstance(exc, WebDriverException) and any(m in text for m in _NAVIGATED_AWAY)


class _LookAgainOnNavigation:
    """``condition``, with a driver error that means "the document was replaced under
    this command" turned into a stale element, which the waiting loop looks past."""

    def __init__(self, condition: Callable[[WebDriver], Any]) -> None:
        self.condition = condition
        self.description = getattr(condition, "description", None) or repr(condition)

    def __call__(self, driver: WebDriver) -> Any:
        __tracebackhide__ = True
        try:
            return self.condition(driver)
        except WebDriverException as exc:
            if isinstance(exc, StaleElementReferenceException) or not navigated_away(exc):
                raise
            first = (exc.msg or "").splitlines()[0][:200]
            raise StaleElementReferenceException(f"the page navigated: {first}") from None

    def last_seen(self) -> str:
        seen = getattr(self.condition, "last_seen", None)
        return str(seen()) if callable(seen) else ""


def settle(
    driver: WebDriver,
    condition: Callable[[WebDriver], T],
    settled: PageSettled,
    timeout: float,
    on_wait: Callable[[str, float], None] | None = None,
) -> T:
    """The loop of every in-browser wait: ``condition`` is ``settled`` itself or an
    action built on it. Slices follow back to back (the browser waits between checks);
    a navigation in the middle of a slice aborts its script, so it looks again. What
    the page first waited for is passed to ``on_wait`` with the seconds it took."""
    __tracebackhide__ = True
    state: T = wait_until(
        driver,
        _LookAgainOnNavigation(condition),
        timeout,
        poll=_NO_POLL,
        ignored=(StaleElementReferenceException, JavascriptException),
    )
    if on_wait is not None and settled.first_blockers:
        on_wait(settled.first_blockers, time.monotonic() - settled.started)
    return state


def wait_for_element(
    driver: WebDriver,
    locator: Locator,
    need: str = "visible",
    timeout: float = DEFAULT_TIMEOUT,
    overlays: Sequence[Locator] = (GeneralLocators.blockUI,),
    busy: Sequence[Locator] = (GeneralLocators.busy,),
) -> WebElement:
    """Wait for a settled page and for ``locator`` to be ``need``; return the element.

    ``need`` is one of :data:`NEEDS`: ``present``, ``visible``, ``enabled``, ``click``
    (displayed, enabled, not animating, and the element itself at its centre point) or
    ``edit`` (a writable text field). One browser round trip per in-browser slice.
    """
    __tracebackhide__ = True
    state = _wait_for_page(driver, (*overlays, *busy), True, timeout, locator, need)
    element: WebElement = state["target"]["element"]
    return element


def wait_for_blockui_to_close(
    driver: WebDriver,
    timeout: float = DEFAULT_TIMEOUT,
    locators: Sequence[Locator] = (GeneralLocators.blockUI,),
) -> None:
    """Wait until no BlockUI overlay (page-level or element-level) is displayed."""
    __tracebackhide__ = True
    _wait_for_page(driver, locators, False, timeout)


def wait_until_not_busy(
    driver: WebDriver,
    timeout: float = DEFAULT_TIMEOUT,
    locators: Sequence[Locator] = (GeneralLocators.busy,),
) -> None:
    """Wait until no busy indicator is displayed."""
    __tracebackhide__ = True
    _wait_for_page(driver, locators, False, timeout)


def wait_for_ajax(
    driver: WebDriver, timeout: float = DEFAULT_TIMEOUT, ignore_requests: Sequence[str] = ()
) -> None:
    """Wait until jQuery has no active request and no XHR/fetch is in flight, but for
    those matching ``ignore_requests`` (URL globs), streams, polls and old background
    requests (docs/library.md, "Which requests a page waits for").

    Requests are counted from the first call on a page (that call instruments
    ``XMLHttpRequest`` and ``fetch``); jQuery's own counter covers earlier ones.
    """
    __tracebackhide__ = True
    _wait_for_page(driver, (), True, timeout, ignore_requests=ignore_requests)


def wait_until_settled(
    driver: WebDriver,
    timeout: float = DEFAULT_TIMEOUT,
    overlays: Sequence[Locator] = (GeneralLocators.blockUI,),
    busy: Sequence[Locator] = (GeneralLocators.busy,),
    ignore_requests: Sequence[str] = (),
) -> None:
    """All of the above at once: no overlay, no busy widget, no AJAX in flight (but for
    ``ignore_requests``, as :func:`wait_for_ajax` says)."""
    __tracebackhide__ = True
    _wait_for_page(driver, (*overlays, *busy), True, timeout, ignore_requests=ignore_requests)


def any_elements_displayed(elements: Iterable[WebElement]) -> bool:
    """True if any element is displayed; elements gone stale count as not displayed."""
    for element in elements:
        try:
            if element.is_displayed():
                return True
        except (StaleElementReferenceException, NoSuchWindowException):
            continue
    return False
