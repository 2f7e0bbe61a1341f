"""Locators by what a user reads: role and accessible name, label, text, placeholder,
alt text, title and test id, with chains (``within``, ``nth``, ``filter``) over any
locator. ``spec`` writes the query tree; ``engine.js`` (bundled with dom-accessibility-api
into ``vendor/queries.js`` by ``make setup``) answers it in the page."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping, Sequence
from importlib import resources
from typing import Any

from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement

from e2e.queries.spec import QUERY

__all__ = [
    "QUERY",
    "StrictModeError",
    "ambiguity",
    "attribute_problem",
    "engine_script",
    "find_elements",
    "finder_script",
    "set_test_id_attribute",
]

_test_id = {"attribute": "data-testid"}


class StrictModeError(AssertionError):
    """An action through a role, label, text… locator that matches several elements."""


def ambiguity(locator: object, count: int, shown: Sequence[Mapping[str, Any]]) -> str:
    """The strictness error: how many matched, the first few, and the ways to pick one."""
    lines = [
        f"  {i}. {m.get('role')} {m.get('name')!r}: {m.get('html')}"
        for i, m in enumerate(shown, start=1)
    ]
    more = count - len(shown)
    return (
        f"{locator!r} matches {count} elements, and an action or a read needs exactly one "
        "(strictness: a role, label, text, placeholder, alt text, title or test-id locator "
        "never takes the first of several by chance):\n"
        + "\n".join(lines)
        + (f"\n  …and {more} more" if more > 0 else "")
        + "\nSay which one: .first, .nth(i), .filter(has_text=…) or .within(a locator of "
        "the part of the page it is in)."
    )


def attribute_problem(name: object) -> str | None:
    """Why ``name`` cannot be a test id attribute, or ``None``: one HTML attribute name."""
    if isinstance(name, str) and re.fullmatch(r"[A-Za-z_:][-A-Za-z0-9_:.]*", name):
        return None
    return f"{name!r} is not an attribute name; give one such as data-test or data-qa"


def set_test_id_attribute(name: str) -> None:
    """The attribute ``Locator.test_id`` matches, for the whole process (the plugin sets
    it from ``--test-id-attribute``; Playwright's ``selectors.set_test_id_attribute``)."""
    name = name.strip() if isinstance(name, str) else name
    problem = attribute_problem(name)
    if problem:
        raise ValueError(f"set_test_id_attribute: {problem}")
    _test_id["attribute"] = name


def engine_script() -> str:
    """The engine for a page script: defines ``E2E_QUERIES`` for the script's own run."""
    return _engine(_test_id["attribute"])


@functools.cache
def _engine(attribute: str) -> str:
    file = resources.files("e2e.queries").joinpath("vendor").joinpath("queries.js")
    if not file.is_file():
        raise RuntimeError(
            "The query engine is not built (e2e/queries/vendor/queries.js is missing): run "
            "`make setup`, which installs its npm packages and bundles it."
        )
    return (
        file.read_text(encoding="utf-8")
        + f"\nvar E2E_QUERIES = __e2eQueryEngine; E2E_QUERIES.testId({json.dumps(attribute)});\n"
    )


def find_elements(driver: WebDriver, by: str, value: str) -> list[WebElement]:
    """Every element of a locator in the current document, now, for code that finds
    outside a page object (screenshot masks, axe's include): WebDriver's own search for
    a ``By`` strategy, the query engine in one script for a query."""
    if by != QUERY:
        return list(driver.find_elements(by, value))
    found: list[WebElement] | None = driver.execute_script(_find_script(), by, value)
    return list(found or [])


@functools.cache
def _dom() -> str:
    return resources.files("e2e.waiting").joinpath("_dom.js").read_text(encoding="utf-8")


def finder_script() -> str:
    """The query engine and ``findAll(by, value, root)``, WebDriver's strategies and the
    queries as the page scripts run them: for a script (or a page, the trace viewer)
    that finds as the library does."""
    return engine_script() + _dom()


def _find_script() -> str:
    return finder_script() + "\nreturn findAll(arguments[0], arguments[1]);"
