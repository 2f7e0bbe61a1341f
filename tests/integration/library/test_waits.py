"""The waits against real jQuery + BlockUI pages in headless Chromium."""

from __future__ import annotations

import re
import time

import pytest
from selenium.common.exceptions import InvalidSelectorException, TimeoutException
from selenium.webdriver.common.by import By

from e2e import GeneralLocators, Locator
from e2e.waiting import waits

BLOCKUI = re.escape(repr(GeneralLocators.blockUI))


def test_three_overlays_released_at_staggered_times(open_page) -> None:
    driver = open_page("overlays.html")
    driver.execute_script("blockStaggered([150, 450, 300])")
    assert driver.execute_script("return $('.blockUI:visible').length") >= 3
    waits.wait_for_blockui_to_close(driver, timeout=5)
    state = driver.execute_script(
        "return {released: window.released, shown: $('.blockUI:visible').length}"
    )
    assert state == {"released": 3, "shown": 0}


def test_an_overlay_that_never_clears_times_out_with_a_clear_message(open_page) -> None:
    driver = open_page("overlays.html")
    driver.execute_script("blockForever()")
    started = time.monotonic()
    with pytest.raises(TimeoutException) as caught:
        waits.wait_for_blockui_to_close(driver, timeout=1.0)
    waited = time.monotonic() - started
    message = caught.value.msg
    assert re.search(
        rf"Timed out after 1\.\d s .*{BLOCKUI}: 2 of {BLOCKUI} still displayed", message
    )
    assert 1.0 <= waited <= 1.5, f"raised after {waited:.2f} s"


def test_overlays_replaced_mid_wait_are_all_seen(open_page) -> None:
    driver = open_page("overlays.html")
    driver.execute_script("flicker(600)")
    waits.wait_for_blockui_to_close(driver, timeout=5)
    assert driver.execute_script("return window.released") == 1


def test_any_elements_displayed_ignores_stale_elements(open_page) -> None:
    driver = open_page("overlays.html")
    driver.execute_script("blockForever()")
    overlays = driver.find_elements(*GeneralLocators.blockUI)
    assert waits.any_elements_displayed(overlays)
    driver.execute_script("$('.blockUI').remove()")
    assert not waits.any_elements_displayed(overlays)


@pytest.mark.parametrize("raises", [False, True], ids=["settles", "times-out"])
def test_the_implicit_wait_is_left_as_it_was(open_page, raises: bool) -> None:
    driver = open_page("overlays.html")
    driver.implicitly_wait(2.5)
    try:
        if raises:
            driver.execute_script("blockForever()")
            with pytest.raises(TimeoutException):
                waits.wait_for_blockui_to_close(driver, timeout=0.5)
        else:
            waits.wait_for_blockui_to_close(driver, timeout=0.5)
        assert driver.timeouts.implicit_wait == 2.5
    finally:
        driver.implicitly_wait(0)


def test_a_wait_costs_a_few_round_trips_however_many_overlays(open_page, count_commands) -> None:
    driver = open_page("overlays.html")
    driver.execute_script(
        'for (var i = 0; i < 20; i++) $(\'<div class="blockUI" style="height:5px"></div>\')'
        ".appendTo('body'); setTimeout(function () { $('.blockUI').remove(); }, 700);"
    )
    with count_commands() as counter:
        waits.wait_for_blockui_to_close(driver, timeout=5)
    # Event-driven: the browser waits; one command per in-browser slice of up to 1 s.
    assert counter.commands == ["w3cExecuteScriptAsync"]


def test_wait_until_not_busy_takes_the_applications_own_locators(open_page) -> None:
    driver = open_page("overlays.html")
    driver.execute_script(
        "$('<div class=\"spinning\">…</div>').appendTo('body');"
        "setTimeout(function () { $('.spinning').hide(); }, 300);"
    )
    spinner = Locator(By.CSS_SELECTOR, ".spinning", "spinner")
    waits.wait_until_not_busy(driver, timeout=3, locators=[spinner])
    assert not driver.find_element(*spinner).is_displayed()


# WebKitWebDriver cannot run a script at document start: XHR and fetch begun before the
# first check on a page are not counted there (docs/engines.md, known differences).
@pytest.mark.browser("chrome", "chromium", "edge", "firefox")
def test_wait_for_ajax_sees_jquery_fetch_and_xhr(open_page) -> None:
    driver = open_page("ajax.html")
    driver.execute_script("startRequests()")
    waits.wait_for_ajax(driver, timeout=5)
    assert sorted(driver.execute_script("return window.finished")) == ["fetch", "jquery", "xhr"]


# WebKitWebDriver cannot run a script at document start: XHR and fetch begun before the
# first check on a page are not counted there (docs/engines.md, known differences).
@pytest.mark.browser("chrome", "chromium", "edge", "firefox")
def test_wait_for_ajax_times_out_naming_what_is_in_flight(open_page) -> None:
    driver = open_page("ajax.html")
    driver.execute_script("startRequests()")
    with pytest.raises(TimeoutException, match=r"jQuery request\(s\) active.*in flight"):
        waits.wait_for_ajax(driver, timeout=0.1)


@pytest.mark.browser("chrome", "chromium", "edge", "firefox")  # see above: WebKit
def test_a_fetch_body_still_arriving_counts_as_in_flight(open_page) -> None:
    # The response's headers come at once and its body 0.8 s later: a page that reads
    # the body (r.text()) is not settled until it has it and has shown it.
    driver = open_page("ajax.html")
    driver.execute_script("readBody()")
    waits.wait_until_settled(driver, timeout=5)
    assert driver.execute_script("return document.getElementById('status').textContent") == (
        "first half, second half"
    )


def test_wait_until_settled_waits_for_overlays_and_ajax_together(open_page) -> None:
    driver = open_page("overlays.html")
    driver.execute_script(
        "$.blockUI({fadeIn: 0}); $.get('/slow/?ms=500').always(function () {"
        "  window.ajaxDone = performance.now(); });"
        "setTimeout(function () { $.unblockUI({fadeOut: 0}); }, 200);"
    )
    waits.wait_until_settled(driver, timeout=5)
    assert driver.execute_script("return window.ajaxDone") is not None


def test_an_invalid_locator_is_reported_not_waited_on(open_page) -> None:
    driver = open_page("overlays.html")
    broken = Locator(By.CSS_SELECTOR, "div[[", "broken")
    with pytest.raises(InvalidSelectorException, match=r"could not evaluate Locator\('broken'"):
        waits.wait_for_blockui_to_close(driver, timeout=2, locators=[broken])


def test_a_short_script_timeout_shortens_the_in_browser_wait_not_the_driver_setting(
    open_page, count_commands
) -> None:
    driver = open_page("overlays.html")
    driver.set_script_timeout(0.3)
    try:
        driver.execute_script("blockStaggered([300, 600, 900])")
        with count_commands() as counter:
            waits.wait_for_blockui_to_close(driver, timeout=5)
        assert driver.execute_script("return window.released") == 3
        # A handful of round trips: one timed-out slice, then slices that fit the timeout
        # (0.15 s each over 0.9 s; a loaded WebKit run has taken 17). Polling would be
        # hundreds.
        assert counter.commands.count("w3cExecuteScriptAsync") <= 25, len(counter.commands)
        assert driver.timeouts.script == 0.3
    finally:
        driver.set_script_timeout(30)
