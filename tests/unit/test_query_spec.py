"""The query locators as data: names that read as the chain, strictness, templates, and
arguments refused before anything runs (no browser needed)."""

from __future__ import annotations

import json
import re

import pytest
from selenium.webdriver.common.by import By

from e2e import Locator
from e2e.queries import spec


def test_each_factory_names_itself() -> None:
    assert Locator.role("button", "Save").name == 'button "Save"'
    assert Locator.role("heading", level=2).name == "heading [level=2]"
    assert Locator.role("checkbox", "Email", checked=True).name == 'checkbox "Email" [checked=True]'
    assert Locator.label("Email").name == 'label "Email"'
    assert Locator.text(re.compile("^Sa", re.I)).name == "text /^Sa/i"
    assert Locator.placeholder("Search").name == 'placeholder "Search"'
    assert Locator.alt_text("Logo").name == 'alt text "Logo"'
    assert Locator.title("Close").name == 'title "Close"'
    assert Locator.test_id("save-btn").name == 'test id "save-btn"'
    assert Locator.role("button", "Save").named("the save button").name == "the save button"


def test_a_chain_reads_as_it_is_written_with_the_names_of_its_parts() -> None:
    cases = Locator(By.ID, "cases", "cases table")
    row = Locator.role("row").filter(has_text="Refund", has=Locator.role("link")).within(cases)
    assert (
        repr(row.last) == 'Locator(row with text "Refund" that has link within cases table .last)'
    )
    assert repr(Locator.role("row").nth(2)) == "Locator(row .nth(2))"
    assert repr(Locator.role("row").filter(has_not_text=re.compile("x"))) == (
        "Locator(row without text /x/)"
    )


def test_strictness_belongs_to_the_queries_and_nth_lifts_it() -> None:
    assert Locator.role("button").strict
    assert Locator.label("x").strict
    assert Locator.test_id("x").strict
    assert Locator.role("button").within(Locator(By.ID, "f")).strict
    assert Locator.role("row").filter(has_text="x").strict
    assert not Locator.role("button").first.strict
    assert not Locator(By.ID, "x").strict
    assert not Locator(By.CSS_SELECTOR, "li").within(Locator.role("list")).strict


def test_a_query_template_fills_its_texts_and_its_name() -> None:
    row = Locator.role("row").filter(has=Locator.role("link", "{title}", exact=True))
    assert row.fields == ("title",)
    filled = row.format(title='Bob\'s "quick" {x}')
    assert filled.fields == ()
    assert json.loads(filled.value)["filter"]["has"]["name"]["s"] == 'Bob\'s "quick" {x}'
    assert filled.name == 'row that has link "Bob\'s "quick" {x}"'
    xpath = Locator(By.XPATH, "//tr[td={t}]", "row {t}").within(Locator.role("table"))
    assert '"value":"//tr[td=\'A\']"' in xpath.format(t="A").value  # an XPath literal
    assert Locator.text("a { brace").fields == ()  # text with a lone brace is no template


def test_a_regex_goes_to_the_page_with_its_flags() -> None:
    node = Locator.role("button", re.compile(r"^save\s+\w+$", re.I | re.S)).node
    assert node["name"] == {"re": r"^save\s+\w+$", "flags": "is"}


@pytest.mark.parametrize(
    ("make", "error", "message"),
    [
        (lambda: Locator.role("buton"), ValueError, "did you mean 'button'"),
        (lambda: Locator.role("link", checked=True), ValueError, "a link has no checked state"),
        (lambda: Locator.role("heading", level=0), ValueError, "a whole number from 1"),
        (lambda: Locator.role("checkbox", checked="yes"), TypeError, "True, False or 'mixed'"),
        (lambda: Locator.role("button", disabled=1), TypeError, "takes True or False"),
        (lambda: Locator.label(""), ValueError, "was given an empty string"),
        (lambda: Locator.text(b"x"), TypeError, "a string or a compiled regular expression"),
        (lambda: Locator.role("row").nth("1"), TypeError, "takes a whole number"),
        (lambda: Locator.role("row").filter(), ValueError, "needs has_text"),
        (lambda: Locator.role("row").within(3), TypeError, "takes a Locator"),
    ],
)
def test_bad_arguments_say_what_was_wrong(make, error, message) -> None:
    with pytest.raises(error, match=re.escape(message)):
        make()


def test_the_role_table_comes_from_aria_query() -> None:
    table = spec.roles()
    assert {"button", "checkbox", "treeitem", "switch", "gridcell"} <= set(table)
    assert table["checkbox"]["checked"]
    assert table["heading"]["level"]
    assert "command" not in table  # an abstract role is not a role to ask for
