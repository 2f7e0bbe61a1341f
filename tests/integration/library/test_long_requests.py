"""Requests meant to stay open (a long poll, server-sent events, a streaming body, a
heartbeat) never hold an action, and a slow request that ends (a 3 s save) still does,
on every engine: the settle check's rules for which requests it waits for."""

from __future__ import annotations

import pytest
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from e2e import ActionLog, BasePage, Locator
from e2e.waiting import waits

SAVE = Locator(By.ID, "save", "save button")
OTHER = Locator(By.ID, "other", "other button")
OPEN_CHAT = Locator(By.ID, "open-chat", "open chat button")


class Inbox(BasePage):
    path = "/inbox.html"
    ready = Locator(By.ID, "title", "inbox title")


class QuietInbox(Inbox):
    ignore_requests = ("**/poll*", "**/heartbeat*")


@pytest.fixture
def browser(driver: WebDriver) -> WebDriver:
    """The run's browser (``make test`` runs this module on each engine)."""
    return driver


def _open(browser, url: str, page_class=Inbox, query: str = "", **kwargs) -> BasePage:  # type: ignore[no-untyped-def]
    page = page_class(browser, url, log=ActionLog(), **kwargs)
    page.path = page_class.path + query
    page.open()
    return page


def _js(browser: WebDriver, script: str) -> object:
    return browser.execute_script(script)


def _until(browser: WebDriver, expression: str) -> None:
    waits.wait_until(browser, lambda d: d.execute_script(f"return !!({expression})"), 10)


def _waits(page: BasePage, what: str) -> list[str]:
    """What the page's actions waited for that mentions ``what``."""
    return [a.waited_for for a in page.log.actions if a.waited_for and what in a.waited_for]


def _look(browser: WebDriver, **kwargs) -> waits.PageSettled:  # type: ignore[no-untyped-def]
    check = waits.PageSettled((), network=True, timeout=10, **kwargs)
    check(browser)
    return check


def test_requests_in_ignore_requests_never_hold_an_action(browser, fixture_server) -> None:
    page = _open(browser, fixture_server.url, QuietInbox)
    _js(browser, "startAll()")
    _until(browser, "window.polls >= 1 && window.ticks >= 1 && window.beats >= 1")
    for _ in range(5):
        page.click(OTHER)
    assert _js(browser, "return document.getElementById('clicks').textContent") == "5"
    assert _waits(page, "/poll") == []
    assert _waits(page, "/heartbeat") == []
    look = _look(browser, ignore_requests=QuietInbox.ignore_requests)
    assert ("GET", f"{fixture_server.url}/poll?ms=20000", "ignored") in look.left_out


def test_with_nothing_given_a_long_poll_never_holds_an_action_for_the_timeout(
    browser, fixture_server
) -> None:
    page = _open(browser, fixture_server.url, timeout=5)
    _js(browser, "startAll()")
    _until(browser, "window.polls >= 1")
    # The poll's first request is waited for only as long as a page's own load may take
    # (--settle-background-ms, 3 s), then left out: no TimeoutException.
    page.click(OTHER)
    page.click(OTHER)
    page.click(OTHER)
    assert _js(browser, "return document.getElementById('clicks').textContent") == "3"
    look = _look(browser)
    assert ("GET", f"{fixture_server.url}/poll?ms=20000", "background") in look.left_out


def test_a_slow_save_started_by_a_click_is_still_waited_for(browser, fixture_server) -> None:
    page = _open(browser, fixture_server.url, timeout=8)
    _js(browser, "startAll()")
    _until(browser, "window.polls >= 1 && window.beats >= 1")
    page.click(SAVE)
    page.click(OTHER)
    saved, other = _js(browser, "return [window.savedAt, window.otherAt]")  # type: ignore[misc]
    assert saved is not None, "the next click landed before the 3 s save ended"
    assert saved <= other


def test_a_long_poll_re_issued_at_once_is_learnt_as_a_poll(browser, fixture_server) -> None:
    page = _open(browser, fixture_server.url)
    _js(browser, "startPoll(1200)")
    _until(browser, "window.polls >= 2")
    look = _look(browser)
    assert ("GET", f"{fixture_server.url}/poll?ms=1200", "poll") in look.left_out
    page.click(OTHER)
    assert _waits(page, "/poll") == []


def test_a_long_poll_opened_by_a_click_is_waited_for_until_it_is_re_issued(
    browser, fixture_server
) -> None:
    page = _open(browser, fixture_server.url, query="?poll=1200")
    page.click(OPEN_CHAT)
    page.click(OTHER)  # waits for the poll's first request (in answer to the click)
    assert _js(browser, "return window.polls") >= 2
    assert _waits(page, "/poll?ms=1200")
    page.click(OTHER)
    page.click(OTHER)
    assert len(_waits(page, "/poll?ms=1200")) == 1


def test_streams_are_not_waited_for_once_their_headers_are_in(browser, fixture_server) -> None:
    _open(browser, fixture_server.url)
    _js(browser, "startEvents(); startFetchStream(); startXhrStream()")
    _until(browser, "window.ticks >= 2")
    waits.wait_for_ajax(browser, timeout=5)
    look = _look(browser)
    assert ("GET", f"{fixture_server.url}/events?s=30", "stream") in look.left_out


def test_ignoring_requests_leaves_them_out_for_the_actions_inside(browser, fixture_server) -> None:
    page = _open(browser, fixture_server.url)
    _js(browser, "startPoll()")
    _until(browser, "window.polls >= 1")
    with page.ignoring_requests("**/poll*"):
        page.click(OTHER)
    assert _waits(page, "/poll") == []
    page.click(OTHER)  # the poll is younger than 3 s: waited for, outside the block
    assert _waits(page, "/poll")


def test_a_timeout_on_requests_names_them_and_the_option(browser, fixture_server) -> None:
    page = _open(browser, fixture_server.url, query="?save=10000", timeout=1.5)
    page.click(SAVE)
    with pytest.raises(TimeoutException) as raised:
        page.click(OTHER)
    message = raised.value.msg
    assert "1 XHR/fetch request(s) in flight: GET " in message
    assert f"{fixture_server.url}/slow?ms=10000&token=••••••" in message
    assert "s3cr3t-value" not in message
    assert "ignore_requests = ('**/slow*',)" in message
    assert "--settle-ignore-requests '**/slow*'" in message
