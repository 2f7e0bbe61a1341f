"""``BasePage``: what every page object inherits."""

from __future__ import annotations

import builtins
import contextlib
import os
import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, ClassVar, Generic, TypeVar
from urllib.parse import urljoin, urlsplit

from selenium.common.exceptions import (
    ElementClickInterceptedException,
    ElementNotInteractableException,
    InvalidElementStateException,
    JavascriptException,
    NoSuchWindowException,
    StaleElementReferenceException,
    WebDriverException,
)
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.select import Select

from e2e import dialogs, downloads, file_chooser, gestures, uploads, waits, windows
from e2e import keys as keys_
from e2e import network as network_
from e2e.actions import ActionLog
from e2e.engines import family_of
from e2e.expect import Expect
from e2e.locators import GeneralLocators, Locator
from e2e.masking import secret_problem
from e2e.text import force_empty

__all__ = ["BasePage", "BasePageElement"]

P = TypeVar("P", bound="BasePage")
Q = TypeVar("Q", bound="BasePage")
T = TypeVar("T")

#: What an action may hit between finding its element and acting on it: try again.
_RETRY = (ElementClickInterceptedException, StaleElementReferenceException)
_DOCUMENT = Locator(By.TAG_NAME, "html", "the page")
#: Characters that ``send_keys`` would turn into key presses that leave or submit a
#: single-line field; they are inserted as text instead.
_AS_TEXT = re.compile(r"(\t|\r\n|\n|\r)")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]+")
_AS_TEXT_WEBKIT = re.compile("(\t|\r\n|\n|\r|[\U00010000-\U0010ffff]+)")
#: Long text in at once, as a paste: ``setRangeText`` on the selection is linear (Chromium's
#: ``execCommand("insertText")`` took 2.6 s for 10,000 characters with line breaks, and
#: over a minute for 50,000); contenteditable elements take ``insertText``.
_PASTE_TEXT = """
const [el, text] = arguments;
el.focus();
try {
  if (el.isContentEditable || typeof el.setRangeText !== "function") throw 0;
  el.setRangeText(text, el.selectionStart, el.selectionEnd, "end");
  el.dispatchEvent(new InputEvent("input", {bubbles: true, inputType: "insertFromPaste"}));
} catch (e) {
  document.execCommand("insertText", false, text);
}
"""

_INSERT_TEXT = """
const [el, text] = arguments;
el.focus();
if (!document.execCommand("insertText", false, text)) {
  const start = el.selectionStart, end = el.selectionEnd;
  el.setRangeText(text, start, end, "end");
  el.dispatchEvent(new InputEvent("input", {bubbles: true, inputType: "insertText", data: text}));
}
"""


#: Longer text is inserted as a paste would be, all but its last characters.
KEYS_MAX = 500
_KEYS_TAIL = 16


def _check_typable(text: str) -> None:
    """Refuse, before touching the page, text no browser can receive."""
    try:
        text.encode("utf-8")
        return
    except UnicodeEncodeError as exc:
        index = exc.start
    raise ValueError(
        f"The text to type holds a lone surrogate (U+{ord(text[index]):04X}) at index "
        f"{index}: it is half of a character, and WebDriver can only send whole ones "
        "(UTF-8). It usually comes from text split inside an emoji or decoded with "
        "errors='surrogateescape'; fix the text."
    )


def _shown_text(text: str, secret: bool, done: str) -> str:
    """How text to put in a field reads in the log; refuses, before the page is touched,
    a secret too short to mask and text no browser can receive."""
    problem = secret_problem(text, f"The text {done} with secret=True") if secret else None
    if problem and text:
        raise ValueError(problem)
    _check_typable(text)
    return "••••••" if secret else repr(text)


#: How many times in a row the browser may refuse an action on an element the page check
#: found ready before the refusal counts as one no wait can fix.
_REFUSALS_BEFORE_GIVING_UP = 2


