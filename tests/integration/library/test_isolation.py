"""Each test gets a clean browser although the worker reuses one: the next test on the
same worker sees nothing the previous one left, on any origin."""

from __future__ import annotations

import pytest

from e2e.isolation import isolation_for

pytestmark = pytest.mark.xdist_group("isolation")  # both tests on one worker, in order
ORIGINS = ("127.0.0.1", "localhost")
LEAVE = (
    "const done = arguments[arguments.length - 1]; leaveState().then(done, e => done(String(e)));"
)
READ = "const done = arguments[arguments.length - 1]; stateLeft().then(done, e => done(String(e)));"
counters: dict[str, int] = {}


def origin_url(fixture_server, host: str) -> str:
    return fixture_server.url.replace("127.0.0.1", host) + "/state.html"


def test_a_leaves_state_on_two_origins(driver, fixture_server) -> None:
    assert isolation_for(driver).mode == "user-context"  # local Chromium speaks BiDi
    for host in ORIGINS:
        driver.get(origin_url(fixture_server, host))
        counter = driver.execute_async_script(LEAVE)
        assert isinstance(counter, int), counter
        counters[host] = counter
        # It really is there, in this test: the cached answer, storage and a worker.
        left = driver.execute_async_script(READ)
        assert left["local"] == left["session"] == 1
        assert left["databases"] == ["left-db"]
        assert left["workers"] == 1
        assert left["counter"] == counter, "the second fetch came from the cache"
    driver.execute_script("window.open('about:blank')")  # an extra window, too


def test_b_the_next_test_sees_none_of_it(driver, fixture_server) -> None:
    if not counters:
        pytest.skip("runs after test_a on the same worker")
    assert len(driver.window_handles) == 2  # the home window and this test's tab
    for host in ORIGINS:
        driver.get(origin_url(fixture_server, host))
        left = driver.execute_async_script(READ)
        assert left["cookie"] == ""
        assert left["local"] == 0
        assert left["session"] == 0
        assert left["databases"] == []
        assert left["workers"] == 0
        assert left["counter"] > counters[host], "the HTTP cache survived"
