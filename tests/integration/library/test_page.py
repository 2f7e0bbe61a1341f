from __future__ import annotations

import time

import pytest
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By

from e2e import BasePage, BasePageElement, Locator

TARGET = Locator(By.ID, "target", "target button")


def test_click_retries_while_another_element_covers_the_target(open_page, base_url) -> None:
    driver = open_page("click.html")
    driver.execute_script("uncoverAfter(400)")
    BasePage(driver, base_url).click(TARGET)
    assert driver.execute_script("return window.clicks") == 1


def test_click_gives_up_at_the_timeout_saying_what_covers_it(open_page, base_url) -> None:
    driver = open_page("click.html")
    page = BasePage(driver, base_url, timeout=1.0)
    started = time.monotonic()
    with pytest.raises(
        TimeoutException,
        match=r"Locator\('target button'.*clickable on a settled page: "
        r"it is covered by <div id=\"cover\">",
    ):
        page.click(TARGET)
    assert time.monotonic() - started < 1.6
    assert driver.execute_script("return window.clicks") == 0


def test_click_waits_for_blockui_first(open_page, base_url) -> None:
    driver = open_page("overlays.html")
    driver.execute_script("blockStaggered([300, 100, 200])")
    BasePage(driver, base_url).click(TARGET)
    [click] = driver.execute_script("return window.clicks")
    assert click["overlays"] == 0
    assert click["unblocked"] is not None
    assert click["at"] >= click["unblocked"]


def test_find_reports_the_locator_and_what_it_saw(open_page, base_url) -> None:
    driver = open_page("uploads.html")
    page = BasePage(driver, base_url, timeout=0.3)
    with pytest.raises(TimeoutException, match=r"Locator\('nothing', id='nope'\).*no element"):
        page.find(Locator(By.ID, "nope", "nothing"))
    with pytest.raises(TimeoutException, match="1 match\\(es\\), none displayed"):
        page.find(Locator(By.ID, "display-none"))
    assert page.find(Locator(By.ID, "display-none"), visible=False).tag_name == "input"


def test_open_joins_the_base_url_and_returns_the_page(driver, base_url) -> None:
    class Uploads(BasePage):
        path = "/uploads.html"

    page = Uploads(driver, base_url + "/").open()
    assert driver.current_url == base_url + "/uploads.html"
    assert page.is_displayed(Locator(By.ID, "chosen")) is False
    assert BasePageElement is BasePage


def test_every_page_method_takes_a_css_string_for_a_locator(open_page, base_url) -> None:
    from e2e import BasePage

    page = BasePage(open_page("inbox.html"), base_url)
    page.click("#other")
    assert page.text_of("#clicks") == "1"
    page.expect("#clicks").to_have_text("1")
    assert page.is_displayed("#title")
    assert page.find_all("button")[0].text == "Save"


def test_text_of_keeps_the_line_breaks_white_space_shows(open_page, base_url) -> None:
    # WebKitGTK's innerText reads a white-space: pre-line cell "one\ntwo" as "one two";
    # WebKitWebDriver's own text read answers "" for some elements (JupyterLab's tab
    # labels). text_of and expect read the same way on every engine.
    from e2e import BasePage

    driver = open_page("inbox.html")
    driver.execute_script(
        "document.body.insertAdjacentHTML('beforeend', '<table><tr><td id=\"cell\" "
        'style="white-space: pre-line">Which browser\\n  and   version</td></tr></table>'
        '<pre id="code">a  b\\n  c</pre><p id="br">x<br>y</p>\')'
    )
    page = BasePage(driver, base_url)
    assert page.text_of("#cell") == "Which browser\nand version"
    assert page.texts_of("#cell") == ["Which browser\nand version"]
    assert page.text_of("#code") == "a  b\n  c"
    assert page.text_of("#br") == "x\ny"
    page.expect("#cell").to_have_text("Which browser\nand version")
