"""What a user does on a page, once it has settled and the element is ready: click,
type, fill, pointer gestures, keys, drag and drop, selects, checkboxes, uploads. An
action the browser refuses (something covering the element, a stale element) is retried
within the timeout."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, Generic

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
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.select import Select

from e2e.base.masking import known_secrets, secret_problem
from e2e.base.renamed import renamed_method
from e2e.browser.load_errors import navigation_error
from e2e.locators import LocatorLike
from e2e.page import gestures, key_chords
from e2e.page.clearing import force_empty
from e2e.page.core import DOCUMENT_TOKEN, T, first_line_of
from e2e.page.reading import Reading
from e2e.waiting import waits

#: What an action may hit between finding its element and acting on it: try again.
_RETRY = (ElementClickInterceptedException, StaleElementReferenceException)


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
        before: Callable[[WebElement], None],
        verb: str = "act on",
        fallback: Callable[[WebElement, dict[str, Any]], T] | None = None,
    ) -> None:
        self.act = act
        #: What to do when the driver refuses an element the check found ready (displayed,
        #: enabled, itself at its centre): a pointer action at that centre (a click).
        self.fallback = fallback
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
        element, found = state["target"]["element"], state["target"]
        self.before(element)
        try:
            return (self.act(element, found),)
        except ElementNotInteractableException as exc:
            # Found displayed, enabled and uncovered, yet refused: geckodriver and
            # WebKitWebDriver refuse elements they cannot scroll into view themselves
            # (Lumino's menu items), though the check saw the element itself at its
            # centre: the pointer goes there instead. Without a way through, once may be a
            # page that changed in between; twice in a row, the element is what it is.
            if self.fallback is not None:
                try:
                    return (self.fallback(element, found),)
                except ElementNotInteractableException:
                    pass
            self._refusals += 1
            self._refused = first_line_of(exc)
            if self._refusals >= _REFUSALS_BEFORE_GIVING_UP:
                raise self._unfixable(exc) from None
            return None
        except InvalidElementStateException as exc:
            raise self._unfixable(exc) from None
        except (*_RETRY, JavascriptException) as exc:
            self._refusals = 0
            self._refused = first_line_of(exc)
            return None
        except NoSuchWindowException:  # the action closed its own window (a popup's Save)
            return (None,)
        except WebDriverException as exc:
            refused = navigation_error(driver, exc)
            if refused is None:
                raise
            raise refused from None

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
            f"{first_line_of(exc)}; {hint}."
        )

    def last_seen(self) -> str:
        seen = self.check.last_seen()
        if self._refused:
            return f"{seen}; the browser last refused the action: {self._refused}"
        return seen


class Acting(Reading):
    """Actions that wait for a settled page and a ready element."""

    def _act(
        self,
        locator: LocatorLike,
        need: str,
        act: Callable[[WebElement, dict[str, Any]], T],
        prepare: str | None = None,
        verb: str = "act on",
        fallback: Callable[[WebElement, dict[str, Any]], T] | None = None,
    ) -> T | None:
        __tracebackhide__ = True
        acted: _Acted[T] = _Acted(
            self._condition(locator, need, prepare), act, self.log.changing, verb, fallback
        )
        done = waits.settle(self.driver, acted, acted.check, self.timeout, self.log.waited)
        assert done is not None, "settle returns only a truthy value"
        self._acted_document = self._seen_document = acted.state["document"]
        return done[0]

    def click(self, locator: LocatorLike) -> None:
        """Click once the page has settled and the element is clickable (displayed,
        enabled, not moving, nothing covering it); retry if the browser refuses."""
        __tracebackhide__ = True
        with self.log.action("click", repr(locator)):
            self._act(locator, "click", self._click, verb="click", fallback=self._click_at)

    def _click_at(self, element: WebElement, found: dict[str, Any]) -> None:
        gestures.click_at_centre(self.driver, element)

    def _click(self, element: WebElement, found: dict[str, Any]) -> None:
        if found.get("fileInput"):
            # chromedriver refuses the click command on <input type=file> (it would open
            # a dialog); a pointer click opens it, for expect_file_chooser to catch.
            ActionChains(self.driver, duration=0).click(element).perform()
        else:
            element.click()

    def type(self, locator: LocatorLike, text: str, *, secret: bool = False) -> None:
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

        if secret:  # kept out of every HAR and trace of this browser too
            known_secrets(self.driver).add(text)
        with self.log.action("type", f"{shown} into {locator!r}", secret=text if secret else None):
            self._act(locator, "fill", typed, prepare="select", verb="type into")

    def fill(self, locator: LocatorLike, text: str, *, secret: bool = False) -> None:
        """Replace the content of a field or a code editor with exactly ``text``.

        Unlike :meth:`type`, nothing goes in as key presses: the text is one insertion
        the page hears as input (an ``input`` event on a field; a paste on an editor such
        as CodeMirror, Monaco or ProseMirror, after "select all"), so an editor adds no
        indentation, closing bracket or completion of its own. ``locator`` may name the
        editor's outer element. Waits like every action.
        """
        __tracebackhide__ = True
        shown = _shown_text(text, secret, "filled")
        if secret:
            known_secrets(self.driver).add(text)
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

    def right_click(self, locator: LocatorLike) -> None:
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

    def double_click(self, locator: LocatorLike) -> None:
        """Double-click the element, once it is clickable."""
        __tracebackhide__ = True
        with self.log.action("double-click", repr(locator)):
            self._pointer(locator, lambda chain, el: chain.double_click(el), "double-click")

    def hover(self, locator: LocatorLike) -> None:
        """Move the mouse over the element (a tooltip, a menu that opens on hover)."""
        __tracebackhide__ = True
        with self.log.action("hover", repr(locator)):
            self._pointer(locator, lambda chain, el: chain.move_to_element(el), "hover over")

    def _pointer(
        self,
        locator: LocatorLike,
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

    def press(self, keys: str, *, on: LocatorLike | None = None) -> None:
        """Press keys as a person would: ``"Escape"``, ``"Control+Shift+K"``, ``"Meta+A"``,
        several chords separated by spaces. They go to the focused element, or to the
        page when nothing is focused; ``on=`` focuses that element first."""
        __tracebackhide__ = True
        chords = key_chords.parse_chords(
            keys, mac=key_chords.is_mac(self.driver)
        )  # a typo fails before the page
        where = f" on {on!r}" if on is not None else ""
        with self.log.action("press", f"{keys}{where}"):
            if on is None:
                self._settled(DOCUMENT_TOKEN, "present")
                key_chords.press_chords(self.driver, chords)
            else:
                self._act(
                    on,
                    "enabled",
                    lambda el, _: key_chords.press_chords(self.driver, chords),
                    prepare="focus",
                    verb="press keys on",
                )

    def drag_to(self, source: LocatorLike, target: LocatorLike) -> None:
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

    def send_keys_to_element(self, locator: LocatorLike, keys: str) -> None:
        """Send keys as they are (no clearing), e.g. ``Keys.ENTER``."""
        __tracebackhide__ = True
        with self.log.action("send keys", f"to {locator!r}"):
            self._act(locator, "enabled", lambda el, _: el.send_keys(keys), verb="send keys to")

    def clear_text(self, locator: LocatorLike) -> None:
        """Empty a text field (a textarea, a text-like input, contenteditable) so that the
        page sees an ``input`` event, as :func:`e2e.clear_text` does for an element."""
        __tracebackhide__ = True

        def emptied(element: WebElement, found: dict[str, Any]) -> None:
            if found.get("hadValue"):
                element.send_keys(Keys.BACKSPACE)
                force_empty(self.driver, element)

        with self.log.action("clear", repr(locator)):
            self._act(locator, "edit", emptied, prepare="select")

    clear_textarea = renamed_method("clear_textarea", "clear_text")

    def select(self, locator: LocatorLike, visible_text: str) -> None:
        """Choose an ``<option>`` of a ``<select>`` by its visible text."""
        __tracebackhide__ = True
        with self.log.action("select", f"{visible_text!r} in {locator!r}"):
            self._act(
                locator, "enabled", lambda el, _: Select(el).select_by_visible_text(visible_text)
            )

    def set_checked(self, locator: LocatorLike, checked: bool = True) -> None:
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
