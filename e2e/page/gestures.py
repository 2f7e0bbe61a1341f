"""What the page hears for the gestures beyond a click: exact text put into an editor
(``fill``), and drag and drop, HTML5 or mouse-driven.

``fill`` replaces a field's content with one insertion, never key by key: a plain
``<input>`` or ``<textarea>`` gets the value and an ``input`` event; an editor (a
contenteditable element, or the hidden textarea behind CodeMirror 5 or Monaco) gets
"select all" as the platform's key chord and then a ``paste`` event carrying the text,
which every editor inserts as it is, with no auto-indent, auto-close or completion.

``drag_to`` of an element that is HTML5-``draggable`` plays the drag events
(``dragstart``, ``dragenter``, ``dragover``, ``drop``, ``dragend``) with one shared
``DataTransfer``, the same on every engine: WebDriver's own pointer actions start a
native HTML5 drag only on Chromium (geckodriver never has, a long-standing Selenium
issue). Anything else (jQuery UI sortable, mouse-event libraries) gets real pointer
actions: press, a few moves, release.
"""

from __future__ import annotations

from typing import Any

from selenium.common.exceptions import InvalidElementStateException
from selenium.webdriver.common.actions.action_builder import ActionBuilder
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement

from e2e.page.key_chords import Chord, is_mac, parse_chords, press_chords

__all__ = [
    "click_at_centre",
    "drag",
    "fill",
    "is_plain",
    "select_all",
    "select_all_chord",
    "webkit_right_click",
]

#: "plain": a field whose value is its text; "editor": an editor's input surface (a
#: contenteditable element, or a textarea inside a CodeMirror 5 or Monaco editor).
_KIND = """
const el = arguments[0];
if (el.isContentEditable || el.closest(".CodeMirror, .monaco-editor")) return "editor";
return "plain";
"""

_SET_VALUE = """
const [el, text] = arguments;
el.focus();
// Inputs with no text selection (setRangeText throws on them) get their value set as a
// user's choice would: through the prototype's setter (a framework's own setter on the
// element is bypassed, so it hears the change), then input and change. The browser
// sanitizes the value: what it kept is compared with what was asked for.
const NO_SELECTION = ["email", "number", "date", "datetime-local", "month", "time", "week",
                      "range", "color"];
if (el.tagName === "INPUT" && NO_SELECTION.includes(el.type)) {
  Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set.call(el, text);
  const kept = el.type === "color" ? el.value.toLowerCase() === text.toLowerCase()
    : el.type === "email" ? el.value === text.trim() : el.value === text;
  if (!kept) return {type: el.type, value: el.value};
  el.dispatchEvent(new InputEvent("input", {bubbles: true, inputType: "insertReplacementText",
                                            data: text}));
  el.dispatchEvent(new Event("change", {bubbles: true}));
  return null;
}
el.setRangeText(text, 0, el.value.length, "end");
el.dispatchEvent(new InputEvent("input", {
  bubbles: true, inputType: text ? "insertReplacementText" : "deleteContentBackward",
  data: text || null
}));
"""

# The editor has its own selection ("select all" was just pressed): a paste replaces it.
# A page that does not take the paste (a bare contenteditable) gets insertText instead.
_PASTE = """
const [el, text] = arguments;
if (document.activeElement !== el) el.focus();
const data = new DataTransfer();
data.setData("text/plain", text);
const paste = new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true});
// Firefox gives a script-made paste event an empty clipboard of its own: ours is the one.
if (paste.clipboardData !== data) Object.defineProperty(paste, "clipboardData", {value: data});
if (!el.dispatchEvent(paste)) return "pasted";
if (el.isContentEditable) {
  if (/^(pre|break-spaces)/.test(getComputedStyle(el).whiteSpace)) {
    // Lines as they are: insertText would split them into <div>s, and a trailing newline
    // would read back as two.
    el.textContent = text;
    el.dispatchEvent(new InputEvent("input", {bubbles: true, inputType: "insertReplacementText"}));
    return "set";
  }
  document.execCommand("selectAll");
  document.execCommand("insertText", false, text);
  return "inserted";
}
el.setRangeText(text, 0, el.value.length, "end");
el.dispatchEvent(new InputEvent("input", {bubbles: true, inputType: "insertFromPaste"}));
return "set";
"""


