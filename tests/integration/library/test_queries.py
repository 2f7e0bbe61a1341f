"""Locators by role and accessible name, label, text, placeholder, alt text, title and test
id, on the ARIA Authoring Practices patterns of pages/aria.html: each query must find
exactly the elements listed (their data-q), on every engine."""

from __future__ import annotations

import re
import time

import pytest
from selenium.webdriver.common.by import By

from e2e import BasePage, Locator
from e2e.queries import StrictModeError, find_elements, set_test_id_attribute

R = Locator.role

QUERIES: list[tuple[str, Locator, list[str]]] = [
    # buttons: native, explicit role, aria-label, input types, pressed, disabled
    ("button exact", R("button", "Save", exact=True), ["save", "dlg-save"]),
    ("button part", R("button", "save"), ["save", "save-draft", "dlg-save"]),
    ("button regex", R("button", re.compile(r"^Save draft$")), ["save-draft"]),
    ("div role=button", R("button", "Print"), ["div-button"]),
    ("aria-label names it", R("button", "Close dialog"), ["close"]),
    ("pressed", R("button", pressed=True), ["bold"]),
    ("not pressed", R("button", "Italic", pressed=False), ["italic"]),
    ("disabled", R("button", "Delete", disabled=True), ["disabled-delete"]),
    ("aria-disabled", R("button", "Archive", disabled=True), ["aria-disabled-archive"]),
    ("submit input by value", R("button", "Send form"), ["submit"]),
    ("input type=image by alt", R("button", "Search now"), ["image-button"]),
    ("aria-hidden icon left out", R("button", "Favourite", exact=True), ["icon-text"]),
    ("text split over children", R("button", "Download", exact=True), ["split"]),
    ("::before counts", R("button", "Starred Item", exact=True), ["pseudo-before"]),
    ("::after counts", R("button", "Sync now", exact=True), ["pseudo-after"]),
    ("hidden attribute: left out", R("button", "Hidden thing"), []),
    ("display none: left out", R("button", "Gone thing"), []),
    ("visibility hidden: left out", R("button", "Invisible thing"), []),
    ("aria-hidden ancestor: left out", R("button", "Secret thing"), []),
    ("include_hidden", R("button", re.compile("thing$"), include_hidden=True),
     ["hidden-button", "display-none-button", "invisible-button", "aria-hidden-button"]),
    ("shadow root", R("button", "Shadow action"), ["shadow-button"]),
    # links
    ("link", R("link", "Home"), ["home"]),
    ("a without href is no link", R("link", "Not a link"), []),
    ("aria-labelledby chain", R("link", "Annual report", exact=True), ["labelledby-chain"]),
    ("link is not a button", R("button", "Save as link"), []),
    # checkboxes, fieldset
    ("checkbox wrapped label", R("checkbox", "Email", checked=True), ["email-box"]),
    ("checkbox label for", R("checkbox", "Text messages", checked=False), ["sms-box"]),
    ("indeterminate is mixed", R("checkbox", checked="mixed"), ["mixed-box"]),
    ("aria checkbox, hidden label words skipped",
     R("checkbox", "Push alerts", exact=True, checked=True), ["push-box"]),
    ("fieldset by legend", R("group", "Notifications"), ["fieldset"]),
    # radios
    ("radiogroup by labelledby", R("radiogroup", "Delivery"), ["radiogroup"]),
    ("radio checked", R("radio", checked=True), ["radio-express"]),
    ("radio not checked", R("radio", checked=False), ["radio-standard", "radio-pickup"]),
    # switch, slider, spinbutton
    ("switch on", R("switch", checked=True), ["switch-dark"]),
    ("switch by content", R("switch", "Wi-Fi", checked=False), ["switch-wifi"]),
    ("range is a slider", R("slider", "Volume"), ["volume"]),
    ("aria slider", R("slider", "Rating"), ["rating"]),
    ("number is a spinbutton", R("spinbutton", "Quantity"), ["quantity"]),
    # text fields
    ("textbox by label for", R("textbox", "Email address"), ["email"]),
    ("textbox by wrapping label", R("textbox", "Full name"), ["full-name"]),
    ("textbox by aria-labelledby", R("textbox", "Phone"), ["phone"]),
    ("textarea by title", R("textbox", "Comments about the order"), ["comments"]),
    ("search box", R("searchbox"), ["search"]),
    ("input with list is a combobox", R("combobox", "Colour"), ["colour-combo"]),
    ("form with a name", R("form", "Sign up"), ["form"]),
    ("form without one is none", R("form"), ["form"]),
    ("section with a name is a region", R("region"), ["buttons-region"]),
    # select, listbox, options
    ("select is a combobox", R("combobox", "Country"), ["country"]),
    ("multiple select is a listbox", R("listbox", "Languages"), ["langs"]),
    ("option selected", R("option", "Japan", selected=True), ["opt-japan"]),
    ("aria option selected", R("option", selected=True, exact=True, name="Apple"), ["apple"]),
    ("aria listbox", R("listbox", "Fruit"), ["fruit"]),
    ("aria combobox collapsed", R("combobox", "Pick fruit", expanded=False), ["aria-combo"]),
    # disclosure
    ("disclosure collapsed", R("button", "Shipping FAQ", expanded=False), ["faq-button"]),
    ("summary is a button", R("button", "More info", expanded=False), ["summary"]),
    ("closed details hides its body", Locator.text("Inside details"), ["details-body"]),
    # tabs
    ("tab selected", R("tab", selected=True), ["tab-steps"]),
    ("tab by name", R("tab", "History", selected=False), ["tab-history"]),
    ("tabpanel by its tab", R("tabpanel", "Steps"), ["panel-steps"]),
    ("hidden tabpanel left out", R("tabpanel", "History"), []),
    # menu
    ("menu", R("menu", "Actions"), ["menu"]),
    ("menu button expanded", R("button", "Actions", expanded=True), ["menu-button"]),
    ("menuitem", R("menuitem"), ["mi-rename", "mi-delete"]),
    ("menuitem disabled", R("menuitem", disabled=True), ["mi-delete"]),
    ("menuitemcheckbox", R("menuitemcheckbox", "Pin", checked=True), ["mi-pin"]),
    ("separator", R("separator"), ["menu-sep"]),
    # tree
    ("tree", R("tree", "Files"), ["tree"]),
    ("treeitem level 2", R("treeitem", level=2), ["ti-main"]),
    ("treeitem expanded", R("treeitem", expanded=True), ["ti-src"]),
    ("treeitem selected", R("treeitem", selected=True), ["ti-main"]),
    # table
    ("table by caption", R("table", "Test cases"), ["cases-table"]),
    ("row by its text", R("row", "Refund Passed"), ["row-refund"]),
    ("columnheader", R("columnheader"), ["th-title", "th-state", "grid-ch"]),
    ("rowheader", R("rowheader", "Pay with a card"), ["rh-card"]),
    ("cell", R("cell", "Failed"), ["cell-card-state"]),
    ("presentation table has no cells", R("cell", "Layout only"), []),
    # grid
    ("grid", R("grid", "Results"), ["grid"]),
    ("gridcell", R("gridcell"), ["grid-cell", "native-gridcell"]),
    ("row selected", R("row", selected=True), ["grid-row-2"]),
    # images, headings, dialogs, landmarks
    ("img by alt", R("img", "Company logo"), ["logo"]),
    ("alt='' is presentation", R("img", "decorative"), []),
    ("heading level 1", R("heading", level=1), ["h1"]),
    ("aria heading level 4", R("heading", "Notes", level=4), ["aria-h4"]),
    ("heading level 2", R("heading", level=2), ["h2-buttons", "dlg-title"]),
    ("dialog by labelledby", R("dialog", "Edit case"), ["dialog"]),
    ("alertdialog", R("alertdialog", "Really delete?"), ["alertdialog"]),
    ("navigation", R("navigation", "Main"), ["nav"]),
    ("main", R("main"), [""]),
    # label, placeholder, alt text, title, test id, text
    ("label for", Locator.label("Email address"), ["email"]),
    ("label wrapping", Locator.label("Full name"), ["full-name"]),
    ("label aria-label", Locator.label("Postcode"), ["postcode"]),
    ("label aria-labelledby", Locator.label("Phone", exact=True), ["phone"]),
    ("label in shadow root", Locator.label("Shadow field"), ["shadow-input"]),
    ("placeholder", Locator.placeholder("Ada"), ["full-name"]),
    ("placeholder exact", Locator.placeholder("you@example.com", exact=True), ["email"]),
    ("alt text", Locator.alt_text("chart", exact=False), ["chart"]),
    ("title", Locator.title("Read the documentation"), ["docs"]),
    ("test id", Locator.test_id("promo-code"), ["promo"]),
    ("test id is exact", Locator.test_id("promo"), []),
    ("text innermost", Locator.text("Ada", exact=True), ["bold-name"]),
    ("text across children", Locator.text("Order number 42"), ["para-split"]),
    ("text case-insensitive part", Locator.text("welcome back"), ["para"]),
    ("text of a submit input", Locator.text("Send form"), ["submit"]),
]  # fmt: skip


