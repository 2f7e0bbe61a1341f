from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By

from e2e import BasePage, Locator

NOTES = Locator(By.ID, "notes", "notes")
NAME = Locator(By.ID, "name", "name")
EVENTS = Locator(By.ID, "events", "input event count")


@pytest.mark.parametrize("field", [NOTES, NAME], ids=["textarea", "text-input"])
def test_clear_textarea_empties_and_fires_input(open_page, base_url, field) -> None:
    driver = open_page("text.html")
    page = BasePage(driver, base_url)
    assert page.find(field).get_property("value")
    page.clear_textarea(field)
    assert page.find(field).get_property("value") == ""
    assert int(page.text_of(EVENTS)) >= 1


def test_selenium_clear_fires_no_input_event_which_is_why_clear_textarea_exists(
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
