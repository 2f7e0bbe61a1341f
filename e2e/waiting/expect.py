"""Assertions that wait: ``expect(driver, locator).to_have_text("Saved")``.

Each one retries until it holds or the timeout passes, like Playwright's ``expect``
and Selene's ``should``. Between checks the browser waits for the matches to change
(a DOM mutation, an ``input`` or ``change`` event), so an assertion passes within
milliseconds of the page getting there. On failure it raises ``AssertionError``
saying what was expected, of which locator, and what the page last showed.

Texts are Selenium's visible texts (``''`` for a hidden element), compared with
runs of whitespace folded to one space and the ends stripped.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from typing import Any

from selenium.common.exceptions import (
    InvalidSelectorException,
    JavascriptException,
    NoSuchFrameException,
    TimeoutException,
)
from selenium.webdriver.remote.webdriver import WebDriver

from e2e.base.action_log import ActionLog
from e2e.base.renamed import renamed_method
from e2e.checks.visual import Baselines, current_baselines, match_screenshot
from e2e.locators import Locator, LocatorLike, as_locator
from e2e.queries import StrictModeError, ambiguity
from e2e.waiting.settle import script_for, slice_for, snapshot_script
from e2e.waiting.waits import DEFAULT_TIMEOUT, wait_until

__all__ = ["Expect", "ExpectViewport", "expect"]

_SLICE_SECONDS = 1.0

Snapshot = dict[str, Any]


def _norm(text: str) -> str:
    return " ".join(text.split())


def _show(snapshot: Snapshot) -> str:
    count, shown = snapshot["count"], snapshot["shown"]
    if not count:
        return "no element matched"
    texts = [_norm(t) for t in snapshot["texts"]]
    head = f"{count} match(es), {shown} displayed"
    if count == 1:
        value = snapshot["values"][0]
        value_part = f", value {value!r}" if value is not None else ""
        if "attributes" in snapshot:
            name, found = snapshot["attribute"], snapshot["attributes"][0]
            value_part += f", {name}={found!r}" if found is not None else f", no {name} attribute"
        return f"{head}: text {texts[0]!r}{value_part}"
    shown = f"{head}: texts {texts[:10]!r}" + (" …" if count > 10 else "")
    if "attributes" in snapshot:
        shown += f", first {snapshot['attribute']}={snapshot['attributes'][0]!r}"
    return shown


class _Holds:
    """A condition for :func:`wait_until`: the predicate holds on a fresh snapshot."""

    def __init__(
        self,
        locator: Locator,
        predicate: Callable[[Snapshot], bool],
        expected: str,
        timeout: float,
        attribute: str | None = None,
        single: bool = False,
    ) -> None:
        self.locator, self.predicate, self.attribute = locator, predicate, attribute
        #: The assertion reads one element: strictness applies (not to counts and lists).
        self.single = single
        self.description = f"{locator!r} {expected}"
        self._deadline = time.monotonic() + timeout
        self._key: str | None = None
        self._last: Snapshot | None = None
        self._slice = _SLICE_SECONDS

    def __call__(self, driver: WebDriver) -> bool:
        budget = slice_for(driver, self._slice, self._deadline)
        # The first look returns at once; later ones wait in the browser for a change.
        try:
            answer = driver.execute_async_script(
                script_for(snapshot_script(), self.locator),
                self.locator.by,
                self.locator.value,
                self._key,
                int(budget * 1000),
                self.attribute,
                self.single and self.locator.strict,
            )
        except TimeoutException:  # Selenium's name for a script timeout
            # Chromium ends a waiting script this way when the page navigates; or the
            # driver's script timeout is shorter than the slice. Look again, in shorter
            # slices if need be.
            script_timeout = driver.timeouts.script or 0.0
            if script_timeout <= self._slice:
                self._slice = script_timeout / 2
            answer = None
        except NoSuchFrameException as exc:
            if "unload" not in (exc.msg or ""):  # WebKit: the page unloaded under the script
                raise
            answer = None
        if answer is None:  # Firefox: the document was replaced while the script waited
            self._key = None
            return False
        key, snapshot = answer
        if snapshot.get("invalid"):
            raise InvalidSelectorException(
                f"The browser could not evaluate {self.locator!r}: {snapshot['invalid']}; "
                "check its selector or XPath"
            )
        self._key, self._last = key, snapshot
        if snapshot.get("ambiguous"):
            raise StrictModeError(ambiguity(self.locator, snapshot["count"], snapshot["ambiguous"]))
        return self.predicate(snapshot)

    def last_seen(self) -> str:
        return _show(self._last) if self._last else "the page never answered"


class _Screenshots:
    """``to_match_screenshot``, for an element (``Expect``) or the viewport."""

    def __init__(
        self,
        driver: WebDriver,
        timeout: float = DEFAULT_TIMEOUT,
        log: ActionLog | None = None,
        *,
        baselines: Baselines | None = None,
        settle: Callable[[], None] | None = None,
    ) -> None:
        self.driver, self.timeout = driver, timeout
        self.log = log if log is not None else ActionLog()
        #: Where screenshot baselines are, and the page's settle wait before a shot.
        self.baselines, self.settle = baselines, settle

    def _shot_of(self) -> Locator | None:
        return None  # the viewport

    def to_match_screenshot(
        self,
        name: str,
        *,
        mask: Sequence[LocatorLike] = (),
        max_diff_pixels: int = 0,
        max_diff_ratio: float = 0.0,
        threshold: float = 0.2,
    ) -> None:
        """It looks as its baseline ``name`` does, once the page has settled and two
        shots in a row agree (``e2e.checks.visual``); ``mask`` regions are left out of both."""
        __tracebackhide__ = True
        element = self._shot_of()
        if element is not None:
            Expect(self.driver, element, self.timeout, self.log).to_be_visible()
        _match(self, element, name, mask, max_diff_pixels, max_diff_ratio, threshold)


class Expect(_Screenshots):
    """The waiting assertions about one locator; build it with :func:`expect`."""

    def __init__(
        self,
        driver: WebDriver,
        locator: LocatorLike,
        timeout: float = DEFAULT_TIMEOUT,
        log: ActionLog | None = None,
        *,
        baselines: Baselines | None = None,
        settle: Callable[[], None] | None = None,
    ) -> None:
        self.locator = as_locator(locator, "expect()")
        super().__init__(driver, timeout, log, baselines=baselines, settle=settle)

    def _shot_of(self) -> Locator | None:
        return self.locator

    def _wait(
        self,
        predicate: Callable[[Snapshot], bool],
        expected: str,
        attribute: str | None = None,
        *,
        single: bool = False,
    ) -> None:
        __tracebackhide__ = True
        condition = _Holds(self.locator, predicate, expected, self.timeout, attribute, single)
        with self.log.action("expect", condition.description):
            try:
                wait_until(
                    self.driver,
                    condition,
                    self.timeout,
                    poll=1e-6,  # the browser itself waits for a change between checks
                    ignored=(JavascriptException,),  # a navigation aborted the script
                )
            except TimeoutException:
                raise AssertionError(
                    f"Expected {self.locator!r} {expected} within {self.timeout:g} s; "
                    f"last seen: {condition.last_seen()}"
                ) from None

    def to_be_visible(self) -> None:
        """At least one match is displayed."""
        __tracebackhide__ = True
        self._wait(lambda s: s["shown"] > 0, "to be displayed")

    def to_be_hidden(self) -> None:
        """No match is displayed (none at all is fine)."""
        __tracebackhide__ = True
        self._wait(lambda s: s["shown"] == 0, "to be hidden")

    def to_have_count(self, count: int) -> None:
        """Exactly ``count`` matches, displayed or not."""
        __tracebackhide__ = True
        self._wait(lambda s: s["count"] == count, f"to have {count} match(es)")

    def to_have_text(self, text: str | re.Pattern[str]) -> None:
        """The first match's text is ``text`` (or matches the pattern, ``re.search``)."""
        __tracebackhide__ = True
        if isinstance(text, re.Pattern):
            pattern = text
            self._wait(
                lambda s: bool(s["count"]) and bool(pattern.search(_norm(s["texts"][0]))),
                f"to have text matching {pattern.pattern!r}",
                single=True,
            )
        else:
            want = _norm(text)
            self._wait(
                lambda s: bool(s["count"]) and _norm(s["texts"][0]) == want,
                f"to have text {want!r}",
                single=True,
            )

    def to_contain_text(self, text: str) -> None:
        """The first match's text contains ``text``."""
        __tracebackhide__ = True
        want = _norm(text)
        self._wait(
            lambda s: bool(s["count"]) and want in _norm(s["texts"][0]),
            f"to contain text {want!r}",
            single=True,
        )

    def to_have_texts(self, texts: Sequence[str]) -> None:
        """The matches' texts are exactly ``texts``, in order (the first 50)."""
        __tracebackhide__ = True
        want = [_norm(t) for t in texts]
        self._wait(lambda s: [_norm(t) for t in s["texts"]] == want, f"to have texts {want!r}")

    def to_have_any_with_text(self, text: str) -> None:
        """One of the matches (any, not only the first) has exactly the text ``text``: a
        row of a list. ``to_contain_text`` is the other question: the first match's text
        holds ``text`` somewhere."""
        __tracebackhide__ = True
        want = _norm(text)
        self._wait(
            lambda s: want in [_norm(t) for t in s["texts"]], f"to have one with text {want!r}"
        )

    def not_to_have_any_with_text(self, text: str) -> None:
        """None of the matches has exactly the text ``text``."""
        __tracebackhide__ = True
        want = _norm(text)
        self._wait(
            lambda s: want not in [_norm(t) for t in s["texts"]],
            f"to have none with text {want!r}",
        )

    to_include_text = renamed_method("to_include_text", "to_have_any_with_text")
    not_to_include_text = renamed_method("not_to_include_text", "not_to_have_any_with_text")

    def to_have_value(self, value: str) -> None:
        """The first match (a form field) has the value ``value``."""
        __tracebackhide__ = True
        self._wait(
            lambda s: bool(s["count"]) and s["values"][0] == value,
            f"to have value {value!r}",
            single=True,
        )

    def to_have_attribute(self, name: str, value: str | re.Pattern[str]) -> None:
        """The first match has the attribute ``name`` equal to ``value`` (or matching the
        pattern, ``re.search``): ``expect(BODY).to_have_attribute("data-theme", "dark")``."""
        __tracebackhide__ = True
        if not name:
            raise ValueError("to_have_attribute needs an attribute name, e.g. 'data-state'")

        def holds(s: Snapshot) -> bool:
            found = s["attributes"][0] if s["count"] else None
            if found is None:
                return False
            if isinstance(value, re.Pattern):
                return bool(value.search(found))
            return bool(found == value)

        shown = f"matching {value.pattern!r}" if isinstance(value, re.Pattern) else repr(value)
        self._wait(holds, f"to have attribute {name}={shown}", attribute=name, single=True)