def seen(driver, locator: Locator) -> list[str]:
    return [el.get_attribute("data-q") or "" for el in find_elements(driver, *locator)]


def test_the_table_covers_the_patterns() -> None:
    assert len(QUERIES) >= 60
    roles = {loc.node.get("role") for _, loc, _ in QUERIES}
    patterns = {"button", "checkbox", "combobox", "dialog", "grid", "link", "listbox", "menu",
                "radiogroup", "slider", "switch", "tab", "tree", "table"}  # fmt: skip
    assert patterns <= roles


@pytest.mark.parametrize(("what", "locator", "expected"), QUERIES, ids=[q[0] for q in QUERIES])
def test_each_query_finds_exactly_its_elements(open_page, what, locator, expected) -> None:
    driver = open_page("aria.html")
    assert seen(driver, locator) == expected


def test_a_chain_reads_and_finds_as_it_is_written(open_page, base_url) -> None:
    page = BasePage(open_page("aria.html"), base_url)
    save = R("button", "Save", exact=True).within(R("dialog", "Edit case"))
    assert repr(save) == 'Locator(button "Save" within dialog "Edit case")'
    assert seen(page.driver, save) == ["dlg-save"]
    row = R("row").filter(has_text="Pay with")
    assert seen(page.driver, row) == ["row-card"]
    assert seen(page.driver, R("row").filter(has=R("cell", "Passed"))) == ["row-refund"]
    assert seen(page.driver, R("row").filter(has_not=R("columnheader"), has_not_text="Refund")) == [
        "row-card",
        "grid-row-2",
        "native-grid-row",
    ]
    assert seen(page.driver, R("radio").first) == ["radio-standard"]
    assert seen(page.driver, R("radio").last) == ["radio-pickup"]
    assert seen(page.driver, R("radio").nth(1)) == ["radio-express"]
    by_id = Locator(By.CSS_SELECTOR, "button", "any button").within(Locator(By.ID, "p1"))
    assert seen(page.driver, by_id) == []
    tabs = Locator(By.TAG_NAME, "button").within("[role=tablist]")
    assert seen(page.driver, tabs) == ["tab-steps", "tab-history"]
    rows = Locator(By.XPATH, "//tr", "rows").within(R("table", "Test cases"))
    assert seen(page.driver, rows) == ["head-row", "row-refund", "row-card"]


