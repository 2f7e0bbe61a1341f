"""The trace viewer's "Try a locator" reads a locator written as Python without Python
(e2e/trace/locator_text.js): each expression here must give the query tree that
e2e.Locator gives for the same text, so the viewer matches what the library matches."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from selenium.webdriver.common.by import By

from e2e import Locator

READER = Path(__file__).resolve().parents[2] / "e2e" / "trace" / "locator_text.js"

EXPRESSIONS = [
    'Locator.role("button", name="Save")',
    "Locator.role('button', 'Save', exact=True)",
    'Locator.role("checkbox", name="Done", checked=True)',
    'Locator.role("heading", level=2, include_hidden=True)',
    'Locator.role("row")',
    'Locator(By.CSS_SELECTOR, "#cases tbody tr")',
    'Locator(By.XPATH, "//a[@href=\'/cases\']", "cases link")',
    'Locator(By.ID, "title")',
    "Locator.label('Title')",
    'Locator.label("Title", exact=True)',
    'Locator.text(re.compile(r"Saved \\d+ cases?", re.I))',
    'Locator.text(re.compile("a.b", re.IGNORECASE | re.DOTALL | re.M))',
    'Locator.placeholder("Search")',
    'Locator.alt_text("Logo")',
    'Locator.title("Close")',
    'Locator.test_id("save-button")',
    'Locator.role("button", name="Delete").within(Locator.role("row", "Refund"))',
    'Locator.role("link").within("#sidebar")',
    'Locator.role("row").nth(2)',
    'Locator.role("row").first',
    'Locator.role("row").last',
    'Locator.role("row").filter(has_text="Refund", has_not_text="Archived")',
    'Locator.role("row").filter(has=Locator.role("button", name="Edit"))',
    'Locator.role("listitem").filter(has_not=Locator(By.CSS_SELECTOR, ".done"))',
    '"#save"',
    'Locator.text("it\'s" " here")',
]


def _without_names(node: Any) -> Any:
    """A tree without its steps' names (``n``): they word messages, never match."""
    if isinstance(node, dict):
        return {k: _without_names(v) for k, v in node.items() if k != "n"}
    return node


def _read(texts: list[str]) -> list[Any]:
    node = shutil.which("node")
    assert node, "node is needed (it is installed with the project's npm packages)"
    program = (
        "const fs = require('fs');"
        f"const source = fs.readFileSync({json.dumps(str(READER))}, 'utf8');"
        "eval(source + ';globalThis.R = E2E_LOCATOR_TEXT;');"
        "const out = JSON.parse(process.argv[1]).map((t) => {"
        "  try { return {node: R.locatorNode(t)}; } catch (e) { return {error: e.message}; } });"
        "process.stdout.write(JSON.stringify(out));"
    )
    done = subprocess.run(
        [node, "-e", program, json.dumps(texts)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    answers: list[Any] = json.loads(done.stdout)
    return answers


def test_each_expression_gives_the_tree_the_library_gives() -> None:
    answers = _read(EXPRESSIONS)
    for text, answer in zip(EXPRESSIONS, answers, strict=True):
        python = eval(text, {"Locator": Locator, "By": By, "re": re})
        want = Locator(By.CSS_SELECTOR, python) if isinstance(python, str) else python
        assert "node" in answer, (text, answer)
        assert _without_names(answer["node"]) == _without_names(want.node), text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "type a locator"),
        ('Locator.role("button"', 'expected ")" at the end'),
        ('Locator.rol("button")', "Locator has no rol; it has role, label"),
        ('Locator(By.CSS, "a")', "By has no CSS; it has ID, NAME"),
        ('Locator.text("")', "was given an empty string"),
        ('Locator.role("row").filter()', "needs has_text, has_not_text, has or has_not"),
        ('Locator.label("x", exakt=True)', "has no argument exakt="),
        ("os.system('x')", "unknown name os"),
        ('Locator.text("open', 'a string is not closed: add its closing "'),
    ],
)
def test_a_locator_it_cannot_read_says_why(text: str, message: str) -> None:
    [answer] = _read([text])
    assert message in answer.get("error", ""), answer