def select_all_chord(driver: WebDriver) -> list[Chord]:
    """The platform's "select all": Meta+A on macOS, Control+A elsewhere."""
    return parse_chords("ControlOrMeta+A", mac=is_mac(driver))


# CodeMirror 5 in contenteditable mode reads a key-made selection some milliseconds
# later; its own command selects at once.
_CODEMIRROR_SELECT_ALL = """
const holder = arguments[0].closest(".CodeMirror"), cm = holder && holder.CodeMirror;
if (!cm || typeof cm.execCommand !== "function") return false;
cm.focus();
cm.execCommand("selectAll");
return true;
"""


def select_all(driver: WebDriver, element: WebElement) -> None:
    """Select all of an editor's text, as its own "select all" does."""
    if not driver.execute_script(_CODEMIRROR_SELECT_ALL, element):
        press_chords(driver, select_all_chord(driver))


#: The value each input type takes, for the sentence that refuses one.
_FORMS = {
    "number": "digits, e.g. '42' or '-3.5', within its min and max",
    "date": "'YYYY-MM-DD', e.g. '2026-12-31'",
    "datetime-local": "'YYYY-MM-DDTHH:MM', e.g. '2026-12-31T23:59'",
    "month": "'YYYY-MM', e.g. '2026-12'",
    "time": "'HH:MM' or 'HH:MM:SS', e.g. '09:30'",
    "week": "'YYYY-Www', e.g. '2026-W52'",
    "range": "a number within its min, max and step",
    "color": "'#rrggbb', e.g. '#ff8800'",
    "email": "an address such as 'qa@example.com'",
}


def is_plain(driver: WebDriver, element: WebElement) -> bool:
    """Whether ``element`` is a plain field (its value is its text), not an editor's."""
    return bool(driver.execute_script(_KIND, element) == "plain")


def fill(driver: WebDriver, element: WebElement, text: str, in_editor: bool = False) -> None:
    """Put exactly ``text`` into ``element`` (focused), replacing what is there;
    ``in_editor``: the element is the field an editor holds (found inside the one named)."""
    if not in_editor and is_plain(driver, element):
        refused = driver.execute_script(_SET_VALUE, element, text)
        if refused:
            kind = refused.get("type")
            raise InvalidElementStateException(
                f"<input type={kind}> did not take {text!r}: the browser kept "
                f"{refused.get('value')!r}. Give a value in the form the input takes "
                f"({_FORMS.get(kind, 'see its min, max and step')})"
            )
        return
    select_all(driver, element)
    if text:
        driver.execute_script(_PASTE, element, text)
    else:
        press_chords(driver, parse_chords("Backspace"))


_HTML5_DRAG = """
const [source, target] = arguments;
const draggable = source.closest('[draggable="true"]');
if (!draggable) return null;
target.scrollIntoView({block: "nearest", inline: "nearest", behavior: "instant"});
function centre(el) {
  const r = el.getBoundingClientRect();
  return [r.left + r.width / 2, r.top + r.height / 2];
}
const [sx, sy] = centre(draggable), [tx, ty] = centre(target);
const at = document.elementFromPoint(tx, ty);
const over = at && target.contains(at) ? at : target;
const data = new DataTransfer();
function fire(el, type, x, y) {
  const event = new DragEvent(type, {
    bubbles: true, cancelable: true, composed: true, view: window,
    clientX: x, clientY: y, screenX: x, screenY: y, dataTransfer: data
  });
  el.dispatchEvent(event);
  return event;
}
if (fire(draggable, "dragstart", sx, sy).defaultPrevented) return "the page cancelled dragstart";
fire(draggable, "drag", sx, sy);
fire(over, "dragenter", tx, ty);
let dropped = false;
if (fire(over, "dragover", tx, ty).defaultPrevented) {
  fire(over, "drop", tx, ty);
  dropped = true;
} else {
  fire(over, "dragleave", tx, ty);
}
fire(draggable, "dragend", tx, ty);
return dropped ? "dropped" :
  "the target did not accept the drop (no dragover handler called preventDefault)";
"""

