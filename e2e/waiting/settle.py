"""The one in-browser check every action and read waits on: a page is settled when
no overlay or busy indicator shows, no request is in flight, the application's own
``ready_when`` holds and (optionally) the DOM has been quiet; and the element to act on
is ready. :class:`PageSettled` is that check as a condition for :func:`e2e.waiting.waits.settle`;
the scripts it runs in the browser are ``_page_state.js`` and its companions."""

from __future__ import annotations

import time
from collections.abc import Sequence
from functools import cache
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

from selenium.common.exceptions import (
    InvalidElementStateException,
    InvalidSelectorException,
    JavascriptException,
    StaleElementReferenceException,
    TimeoutException,
)
from selenium.webdriver.remote.webdriver import WebDriver

from e2e.base.bounded_call import Bounded
from e2e.base.masking import mask_url
from e2e.base.url_globs import check_globs, url_glob_js
from e2e.browser.engines import family_of
from e2e.browser.load_errors import refused
from e2e.config import DEFAULT_BACKGROUND, DEFAULT_TIMEOUT
from e2e.locators import Locator, LocatorLike, as_locator, as_locators
from e2e.queries import QUERY, StrictModeError, ambiguity, engine_script

__all__ = [
    "DEFAULT_BACKGROUND",
    "DEFAULT_TIMEOUT",
    "NEEDS",
    "PageSettled",
    "hold_requests",
    "network_script",
    "slice_for",
    "snapshot_script",
]

#: How long one in-browser wait may last before Python looks again.
_SLICE_SECONDS = 1.0
#: The same, while a Chromium session on WebDriver BiDi holds requests for routes:
#: chromedriver answers BiDi commands (a held request's "continue") only between
#: WebDriver commands, so a request held during a long in-browser wait would wait for
#: the wait to end (and a wait for that request itself, for its whole timeout).
HELD_SLICE_SECONDS = 0.05


def hold_requests(driver: WebDriver, holding: bool) -> None:
    """Say whether ``driver``'s routes hold requests (see :data:`HELD_SLICE_SECONDS`)."""
    driver._e2e_holding_requests = holding  # type: ignore[attr-defined]


def slice_for(driver: WebDriver, wanted: float, deadline: float) -> float:
    """How long one in-browser wait on ``driver`` may last: at most ``wanted``, and not
    past ``deadline`` (``time.monotonic()``)."""
    if getattr(driver, "_e2e_holding_requests", False):
        wanted = min(wanted, HELD_SLICE_SECONDS)
    return max(0.0, min(wanted, deadline - time.monotonic()))


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
        target: LocatorLike | None = None,
        need: str = "visible",
        prepare: str | None = None,
        not_document: str | None = None,
        read: str | None = None,
        ready_when: str | None = None,
        quiet: float = 0.0,
        attribute: str | None = None,
        ignore_requests: Sequence[str] = (),
        background: float = DEFAULT_BACKGROUND,
    ) -> None:
        if target is not None:
            target = as_locator(target, "the locator")
            _check_filled(target)
        if ready_when is not None and not ready_when.strip():
            raise ValueError("ready_when is empty: give a JavaScript expression, or None")
        if need not in NEEDS:
            raise ValueError(f"Unknown need {need!r}; use one of: {', '.join(NEEDS)}")
        self.locators = as_locators(locators, "the overlays and busy indicators")
        self.network = network
        self.target, self.need, self.prepare = target, need, prepare
        self.not_document, self.read = not_document, read
        self.ready_when, self.quiet, self.attribute = ready_when, quiet, attribute
        self.ignore_requests = check_globs(ignore_requests, "ignore_requests")
        if not background >= 0:
            raise ValueError(f"background must be 0 or more seconds, got {background!r}")
        self.background = background
        self._queries = any(loc.by == QUERY for loc in (*self.locators, target) if loc)
        self._deadline = time.monotonic() + timeout
        # How long one check may wait in the browser; shortened to fit the driver's
        # script timeout if that turns out to be shorter.
        self._slice = _SLICE_SECONDS
        self._state: dict[str, Any] = {}
        #: The browser really is on about:blank with text in it (not an error page).
        self._blank_ok = False
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
        if state.get("loadError"):
            error = refused(driver, state["loadError"], family_of(driver))
            if error is not None:
                raise error
            self._blank_ok = True  # a page of its own: look at it as at any other
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
        if found.get("ambiguous"):
            raise StrictModeError(ambiguity(self.target, found["matches"], found["ambiguous"]))
        if found.get("fatal"):
            raise InvalidElementStateException(
                f"{self.target!r}: {found['problem']}. Nothing was typed or cleared: "
                "type(), fill() and clear_text() need a text input, a textarea or a "
                "contenteditable element (fill() also takes an editor that holds one)."
            )
        return state if state["ready"] else None

    def _check(self, driver: WebDriver) -> dict[str, Any]:
        budget = slice_for(driver, self._slice, self._deadline)
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
                "strict": self.target.strict,
            }
        app = {
            "readyWhen": bool(self.ready_when),
            "quietMs": self.quiet * 1000,
            "ignore": [url_glob_js(glob) for glob in self.ignore_requests],
            "backgroundMs": self.background * 1000,
            "blankOk": self._blank_ok,
        }
        arguments = (locators, self.network, int(budget * 1000), target, app)
        try:
            state: dict[str, Any] | None
            if self.ready_when:
                state = self._bounded(driver, budget, arguments)
            else:
                script = _with_queries(_state_script(None), self._queries)
                state = driver.execute_async_script(script, *arguments)
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

    def _bounded(
        self, driver: WebDriver, budget: float, arguments: tuple[Any, ...]
    ) -> dict[str, Any] | None:
        """The check with a page's own ``ready_when`` in it, given a bound: an expression
        that never returns freezes the page, and the driver then answers nothing for
        minutes (Selenium's client gives up after 120 s)."""
        script = _with_queries(_state_script(self.ready_when), self._queries)
        call: Bounded[dict[str, Any] | None] = Bounded(
            lambda: driver.execute_async_script(script, *arguments), "e2e-ready-when"
        )
        limit = budget + READY_WHEN_SLACK
        if not call.wait(limit):
            driver._e2e_unresponsive = True  # type: ignore[attr-defined]
            raise ReadyWhenHung(
                f"ready_when {self.ready_when!r} did not return within {limit:g} s: the "
                "expression itself never finishes (a loop, or a wait that never ends) and it "
                "froze the page. Give an expression that answers true or false at once; the "
                "next test gets a new browser"
            )
        return call.result()

    def _blockers(self, state: dict[str, Any]) -> str:
        found = [
            f"{loc.name or loc.value} ({n})"
            for loc, n in zip(self.locators, state["counts"], strict=True)
            if n > 0
        ]
        requests = (state.get("jquery") or 0) + (state.get("inflight") or 0)
        if requests:
            named = ", ".join(_request(r) for r in state.get("requests") or [])
            found.append(f"AJAX ({requests} in flight{': ' + named if named else ''})")
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

    @property
    def left_out(self) -> list[tuple[str, str, str]]:
        """The requests in flight at the last check that it did not wait for, as
        ``(method, url, why)``; ``why`` is ``ignored`` (a glob of ``ignore_requests``),
        ``stream``, ``poll`` or ``background`` (started by the page on its own, and
        older than :attr:`background`)."""
        return [
            (str(r["method"]), str(r["url"]), str(r["why"]))
            for r in self._state.get("leftOut") or []
        ]

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
            seen.append(_in_flight(self._state))
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
            if self._state.get("blank"):
                seen.append(
                    "the browser is on about:blank: nothing has loaded there (WebKit keeps "
                    "a page it could not load as about:blank in its history)"
                )
        if found and found.get("stillOld"):
            seen.append(
                "if this page changes without loading a new document (a single-page app), "
                "use to(Page, new_document=False) or set same_document = True on the class"
            )
        return "; ".join(seen) or "settled only after the deadline"