class _Acted(Generic[T]):
    """A condition: the page settled, the element ready, and the action went through.

    Each call is one in-browser wait (settle + find + actionability checks, returning
    the element) and then the action; an action the browser refuses is tried again,
    unless it is one that waiting cannot change (the element cannot take keys, or is in
    a state the action cannot work on): that fails at once with a sentence naming it.
    """

    def __init__(
        self,
        check: waits.PageSettled,
        act: Callable[[WebElement, dict[str, Any]], T],
        before: Callable[[], None],
        verb: str = "act on",
    ) -> None:
        self.act = act
        self.check = check
        self.before = before
        self.verb = verb
        self.description = self.check.description
        self.state: dict[str, Any] = {}
        self._refused = ""
        self._refusals = 0

    def __call__(self, driver: WebDriver) -> tuple[T | None] | None:
        __tracebackhide__ = True
        state = self.check(driver)
        if not state:
            return None
        self.state = state
        self.before()
        try:
            return (self.act(state["target"]["element"], state["target"]),)
        except ElementNotInteractableException as exc:
            # Found displayed, enabled and uncovered, yet refused: once may be a page that
            # changed in between; twice in a row, the element is what it is.
            self._refusals += 1
            self._refused = _first_line(exc)
            if self._refusals >= _REFUSALS_BEFORE_GIVING_UP:
                raise self._unfixable(exc) from None
            return None
        except InvalidElementStateException as exc:
            raise self._unfixable(exc) from None
        except (*_RETRY, JavascriptException) as exc:
            self._refusals = 0
            self._refused = _first_line(exc)
            return None
        except NoSuchWindowException:  # the action closed its own window (a popup's Save)
            return (None,)

    def _unfixable(self, exc: WebDriverException) -> WebDriverException:
        what = self.state.get("target", {}).get("what") or "the element"
        keys = "key" in self.verb
        hint = (
            "it cannot take the keyboard focus (it is not a field, a contenteditable "
            "element or an element with a tabindex): send the keys to the field itself, "
            "or use press() to send them to the focused element or the page"
            if keys
            else "waiting will not change that: check that the locator names the element "
            "a user would use"
        )
        return type(exc)(
            f"The browser refused to {self.verb} {self.check.target!r}, which is {what}: "
            f"{_first_line(exc)}; {hint}."
        )

    def last_seen(self) -> str:
        seen = self.check.last_seen()
        if self._refused:
            return f"{seen}; the browser last refused the action: {self._refused}"
        return seen


def _first_line(exc: WebDriverException) -> str:
    """The browser's own words (without Selenium's documentation link), or the error's name."""
    said = (exc.msg or "").split("; For documentation on this error")[0].strip()
    lines = said.splitlines()
    return lines[0] if lines and lines[0].strip(" ;") else type(exc).__name__


def _sets_own(page_class: type[BasePage], name: str) -> bool:
    """True when ``page_class`` (or an application base class) sets ``name`` itself."""
    return any(
        name in klass.__dict__
        for klass in page_class.__mro__
        if klass is not BasePage and issubclass(klass, BasePage)
    )


