"""The ``Locator`` value and the locators every application shares."""

from __future__ import annotations

import string
from collections.abc import Iterable
from typing import Any, TypeAlias

from selenium.webdriver.common.by import By

__all__ = [
    "GeneralLocators",
    "Locator",
    "LocatorLike",
    "as_locator",
    "as_locators",
    "xpath_literal",
]


def xpath_literal(text: str) -> str:
    """Return ``text`` as an XPath 1.0 string literal, whatever quotes it holds.

    >>> xpath_literal("Bob's \\"test\\"")
    'concat(\\'Bob\\', "\\'", \\'s "test"\\')'
    """
    if "'" not in text:
        return f"'{text}'"
    if '"' not in text:
        return f'"{text}"'
    parts = text.split("'")
    pieces: list[str] = []
    for index, part in enumerate(parts):
        if index:
            pieces.append('"\'"')
        if part:
            pieces.append(f"'{part}'")
    return "concat(" + ", ".join(pieces) + ")"


def _xpath_value(value: object) -> str:
    """A template value in XPath: numbers as numbers, anything else as a string literal."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError(f"{value!r} is not a number XPath can hold; pass a finite number")
        return repr(value)
    return xpath_literal(str(value))


class Locator(tuple[str, str]):
    """An immutable ``(by, value)`` pair with a human name for error messages.

    It *is* a two-item tuple, so it goes anywhere Selenium takes one::

        driver.find_element(*LoginLocators.username)
        WebDriverWait(driver, 5).until(EC.visibility_of_element_located(LoginLocators.username))

    A locator whose value holds ``{placeholders}`` is a template: :meth:`format` fills
    it in. In an XPath template each string is inserted as a quoted XPath literal, so a
    row "by its text" is safe for any text, quotes included; a number goes in as a
    number, so ``(//div[@class='cell'])[{n}]`` with ``n=1`` is the first cell::

        ROW = Locator(By.XPATH, "//tr[td[normalize-space()={title}]]", "case row {title}")
        ROW.format(title="Bob's case")
    """

    name: str

    def __new__(cls, by: str, value: str, name: str = "") -> Locator:
        if by not in _KNOWN_STRATEGIES:
            choices = ", ".join(sorted(_KNOWN_STRATEGIES))
            raise ValueError(f"Unknown locator strategy {by!r}; use one of: {choices}")
        if not isinstance(value, str) or not value:
            raise ValueError(f"A locator needs a non-empty string value, got {value!r}")
        self = super().__new__(cls, (by, value))
        object.__setattr__(self, "name", name)
        return self

    def __setattr__(self, key: str, value: Any) -> None:
        raise AttributeError("Locator is immutable; build a new one instead")

    def __getnewargs__(self) -> tuple[str, str, str]:
        return (self[0], self[1], self.name)

    @property
    def by(self) -> str:
        return self[0]

    @property
    def value(self) -> str:
        return self[1]

    @property
    def fields(self) -> tuple[str, ...]:
        """The placeholder names of a template locator (empty for a plain one)."""
        return tuple(field for _, field, _, _ in string.Formatter().parse(self.value) if field)

    def format(self, **values: object) -> Locator:
        """Fill a template locator's ``{placeholders}`` (XPath values become literals)."""
        missing = set(self.fields) - set(values)
        if missing:
            raise KeyError(f"{self!r} needs values for: {', '.join(sorted(missing))}")
        if self.by == By.XPATH:
            filled = {key: _xpath_value(val) for key, val in values.items()}
        else:
            filled = {key: str(val) for key, val in values.items()}
        name = self.name.format(**values) if self.name else ""
        return Locator(self.by, self.value.format(**filled), name)

    def named(self, name: str) -> Locator:
        """The same locator under another human name."""
        return Locator(self.by, self.value, name)

    def __repr__(self) -> str:
        where = f"{self.by}={self.value!r}"
        return f"Locator({self.name!r}, {where})" if self.name else f"Locator({where})"

    __str__ = __repr__


_KNOWN_STRATEGIES = frozenset(
    {
        By.ID,
        By.NAME,
        By.CLASS_NAME,
        By.TAG_NAME,
        By.CSS_SELECTOR,
        By.XPATH,
        By.LINK_TEXT,
        By.PARTIAL_LINK_TEXT,
    }
)


#: What every function that takes a locator accepts: a :class:`Locator`, or a CSS
#: selector string (axe's and Playwright's convention; it names itself in messages).
LocatorLike: TypeAlias = Locator | str


def as_locator(value: object, where: str) -> Locator:
    """``value`` as a :class:`Locator`: a Locator as it is, a string as a CSS selector
    (axe's and Playwright's convention), a ``(By.ID, "save")`` pair as that strategy;
    anything else is refused in one sentence naming ``where`` it was given."""
    if isinstance(value, Locator):
        return value
    if isinstance(value, str):
        if not value.strip():
            raise ValueError(
                f"{where} was given an empty string: give a Locator, or a CSS selector "
                "such as '#save'"
            )
        return Locator(By.CSS_SELECTOR, value, value)
    if isinstance(value, tuple) and _is_pair(value) and isinstance(value[1], str):
        return Locator(value[0], value[1])
    raise TypeError(
        f"{where} takes a Locator, a CSS selector string or a (By.…, value) pair, got "
        f"{type(value).__name__} {value!r}"
    )


def _is_pair(value: object) -> bool:
    """A bare two-item tuple led by a strategy: ``(By.ID, "save")``."""
    return isinstance(value, tuple) and len(value) == 2 and value[0] in _KNOWN_STRATEGIES


def as_locators(values: object, where: str) -> tuple[Locator, ...]:
    """A sequence of locators (each as :func:`as_locator` takes it); a single Locator,
    string or ``(By.…, value)`` pair where a sequence is expected counts as one."""
    if isinstance(values, (str, Locator)) or _is_pair(values):
        return (as_locator(values, where),)
    if not isinstance(values, Iterable) or isinstance(values, (bytes, dict)):
        raise TypeError(
            f"{where} takes a list of Locators or CSS selector strings, got "
            f"{type(values).__name__} {values!r}"
        )
    return tuple(as_locator(value, where) for value in values)


class GeneralLocators:
    """Locators that most jQuery-era applications share.

    Subclass it (or pass your own locators to the waits) when your application
    marks overlays or busy widgets differently.
    """

    blockUI = Locator(By.CLASS_NAME, "blockUI", "blockUI overlay")
    busy = Locator(By.CLASS_NAME, "busy", "busy indicator")
