"""Emptying text fields the way a person does, so the page hears about it."""

from __future__ import annotations

from selenium.common.exceptions import InvalidElementStateException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement

__all__ = ["clear_text", "force_empty"]

_FOCUS_AND_SELECT = """
const el = arguments[0];
el.focus();
if (typeof el.select === "function") el.select();
return el.value;
"""

_FORCE_EMPTY = """
const el = arguments[0];
if (el.isContentEditable) {
  if (el.textContent === "") return "";
  el.textContent = "";
  el.dispatchEvent(new InputEvent("input", {bubbles: true, inputType: "deleteContentBackward"}));
  return el.textContent;
}
if (el.value === "") return "";
const setter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(el), "value").set;
setter.call(el, "");
el.dispatchEvent(new InputEvent("input", {bubbles: true, inputType: "deleteContentBackward"}));
el.dispatchEvent(new Event("change", {bubbles: true}));
return el.value;
"""


def clear_text(driver: WebDriver, element: WebElement) -> None:
    """Empty a textarea or text input and fire ``input`` as typing would.

    Selenium's ``.clear()`` fires no ``input`` event on a textarea, so pages that
    listen for input never see the change; Ctrl+A is Command+A on macOS. This
    selects the whole value in the page (``el.select()``, no shortcut key needed),
    presses Backspace, and checks the field is empty. Where a page swallows the
    key, it sets the value through the element's own setter and dispatches
    ``input`` and ``change`` itself, then checks again.
    """
    if not driver.execute_script(_FOCUS_AND_SELECT, element):
        return
    ActionChains(driver).send_keys(Keys.BACKSPACE).perform()
    force_empty(driver, element)


def force_empty(driver: WebDriver, element: WebElement) -> None:
    """Make sure a field whose content was selected and deleted is empty.

    One round trip when it is (the usual case). Where the page swallowed the key, the
    value is set through the element's own setter with ``input`` and ``change``
    dispatched, and checked again.
    """
    left = driver.execute_script(_FORCE_EMPTY, element)
    if left != "":
        raise InvalidElementStateException(
            f"Could not empty {element.tag_name} (value is still {left!r}): "
            "the page resets it; check for a handler that restores the value."
        )
