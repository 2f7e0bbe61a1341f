"""What every part of a page object stands on: its driver, base URL, timeout,
overlays and busy indicators, and the one settle check every action and read waits on."""

from __future__ import annotations

import contextlib
import string
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, ClassVar, TypeVar
from urllib.parse import quote, urljoin, urlsplit

from selenium.common.exceptions import (
    WebDriverException,
)
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement

from e2e import network as network_
from e2e.base.action_log import ActionLog
from e2e.base.url_globs import check_globs
from e2e.browser.engines import family_of
from e2e.checks.accessibility import AxeOptions, Violation, expect_accessible
from e2e.checks.visual import Baselines
from e2e.emulation import storage
from e2e.locators import GeneralLocators, Locator, LocatorLike, as_locators
from e2e.waiting import waits
from e2e.waiting.expect import Expect, ExpectViewport

P = TypeVar("P", bound="PageCore")


Q = TypeVar("Q", bound="PageCore")


T = TypeVar("T")


DOCUMENT_TOKEN = Locator(By.TAG_NAME, "html", "the page")


def first_line_of(exc: WebDriverException) -> str:
    """The browser's own words (without Selenium's documentation link), or the error's name."""
    said = (exc.msg or "").split("; For documentation on this error")[0].strip()
    lines = said.splitlines()
    return lines[0] if lines and lines[0].strip(" ;") else type(exc).__name__


def sets_own(page_class: type[PageCore], name: str) -> bool:
    """True when ``page_class`` (or an application base class) sets ``name`` itself, not
    the framework's own classes (``BasePage`` and the modules it is made of)."""
    return any(
        name in klass.__dict__
        for klass in page_class.__mro__
        if issubclass(klass, PageCore) and not klass.__module__.startswith("e2e.page")
    )


def fill_path(path: str, values: Mapping[str, object], page: str) -> str:
    """``path`` with its ``{placeholders}`` filled; a sentence naming the missing ones."""
    if not values and "{" not in path:
        return path
    try:
        fields = [f for _, f, _, _ in string.Formatter().parse(path) if f]
    except ValueError:  # a lone brace: not a template
        fields = []
    if not fields and not values:
        return path
    missing = [f for f in fields if f not in values]
    unknown = [v for v in values if v not in fields]
    if missing or unknown:
        example = ", ".join(f"{f}=..." for f in fields)
        raise ValueError(
            f"{page}'s path {path!r} "
            + (f"needs {', '.join(missing)}" if missing else f"has no {', '.join(unknown)}")
            + (f": open it with .open({example})" if fields else ": open it with .open()")
        )
    return path.format(**{k: quote(str(v), safe="") for k, v in values.items()})


