"""Every action waits for a settled page and an actionable element, in few round trips.

Times are read from the browser's clock (``performance.now()``): the instant the page let
go, and the instant right after the library returned.
"""

from __future__ import annotations

import re

import pytest
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By

from e2e import BasePage, Locator
from e2e.waiting import waits

FIELD = Locator(By.ID, "field", "field")
STATUS = Locator(By.ID, "status", "status line")
ITEMS = Locator(By.CSS_SELECTOR, "#items li", "items")
# When the wait saw the page ready, minus when the page let go, both on the page's clock:
# what a pause between in-browser slices would delay, free of this test's own round trip.
SINCE_RELEASE = "return window.__e2eReadyAt - window.releasedAt"
CHANGE_SEEN = "return window.__e2eChangedAt - window.releasedAt"


# Durations that fall between and on the edges of 1 s in-browser slices: a pause between
# slices (the old 0.5 s) would miss the release in most of them.
@pytest.mark.parametrize("seconds", [0.1, 1.2, 2.5, 2.8, 4.2], ids=lambda s: f"{s:g}s")
def test_a_wait_returns_right_after_a_long_overlay_goes(open_page, seconds) -> None:
    driver = open_page("busy.html")
    driver.execute_script(f"holdOverlay({seconds * 1000})")
    waits.wait_for_blockui_to_close(driver, timeout=seconds + 5)
    late_ms = driver.execute_script(SINCE_RELEASE)
    # The old loop slept 500 ms between slices.
    assert 0 <= late_ms < 50, f"returned {late_ms:.1f} ms after the overlay went"


@pytest.mark.parametrize("hold", ["holdBusy", "holdAjax"])
def test_settling_returns_right_after_a_busy_widget_or_request_ends(open_page, hold) -> None:
    driver = open_page("busy.html")
    driver.execute_script(f"{hold}(1200)")
    waits.wait_until_settled(driver, timeout=5)
    late_ms = driver.execute_script(SINCE_RELEASE)
    assert 0 <= late_ms < 50, f"returned {late_ms:.1f} ms after {hold} let go"


def test_type_into_a_field_under_an_overlay_waits_for_it(open_page, base_url) -> None:
    driver = open_page("busy.html")
    driver.execute_script("holdOverlay(700)")
    BasePage(driver, base_url).type(FIELD, "new value")
    keys = driver.execute_script("return window.keys")
    assert keys, "no key reached the field"
    assert keys[0]["overlays"] == 0
    assert keys[0]["at"] >= driver.execute_script("return window.releasedAt")
    assert driver.find_element(*FIELD).get_property("value") == "new value"


def test_type_waits_for_a_field_disabled_for_a_second(open_page, base_url) -> None:
    driver = open_page("busy.html")
    driver.execute_script("disableFor(1000)")
    BasePage(driver, base_url).type(FIELD, "typed")
    assert driver.find_element(*FIELD).get_property("value") == "typed"
    assert not any(k["disabled"] for k in driver.execute_script("return window.keys"))


def test_type_on_a_field_that_stays_disabled_says_so(open_page, base_url) -> None:
    driver = open_page("busy.html")
    driver.execute_script("disableFor(60000)")
    with pytest.raises(TimeoutException, match=r"Locator\('field'.*editable.*: it is disabled"):
        BasePage(driver, base_url, timeout=0.5).type(FIELD, "typed")
    assert driver.find_element(*FIELD).get_property("value") == "old value"


@pytest.mark.parametrize(
    ("action", "budget"),
    [("click", 2), ("type", 2), ("text_of", 1), ("find", 1)],
)
def test_an_action_costs_one_script_then_the_action(
    open_page, base_url, count_commands, action, budget
) -> None:
    driver = open_page("busy.html")
    page = BasePage(driver, base_url)
    driver.execute_script("holdOverlay(300)")
    with count_commands() as counter:
        if action == "click":
            page.click(FIELD)
        elif action == "type":
            page.type(FIELD, "abc")
        else:
            getattr(page, action)(STATUS)
    # Settle + find + actionability + scroll in one async script, then the action.
    assert len(counter.commands) == budget, counter.commands
    assert counter.commands[0] == "w3cExecuteScriptAsync"