class BasePage:
    """Base class of page objects.

    A subclass names its ``path`` (relative to the base URL) and offers what a user
    does on the page, in the application's words. Every action and every read first
    waits for the page to settle (no overlay, no busy widget, no AJAX in flight, in the
    page and its same-origin frames) and for its element to be ready.

    ``overlays`` and ``busy`` name the application's overlays and busy indicators; set
    them as class attributes on the application's base page, pass them to the
    constructor, or set them for a whole run (``--overlay-locator``, ``--busy-locator``).
    """

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
    ) -> None:
        self.driver = driver
        self.base_url = base_url
        self.timeout = timeout
        self.overlays = tuple(type(self).overlays if overlays is None else overlays)
        self.busy = tuple(type(self).busy if busy is None else busy)
        self.log = log if log is not None else ActionLog()
        self.downloads = downloads
        #: Seconds the DOM must stay unchanged before the page counts as settled (0: off).
        self.settle_quiet = settle_quiet
        #: Overlays and busy indicators left out of the settle check (``ignoring``).
        self._ignored: tuple[Locator, ...] = ()
        #: The document the last action ran on, and the last one any check saw.
        self._acted_document: str | None = None
        self._seen_document: str | None = None

    @property
    def network(self) -> network_.Network:
        """This browser's network: ``page.network.route("**/api/projects", status=500)``."""
        return network_.Network(self.driver)

    # -- navigation -----------------------------------------------------------
    def url(self, path: str | None = None) -> str:
        """The absolute address of this page (or of ``path``) under the base URL."""
        relative = path or self.path
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

    def open(self: P, path: str | None = None) -> P:
        """Load this page (or ``path``) and wait for it to settle; returns ``self``."""
        __tracebackhide__ = True
        target = self.url(path)
        with self.log.action("open", target):
            self.driver.get(target)
            self._loaded(None)
        return self

    def wait_loaded(self: P) -> P:
        """Wait for a settled page showing the ``ready`` element (if the class names one)."""
        __tracebackhide__ = True
        self._loaded(None)
        return self

    def _loaded(self, not_document: str | None) -> None:
        __tracebackhide__ = True
        need = "visible" if self.ready else "present"
        self._settled(self.ready or _DOCUMENT, need, not_document=not_document)
        self._acted_document = None

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

    def _sibling(self, page_class: type[Q]) -> Q:
        """A page object of ``page_class`` sharing this one's browser, log and settings."""
        kwargs: dict[str, Any] = {}
        if not _sets_own(page_class, "overlays"):
            kwargs["overlays"] = self.overlays
        if not _sets_own(page_class, "busy"):
            kwargs["busy"] = self.busy
        return page_class(
            self.driver,
            self.base_url,
            timeout=self.timeout,
            log=self.log,
            downloads=self.downloads,
            settle_quiet=self.settle_quiet,
            **kwargs,
        )

    def back(self, page_class: type[Q] | None = None) -> Q | BasePage:
        """Go back in history; the page object (``page_class``, or this class) once there."""
        __tracebackhide__ = True
        return self._history("back", self.driver.back, page_class)

    def forward(self, page_class: type[Q] | None = None) -> Q | BasePage:
        """Go forward in history; the page object once there."""
        __tracebackhide__ = True
        return self._history("forward", self.driver.forward, page_class)

    def refresh(self: P) -> P:
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
    ) -> Q | BasePage:
        __tracebackhide__ = True
        page = self._sibling(page_class or type(self))
        with self.log.action(name, (page_class or type(self)).__name__):
            go()
            page._loaded(self._seen_document)
        return page

    # -- finding and reading (each waits for a settled page first) -----------------
    def _settled(self, locator: Locator, need: str, **options: Any) -> Any:
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
        locator: Locator | None,
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
        )

    def _blocking(self) -> tuple[Locator, ...]:
        """The overlays and busy indicators the settle check looks for now."""
        return tuple(loc for loc in (*self.overlays, *self.busy) if loc not in self._ignored)

    @contextlib.contextmanager
    def ignoring(self, *locators: Locator) -> Iterator[None]:
        """Leave these overlays or busy indicators out of the settle check for the
        actions inside: ``with page.ignoring(KernelLocators.busy): page.click(MENU)``."""
        known = (*self.overlays, *self.busy)
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

    def find(self, locator: Locator, *, visible: bool = True) -> WebElement:
        """The first match (displayed, unless ``visible=False``) once the page has settled."""
        __tracebackhide__ = True
        with self.log.action("find", repr(locator)):
            found = self._settled(locator, "visible" if visible else "present")
        element: WebElement = found["element"]
        return element

    def find_all(self, locator: Locator) -> list[WebElement]:
        """Every match once the page has settled (an empty list when none)."""
        __tracebackhide__ = True
        with self.log.action("find all", repr(locator)):
            elements: list[WebElement] = self._settled(locator, "all")["elements"]
        return elements

    def text_of(self, locator: Locator) -> str:
        """The visible text of the first displayed match, once the page has settled."""
        __tracebackhide__ = True
        with self.log.action("read text", repr(locator)):
            element: WebElement = self._settled(locator, "visible")["element"]
            return element.text

    def texts_of(self, locator: Locator) -> list[str]:
        """The visible text of every match (``''`` for a hidden one), in one round trip."""
        __tracebackhide__ = True
        with self.log.action("read texts", repr(locator)):
            texts: list[str] = self._settled(locator, "all", read="texts")["read"]
        return texts

    def text_content_of(self, locator: Locator) -> str:
        """The text of the first match *including hidden parts* (a collapsed section,
        whose ``.text`` is ``''``), whitespace folded."""
        __tracebackhide__ = True
        with self.log.action("read text content", repr(locator)):
            text: str = self._settled(locator, "present", read="textContent")["read"]
        return text

    def value_of(self, locator: Locator) -> str:
        """A form field's current value (what the user typed, not the attribute)."""
        __tracebackhide__ = True
        with self.log.action("read value", repr(locator)):
            value: str = self._settled(locator, "present", read="value")["read"]
        return value

    def selected_option(self, locator: Locator) -> str:
        """The visible text of a ``<select>``'s selected option (``''`` for none)."""
        __tracebackhide__ = True
        with self.log.action("read selected option", repr(locator)):
            chosen: list[str] = self._settled(locator, "present", read="selected")["read"]
        return chosen[0] if chosen else ""

    def attribute_of(self, locator: Locator, name: str) -> str | None:
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

    def is_checked(self, locator: Locator) -> bool:
        """Whether a checkbox or radio button is checked."""
        __tracebackhide__ = True
        with self.log.action("read checked", repr(locator)):
            return bool(self._settled(locator, "present", read="checked")["read"])

    def is_displayed(self, locator: Locator) -> bool:
        """True if any match is displayed once the page has settled (no wait for it)."""
        __tracebackhide__ = True
        with self.log.action("is displayed", repr(locator)):
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
        verb: str = "act on",
    ) -> T | None:
        __tracebackhide__ = True
        acted: _Acted[T] = _Acted(
            self._condition(locator, need, prepare), act, self.log.changing, verb
        )
        done = waits.settle(self.driver, acted, acted.check, self.timeout, self.log.waited)
        assert done is not None, "settle returns only a truthy value"
        self._acted_document = self._seen_document = acted.state["document"]
        return done[0]

    def click(self, locator: Locator) -> None:
        """Click once the page has settled and the element is clickable (displayed,
        enabled, not moving, nothing covering it); retry if the browser refuses."""
        __tracebackhide__ = True
        with self.log.action("click", repr(locator)):
            self._act(locator, "click", self._click, verb="click")

    def _click(self, element: WebElement, found: dict[str, Any]) -> None:
        if found.get("fileInput"):
            # chromedriver refuses the click command on <input type=file> (it would open
            # a dialog); a pointer click opens it, for expect_file_chooser to catch.
            ActionChains(self.driver, duration=0).click(element).perform()
        else:
            element.click()

    def type(self, locator: Locator, text: str, *, secret: bool = False) -> None:
        """Replace the field's content with ``text`` (``secret=True`` keeps it out of logs).

        Waits for a settled page and an editable field, selects its content in the page
        and types over it, so the page hears every key as a person's typing. The text is
        text, not key codes: a tab (and a newline in a single-line field) lands in the
        field instead of moving the focus or submitting the form.
        """
        __tracebackhide__ = True
        shown = _shown_text(text, secret, "typed")

        def typed(element: WebElement, found: dict[str, Any]) -> None:
            if found.get("inEditor"):  # an editor's own field: its own "select all"
                gestures.select_all(self.driver, element)
            if not text:
                if found.get("hadValue"):
                    element.send_keys(Keys.BACKSPACE)
                return
            multiline = found.get("multiline", False)
            wanted = text.replace("\r\n", "\n").replace("\r", "\n") if multiline else text
            if len(wanted) > KEYS_MAX:
                # Key by key, 10,000 characters take over 20 s: the bulk goes in at once,
                # as a paste does (replacing the selection), and the end as keys.
                self.driver.execute_script(_PASTE_TEXT, element, wanted[:-_KEYS_TAIL])
                wanted = wanted[-_KEYS_TAIL:]
            # WebKitWebDriver types no character outside the BMP (an emoji is dropped):
            # there those go in as text too.
            webkit = self._is_webkit()
            split = _AS_TEXT_WEBKIT if webkit else _AS_TEXT
            for piece in (p for p in split.split(wanted) if p):
                # The first piece replaces the selection, whichever way it goes in.
                if (
                    piece == "\t"
                    or (not multiline and _AS_TEXT.fullmatch(piece))
                    or (webkit and _ASTRAL.fullmatch(piece))
                ):
                    self.driver.execute_script(_INSERT_TEXT, element, piece)
                elif piece == "\n":  # the Enter key (WebKitWebDriver drops a "\n" key)
                    element.send_keys(Keys.ENTER)
                else:
                    element.send_keys(piece)

        with self.log.action("type", f"{shown} into {locator!r}", secret=text if secret else None):
            self._act(locator, "fill", typed, prepare="select", verb="type into")

    def fill(self, locator: Locator, text: str, *, secret: bool = False) -> None:
        """Replace the content of a field or a code editor with exactly ``text``.

        Unlike :meth:`type`, nothing goes in as key presses: the text is one insertion
        the page hears as input (an ``input`` event on a field; a paste on an editor such
        as CodeMirror, Monaco or ProseMirror, after "select all"), so an editor adds no
        indentation, closing bracket or completion of its own. ``locator`` may name the
        editor's outer element. Waits like every action.
        """
        __tracebackhide__ = True
        shown = _shown_text(text, secret, "filled")
        with self.log.action("fill", f"{shown} into {locator!r}", secret=text if secret else None):
            self._act(
                locator,
                "fill",
                lambda el, found: gestures.fill(
                    self.driver, el, text, found.get("inEditor", False)
                ),
                prepare="focus",
                verb="fill",
            )

    def right_click(self, locator: Locator) -> None:
        """Right-click (open the context menu of) the element, once it is clickable."""
        __tracebackhide__ = True
        with self.log.action("right-click", repr(locator)):
            if self._is_webkit():
                # WebKitWebDriver releases the right button as the left one: the page
                # hears a left click right after its context menu opened (and closes it).
                self._act(
                    locator,
                    "click",
                    lambda el, found: gestures.webkit_right_click(self.driver, el, found),
                    verb="right-click",
                )
            else:
                self._pointer(locator, lambda chain, el: chain.context_click(el), "right-click")

    def double_click(self, locator: Locator) -> None:
        """Double-click the element, once it is clickable."""
        __tracebackhide__ = True
        with self.log.action("double-click", repr(locator)):
            self._pointer(locator, lambda chain, el: chain.double_click(el), "double-click")

    def hover(self, locator: Locator) -> None:
        """Move the mouse over the element (a tooltip, a menu that opens on hover)."""
        __tracebackhide__ = True
        with self.log.action("hover", repr(locator)):
            self._pointer(locator, lambda chain, el: chain.move_to_element(el), "hover over")

    def _pointer(
        self,
        locator: Locator,
        gesture: Callable[[ActionChains, WebElement], ActionChains],
        verb: str,
    ) -> None:
        __tracebackhide__ = True

        def act(element: WebElement, found: dict[str, Any]) -> None:
            # Aimed at what is under the element's centre (itself or a child of it):
            # WebKit refuses pointer actions aimed at a table row itself.
            at = found.get("hit") or element
            gesture(ActionChains(self.driver, duration=0), at).perform()

        self._act(locator, "click", act, verb=verb)

    def press(self, keys: str, *, on: Locator | None = None) -> None:
        """Press keys as a person would: ``"Escape"``, ``"Control+Shift+K"``, ``"Meta+A"``,
        several chords separated by spaces. They go to the focused element, or to the
        page when nothing is focused; ``on=`` focuses that element first."""
        __tracebackhide__ = True
        chords = keys_.parse_chords(
            keys, mac=keys_.is_mac(self.driver)
        )  # a typo fails before the page
        where = f" on {on!r}" if on is not None else ""
        with self.log.action("press", f"{keys}{where}"):
            if on is None:
                self._settled(_DOCUMENT, "present")
                keys_.press_chords(self.driver, chords)
            else:
                self._act(
                    on,
                    "enabled",
                    lambda el, _: keys_.press_chords(self.driver, chords),
                    prepare="focus",
                    verb="press keys on",
                )

    def drag_to(self, source: Locator, target: Locator) -> None:
        """Drag ``source`` and drop it on ``target``: HTML5 drag and drop (a ``draggable``
        element) or a mouse-driven library (jQuery UI sortable), on every engine."""
        __tracebackhide__ = True
        with self.log.action("drag", f"{source!r} to {target!r}"):
            to: WebElement = self._settled(target, "visible")["element"]
            outcome = self._act(
                source, "click", lambda el, _: gestures.drag(self.driver, el, to), verb="drag"
            )
        if outcome not in ("dropped", "moved"):
            raise AssertionError(
                f"Dragged {source!r} to {target!r}, but nothing dropped: {outcome}"
            )

    @contextlib.contextmanager
    def expect_file_chooser(
        self, seconds: float | None = None
    ) -> Iterator[file_chooser.FileChooserWaiter]:
        """Catch the file dialog that the block's actions open, for any file input (shown,
        hidden, or never attached to the page)::

            with page.expect_file_chooser() as chooser:
                page.click(UPLOAD)
            chooser.value.set_files("cases.csv")
        """
        __tracebackhide__ = True
        with self.log.action("expect file chooser", ""):
            waiting = file_chooser.expect_file_chooser(self.driver, seconds or self.timeout)
            waiter = waiting.__enter__()
        try:
            yield waiter
        except BaseException as exc:
            waiting.__exit__(type(exc), exc, exc.__traceback__)
            raise
        with self.log.action("wait for file chooser", ""):
            waiting.__exit__(None, None, None)

    def _is_webkit(self) -> bool:
        return family_of(self.driver) == "webkit"

    def send_keys_to_element(self, locator: Locator, keys: str) -> None:
        """Send keys as they are (no clearing), e.g. ``Keys.ENTER``."""
        __tracebackhide__ = True
        with self.log.action("send keys", f"to {locator!r}"):
            self._act(locator, "enabled", lambda el, _: el.send_keys(keys), verb="send keys to")

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

    def set_checked(self, locator: Locator, checked: bool = True) -> None:
        """Make a checkbox checked (or not), clicking it only when it is not already so."""
        __tracebackhide__ = True

        def toggled(element: WebElement, _: dict[str, Any]) -> None:
            if element.is_selected() != checked:
                element.click()

        with self.log.action("check" if checked else "uncheck", repr(locator)):
            self._act(locator, "click", toggled)
            if self.is_checked(locator) != checked:
                raise AssertionError(
                    f"{locator!r} is still {'un' if checked else ''}checked after a click: "
                    "does a page script reset it?"
                )

    def upload_file(self, locator: Locator, path: str | os.PathLike[str]) -> None:
        """Send a file to a file input, hidden or not."""
        __tracebackhide__ = True
        uploads._existing_file(path)
        with self.log.action("upload", f"{os.fspath(path)!r} to {locator!r}"):
            element: WebElement = self._settled(locator, "present")["element"]
            uploads.upload_file(self.driver, element, path)

    def add_dropzone_attachment(
        self, locator: Locator, path: str | os.PathLike[str]
    ) -> uploads.DropzoneUpload:
        """Attach a file to the Dropzone at ``locator``; wait until it is uploaded or refused."""
        __tracebackhide__ = True
        uploads._existing_file(path)
        with self.log.action("attach", f"{os.fspath(path)!r} to {locator!r}"):
            zone: WebElement = self._settled(locator, "visible")["element"]
            return uploads.add_dropzone_attachment(self.driver, zone, path, self.timeout)

    # -- windows, frames, dialogs, downloads ---------------------------------------
    @contextlib.contextmanager
    def window(
        self,
        opened_by: Callable[[], object],
        page_class: builtins.type[Q],
        *,
        close: bool = False,
        closes_itself: bool = False,
    ) -> Iterator[Q]:
        """Run ``opened_by`` (an action that opens a window, tab or popup), switch to the
        new window and yield its page object, loaded; switch back afterwards, also when
        the popup closed itself. ``closes_itself=True`` waits at the end of the block
        until it has (an "add another" popup after Save); ``close=True`` closes it at the
        end if still open."""
        __tracebackhide__ = True
        with self.log.action("switch to new window", page_class.__name__):
            opened = windows.new_window(
                self.driver, opened_by, self.timeout, close=close, closes_itself=closes_itself
            )
            opened.__enter__()
            try:
                page = self._sibling(page_class)
                page._loaded(None)
            except BaseException:
                opened.__exit__(None, None, None)
                raise
        try:
            yield page
        except BaseException as exc:
            with self.log.action("switch back from window", page_class.__name__):
                opened.__exit__(type(exc), exc, exc.__traceback__)
            raise
        with self.log.action("switch back from window", page_class.__name__):
            opened.__exit__(None, None, None)

    @contextlib.contextmanager
    def frame(self, locator: Locator) -> Iterator[None]:
        """Act inside the ``<iframe>`` at ``locator``: ``with page.frame(loc): page.click(...)``.

        The settle checks see overlays, busy widgets and AJAX of every same-origin frame,
        from inside or outside of it.
        """
        __tracebackhide__ = True
        with self.log.action("enter frame", repr(locator)):
            element: WebElement = self._settled(locator, "visible")["element"]
            self.driver.switch_to.frame(element)
            inside = self._condition(_DOCUMENT, "present")
            waits.settle(self.driver, inside, inside, self.timeout)
        try:
            yield
        finally:
            with self.log.action("leave frame", repr(locator)):
                self.driver.switch_to.parent_frame()

    def accept_dialog(self, prompt: str | None = None) -> str:
        """Wait for an ``alert``/``confirm``/``prompt``, type ``prompt`` into a prompt,
        accept it, and return its message."""
        __tracebackhide__ = True
        with self.log.action("accept dialog", "" if prompt is None else f"answering {prompt!r}"):
            return dialogs.answer_dialog(self.driver, True, prompt, self.timeout)

    def dismiss_dialog(self) -> str:
        """Wait for a dialog, dismiss it (Cancel), and return its message."""
        __tracebackhide__ = True
        with self.log.action("dismiss dialog", ""):
            return dialogs.answer_dialog(self.driver, False, None, self.timeout)

    def download(self, started_by: Callable[[], object]) -> Path:
        """Run ``started_by`` (an action that downloads a file), wait until the file is
        complete, and return its path in this test's download folder."""
        __tracebackhide__ = True
        if self.downloads is None:
            raise ValueError(
                "This page object has no download folder: build it with the page fixture "
                "(one folder per test) or pass downloads=Path(...)"
            )
        return self.download_all(started_by, count=1)[0]

    def download_all(self, started_by: Callable[[], object], count: int) -> list[Path]:
        """As :meth:`download`, for an action that downloads ``count`` files at once;
        their paths, sorted by name."""
        __tracebackhide__ = True
        if self.downloads is None:
            raise ValueError(
                "This page object has no download folder: build it with the page fixture "
                "(one folder per test) or pass downloads=Path(...)"
            )
        with self.log.action("download", f"into {self.downloads}"):
            return downloads.wait_for_downloads(
                self.driver, self.downloads, started_by, count, self.timeout
            )

    # -- waiting -------------------------------------------------------------------
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

    def wait_for(self, locator: Locator, seconds: float | None = None) -> WebElement:
        """Wait until ``locator`` is displayed and return it (the page need not settle)."""
        __tracebackhide__ = True
        with self.log.action("wait for", repr(locator)):
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
