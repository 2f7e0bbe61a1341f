"""The query locators as data: each factory of :class:`e2e.Locator` (``role``, ``label``,
``text``, ``placeholder``, ``alt_text``, ``title``, ``test_id``) and each chain step
(``within``, ``nth``, ``filter``) writes one node of a small tree, which travels to the
page as JSON and is answered there by ``engine.js``. This module checks the arguments
(a role ARIA does not know, a state the role cannot have) before anything runs, and
writes the human name each locator carries into messages."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping
from importlib import resources
from typing import Any, TypeAlias

__all__ = [
    "QUERY",
    "STRICT_KINDS",
    "Pattern",
    "describe",
    "node_of",
    "pattern",
    "role_node",
    "roles",
    "text_node",
]

#: The locator strategy of a query locator: its value is the JSON of a node.
QUERY = "e2e query"

#: The kinds of query that match one element by what a user reads: an action through one
#: of them that matches several elements is refused (strictness).
STRICT_KINDS = frozenset({"role", "label", "text", "placeholder", "alt", "title", "attr"})

#: What a text argument may be: a string, or a compiled regular expression.
Pattern: TypeAlias = "str | re.Pattern[str]"

_STATES = ("checked", "selected", "expanded", "pressed", "level")


@functools.cache
def roles() -> Mapping[str, Mapping[str, bool]]:
    """ARIA's concrete roles (from aria-query, at build time) and the states each has."""
    file = resources.files("e2e.queries").joinpath("vendor").joinpath("roles.json")
    if not file.is_file():
        raise RuntimeError(
            "The query engine is not built (e2e/queries/vendor/roles.json is missing): run "
            "`make setup`, which installs its npm packages and bundles it."
        )
    table: dict[str, dict[str, bool]] = json.loads(file.read_text(encoding="utf-8"))
    table.setdefault("presentation", {})
    return table


def pattern(value: object, exact: bool, where: str) -> dict[str, Any]:
    """A text argument for the page: ``{s, exact}`` or ``{re, flags}``."""
    if isinstance(value, re.Pattern):
        if not isinstance(value.pattern, str):
            raise TypeError(f"{where} takes a str pattern, got bytes {value.pattern!r}")
        flags = "".join(
            js
            for py, js in ((re.IGNORECASE, "i"), (re.MULTILINE, "m"), (re.DOTALL, "s"))
            if value.flags & py
        )
        return {"re": value.pattern, "flags": flags}
    if not isinstance(value, str):
        raise TypeError(
            f"{where} takes a string or a compiled regular expression, got "
            f"{type(value).__name__} {value!r}"
        )
    if not value.strip():
        raise ValueError(f"{where} was given an empty string: give the text to look for")
    return {"s": value, "exact": bool(exact)}


def role_node(
    role: str,
    name: object | None,
    exact: bool,
    states: Mapping[str, object],
    include_hidden: bool,
) -> dict[str, Any]:
    table = roles()
    if not isinstance(role, str) or role not in table:
        close = _closest(str(role), table)
        raise ValueError(
            f"Locator.role({role!r}): ARIA has no role {role!r}"
            + (f"; did you mean {close!r}?" if close else ".")
            + " The roles are those of WAI-ARIA 1.2 (button, link, checkbox, textbox, "
            "heading, row, cell, dialog…)."
        )
    node: dict[str, Any] = {"q": "role", "role": role, "hidden": bool(include_hidden)}
    if name is not None:
        node["name"] = pattern(name, exact, f"Locator.role({role!r}, name=...)")
    for state, value in states.items():
        if value is None:
            continue
        if state == "disabled":
            if not isinstance(value, bool):
                raise TypeError(f"Locator.role(disabled=...) takes True or False, got {value!r}")
            node[state] = value
            continue
        if state == "level":
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ValueError(
                    f"Locator.role(level=...) takes a whole number from 1, got {value!r}"
                )
        elif not isinstance(value, bool) and not (
            state in ("checked", "pressed") and value == "mixed"
        ):
            what = "True, False or 'mixed'" if state in ("checked", "pressed") else "True or False"
            raise TypeError(f"Locator.role({state}=...) takes {what}, got {value!r}")
        if not table[role].get(state) and not (
            state == "checked" and role in ("checkbox", "radio")
        ):
            can = [r for r, has in sorted(table.items()) if has.get(state)]
            raise ValueError(
                f"Locator.role({role!r}, {state}=...): a {role} has no {state} state in ARIA, "
                f"so nothing would ever match. Roles that have it: {', '.join(can[:12])}"
                + ("…" if len(can) > 12 else "")
            )
        node[state] = value
    return node


