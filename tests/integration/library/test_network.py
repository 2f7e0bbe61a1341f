"""page.network: routes that fulfil, fail, delay or decide per request, on every engine
that can hold a request (Chromium: DevTools; Firefox: BiDi); WebKit says it cannot."""

from __future__ import annotations

import json
import re

import pytest
from selenium.webdriver.common.by import By

from e2e import BasePage, Locator, Network, NetworkError
from e2e.browser.engines import family_of
from tests.engines import CHANNELS, run_on

LOAD = Locator(By.ID, "load", "load button")
POST = Locator(By.ID, "post", "post button")
OUT = Locator(By.ID, "out", "output")
HEADERS = Locator(By.ID, "headers", "headers button")


class Page(BasePage):
    path = "network.html"


@pytest.fixture
def page_(driver, fixture_server) -> Page:
    return Page(driver, fixture_server.url, timeout=10).open()


@pytest.fixture
def routing(page_):  # type: ignore[no-untyped-def]
    """The page, on an engine that can route; on WebKit, checks the refusal and skips."""
    if family_of(page_.driver) == "webkit":
        with pytest.raises(
            NetworkError, match=r"WebKit.* cannot route requests: its WebDriver has neither"
        ):
            page_.network.route("**/counter*", status=500)
        pytest.skip("WebKit cannot route requests (checked: the error says so)")
    return page_


def test_a_route_fulfils_with_a_status_and_json(routing) -> None:
    with routing.network.route("**/counter?*", status=500, json={"error": "Down"}) as route:
        routing.click(LOAD)
        routing.expect(OUT).to_have_text('500 {"error": "Down"}')
    assert [(c.method, c.url.split("?")[0]) for c in route.calls] == [
        ("GET", f"{routing.base_url}/counter")
    ]


def test_a_route_aborts_as_the_network_would(routing) -> None:
    routing.network.route("**/counter?*", abort=True)
    routing.click(LOAD)
    routing.expect(OUT).to_have_text("failed")


def test_a_delayed_request_holds_the_next_action(routing) -> None:
    routing.network.route("**/counter?*", delay=1.5)
    routing.click(LOAD)
    # The read waits for the settled page: the held request counts as in flight.
    assert routing.text_of(OUT).startswith("200 ")
    assert routing.driver.execute_script("return window.timing.ms") >= 1400


def test_a_handler_sees_the_post_body_and_decides(routing) -> None:
    seen = []

    def handler(request):  # type: ignore[no-untyped-def]
        seen.append(request)
        return {"status": 201, "json": {"id": 7, "echo": request.json()}}

    routing.network.route("**/api/items", handler=handler)
    routing.click(POST)
    routing.expect(OUT).to_have_text('201 {"id":7,"echo":{"name":"Widget","n":3}}')
    assert seen[0].method == "POST"
    assert (
        seen[0]
        .headers.get("Content-Type", seen[0].headers.get("content-type", ""))
        .startswith("application/json")
    )


def test_the_most_recent_route_wins_and_remove_gives_back_the_older(routing) -> None:
    older = routing.network.route("**/counter?*", status=503, body="older")
    newer = routing.network.route("**/counter?*", status=502, body="newer")
    routing.click(LOAD)
    routing.expect(OUT).to_have_text("502 newer")
    newer.remove()
    routing.click(LOAD)
    routing.expect(OUT).to_have_text("503 older")
    older.remove()
    routing.click(LOAD)
    routing.expect(OUT).to_have_text(re.compile(r"^200 \d+$"))


def test_a_glob_matches_the_whole_url(routing) -> None:
    route = routing.network.route("*/counter?*", status=500)  # "*" never crosses "/"
    routing.click(LOAD)
    routing.expect(OUT).to_have_text(re.compile(r"^200 \d+$"))
    assert route.calls == []


def test_offline_fails_requests_until_given_back(routing) -> None:
    routing.network.offline()
    routing.click(LOAD)
    routing.expect(OUT).to_have_text("failed")
    routing.network.offline(False)
    routing.click(LOAD)
    routing.expect(OUT).to_have_text(re.compile(r"^200 \d+$"))


def test_extra_headers_go_with_every_request(routing) -> None:
    routing.network.extra_headers({"X-Team": "qa"})
    routing.click(HEADERS)
    routing.expect(OUT).to_have_text("X-Team: qa")
    routing.network.extra_headers({})
    routing.click(HEADERS)
    routing.expect(OUT).to_have_text("X-Team: none")


