"""The library's helpers on each engine, through ``build_driver`` (no plugin): overlays,
textareas whose clear does nothing, typing with line breaks, the console."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from e2e import BasePage, Config, Locator, build_driver
from e2e.base import processes
from e2e.waiting import waits
from tests.engines import ENGINES


@pytest.fixture(scope="module", params=ENGINES)
def browser(request: pytest.FixtureRequest) -> Iterator[WebDriver]:
    driver = build_driver(Config(browser=request.param, headless=True))
    yield driver
    driver.quit()
    processes.release(driver)


def test_blockui_wait_and_textarea_clearing(browser, fixture_server) -> None:
    browser.get(f"{fixture_server.url}/overlays.html")
    browser.execute_script("blockStaggered([100, 200, 300])")
    waits.wait_for_blockui_to_close(browser, timeout=5)
    assert browser.execute_script("return window.released") == 3
    browser.get(f"{fixture_server.url}/text.html")
    page = BasePage(browser, fixture_server.url)
    page.clear_text(Locator(By.ID, "notes"))
    assert page.find(Locator(By.ID, "notes")).get_property("value") == ""
    assert page.text_of(Locator(By.ID, "events")) != "0"


def test_typing_keeps_line_breaks_and_tabs(browser, fixture_server) -> None:
    browser.get(f"{fixture_server.url}/text.html")
    page = BasePage(browser, fixture_server.url)
    notes = Locator(By.ID, "notes")
    page.type(notes, "first line\nsecond\tline\n")
    assert page.value_of(notes) == "first line\nsecond\tline\n"


def test_fetch_still_works_once_the_first_check_instrumented_the_page(
    browser, fixture_server
) -> None:
    # Without the plugin there is no preload script: the first check instruments the
    # page. Firefox then refused every fetch() ("'fetch' called on an object that does
    # not implement interface Window").
    browser.get(f"{fixture_server.url}/inbox.html")
    waits.wait_for_ajax(browser)
    answer = browser.execute_async_script(
        "var done = arguments[0];"
        "fetch('/heartbeat').then(function (r) { return r.text(); })"
        ".then(done, function (e) { done('failed: ' + e); });"
    )
    assert answer == "ok"