def text_node(kind: str, text: object, exact: bool, where: str) -> dict[str, Any]:
    return {"q": kind, "text": pattern(text, exact, where)}


def node_of(by: str, value: str, name: str = "") -> dict[str, Any]:
    """The node of any locator: a query's own tree, or a WebDriver strategy as a leaf;
    with its human name, when it has one, for the chain's name."""
    node: dict[str, Any] = json.loads(value) if by == QUERY else {"by": by, "value": value}
    if name:
        node["n"] = name
    return node


def strict(node: Mapping[str, Any]) -> bool:
    """Whether the elements this node gives are its query's own (``nth`` makes one)."""
    if "nth" in node:
        return False
    if "filter" in node:
        return strict(node["of"])
    if "within" in node:
        return strict(node["inner"])
    return node.get("q") in STRICT_KINDS


def _text(p: Mapping[str, Any]) -> str:
    if "re" in p:
        return f"/{p['re']}/{p.get('flags', '')}"
    return json.dumps(p["s"], ensure_ascii=False)


_KIND_WORDS = {
    "label": "label",
    "text": "text",
    "placeholder": "placeholder",
    "alt": "alt text",
    "title": "title",
}


def describe(node: Mapping[str, Any]) -> str:
    """The human name of a node, read as its chain reads: ``button "Save" within dialog
    "Edit case"``, ``row .nth(2)``. A step that came from a named locator (``"n"``) reads
    as that name."""
    if node.get("n"):
        return str(node["n"])
    if "by" in node:
        return f"{node['by']}={node['value']!r}"
    if "within" in node:
        return f"{describe(node['inner'])} within {describe(node['within'])}"
    if "nth" in node:
        n = node["nth"]
        step = ".first" if n == 0 else ".last" if n == -1 else f".nth({n})"
        return f"{describe(node['of'])} {step}"
    if "filter" in node:
        f = node["filter"]
        parts = [describe(node["of"])]
        if "hasText" in f:
            parts.append(f"with text {_text(f['hasText'])}")
        if "hasNotText" in f:
            parts.append(f"without text {_text(f['hasNotText'])}")
        if "has" in f:
            parts.append(f"that has {describe(f['has'])}")
        if "hasNot" in f:
            parts.append(f"that has no {describe(f['hasNot'])}")
        return " ".join(parts)
    kind = node["q"]
    if kind == "role":
        out = str(node["role"]) + (f" {_text(node['name'])}" if "name" in node else "")
        states = [f"{s}={node[s]!r}" for s in (*_STATES, "disabled") if s in node]
        return out + (f" [{', '.join(states)}]" if states else "")
    if kind == "attr":
        return f"test id {_text(node['text'])}"
    return f"{_KIND_WORDS[kind]} {_text(node['text'])}"


def _closest(word: str, table: Mapping[str, object]) -> str | None:
    import difflib

    found = difflib.get_close_matches(word.lower(), list(table), n=1, cutoff=0.6)
    return found[0] if found else None


def _texts(node: Mapping[str, Any]) -> list[tuple[str, Mapping[str, Any]]]:
    """The strings a template may fill, each with the mapping that holds it: a pattern's
    ``s``, a WebDriver leaf's ``value``, a step's name ``n``. A filled template has none
    (the text filled in may hold braces of its own)."""
    out: list[tuple[str, Mapping[str, Any]]] = []
    if node.get("filled"):
        return out
    for key, value in node.items():
        if key in ("s", "value", "n") and isinstance(value, str):
            out.append((key, node))
        elif isinstance(value, Mapping):
            out.extend(_texts(value))
    return out


def template_texts(node: Mapping[str, Any]) -> list[str]:
    return [str(holder[key]) for key, holder in _texts(node) if key != "n"]


def fill(node: Mapping[str, Any], values: Mapping[str, object], xpath: Any) -> dict[str, Any]:
    """A copy of ``node`` with ``{placeholders}`` filled: as text in a pattern or a name,
    as an XPath literal in an XPath leaf (``xpath`` quotes it)."""
    copy: dict[str, Any] = {"filled": True}
    for key, value in node.items():
        if isinstance(value, Mapping):
            copy[key] = fill(value, values, xpath)
        elif key == "value" and node.get("by") == "xpath" and isinstance(value, str):
            copy[key] = value.format(**{k: xpath(v) for k, v in values.items()})
        elif key in ("s", "value", "n") and isinstance(value, str):
            copy[key] = value.format(**{k: str(v) for k, v in values.items()})
        else:
            copy[key] = value
    return copy
