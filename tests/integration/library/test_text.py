from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By

from e2e import BasePage, Locator

NOTES = Locator(By.ID, "notes", "notes")
NAME = Locator(By.ID, "name", "name")
EVENTS = Locator(By.ID, "events", "input event count")


@pytest.mark.parametrize("field", [NOTES, NAME], ids=["textarea", "text-input"])
def test_clear_text_empties_and_fires_input(open_page, base_url, field) -> None:
    driver = open_page("text.html")
    page = BasePage(driver, base_url)
    assert page.find(field).get_property("value")
    page.clear_text(field)
    assert page.find(field).get_property("value") == ""
    assert int(page.text_of(EVENTS)) >= 1


def test_the_old_name_clear_textarea_still_clears_and_names_the_new_one(
    open_page, base_url
) -> None:
    page = BasePage(open_page("text.html"), base_url)
    with pytest.warns(
        DeprecationWarning, match=r"BasePage.clear_textarea is now BasePage.clear_text"
    ):
        page.clear_textarea(NOTES)
    assert page.find(NOTES).get_property("value") == ""


def test_selenium_clear_fires_no_input_event_which_is_why_clear_text_exists(
    open_page,
) -> None:
    driver = open_page("text.html")
    driver.find_element(*NOTES).clear()
    assert driver.find_element(*EVENTS).text == "0"


def test_type_replaces_multiline_unicode_text(open_page, base_url) -> None:
    driver = open_page("text.html")
    page = BasePage(driver, base_url)
    text = "Zeile eins — ß\nрядок два 🚀\n\"quoted\" 'single'"
    page.type(NOTES, text)
    assert page.find(NOTES).get_property("value") == text
