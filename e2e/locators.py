"""The ``Locator`` value and the locators every application shares."""

from __future__ import annotations

import json
import string
from collections.abc import Iterable
from typing import Any, TypeAlias

from selenium.webdriver.common.by import By

from e2e.queries import spec

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


def _placeholders(text: str) -> list[str]:
    """The ``{names}`` in a query's text; a text with a lone brace has none (a user may
    look for ``{`` on the page)."""
    try:
        return [field for _, field, _, _ in string.Formatter().parse(text) if field]
    except ValueError:
        return []


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
        if self.by != spec.QUERY:
            return tuple(f for _, f, _, _ in string.Formatter().parse(self.value) if f)
        return tuple(f for text in spec.template_texts(self.node) for f in _placeholders(text))

    def format(self, **values: object) -> Locator:
        """Fill a template locator's ``{placeholders}`` (XPath values become literals)."""
        missing = set(self.fields) - set(values)
        if missing:
            raise KeyError(f"{self!r} needs values for: {', '.join(sorted(missing))}")
        if self.by == spec.QUERY:
            node = spec.fill(self.node, values, _xpath_value)
            name = self.name.format(**values) if self.name else ""
            return Locator._query(node).named(name)
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
        if self.by == spec.QUERY:
            described = spec.describe(self.node)
            if not self.name or self.name == described:
                return f"Locator({described})"
            return f"Locator({self.name!r}, {described})"
        where = f"{self.by}={self.value!r}"
        return f"Locator({self.name!r}, {where})" if self.name else f"Locator({where})"

    __str__ = __repr__

    # -- the query locators (run in the page: e2e/queries/engine.js) --------------------
    @classmethod
    def role(
        cls,
        role: str,
        name: spec.Pattern | None = None,
        *,
        exact: bool = False,
        checked: bool | str | None = None,
        selected: bool | None = None,
        expanded: bool | None = None,
        pressed: bool | str | None = None,
        disabled: bool | None = None,
        level: int | None = None,
        include_hidden: bool = False,
    ) -> Locator:
        """Elements of an ARIA role (explicit, or implicit from the HTML), by accessible
        name (accname 1.2, computed by dom-accessibility-api) and state: ``Locator.role(
        "button", "Save")``. Not ``exact``: the name holds ``name``, case and runs of
        whitespace aside; a compiled regex is searched in it. Hidden elements are left
        out unless ``include_hidden``."""
        states = {
            "checked": checked,
            "selected": selected,
            "expanded": expanded,
            "pressed": pressed,
            "disabled": disabled,
            "level": level,
        }
        return cls._query(spec.role_node(role, name, exact, states, include_hidden))

    @classmethod
    def label(cls, text: spec.Pattern, *, exact: bool = False) -> Locator:
        """The control a ``<label>``, ``aria-labelledby`` or ``aria-label`` names."""
        return cls._query(spec.text_node("label", text, exact, "Locator.label"))

    @classmethod
    def text(cls, text: spec.Pattern, *, exact: bool = False) -> Locator:
        """The innermost elements whose text holds ``text`` (a button-like input by its
        value)."""
        return cls._query(spec.text_node("text", text, exact, "Locator.text"))

    @classmethod
    def placeholder(cls, text: spec.Pattern, *, exact: bool = False) -> Locator:
        return cls._query(spec.text_node("placeholder", text, exact, "Locator.placeholder"))

    @classmethod
    def alt_text(cls, text: spec.Pattern, *, exact: bool = False) -> Locator:
        """An image (``<img>``, ``<area>``, ``<input type=image>``) by its ``alt``."""
        return cls._query(spec.text_node("alt", text, exact, "Locator.alt_text"))

    @classmethod
    def title(cls, text: spec.Pattern, *, exact: bool = False) -> Locator:
        """An element by its ``title`` attribute."""
        return cls._query(spec.text_node("title", text, exact, "Locator.title"))

    @classmethod
    def test_id(cls, value: spec.Pattern) -> Locator:
        """An element by its test id: ``data-testid``, or the attribute the run names
        (``--test-id-attribute``). Matched exactly."""
        node = {"q": "attr", "text": spec.pattern(value, True, "Locator.test_id")}
        return cls._query(node)

    @classmethod
    def _query(cls, node: dict[str, Any]) -> Locator:
        """A query locator named as its chain reads (``.named()`` gives another name)."""
        value = json.dumps(node, ensure_ascii=False, separators=(",", ":"))
        return cls(spec.QUERY, value, spec.describe(node))

    @property
    def node(self) -> dict[str, Any]:
        """This locator as a query tree (a WebDriver strategy is a leaf of its own)."""
        return spec.node_of(self.by, self.value)

    @property
    def strict(self) -> bool:
        """Whether an action through it refuses more than one match: a role, label, text,
        placeholder, alt text, title or test-id locator (not after ``nth``); a ``By``
        locator keeps WebDriver's first match."""
        return self.by == spec.QUERY and spec.strict(self.node)

    # -- chains (any locator) -----------------------------------------------------------
    def _step(self) -> dict[str, Any]:
        return spec.node_of(self.by, self.value, self.name)

    def within(self, outer: LocatorLike) -> Locator:
        """This locator, searched inside ``outer``'s elements."""
        scope = as_locator(outer, f"{self!r}.within()")
        return Locator._query({"within": scope._step(), "inner": self._step()})

    def nth(self, index: int) -> Locator:
        """The match at ``index``, from 0 (-1 the last); one element, so not strict."""
        if not isinstance(index, int) or isinstance(index, bool):
            raise TypeError(f"{self!r}.nth() takes a whole number, got {index!r}")
        return Locator._query({"nth": index, "of": self._step()})

    @property
    def first(self) -> Locator:
        return self.nth(0)

    @property
    def last(self) -> Locator:
        return self.nth(-1)

    def filter(
        self,
        *,
        has_text: spec.Pattern | None = None,
        has_not_text: spec.Pattern | None = None,
        has: LocatorLike | None = None,
        has_not: LocatorLike | None = None,
    ) -> Locator:
        """The matches whose text holds (or does not hold) a text, or that hold (or do
        not hold) an element of another locator."""
        where = f"{self!r}.filter()"
        f: dict[str, Any] = {}
        if has_text is not None:
            f["hasText"] = spec.pattern(has_text, False, where + " has_text")
        if has_not_text is not None:
            f["hasNotText"] = spec.pattern(has_not_text, False, where + " has_not_text")
        if has is not None:
            f["has"] = as_locator(has, where)._step()
        if has_not is not None:
            f["hasNot"] = as_locator(has_not, where)._step()
        if not f:
            raise ValueError(f"{where} needs has_text, has_not_text, has or has_not")
        return Locator._query({"filter": f, "of": self._step()})


_KNOWN_STRATEGIES = frozenset(
    {
        spec.QUERY,
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