class PageCore:
    """The state of a page object and its settle check (``BasePage`` is this, with the
    navigation, reading, acting and window methods of its sibling modules)."""

    #: Where the page lives, relative to the base URL.
    path: str = ""
    #: Something displayed once this page has loaded; ``open`` and ``to`` wait for it.
    ready: Locator | None = None
    #: Overlays that block the page while shown.
    overlays: Sequence[Locator] = (GeneralLocators.blockUI,)
    #: Busy indicators (spinners) of widgets loading.
    busy: Sequence[Locator] = (GeneralLocators.busy,)
    #: True for a page reached without loading a new document (a single-page app's
    #: route): ``to()`` then does not wait for a navigation.
    same_document: ClassVar[bool] = False
    #: A JavaScript expression that is truthy once the application itself is ready
    #: (``"window.app && window.app.restored"``): every action and read on this page also
    #: waits for it, in the same in-browser wait as the overlays and requests.
    ready_when: ClassVar[str | None] = None
    #: URL globs of requests this page keeps open on purpose (a long poll, a stream, a
    #: heartbeat): the settle check does not wait for them (``("**/poll*", "**/events")``).
    #: They still show in the trace and the HAR.
    ignore_requests: ClassVar[Sequence[str]] = ()

    def __init__(
        self,
        driver: WebDriver,
        base_url: str = "",
        *,
        timeout: float = waits.DEFAULT_TIMEOUT,
        overlays: Sequence[Locator] | None = None,
        busy: Sequence[Locator] | None = None,
        log: ActionLog | None = None,
        downloads: Path | None = None,
        settle_quiet: float = 0.0,
        baselines: Baselines | None = None,
        axe: AxeOptions | None = None,
        settle_ignore_requests: Sequence[str] = (),
        settle_background: float = waits.DEFAULT_BACKGROUND,
    ) -> None:
        self.driver = driver
        self.base_url = base_url
        self.timeout = timeout
        self.overlays = as_locators(
            type(self).overlays if overlays is None else overlays, "overlays"
        )
        self.busy = as_locators(type(self).busy if busy is None else busy, "busy")
        self.log = log if log is not None else ActionLog()
        self.downloads = downloads
        #: Seconds the DOM must stay unchanged before the page counts as settled (0: off).
        self.settle_quiet = settle_quiet
        #: Where this test's screenshot baselines are (the plugin's page fixture sets it).
        self.baselines = baselines
        #: Run-wide accessibility settings (rules left out; where violations are reported).
        self.axe = axe
        #: The run's URL globs of requests the settle check does not wait for (with the
        #: class's ``ignore_requests`` and those of ``ignoring_requests`` blocks).
        self.settle_ignore_requests = check_globs(settle_ignore_requests, "settle_ignore_requests")
        check_globs(type(self).ignore_requests, f"{type(self).__name__}.ignore_requests")
        #: Seconds the settle check waits for a request the page started by itself.
        self.settle_background = settle_background
        #: Overlays and busy indicators left out of the settle check (``ignoring``).
        self._ignored: tuple[Locator, ...] = ()
        self._ignored_requests: tuple[str, ...] = ()
        #: The document the last action ran on, and the last one any check saw.
        self._acted_document: str | None = None
        self._seen_document: str | None = None

    @property
    def network(self) -> network_.Network:
        """This browser's network: ``page.network.route("**/api/projects", status=500)``."""
        return network_.Network(self.driver)

    def save_storage_state(self, path: str | Path) -> Path:
        """Write this context's cookies (every origin) and this page's localStorage to
        ``path``, for later tests to start signed in (``--storage-state``)."""
        return storage.save_storage_state(self.driver, path)

    def url(self, path: str | None = None, **values: object) -> str:
        """The absolute address of this page (or of ``path``) under the base URL, its
        ``{placeholders}`` filled from ``values``."""
        relative = fill_path(path or self.path, values, type(self).__name__)
        if urlsplit(relative).netloc:
            return relative
        base = urlsplit(self.base_url)
        if not (base.netloc or base.scheme == "file"):
            given = f"the base URL {self.base_url!r}" if self.base_url else "no base URL"
            raise ValueError(
                f"{type(self).__name__} cannot open {relative or '/'!r}: it has {given}. "
                "Give the application's address with --base-url http://host:port (or "
                "base_url = ... in pytest.ini), or build the page as "
                f"{type(self).__name__}(driver, base_url='http://host:port')."
            )
        return urljoin(self.base_url.rstrip("/") + "/", relative.lstrip("/"))

    def _settled(self, locator: LocatorLike, need: str, **options: Any) -> Any:
        """One in-browser wait: settled page, and ``locator`` as ``need`` says
        (``options``: those of :meth:`_condition`)."""
        __tracebackhide__ = True
        check = self._condition(locator, need, **options)
        state: dict[str, Any] = waits.settle(
            self.driver, check, check, self.timeout, self.log.waited
        )
        self._seen_document = state["document"]
        return state["target"]

    def _condition(
        self,
        locator: LocatorLike | None,
        need: str,
        prepare: str | None = None,
        read: str | None = None,
        not_document: str | None = None,
        attribute: str | None = None,
        seconds: float | None = None,
    ) -> waits.PageSettled:
        """This page's settle check (its overlays, busy widgets, AJAX and ``ready_when``)
        with ``locator`` (``None``: the page alone), for ``seconds`` or the page's timeout."""
        return waits.PageSettled(
            self._blocking(),
            network=True,
            ready_when=type(self).ready_when,
            quiet=self.settle_quiet,
            timeout=seconds or self.timeout,
            target=locator,
            need=need,
            prepare=prepare,
            not_document=not_document,
            read=read,
            attribute=attribute,
            ignore_requests=self._requests_left_out(),
            background=self.settle_background,
        )

    def _requests_left_out(self) -> tuple[str, ...]:
        """The URL globs the settle check does not wait for now."""
        return (
            *self.settle_ignore_requests,
            *type(self).ignore_requests,
            *self._ignored_requests,
        )

    @contextlib.contextmanager
    def ignoring_requests(self, *globs: str) -> Iterator[None]:
        """Leave requests matching these URL globs out of the settle check for the
        actions inside: ``with page.ignoring_requests("**/poll*"): page.click(SEND)``."""
        if not globs:
            raise ValueError(
                "ignoring_requests() was given no URL glob: name the requests not to wait "
                "for, e.g. ignoring_requests('**/poll*')"
            )
        added = check_globs(globs, "ignoring_requests()")
        before = self._ignored_requests
        self._ignored_requests = (*before, *added)
        try:
            yield
        finally:
            self._ignored_requests = before

    def _blocking(self) -> tuple[Locator, ...]:
        """The overlays and busy indicators the settle check looks for now."""
        return tuple(loc for loc in (*self.overlays, *self.busy) if loc not in self._ignored)

    @contextlib.contextmanager
    def ignoring(self, *locators: LocatorLike) -> Iterator[None]:
        """Leave these overlays or busy indicators out of the settle check for the
        actions inside: ``with page.ignoring(KernelLocators.busy): page.click(MENU)``."""
        known = (*self.overlays, *self.busy)
        locators = as_locators(locators, "ignoring()")
        unknown = [loc for loc in locators if loc not in known]
        if unknown:
            raise ValueError(
                f"{unknown[0]!r} is not one of this page's overlays or busy indicators, so "
                "there is nothing to ignore; they are: " + ", ".join(map(repr, known))
            )
        before = self._ignored
        self._ignored = (*before, *locators)
        try:
            yield
        finally:
            self._ignored = before

    def expect(self, locator: LocatorLike, seconds: float | None = None) -> Expect:
        """Assertions that wait: ``page.expect(loc).to_have_text("Saved")``."""
        return Expect(
            self.driver,
            locator,
            seconds or self.timeout,
            self.log,
            baselines=self.baselines,
            settle=self.wait_until_settled,
        )

    def expect_viewport(self, seconds: float | None = None) -> ExpectViewport:
        """The screenshot assertion about the whole viewport:
        ``page.expect_viewport().to_match_screenshot("dashboard", mask=[CLOCK])``."""
        return ExpectViewport(
            self.driver,
            seconds or self.timeout,
            self.log,
            baselines=self.baselines,
            settle=self.wait_until_settled,
        )

    def expect_accessible(
        self,
        *,
        include: Sequence[LocatorLike] = (),
        exclude: Sequence[LocatorLike] = (),
        rules: Mapping[str, bool] | None = None,
        impact: str = "serious",
    ) -> list[Violation]:
        """Run axe-core on the settled page (or ``include`` less ``exclude``); fail listing
        each violation at ``impact`` or worse. ``rules={"color-contrast": False}`` leaves
        a rule out. Returns the violations below ``impact``."""
        __tracebackhide__ = True
        where = ", ".join(map(repr, include)) if include else "the page"
        with self.log.action("expect", f"{where} to be accessible ({impact} or worse)"):
            self.wait_until_settled()
            return expect_accessible(
                self.driver,
                include=include,
                exclude=exclude,
                rules=rules,
                impact=impact,
                options=self.axe,
            )

    def _is_webkit(self) -> bool:
        return family_of(self.driver) == "webkit"

    def wait_for_blockui_to_close(self, seconds: float | None = None) -> None:
        __tracebackhide__ = True
        with self.log.action("wait", "for overlays to close"):
            waits.wait_for_blockui_to_close(self.driver, seconds or self.timeout, self.overlays)

    def wait_until_not_busy(self, seconds: float | None = None) -> None:
        __tracebackhide__ = True
        with self.log.action("wait", "for busy indicators to go"):
            waits.wait_until_not_busy(self.driver, seconds or self.timeout, self.busy)

    def wait_until_settled(self, seconds: float | None = None) -> None:
        __tracebackhide__ = True
        with self.log.action("wait", "for a settled page"):
            settled = self._condition(None, "visible", seconds=seconds)
            waits.settle(self.driver, settled, settled, seconds or self.timeout)

    def wait_for(self, locator: LocatorLike, seconds: float | None = None) -> WebElement:
        """Wait until ``locator`` is displayed and return it (the page need not settle)."""
        __tracebackhide__ = True
        with self.log.action("wait for", repr(locator)):
            state = waits._wait_for_page(
                self.driver, (), False, seconds or self.timeout, locator, "visible"
            )
        element: WebElement = state["target"]["element"]
        return element

    def wait_for_text(self, locator: LocatorLike, text: str, seconds: float | None = None) -> None:
        """Wait until ``locator``'s first match contains ``text``."""
        __tracebackhide__ = True
        Expect(self.driver, locator, seconds or self.timeout, self.log).to_contain_text(text)

    def _sibling(self, page_class: type[Q]) -> Q:
        """A page object of ``page_class`` sharing this one's browser, log and settings."""
        kwargs: dict[str, Any] = {}
        if not sets_own(page_class, "overlays"):
            kwargs["overlays"] = self.overlays
        if not sets_own(page_class, "busy"):
            kwargs["busy"] = self.busy
        return page_class(
            self.driver,
            self.base_url,
            timeout=self.timeout,
            log=self.log,
            downloads=self.downloads,
            settle_quiet=self.settle_quiet,
            baselines=self.baselines,
            axe=self.axe,
            settle_ignore_requests=self.settle_ignore_requests,
            settle_background=self.settle_background,
            **kwargs,
        )

    def _loaded(self, not_document: str | None) -> None:
        __tracebackhide__ = True
        need = "visible" if self.ready else "present"
        self._settled(self.ready or DOCUMENT_TOKEN, need, not_document=not_document)
        self._acted_document = None