def test_expect_keeps_waiting_across_a_navigation(open_page, base_url) -> None:
    # The page is replaced while the browser waits for a change: Chromium aborts the
    # script, Firefox answers nothing at all. Either way, look again in the new page.
    driver = open_page("busy.html")
    page = BasePage(driver, base_url)
    driver.execute_script("setTimeout(function () { location.href = 'text.html'; }, 400)")
    page.expect(Locator(By.ID, "events", "input event count")).to_have_text("0")
    assert driver.title == "text"


def test_an_action_keeps_waiting_across_a_navigation(open_page, base_url) -> None:
    # The overlay holds the click until the page is replaced by one without it.
    driver = open_page("busy.html")
    page = BasePage(driver, base_url)
    driver.execute_script(
        "holdOverlay(60000); setTimeout(function () { location.href = 'text.html'; }, 400)"
    )
    page.fill(Locator(By.ID, "name", "name field"), "after the navigation")
    assert driver.execute_script("return document.getElementById('name').value") == (
        "after the navigation"
    )


def test_expect_passes_once_ajax_brings_the_text(open_page, base_url) -> None:
    driver = open_page("busy.html")
    page = BasePage(driver, base_url)
    driver.execute_script("arriveAfter(1200, 'Saved: 2 items')")
    page.expect(STATUS).to_have_text("Saved: 2 items")
    late_ms = driver.execute_script(CHANGE_SEEN)
    assert 0 <= late_ms < 50, f"passed {late_ms:.1f} ms after the text arrived"
    page.expect(ITEMS).to_have_count(2)
    page.expect(ITEMS).to_have_texts(["one", "two"])
    page.expect(STATUS).to_contain_text("2 items")
    page.expect(STATUS).to_have_text(re.compile(r"Saved: \d+ items"))
    page.expect(FIELD).to_have_value("old value")
    page.expect(STATUS).to_be_visible()


def test_expect_fails_with_the_expected_and_the_last_seen_text(open_page, base_url) -> None:
    driver = open_page("busy.html")
    page = BasePage(driver, base_url, timeout=1.0)
    driver.execute_script("arriveAfter(200, 'Saved: 2 items')")
    with pytest.raises(AssertionError) as caught:
        page.expect(STATUS).to_have_text("Saved: 3 items")
    assert str(caught.value) == (
        "Expected Locator('status line', id='status') to have text 'Saved: 3 items' "
        "within 1 s; last seen: 1 match(es), 1 displayed: text 'Saved: 2 items'"
    )
    [entry] = page.log.actions
    assert entry.name == "expect"
    assert entry.error is not None


def test_to_have_any_with_text_asks_about_every_match_and_the_whole_text(
    open_page, base_url
) -> None:
    driver = open_page("busy.html")
    page = BasePage(driver, base_url, timeout=1.0)
    driver.execute_script("arriveAfter(200, 'Saved: 2 items')")
    page.expect(ITEMS).to_have_any_with_text("two")  # the second match
    page.expect(ITEMS).not_to_have_any_with_text("three")
    with pytest.raises(AssertionError, match="to have one with text 'tw'"):
        page.expect(ITEMS).to_have_any_with_text("tw")  # a part is not the text
    with pytest.warns(
        DeprecationWarning, match=r"Expect.to_include_text is now Expect.to_have_any"
    ):
        page.expect(ITEMS).to_include_text("one")
    with pytest.warns(DeprecationWarning, match=r"not_to_include_text is now Expect.not_to_have"):
        page.expect(ITEMS).not_to_include_text("four")


def test_expect_to_be_hidden_and_count_zero_on_a_missing_element(open_page, base_url) -> None:
    driver = open_page("busy.html")
    page = BasePage(driver, base_url, timeout=0.5)
    missing = Locator(By.ID, "missing", "missing thing")
    page.expect(missing).to_be_hidden()
    page.expect(missing).to_have_count(0)
    with pytest.raises(AssertionError, match=r"displayed within 0\.5 s; last seen: no element"):
        page.expect(missing).to_be_visible()


def test_a_row_the_driver_will_not_scroll_to_is_clicked_by_the_pointer(open_page, base_url):
    # geckodriver ("could not be scrolled into view") and WebKitWebDriver refuse to click
    # a display: table-row element, as Lumino's (JupyterLab's) menus are made of; the
    # check has seen it displayed and itself at its centre, so the pointer clicks there.
    page = BasePage(open_page("menu.html"), base_url)
    page.click(Locator(By.ID, "new", "menu item New"))
    assert page.text_of(Locator(By.ID, "chosen", "chosen item")) == "new"
    page.click("#open")
    assert page.text_of("#chosen") == "open"