def test_network_is_one_object_per_browser(driver) -> None:
    assert Network(driver) is Network(driver)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"json": {}, "body": "x"}, "json= or body=, not both"),
        ({}, "says nothing to do"),
        ({"abort": True, "status": 500}, "abort=True fails the request"),
        ({"delay": -1}, "give 0 to 600 seconds"),
        ({"status": 99}, "is not an HTTP status"),
        ({"handler": print, "status": 500}, "decides each answer itself"),
    ],
    ids=[
        "json-and-body",
        "nothing",
        "abort-and-status",
        "negative-delay",
        "bad-status",
        "handler-and-status",
    ],
)
def test_a_route_that_cannot_be_answered_is_refused_before_the_browser(
    driver, kwargs, message
) -> None:
    with pytest.raises(NetworkError, match=message):
        Network(driver).route("**/x", **kwargs)


INNER = """
import re
from selenium.common.exceptions import UnexpectedAlertPresentException
from selenium.webdriver.common.by import By
from e2e import BasePage, Locator
from e2e.browser.engines import family_of

LOAD = Locator(By.ID, "load", "load button")
OUT = Locator(By.ID, "out", "output")


class Page(BasePage):
    path = "network.html"


def test_a_leaves_a_route_headers_credentials_throttling_and_no_network(page):
    p = page(Page).open()
    p.network.route("**/counter?*", status=500, body="routed")
    p.network.extra_headers({"X-Team": "left"})
    p.network.credentials("qa", "secret")
    if family_of(p.driver) != "firefox":  # Firefox cannot throttle (it says so)
        p.network.throttle(latency=5)
    p.click(LOAD)
    p.expect(OUT).to_have_text("500 routed")
    p.network.offline()


def test_b_sees_the_real_network(page):
    p = page(Page).open()
    p.click(LOAD)
    p.expect(OUT).to_have_text(re.compile(r"^200 \\d+$"))
    assert p.driver.execute_script("return window.timing.ms") < 5000  # not throttled
    p.click(Locator(By.ID, "headers"))
    p.expect(OUT).to_have_text("X-Team: none")
    p.driver.get(p.base_url + "/private")  # no credentials: the browser's own way
    try:
        p.driver.execute_script("return 1")
    except UnexpectedAlertPresentException as exc:  # Firefox asks the user for them
        assert "promptUserAndPass" in exc.msg
        p.driver.switch_to.alert.dismiss()  # and then shows the 401's body
    p.expect(Locator(By.TAG_NAME, "body", "page body")).to_have_text("who are you?")
"""


@pytest.mark.parametrize(
    ("browser", "bidi"),
    CHANNELS,
)
def test_routes_are_gone_in_the_next_test(
    pytester, fixture_server, e2e_config, browser, bidi
) -> None:
    if not e2e_config.is_chromium_family:
        pytest.skip("runs its own browsers: checked once, on the Chromium run")
    pytester.makepyfile(INNER)
    result = run_on(pytester, browser, bidi, "--base-url", fixture_server.url)
    result.assert_outcomes(passed=2)


def test_expect_response_sees_status_headers_and_body(routing) -> None:
    with routing.network.expect_response("**/counter?*") as seen:
        routing.click(LOAD)
    response = seen.value
    assert response.status == 200
    assert response.method == "GET"
    assert response.text.isdigit()
    assert routing.text_of(OUT) == f"200 {response.text}"
    lowered = {k.lower(): v for k, v in response.headers.items()}
    assert lowered["content-type"].startswith("text/plain")


def test_expect_request_sees_the_post_body_of_a_routed_request(routing) -> None:
    routing.network.route("**/api/items", status=201, json={"id": 1})
    with (
        routing.network.expect_request("**/api/items") as seen,
        routing.network.expect_response("**/api/items") as answered,
    ):
        routing.click(POST)
    assert seen.value.method == "POST"
    assert seen.value.json() == {"name": "Widget", "n": 3}
    assert answered.value.status == 201
    assert answered.value.json() == {"id": 1}


def test_expect_request_that_never_comes_says_so(routing) -> None:
    never = pytest.raises(NetworkError, match=r"No request matching '\*\*/nowhere' within 1 s")
    with never, routing.network.expect_request("**/nowhere", timeout=1):
        routing.click(LOAD)


BIG = Locator(By.ID, "big", "big download button")


