"""Key chords in Playwright's spelling: ``"Control+Shift+K"``, ``"Meta+A"``, ``"Escape"``.

A chord is modifiers and one key joined by ``+``. Keys are named as in the DOM's
``KeyboardEvent.key`` (``Enter``, ``ArrowDown``, ``F5``, ``a``) or its ``code``
(``KeyA``, ``Digit1``); ``"+"`` itself is the key ``Plus`` (``"Control+Plus"``).
``ControlOrMeta`` is Meta on macOS and Control elsewhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver

__all__ = ["Chord", "is_mac", "parse_chords", "press_chords"]

MODIFIERS = {
    "Shift": Keys.SHIFT,
    "Control": Keys.CONTROL,
    "Alt": Keys.ALT,
    "Meta": Keys.META,
}
_NAMED = {
    "Enter": Keys.ENTER,
    "Tab": Keys.TAB,
    "Escape": Keys.ESCAPE,
    "Backspace": Keys.BACKSPACE,
    "Delete": Keys.DELETE,
    "Insert": Keys.INSERT,
    "Home": Keys.HOME,
    "End": Keys.END,
    "PageUp": Keys.PAGE_UP,
    "PageDown": Keys.PAGE_DOWN,
    "ArrowUp": Keys.ARROW_UP,
    "ArrowDown": Keys.ARROW_DOWN,
    "ArrowLeft": Keys.ARROW_LEFT,
    "ArrowRight": Keys.ARROW_RIGHT,
    "Space": " ",
    "Plus": "+",
    "Minus": "-",
    "Equal": "=",
    "Comma": ",",
    "Period": ".",
    "Slash": "/",
    "Backslash": "\\",
    "Semicolon": ";",
    "Quote": "'",
    "Backquote": "`",
    "BracketLeft": "[",
    "BracketRight": "]",
    **{f"F{n}": getattr(Keys, f"F{n}") for n in range(1, 13)},
    **{f"Key{c}": c.lower() for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"},
    **{f"Digit{d}": d for d in "0123456789"},
}
_LOWER = {name.lower(): value for name, value in {**_NAMED, **MODIFIERS}.items()}
_LOWER.update({"esc": Keys.ESCAPE, "return": Keys.ENTER, "ctrl": Keys.CONTROL, "cmd": Keys.META})


@dataclass(frozen=True)
class Chord:
    """Modifier keys held while one key is pressed."""

    modifiers: tuple[str, ...]
    key: str
    text: str


def _key(name: str, chord: str, mac: bool) -> str:
    if name.lower() == "controlormeta":
        return Keys.META if mac else Keys.CONTROL
    if len(name) == 1:
        code = ord(name)
        if 0xD800 <= code <= 0xDFFF:
            raise ValueError(
                f"{chord!r} holds a lone surrogate (U+{code:04X}): half of a character, which "
                "no keyboard sends. Give the whole character (e.g. '😀', not its halves)"
            )
        if 0xE000 <= code <= 0xF8FF:
            raise ValueError(
                f"{chord!r} holds U+{code:04X}, a WebDriver key code (Selenium's Keys): name "
                "the key instead, e.g. 'Enter', 'Escape', 'ArrowDown'"
            )
        if code < 0x20 or code == 0x7F:
            raise ValueError(
                f"{chord!r} holds the control character U+{code:04X}: name the key instead, "
                "e.g. 'Enter', 'Tab', 'Backspace'"
            )
        return name
    found = _LOWER.get(name.lower())
    if found is None:
        raise ValueError(
            f"Unknown key {name!r} in {chord!r}: name a key as KeyboardEvent.key does "
            "(Enter, Escape, ArrowDown, F5, a single character) or as its code (KeyA, "
            "Digit1), with modifiers Shift, Control, Alt, Meta, ControlOrMeta joined by "
            "'+', e.g. 'Control+Shift+K'"
        )
    return found


def is_mac(driver: WebDriver) -> bool:
    """Whether the browser runs on macOS (where ``ControlOrMeta`` is Meta)."""
    return str(driver.caps.get("platformName") or "").lower() in ("mac", "macos", "darwin")


def parse_chords(keys: str, *, mac: bool = False) -> list[Chord]:
    """``keys`` as chords; several chords are separated by spaces (``"Control+K Escape"``)."""
    if not isinstance(keys, str) or not keys.strip():
        raise ValueError(f"No keys to press in {keys!r}: give e.g. 'Escape' or 'Control+S'")
    chords = []
    for text in keys.split():
        parts = text.split("+")
        if "" in parts:
            raise ValueError(
                f"{text!r} has an empty key between '+' signs: write the plus key as "
                "'Plus', e.g. 'Control+Plus'"
            )
        *held, last = parts
        modifiers = tuple(_key(name, text, mac) for name in held)
        for name, value in zip(held, modifiers, strict=True):
            if value not in MODIFIERS.values():
                raise ValueError(
                    f"{name!r} in {text!r} is not a modifier: only Shift, Control, Alt, "
                    "Meta and ControlOrMeta can be held while another key is pressed"
                )
        repeated = sorted({m for m in modifiers if modifiers.count(m) > 1})
        if repeated:
            names = [n for n, v in zip(held, modifiers, strict=True) if v in repeated]
            raise ValueError(
                f"{text!r} holds {names[0]!r} twice: a modifier is held once, e.g. "
                "'Control+Shift+K'"
            )
        key = _key(last, text, mac)
        if key in modifiers:
            raise ValueError(
                f"{text!r} presses {last!r} while holding it: give it once, e.g. 'Control+K'"
            )
        if held and len(key) == 1 and key.isalpha():
            # As a keyboard gives it: Control+K is "k", Shift+K and Control+Shift+k are "K".
            key = key.upper() if Keys.SHIFT in modifiers else key.lower()
        chords.append(Chord(modifiers, key, text))
    return chords


def press_chords(driver: WebDriver, chords: Sequence[Chord]) -> None:
    """Press each chord in turn, as real key events to the focused element (or the page)."""
    actions = ActionChains(driver, duration=0)
    for chord in chords:
        for modifier in chord.modifiers:
            actions.key_down(modifier)
        actions.key_down(chord.key).key_up(chord.key)
        for modifier in reversed(chord.modifiers):
            actions.key_up(modifier)
    actions.perform()
