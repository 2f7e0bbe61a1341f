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
from functools import cache
from importlib import resources
from typing import Any, Protocol, TypeVar

from selenium.common.exceptions import (
    InvalidElementStateException,
    InvalidSelectorException,
    JavascriptException,
    NoSuchWindowException,
    StaleElementReferenceException,
    TimeoutException,
    WebDriverException,
)
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.wait import WebDriverWait

from e2e.locators import GeneralLocators, Locator

__all__ = [
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

DEFAULT_TIMEOUT = 5.0
#: How long one in-browser wait may last before Python looks again.
_SLICE_SECONDS = 1.0
#: Pause between two checks of a condition that cannot wait in the browser.
_POLL_SECONDS = 0.05
#: The pause between two in-browser slices: none to speak of. (``WebDriverWait`` turns a
#: poll of 0 into its 0.5 s default, so "no pause" has to be a tiny positive number.)
_NO_POLL = 1e-6
#: What a target element must be before :class:`PageSettled` hands it over.
#: ``click``: displayed, enabled, not animating, and itself at its centre point (nothing
#: covers it); ``edit``: a displayed, enabled, writable text field or contenteditable.
NEEDS = {
    "present": "present",
    "visible": "displayed",
    "enabled": "displayed and enabled",
    "click": "clickable",
    "edit": "editable",
    "fill": "an editable field or editor",
    "all": "looked up",
}

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


class PageSettled:
    """No element of ``locators`` displayed and, with ``network``, no AJAX in flight.

    "Network" means jQuery's ``$.active`` plus every ``XMLHttpRequest`` and ``fetch`` in
    flight: counted from document start on local Chromium, elsewhere from the first check
    (which instruments the page).

    With a ``target`` locator it also waits, in the same browser round trip, until that
    element is what ``need`` says (see :data:`NEEDS`) and returns the element: a page
    action costs one script, then the action itself.
    """

    def __init__(
        self,
        locators: Sequence[Locator],
        *,
        network: bool = False,
        timeout: float = DEFAULT_TIMEOUT,
        target: Locator | None = None,
        need: str = "visible",
        prepare: str | None = None,
        not_document: str | None = None,
        read: str | None = None,
        ready_when: str | None = None,
        quiet: float = 0.0,
        attribute: str | None = None,
    ) -> None:
        if target is not None:
            _check_filled(target)
        if ready_when is not None and not ready_when.strip():
            raise ValueError("ready_when is empty: give a JavaScript expression, or None")
        if need not in NEEDS:
            raise ValueError(f"Unknown need {need!r}; use one of: {', '.join(NEEDS)}")
        self.locators = tuple(locators)
        self.network = network
        self.target, self.need, self.prepare = target, need, prepare
        self.not_document, self.read = not_document, read
        self.ready_when, self.quiet, self.attribute = ready_when, quiet, attribute
        self._deadline = time.monotonic() + timeout
        # How long one check may wait in the browser; shortened to fit the driver's
        # script timeout if that turns out to be shorter.
        self._slice = _SLICE_SECONDS
        self._state: dict[str, Any] = {}
        #: What stood in the way at the first check ("" when nothing did), for the
        #: action log and the trace; ``None`` before the first check.
        self.first_blockers: str | None = None
        self.started = time.monotonic()
        parts = []
        if target is not None and (self.locators or network):
            parts.append(f"{target!r} to be {NEEDS[need]} on a settled page")
        elif target is not None:
            parts.append(f"{target!r} to be {NEEDS[need]}")
        elif self.locators:
            parts.append("no element displayed of " + ", ".join(map(repr, self.locators)))
        if network and target is None:
            parts.append("no AJAX request in flight")
        if ready_when:
            parts.append(f"ready_when {ready_when!r} true")
        if quiet:
            parts.append(f"a DOM unchanged for {quiet * 1000:g} ms")
        self.description = " and ".join(parts) or "nothing"

    def __call__(self, driver: WebDriver) -> Any:
        """The state when settled and the target ready (truthy), else ``None``."""
        __tracebackhide__ = True
        try:
            state = self._check(driver)
        except TimeoutException:  # Selenium's name for a script timeout
            # The driver's script timeout is shorter than our slice: wait in shorter ones.
            self._slice = (driver.timeouts.script or 0.0) / 2
            state = self._check(driver)
        self._state = state
        if self.first_blockers is None:
            self.first_blockers = "" if state["ready"] else self._blockers(state)
        broken = [loc for loc, n in zip(self.locators, state["counts"], strict=True) if n < 0]
        if broken:
            raise InvalidSelectorException(
                f"The browser could not evaluate {broken[0]!r}: check its selector or XPath"
            )
        found = state.get("target") or {}
        if found.get("invalid"):
            raise InvalidSelectorException(
                f"The browser could not evaluate {self.target!r}: {found['invalid']}; "
                "check its selector or XPath"
            )
        if found.get("fatal"):
            raise InvalidElementStateException(
                f"{self.target!r}: {found['problem']}. Nothing was typed or cleared: "
                "type(), fill() and clear_textarea() need a text input, a textarea or a "
                "contenteditable element (fill() also takes an editor that holds one)."
            )
        return state if state["ready"] else None

    def _check(self, driver: WebDriver) -> dict[str, Any]:
        budget = max(0.0, min(self._slice, self._deadline - time.monotonic()))
        locators = [list(loc) for loc in self.locators]
        target = None
        if self.target is not None:
            target = {
                "by": self.target.by,
                "value": self.target.value,
                "need": self.need,
                "prepare": self.prepare,
                "notDocument": self.not_document,
                "read": self.read,
                "attribute": self.attribute,
            }
        app = {"readyWhen": bool(self.ready_when), "quietMs": self.quiet * 1000}
        try:
            state: dict[str, Any] | None = driver.execute_async_script(
                _state_script(self.ready_when),
                locators,
                self.network,
                int(budget * 1000),
                target,
                app,
            )
        except JavascriptException as exc:
            if self.ready_when and not _compiles(driver, self.ready_when):
                raise ValueError(
                    f"ready_when {self.ready_when!r} is not a JavaScript expression the "
                    f"browser can run: {(exc.msg or '').splitlines()[0]}"
                ) from None
            raise
        if state is None:  # Firefox: the document was replaced under the script (no answer)
            raise StaleElementReferenceException("the page navigated under the page check")
        return state

    def _blockers(self, state: dict[str, Any]) -> str:
        found = [
            f"{loc.name or loc.value} ({n})"
            for loc, n in zip(self.locators, state["counts"], strict=True)
            if n > 0
        ]
        requests = (state.get("jquery") or 0) + (state.get("inflight") or 0)
        if requests:
            found.append(f"AJAX ({requests} in flight)")
        if state.get("loading"):
            found.append(f"documents loading ({state['loading']})")
        if state.get("appReady") is False:
            found.append(f"ready_when {self.ready_when!r}")
        if self.quiet and (state.get("quietMs") or 0) < self.quiet * 1000:
            found.append("DOM changing")
        target = state.get("target") or {}
        if target.get("problem"):
            found.append(f"the element: {target['problem']}")
        return ", ".join(found)

    def last_seen(self) -> str:
        if not self._state:
            return "the page never answered"
        seen = [
            f"{n} of {loc!r} still displayed"
            for loc, n in zip(self.locators, self._state["counts"], strict=True)
            if n
        ]
        if self._state.get("jquery"):
            seen.append(f"{self._state['jquery']} jQuery request(s) active")
        if self._state.get("inflight"):
            seen.append(f"{self._state['inflight']} XHR/fetch request(s) in flight")
        if self._state.get("loading"):
            seen.append(
                f"{self._state['loading']} document(s) still loading (parsing, or jQuery's "
                "ready handlers not run)"
            )
        if self._state.get("appReady") is False:
            error = self._state.get("appError")
            seen.append(
                f"ready_when {self.ready_when!r} is not true yet"
                + (f" (it last raised: {error})" if error else "")
            )
        quiet_ms = self._state.get("quietMs")
        if self.quiet and quiet_ms is not None and quiet_ms < self.quiet * 1000:
            seen.append(
                f"the DOM last changed {quiet_ms} ms before (quiet needed: "
                f"{self.quiet * 1000:g} ms, --settle-quiet-ms)"
            )
        found = self._state.get("target")
        if found and found.get("problem"):
            seen.append(found["problem"])
        if found and found.get("stillOld"):
            seen.append(
                "if this page changes without loading a new document (a single-page app), "
                "use to(Page, new_document=False) or set same_document = True on the class"
            )
        return "; ".join(seen) or "settled only after the deadline"


def _compiles(driver: WebDriver, expression: str) -> bool:
    """Whether ``expression`` is valid JavaScript (declared, never run)."""
    try:
        driver.execute_script(f"return typeof function () {{ return ({expression}\n); }};")
    except JavascriptException:
        return False
    return True


def _check_filled(locator: Locator) -> None:
    if locator.fields:
        raise ValueError(
            f"{locator!r} is a template: fill its {{{'}, {'.join(locator.fields)}}} with "
            f".format({', '.join(f + '=...' for f in locator.fields)}) before using it"
        )


def _wait_for_page(
    driver: WebDriver,
    locators: Sequence[Locator],
    network: bool,
    timeout: float,
    target: Locator | None = None,
    need: str = "visible",
    prepare: str | None = None,
    not_document: str | None = None,
    read: str | None = None,
    on_wait: Callable[[str, float], None] | None = None,
    ready_when: str | None = None,
    quiet: float = 0.0,
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


def wait_for_ajax(driver: WebDriver, timeout: float = DEFAULT_TIMEOUT) -> None:
    """Wait until jQuery has no active request and no XHR/fetch is in flight.

    Requests are counted from the first call on a page (that call instruments
    ``XMLHttpRequest`` and ``fetch``); jQuery's own counter covers earlier ones.
    """
    __tracebackhide__ = True
    _wait_for_page(driver, (), True, timeout)


def wait_until_settled(
    driver: WebDriver,
    timeout: float = DEFAULT_TIMEOUT,
    overlays: Sequence[Locator] = (GeneralLocators.blockUI,),
    busy: Sequence[Locator] = (GeneralLocators.busy,),
) -> None:
    """All of the above at once: no overlay, no busy widget, no AJAX in flight."""
    __tracebackhide__ = True
    _wait_for_page(driver, (*overlays, *busy), True, timeout)


def any_elements_displayed(elements: Iterable[WebElement]) -> bool:
    """True if any element is displayed; elements gone stale count as not displayed."""
    for element in elements:
        try:
            if element.is_displayed():
                return True
        except (StaleElementReferenceException, NoSuchWindowException):
            continue
    return False


def network_script() -> str:
    """The script that counts XHR/fetch in flight (install it at document start if you can)."""
    return _read("_network.js")


@cache
def _state_script(ready_when: str | None = None) -> str:
    """The settle script; a page's ``ready_when`` goes in as a function of its own (part
    of the WebDriver script, so a page's Content-Security-Policy cannot refuse it as eval)."""
    script = network_script() + _read("_dom.js") + _read("_page_state.js")
    if ready_when:
        script += f"\nfunction __e2eAppReady() {{\n  return ({ready_when}\n  );\n}}\n"
    return script


@cache
def snapshot_script() -> str:
    """The script behind :mod:`e2e.expect`: what one locator's matches show."""
    return _read("_dom.js") + _read("_snapshot.js")


@cache
def _read(name: str) -> str:
    return resources.files("e2e").joinpath(name).read_text(encoding="utf-8")
