"""page.network: routes that fulfil, fail, delay or decide per request, on every engine
that can hold a request (Chromium: DevTools; Firefox: BiDi); WebKit says it cannot."""

from __future__ import annotations

import re

import pytest
from selenium.webdriver.common.by import By

from e2e import BasePage, Locator, Network, NetworkError
from e2e.engines import family_of

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
from selenium.webdriver.common.by import By
from e2e import BasePage, Locator

LOAD = Locator(By.ID, "load", "load button")
OUT = Locator(By.ID, "out", "output")


class Page(BasePage):
    path = "network.html"


def test_a_leaves_a_route_headers_and_no_network(page):
    p = page(Page).open()
    p.network.route("**/counter?*", status=500, body="routed")
    p.network.extra_headers({"X-Team": "left"})
    p.click(LOAD)
    p.expect(OUT).to_have_text("500 routed")
    p.network.offline()


def test_b_sees_the_real_network(page):
    p = page(Page).open()
    p.click(LOAD)
    p.expect(OUT).to_have_text(re.compile(r"^200 \\d+$"))
    p.click(Locator(By.ID, "headers"))
    p.expect(OUT).to_have_text("X-Team: none")
"""


@pytest.mark.parametrize(
    ("browser", "bidi"),
    [
        pytest.param("chrome", "false", id="chromium-devtools"),
        pytest.param("chrome", "true", id="chromium-bidi"),
        pytest.param("firefox", None, id="firefox"),
    ],
)
def test_routes_are_gone_in_the_next_test(
    pytester, fixture_server, e2e_config, browser, bidi
) -> None:
    if not e2e_config.is_chromium_family:
        pytest.skip("runs its own browsers: checked once, on the Chromium run")
    pytester.makepyfile(INNER)
    capability = ["--capability", f"webSocketUrl={bidi}"] if bidi else []
    result = pytester.runpytest_subprocess(
        "-p", "no:cacheprovider", "--headless", "--browser", browser, *capability,
        "--base-url", fixture_server.url, "-v", "-p", "no:randomly",
        timeout=180,
    )  # fmt: skip
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