def test_page_actions_reads_and_expect_take_query_locators(open_page, base_url) -> None:
    page = BasePage(open_page("aria.html"), base_url)
    page.fill(Locator.label("Email address"), "ada@example.com")
    assert page.value_of(R("textbox", "Email address")) == "ada@example.com"
    page.click(Locator.label("Text messages"))
    assert page.is_checked(R("checkbox", "Text messages"))
    assert page.text_of(R("heading", level=1)) == "ARIA patterns"
    page.expect(R("radio")).to_have_count(3)
    page.expect(R("columnheader")).to_have_texts(["Title", "State", "Name"])
    assert len(page.find_all(R("button", "Save"))) == 3  # find_all is not strict
    entry = page.log.actions[0]
    assert 'label "Email address"' in entry.detail


def test_an_ambiguous_query_fails_at_once_naming_every_match(open_page, base_url) -> None:
    page = BasePage(open_page("aria.html"), base_url, timeout=30)
    started = time.monotonic()
    with pytest.raises(StrictModeError) as caught:
        page.click(R("button", "Save"))
    assert time.monotonic() - started < 1.0, "a strictness error must not wait out the timeout"
    text = str(caught.value)
    assert text.startswith('Locator(button "Save") matches 3 elements')
    assert "1. button 'Save': <button data-q=\"save\">Save" in text
    assert "2. button 'Save draft'" in text
    assert "3. button 'Save'" in text
    assert ".first, .nth(i), .filter(has_text=…) or .within(" in text
    page.click(R("button", "Save").within(R("dialog")))  # one: fine
    started = time.monotonic()
    with pytest.raises(StrictModeError, match=r"matches 3 elements"):
        page.expect(R("button", "Save")).to_have_text("Save")  # reads one element
    assert time.monotonic() - started < 1.0
    page.expect(R("button", "Save")).to_have_count(3)  # a count is not strict


def test_a_by_locator_keeps_the_first_match(open_page, base_url) -> None:
    page = BasePage(open_page("aria.html"), base_url)
    assert page.text_of(Locator(By.TAG_NAME, "button")) == "Save"


def test_a_role_that_finds_nothing_names_the_closest_elements(open_page, base_url) -> None:
    page = BasePage(open_page("aria.html"), base_url, timeout=1)
    with pytest.raises(Exception) as caught:  # noqa: PT011  (the wait's own error)
        page.click(R("button", "Save as link"))
    text = str(caught.value)
    assert "no element matches" in text
    assert 'closest on the page: link "Save as link"' in text


def test_bad_arguments_are_refused_before_any_search() -> None:
    with pytest.raises(ValueError, match="ARIA has no role 'buton'; did you mean 'button'"):
        R("buton")
    with pytest.raises(ValueError, match="a link has no checked state in ARIA"):
        R("link", checked=True)
    with pytest.raises(TypeError, match=r"takes a string or a compiled regular expression"):
        Locator.label(42)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="was given an empty string"):
        Locator.text("  ")
    with pytest.raises(ValueError, match="needs has_text, has_not_text, has or has_not"):
        R("row").filter()


def test_the_test_id_attribute_can_be_another_one(open_page) -> None:
    driver = open_page("aria.html")
    assert seen(driver, Locator.test_id("promo-code")) == ["promo"]
    set_test_id_attribute("data-q")
    try:
        assert seen(driver, Locator.test_id("save")) == ["save"]
        assert seen(driver, Locator.test_id("promo-code")) == []
    finally:
        set_test_id_attribute("data-testid")
    with pytest.raises(ValueError, match=r"'data q' is not an attribute name"):
        set_test_id_attribute("data q")