_CENTRES = """
const [source, target] = arguments;
target.scrollIntoView({block: "nearest", inline: "nearest", behavior: "instant"});
source.scrollIntoView({block: "nearest", inline: "nearest", behavior: "instant"});
return [source, target].map(function (el) {
  const r = el.getBoundingClientRect();
  return [Math.round(r.left + r.width / 2), Math.round(r.top + r.height / 2)];
});
"""

#: Pointer moves between press and release: mouse-event libraries start a drag after a
#: few pixels and decide the drop place as the pointer passes over the items.
_STEPS = 8


def drag(driver: WebDriver, source: WebElement, target: WebElement) -> str:
    """Drag ``source`` onto ``target``; ``"dropped"``, ``"moved"`` or why nothing dropped."""
    html5: Any = driver.execute_script(_HTML5_DRAG, source, target)
    if html5 is not None:
        return str(html5)
    (sx, sy), (tx, ty) = driver.execute_script(_CENTRES, source, target)
    actions = ActionBuilder(driver, duration=0)
    pointer: Any = actions.pointer_action  # untyped in Selenium
    pointer.move_to_location(sx, sy)
    pointer.pointer_down()
    pointer.move_to_location(sx + 2, sy + 2)
    for step in range(1, _STEPS + 1):
        pointer.move_to_location(sx + (tx - sx) * step // _STEPS, sy + (ty - sy) * step // _STEPS)
    pointer.pointer_up()
    actions.perform()
    return "moved"


# The events of a right-click, as Chromium and Firefox send them under WebDriver (and as
# GTK orders them: the menu on the press), with the right button throughout.
_RIGHT_CLICK = """
const el = arguments[0];
const r = el.getBoundingClientRect(), x = r.left + r.width / 2, y = r.top + r.height / 2;
function fire(type, Kind, buttons) {
  el.dispatchEvent(new Kind(type, {
    bubbles: true, cancelable: true, composed: true, view: window,
    clientX: x, clientY: y, screenX: x, screenY: y, button: 2, buttons: buttons
  }));
}
fire("pointerdown", PointerEvent, 2);
fire("mousedown", MouseEvent, 2);
fire("contextmenu", MouseEvent, 2);
fire("pointerup", PointerEvent, 0);
fire("mouseup", MouseEvent, 0);
fire("auxclick", PointerEvent, 0);
"""


def webkit_right_click(driver: WebDriver, element: WebElement, found: dict[str, Any]) -> None:
    """A right-click on WebKit, whose WebDriver turns the right button's release into a
    left click: the events played in the page, on what is under the element's centre."""
    driver.execute_script(_RIGHT_CLICK, found.get("hit") or element)


# The centre of the element's first box, clipped to the viewport (as the settle check's
# hit test takes it), in viewport pixels.
_CENTRE = """
const r = arguments[0].getClientRects()[0];
const left = Math.max(r.left, 0), right = Math.min(r.right, window.innerWidth);
const top = Math.max(r.top, 0), bottom = Math.min(r.bottom, window.innerHeight);
return [Math.floor((left + right) / 2), Math.floor((top + bottom) / 2)];
"""


def click_at_centre(driver: WebDriver, element: WebElement) -> None:
    """A left click by the pointer at ``element``'s centre in the viewport: no scrolling
    into view by the driver (which geckodriver and WebKitWebDriver refuse for some
    elements they deem outside any scrollable area)."""
    x, y = driver.execute_script(_CENTRE, element)
    actions = ActionBuilder(driver, duration=0)
    pointer: Any = actions.pointer_action  # untyped in Selenium
    pointer.move_to_location(x, y)
    pointer.click()
    actions.perform()