def test_throttle_adds_latency_and_limits_bandwidth(routing) -> None:
    if family_of(routing.driver) == "firefox":
        with pytest.raises(
            NetworkError,
            match=r"^Firefox cannot throttle the network: WebDriver BiDi's "
            r"emulation.setNetworkConditions takes only offline\. For a slow server, delay",
        ):
            routing.network.throttle(latency=0.5)
        return
    routing.network.throttle(latency=0.8)
    routing.click(LOAD)
    routing.expect(OUT).to_have_text(re.compile(r"^200 \d+$"))
    assert routing.driver.execute_script("return window.timing.ms") >= 750
    routing.network.throttle(download_kbps=800)  # 100 kB/s: 200 kB take 2 s
    routing.driver.execute_script("window.bigBytes = 200000")
    routing.click(BIG)
    routing.expect(OUT).to_have_text("200 200000")
    assert routing.driver.execute_script("return window.timing.ms") >= 1500
    routing.network.throttle()  # and back: no latency at all
    routing.click(LOAD)
    routing.expect(OUT).to_have_text(re.compile(r"^200 \d+$"))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"latency": -1}, r"throttle\(latency=-1\): give 0 to 60 seconds"),
        ({"download_kbps": 0}, r"throttle\(download_kbps=0\): give kilobits per second above 0"),
    ],
)
def test_a_bad_throttle_is_refused(driver, kwargs, message) -> None:
    with pytest.raises(NetworkError, match=message):
        Network(driver).throttle(**kwargs)


def _private(page_) -> str:  # type: ignore[no-untyped-def]
    page_.driver.get(f"{page_.base_url}/private")
    return str(page_.driver.execute_script("return document.body.textContent")).strip()


def test_credentials_answer_the_servers_challenge(routing) -> None:
    routing.network.credentials("qa", "secret", origin=routing.base_url)
    assert _private(routing) == "welcome qa"


def test_wrong_credentials_are_tried_once_then_the_page_gets_the_401(routing) -> None:
    routing.network.credentials("qa", "guess")
    assert _private(routing) == "who are you?"


def test_bad_credentials_arguments_are_refused(driver) -> None:
    with pytest.raises(NetworkError, match=r"give scheme and host only, e.g. 'https://intranet"):
        Network(driver).credentials("qa", "secret", origin="intranet.example/login")


FIXED = Locator(By.ID, "fixed", "fixed-URL button")


def test_a_recorded_har_answers_the_same_requests_later(routing, fixture_server, tmp_path) -> None:
    har = tmp_path / "counter.har"
    recording = routing.network.record_har(har, "**/counter")
    routing.click(FIXED)
    routing.expect(OUT).to_have_text(re.compile(r"^200 \d+$"))
    first = routing.text_of(OUT)
    recording.save()
    entries = json.loads(har.read_text())["log"]["entries"]
    assert [(e["request"]["method"], e["request"]["url"]) for e in entries] == [
        ("GET", f"{routing.base_url}/counter")
    ]
    assert entries[0]["response"]["content"]["text"] == first.split()[1]
    hits = fixture_server.hits
    routing.network.route_from_har(har, "**/counter")
    routing.click(FIXED)
    routing.expect(OUT).to_have_text(first)  # the recorded answer, not the server's next
    assert fixture_server.hits == hits
    routing.network.route_from_har(har, "**/headers*")  # not in the file: fails
    routing.click(HEADERS)
    routing.expect(OUT).to_have_text("failed")


def test_a_har_that_is_missing_or_not_a_har_says_so(driver, tmp_path) -> None:
    network = Network(driver)
    with pytest.raises(NetworkError, match=r"^No HAR file at .*gone.har: record one with page"):
        network.route_from_har(tmp_path / "gone.har")
    (tmp_path / "bad.har").write_text("{}")
    with pytest.raises(NetworkError, match=r"bad.har is not a HAR file \(JSON with log.entries\)"):
        network.route_from_har(tmp_path / "bad.har")
    (tmp_path / "ok.har").write_text('{"log": {"entries": []}}')
    with pytest.raises(NetworkError, match=r"not_found='skip'\): use 'abort'"):
        network.route_from_har(tmp_path / "ok.har", not_found="skip")


HELD = """
import re

from selenium.webdriver.common.by import By

from e2e import BasePage, Locator

LOAD = Locator(By.ID, "load", "load button")
OUT = Locator(By.ID, "out", "output")


class Page(BasePage):
    path = "network.html"


def test_a_routed_request_is_answered_while_the_test_waits(driver, base_url):
    page = Page(driver, base_url, timeout=0.8).open()
    page.network.route("**/counter?*", delay=0.3)  # let go while the expect waits
    page.click(LOAD)
    page.expect(OUT).to_have_text(re.compile("^200 "))
"""


def test_chromium_over_bidi_answers_a_routed_request_during_a_wait(
    pytester, fixture_server, e2e_config
) -> None:
    """chromedriver lets a held request go only between WebDriver commands: a wait in
    the browser of a whole second held it with it, and a 0.8 s wait for its answer
    timed out. While routes hold requests there, the waits look in short slices."""
    if not e2e_config.is_chromium_family:
        pytest.skip("runs its own browser: checked once, on the Chromium run")
    pytester.makepyfile(HELD)
    result = run_on(pytester, "chromium", "true", "--base-url", fixture_server.url)
    result.assert_outcomes(passed=1)