def _request(seen: dict[str, Any]) -> str:
    """``GET http://host/poll?token=••• (open 4.2 s)``: one request the check waits for."""
    url = mask_url(str(seen.get("url") or ""))
    return f"{seen.get('method')} {url} (open {seen['ms'] / 1000:.1f} s)"


def _in_flight(state: dict[str, Any]) -> str:
    """The requests a check still waited for at its end, and how to leave them out."""
    shown = state.get("requests") or []
    text = f"{state['inflight']} XHR/fetch request(s) in flight"
    if not shown:
        return text
    text += ": " + ", ".join(_request(r) for r in shown)
    glob = suggest_glob(str(shown[0].get("url") or ""))
    return (
        f"{text}. If the page keeps such a request open on purpose (a long poll, a stream, "
        f"a heartbeat), leave it out of the settle check: ignore_requests = ({glob!r},) on "
        f"the page class, --settle-ignore-requests '{glob}' (ini e2e_settle_ignore_requests) "
        f"for the run, or `with page.ignoring_requests({glob!r}):` around the actions"
    )


def suggest_glob(url: str) -> str:
    """A URL glob for the requests to ``url``'s path, whatever the host and query."""
    path = urlsplit(url).path or "/"
    return "**" + path + "*"


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


def network_script() -> str:
    """The script that counts XHR/fetch in flight (install it at document start if you can)."""
    return _read("_network.js")


#: How long past its own budget a check with a ``ready_when`` may take before the
#: expression is taken for one that never returns.
READY_WHEN_SLACK = 5.0


class ReadyWhenHung(TimeoutError):
    """A page class's ``ready_when`` expression never returned: the page is frozen."""


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
    """The script behind :mod:`e2e.waiting.expect`: what one locator's matches show."""
    return _read("_dom.js") + _read("_snapshot.js")


def _with_queries(script: str, queries: bool) -> str:
    """The script, with the query engine in front when one of its locators is a query
    (role, label, text…): the page's own scripts never see it, and a ``By`` locator's
    round trip carries nothing more."""
    return engine_script() + script if queries else script


def script_for(script: str, *locators: Locator | None) -> str:
    """``script`` as it must be sent for these locators (with the query engine or not)."""
    return _with_queries(script, any(loc is not None and loc.by == QUERY for loc in locators))


@cache
def _read(name: str) -> str:
    return resources.files("e2e.waiting").joinpath(name).read_text(encoding="utf-8")
