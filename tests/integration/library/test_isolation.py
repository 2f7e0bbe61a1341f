"""Each test gets a clean browser although the worker reuses one: the next test on the
same worker sees nothing the previous one left, on any origin. The two tests run in an
inner session (one process, in order) against the fixture pages, once with each way of
isolating local Chromium: CDP browser contexts (the default) and WebDriver BiDi user
contexts (BiDi asked for with a capability; the way for Firefox and a Grid)."""

from __future__ import annotations

import time

import pytest

from tests.engines import run_on

INNER = """
from e2e.browser.isolation import isolation_for

ORIGINS = ("127.0.0.1", "localhost")
DONE = "const done = arguments[arguments.length - 1]; "
LEAVE = DONE + "leaveState().then(done, e => done(String(e)));"
READ = DONE + "stateLeft().then(done, e => done(String(e)));"
counters = {}


def url(base_url, host):
    return base_url.replace("127.0.0.1", host) + "/state.html"


def test_a_leaves_state_on_two_origins(driver, base_url, pytestconfig):
    assert isolation_for(driver).mode == pytestconfig.getoption("--expect-mode")
    for host in ORIGINS:
        driver.get(url(base_url, host))
        counter = driver.execute_async_script(LEAVE)
        assert isinstance(counter, int), counter
        counters[host] = counter
        # It really is there, in this test: storage, a database, a worker, the cache.
        left = driver.execute_async_script(READ)
        assert left["local"] == left["session"] == 1
        assert left["databases"] == ["left-db"]
        assert left["workers"] == 1
        if driver.caps.get("browserName") != "MiniBrowser":
            # WebKitGTK's in-memory session fetches it again (through the service
            # worker): there, the cache has nothing to leave behind.
            assert left["counter"] == counter, "the second fetch came from the cache"
    driver.execute_script("window.open('about:blank')")  # an extra window, too
    # A tab of the test's own, opened through WebDriver: its state must go with the test.
    driver.switch_to.new_window("tab")
    driver.get(url(base_url, ORIGINS[0]) + "?tab")
    driver.add_cookie({"name": "from_tab", "value": "1", "path": "/"})
    driver.execute_script("localStorage.setItem('from_tab', '1')")
    assert driver.get_cookie("from_tab") is not None, "the cookie was set, in this tab"
    assert "from_tab=1" in driver.execute_script("return document.cookie")


def test_b_the_next_test_sees_none_of_it(driver, base_url):
    assert counters, "test_a ran first, in this process"
    assert len(driver.window_handles) == 1
    driver.switch_to.new_window("tab")  # a new tab of this test's sees nothing either
    driver.get(url(base_url, ORIGINS[0]))
    assert driver.get_cookie("from_tab") is None
    assert driver.execute_script("return document.cookie") == ""
    assert driver.execute_script("return localStorage.getItem('from_tab')") is None
    for host in ORIGINS:
        driver.get(url(base_url, host))
        left = driver.execute_async_script(READ)
        assert left["cookie"] == ""
        assert left["local"] == 0
        assert left["session"] == 0
        assert left["databases"] == []
        assert left["workers"] == 0
        assert left["counter"] > counters[host], "the HTTP cache survived"
"""


CONFTEST = """
def pytest_addoption(parser):
    parser.addoption("--expect-mode")
"""


@pytest.mark.parametrize(
    ("browser", "bidi", "mode"),
    [
        pytest.param("chrome", "false", "browser-context", id="chromium-cdp"),
        pytest.param("chrome", "true", "user-context", id="chromium-bidi"),
        pytest.param("firefox", None, "user-context", id="firefox"),
        pytest.param("webkit", None, "reset", id="webkit"),
    ],
)
def test_the_next_test_sees_nothing_the_previous_one_left(
    pytester, fixture_server, browser, bidi, mode
) -> None:
    pytester.makepyfile(INNER)
    pytester.makeconftest(CONFTEST)
    result = run_on(
        pytester, browser, bidi, "--expect-mode", mode, "--base-url", fixture_server.url
    )
    result.assert_outcomes(passed=2)