def expect(
    driver: WebDriver,
    locator: LocatorLike,
    timeout: float = DEFAULT_TIMEOUT,
    log: ActionLog | None = None,
) -> Expect:
    """The waiting assertions about ``locator``; in a page object, ``self.expect(loc)``."""
    return Expect(driver, locator, timeout, log)


class ExpectViewport(_Screenshots):
    """The waiting screenshot assertion about the whole viewport:
    ``page.expect_viewport().to_match_screenshot("dashboard")``."""


def _match(
    owner: _Screenshots,
    element: LocatorLike | None,
    name: str,
    mask: Sequence[LocatorLike],
    max_diff_pixels: int,
    max_diff_ratio: float,
    threshold: float,
) -> None:
    __tracebackhide__ = True
    baselines = owner.baselines or current_baselines(owner.driver)
    if baselines is None:
        raise ValueError(
            f"No baseline folder for screenshot {name!r}: use the plugin's page fixture "
            "(baselines go beside the test file), or give the page object "
            "baselines=e2e.Baselines(Path('__screenshots__/mine'))"
        )
    what = "the viewport" if element is None else repr(element)
    with owner.log.action("expect", f"{what} to match screenshot {name!r}"):
        if owner.settle is not None:
            owner.settle()
        match_screenshot(
            owner.driver,
            name,
            baselines,
            element=element,
            mask=mask,
            max_diff_pixels=max_diff_pixels,
            max_diff_ratio=max_diff_ratio,
            threshold=threshold,
            timeout=owner.timeout,
        )
