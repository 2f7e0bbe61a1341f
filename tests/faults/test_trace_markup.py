"""A trace always opens (issue 25, item 3): page text that looks like markup, in a
title, a console message or a locator name, cannot change how the viewer's HTML parses."""

from __future__ import annotations

import json
import re

import pytest
from selenium.webdriver.common.by import By

from e2e.trace import script_json

HOSTILE = ["<!--", "<script>", "</script>", "]]>", "\u2028", "<!-- <script>"]

INNER = """
import json

from selenium.webdriver.common.by import By

from e2e import BasePage, Locator

TEXT = json.loads(HOSTILE_JSON)


class Home(BasePage):
    path = "/index.html"


def test_hostile_text(page, driver):
    home = page(Home).open()
    driver.execute_script(
        "document.title = arguments[0]; console.error('console says ' + arguments[0]);", TEXT
    )
    home.click(Locator(By.ID, "home", "locator " + TEXT))
    assert driver.title == "not " + TEXT
"""


@pytest.mark.parametrize(
    "text", HOSTILE, ids=["comment", "script", "end-script", "cdata", "u2028", "both"]
)
def test_a_trace_with_markup_in_its_text_still_opens(pytester, fault_run, driver, text) -> None:
    pytester.makepyfile(INNER.replace("HOSTILE_JSON", repr(json.dumps(text))))
    run = fault_run("--tracing", "retain-on-failure")
    run.result.assert_outcomes(failed=1)
    [trace] = list(run.path.rglob("trace.html"))
    source = trace.read_text(encoding="utf-8")
    data = re.search(r"var TRACE = (.*?);\n", source)
    assert data is not None
    for unsafe in ("<", ">", "\u2028", "\u2029"):
        assert unsafe not in data.group(1)
    driver.get(trace.as_uri())
    steps = driver.find_elements(By.CSS_SELECTOR, "#steps li")
    shown = [s.text for s in steps]
    assert len(steps) >= 3, shown  # "Whole test", open, click
    assert any(("locator " + text).strip() in s for s in shown), shown
    assert "not " + text.strip() in driver.find_element(By.ID, "failure").text
    assert run.leftovers() == []


def test_script_json_round_trips_every_character() -> None:
    value = {"t": "".join(HOSTILE) + "&\u2029é\\\"'"}
    encoded = script_json(value)
    assert json.loads(encoded) == value
    assert not set("<>&\u2028\u2029") & set(encoded)