@pytest.fixture
def own_browser(e2e_config):  # type: ignore[no-untyped-def]
    """A browser of the test's own and its isolation; skips on an engine that gets a new
    browser per test instead of contexts."""
    from e2e.browser.driver import build_driver
    from e2e.browser.isolation import RESET, isolation_for
    from e2e.plugin.pool import quit_browser

    driver = build_driver(e2e_config)
    try:
        isolation = isolation_for(driver)
        if isolation.mode == RESET:
            pytest.skip(f"{e2e_config.browser}: a new browser per test, started ahead (pool)")
        yield driver, isolation
    finally:
        quit_browser(driver)


def test_the_next_context_is_made_while_pytest_is_between_tests(own_browser) -> None:
    driver, isolation = own_browser
    isolation.begin()
    first = isolation.context
    isolation.end()  # after a test: the next context is made in the background
    assert isolation._prepared is not None
    context, tab = isolation._prepared.result(timeout=10)
    isolation.begin()  # takes it: no context made here
    assert (isolation.context, driver.current_window_handle) == (context, tab)
    assert context != first
    assert driver.window_handles == [tab]  # the first test's context is gone


def test_quitting_as_the_next_context_is_being_made_leaves_no_command_unanswered(
    own_browser, monkeypatch
) -> None:
    """The run's last test ends, its next context is being made in the background, and
    the browser quits. Before the fix, a BiDi command cut off by the quit was never
    answered: Selenium waited 30 s for it, and the interpreter's exit waited with it."""
    import concurrent.futures

    from e2e.browser.isolation import Isolation
    from e2e.plugin.pool import quit_browser

    driver, isolation = own_browser
    made = Isolation._new_context

    def made_late(self: Isolation, cdp: object) -> object:
        time.sleep(0.3)  # the job is still to send its commands as the quit begins
        return made(self, cdp)  # type: ignore[arg-type]

    monkeypatch.setattr(Isolation, "_new_context", made_late)
    isolation.begin()
    isolation.end()
    prepared = isolation._prepared
    assert prepared is not None
    quit_browser(driver)
    done, _ = concurrent.futures.wait([prepared], timeout=5)
    assert done, "the background job still waits for an answer the browser cannot give"


def test_the_bidi_connection_is_closed_before_quit_with_its_reader_ended(e2e_config) -> None:
    """Selenium's quit closed the socket under the thread waiting on it, which did not
    wake it: quit then waited up to 30 s for that thread (10 to 30 s at the end of
    Firefox runs). ``close_bidi`` shuts the socket down and sees the thread end."""
    from e2e.browser.bidi_or_devtools import bidi_connection, close_bidi
    from e2e.browser.driver import build_driver

    driver = build_driver(e2e_config)
    try:
        if not driver.caps.get("webSocketUrl"):
            pytest.skip(f"{e2e_config.browser}: no WebDriver BiDi session here")
        connection = bidi_connection(driver)
        reader = connection._ws_thread
        assert reader.is_alive()
        close_bidi(driver)
        assert not reader.is_alive()
    finally:
        driver.quit()


LINK = (
    'document.body.innerHTML = \'<a id="l" href="\' + arguments[0] + \'" '
    'style="font-size: 40px">LINK</a>\''
)


def test_a_link_visited_in_one_test_is_not_drawn_visited_in_the_next(driver, base_url) -> None:
    # Firefox keeps one history for every user context: without turning visited styling
    # off, the next test's screenshot would show the link in the visited colour.
    from e2e.browser.isolation import RESET, isolation_for

    isolation = isolation_for(driver)
    if isolation.mode == RESET:
        pytest.skip("a new browser per test, with a history of its own")

    def link_shot(target: str) -> bytes:
        driver.execute_script(LINK, target)
        return driver.find_element("id", "l").screenshot_as_png

    driver.get(base_url + "/text.html")  # visited
    isolation.end()
    isolation.begin()  # what the next test gets
    driver.get(base_url + "/click.html")
    assert link_shot("/text.html") == link_shot("/never-visited.html")
