"""Python source, as the recorder writes it and edits a suite's files: string literals and
calls laid out as ruff format would, ``Locator`` expressions from the chooser's data (the
page's JavaScript is never trusted to write Python), and additions to a file that keep
every line it had (at the end of a class, after the imports)."""

from __future__ import annotations

import ast
import re
from typing import Any

from e2e.recording.naming import identifier

__all__ = [
    "add_import",
    "add_type_checking_import",
    "append_to_class",
    "call_lines",
    "imports_block",
    "locator_code",
    "quote",
    "same_code",
    "template_of",
]

WIDTH = 88


def quote(text: str) -> str:
    """A Python string literal, double-quoted as ruff format writes it."""
    literal = repr(text)
    if literal.startswith("'") and '"' not in text:
        literal = '"' + literal[1:-1].replace("\\'", "'") + '"'
    return literal


def call_lines(indent: str, head: str, args: list[str], tail: str = "") -> list[str]:
    """``head(args)tail`` on one line, or its arguments one a line when too long."""
    one = f"{indent}{head}({', '.join(args)}){tail}"
    if len(one) <= WIDTH or not args:
        return [one]
    return [f"{indent}{head}(", *(f"{indent}    {a}," for a in args), f"{indent}){tail}"]


def locator_code(target: dict[str, Any]) -> str:
    """The Locator expression of a chosen target (the chooser's data, not its text: the
    page's JavaScript is never trusted to write Python)."""
    kind = str(target.get("kind", ""))
    args = [str(a) for a in target.get("args", [])]
    exact = bool(target.get("exact"))
    human = str(target.get("human", ""))
    flag = ", exact=True" if exact and kind in ("role", "label", "text") else ""
    if kind == "testId":
        code = f"Locator.test_id({quote(args[0])})"
    elif kind == "role":
        code = f"Locator.role({quote(args[0])}, {quote(args[1])}{flag})"
    elif kind == "label":
        code = f"Locator.label({quote(args[0])}{flag})"
    elif kind in ("placeholder", "title"):
        code = f"Locator.{kind}({quote(args[0])}, exact=True)"
    elif kind == "alt":
        code = f"Locator.alt_text({quote(args[0])}, exact=True)"
    elif kind == "text":
        code = f"Locator.text({quote(args[0])}{flag})"
    elif kind == "id":
        code = f"Locator(By.ID, {quote(args[0])}, {quote(human)})"
    elif kind == "css":
        code = f"Locator(By.CSS_SELECTOR, {quote(args[0])}, {quote(human)})"
    else:
        code = f"Locator(By.XPATH, {quote(args[0])}, {quote(human)})"
    within = target.get("within")
    template = template_of(target)
    if template is not None and isinstance(within, dict):
        placeholder = "{" + template[0] + "}"
        code += f".within(Locator.role({quote(str(within['args'][0]))}, {quote(placeholder)}))"
    elif isinstance(within, dict):
        code += f".within({locator_code(within)})"
    return code


def template_of(target: dict[str, Any] | None) -> tuple[str, str] | None:
    """(placeholder, value) of a target inside a row named by its text: the locator is a
    template (``.within(Locator.role("row", "{title}"))``), the row's text a parameter."""
    within = (target or {}).get("within")
    template = within.get("template") if isinstance(within, dict) else None
    if not isinstance(template, dict) or not template.get("value"):
        return None
    return identifier(str(template.get("field", "row")), "row", most=3), str(template["value"])


def same_code(source: str) -> str:
    """A method's code for comparing: its imports inside the body and spacing aside."""
    body = re.sub(r"(?m)^\s+from \S+ import [\w, ]+$", "", source)
    return re.sub(r"\s+", " ", body).strip()


def imports_block(items: set[tuple[str, str]]) -> list[str]:
    by_module: dict[str, set[str]] = {}
    for module, name in items:
        by_module.setdefault(module, set()).add(name)
    return [f"from {m} import {', '.join(sorted(n))}" for m, n in sorted(by_module.items())]


def append_to_class(text: str, cls: str, lines: list[str]) -> str:
    tree = ast.parse(text)
    node = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == cls)
    end = node.end_lineno or len(text.splitlines())
    rows = text.splitlines()
    return "\n".join([*rows[:end], *lines, *rows[end:]]) + "\n"


def add_import(text: str, line: str) -> str:
    if line in text:
        return text
    tree = ast.parse(text)
    last = 0
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            last = node.end_lineno or last
    rows = text.splitlines()
    return "\n".join([*rows[:last], line, *rows[last:]]) + "\n"


def add_type_checking_import(text: str, line: str) -> str:
    """``line`` under the file's ``if TYPE_CHECKING:`` (made when it has none)."""
    if "if TYPE_CHECKING:" in text:
        return text.replace("if TYPE_CHECKING:\n", f"if TYPE_CHECKING:\n    {line}\n", 1)
    text = add_import(text, "from typing import TYPE_CHECKING")
    tree = ast.parse(text)
    last = max(
        (n.end_lineno or 0 for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))),
        default=0,
    )
    rows = text.splitlines()
    return "\n".join([*rows[:last], "", "if TYPE_CHECKING:", f"    {line}", *rows[last:]]) + "\n"
