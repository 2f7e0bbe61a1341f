"""Faults and bad input, round three (issue 32): what froze a run past its timeout, what
reached the next test, route answers a browser refuses, and hostile files. Each test
keeps the shape of the probe that found the fault."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from selenium.common.exceptions import InvalidElementStateException
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from e2e import BasePage, Config, Locator
from e2e.browser.driver import build_driver
from e2e.network import Network, NetworkError
from tests.engines import CHANNELS, ENGINES, run_on
from tests.plugin.conftest import serve, site  # noqa: F401 - the static site, shared

# -- freezes --------------------------------------------------------------------------
LOOPING = """
from e2e import BasePage


class Looping(BasePage):
    path = "/index.html"
    ready_when = "(function () { while (true) {} })()"


def test_looping(page):
    page(Looping).open()


def test_next(page, driver):
    page(BasePage).open()
    assert driver.title == "home"
"""


@pytest.mark.parametrize("browser", ENGINES)
def test_a_ready_when_that_never_returns_fails_in_seconds_naming_it(
    pytester: pytest.Pytester,
    site: str,  # noqa: F811
    browser: str,
) -> None:
    """It took 120 s and blamed a crashed driver; the next test must still pass."""
    pytester.makepyfile(LOOPING)
    started = time.monotonic()
    result = run_on(pytester, browser, None, "--base-url", site, "--wait-timeout", "3")
    took = time.monotonic() - started
    result.assert_outcomes(passed=1, failed=1)
    text = result.stdout.str()
    assert "ready_when '(function () { while (true) {} })()' did not return within" in text
    assert "the expression itself never finishes" in text
    assert "crashed or was killed" not in text
    assert took < 100, took  # a hang guard: it was 120 s for the one test alone


EMULATING = """
from e2e import BasePage, Environment, emulate


def test_changes_it_by_hand(page, driver):
    page(BasePage).open()
    emulate(driver, Environment(locale="de-DE", timezone="Asia/Tokyo", color_scheme="dark"))
    assert driver.execute_script("return matchMedia('(prefers-color-scheme: dark)').matches")


def test_starts_clean(page, driver):
    page(BasePage).open()
    driver.switch_to.new_window("tab")
    page(BasePage).open()
    seen = driver.execute_script(
        "return [navigator.language, Intl.DateTimeFormat().resolvedOptions().timeZone,"
        " matchMedia('(prefers-color-scheme: dark)').matches]"
    )
    assert seen[0] != "de-DE", seen
    assert seen[1] != "Asia/Tokyo", seen
    assert seen[2] is False, seen
"""


@pytest.mark.parametrize(("browser", "bidi"), CHANNELS)
def test_emulate_called_from_the_library_does_not_reach_the_next_test(
    pytester: pytest.Pytester,
    site: str,  # noqa: F811
    browser: str,
    bidi: str | None,
) -> None:
    pytester.makepyfile(EMULATING)
    result = run_on(pytester, browser, bidi, "--base-url", site)
    result.assert_outcomes(passed=2)


# -- route answers ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ({"body": 123}, "body=123 (int) is not a body: give text or bytes"),
        ({"status": 200, "headers": {"X-N": 5}}, "The header 'X-N' has the value 5 (int)"),
        ({"status": 200, "headers": {"X-A": "a\r\nb"}}, "has a line break or NUL in its value"),
        ({"status": 200, "headers": {"X A": "b"}}, "The header name 'X A' is not one a browser"),
        ({"status": 200.5}, "status=200.5 is not an HTTP status: give a whole number"),
        ({"status": "200"}, "status='200' is not an HTTP status"),
        ({"delay": "2"}, "delay='2' is not a number of seconds"),
        ({"json": float("nan")}, "json= cannot be sent as JSON"),
        ({"headers": ["X-A"], "status": 200}, "give a dict of header names to text values"),
    ],
)
def test_a_route_answer_the_browser_would_refuse_is_refused_at_route(
    driver: WebDriver, answer: dict[str, object], message: str
) -> None:
    """The browser refused these and then held the request for ever."""
    network = Network(driver)
    with pytest.raises(NetworkError, match=_escaped(message)):
        network.route("**/never", **answer)  # type: ignore[arg-type]


def _escaped(text: str) -> str:
    import re

    return re.escape(text)


RAISING = """
from e2e import BasePage


def boom(request):
    raise KeyError("the handler's own bug")


def test_handler_raises(page):
    home = page(BasePage).open("/index.html")
    home.network.route("**/api/x", handler=boom)
    home.driver.execute_script("fetch('/api/x').catch(() => {})")
    home.wait_until_settled()
"""


@pytest.mark.parametrize(("browser", "bidi"), CHANNELS)
def test_a_route_handler_that_raises_fails_its_test(
    pytester: pytest.Pytester,
    site: str,  # noqa: F811
    browser: str,
    bidi: str | None,
) -> None:
    """It passed with a thread warning on Chromium, and was swallowed on Firefox."""
    pytester.makepyfile(RAISING)
    result = run_on(pytester, browser, bidi, "--base-url", site)
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(
        ["*NetworkError: The handler of route '**/api/x' raised KeyError*the handler's own bug*"]
    )


# -- HAR files --------------------------------------------------------------------------
def _har(entries: object) -> dict[str, object]:
    return {"log": {"version": "1.2", "entries": entries}}


def _entry(**response: object) -> dict[str, object]:
    return {
        "request": {"method": "GET", "url": "http://h/x"},
        "response": {"status": 200, "headers": [], "content": {"text": "hi"}, **response},
    }


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[" * 100_000 + "]" * 100_000, "its JSON is nested too deeply to read"),
        (_har([None]), "log.entries[0] is not an object"),
        (_har([{"request": "x"}]), "log.entries[0] has no request.url"),
        (_har([{"request": {"url": "http://h/x"}, "response": 5}]), "has no response"),
        (_har([_entry(status="ok")]), "has response.status 'ok', not an HTTP status"),
        (_har([_entry(headers=[{"name": "X", "value": "a\r\nb"}])]), "has a line break"),
        (_har([_entry(headers=["X: y"])]), "has the response header 'X: y'"),
        (_har([_entry(content={"text": "%%", "encoding": "base64"})]), "it is not"),
        (_har([_entry(content=[])]), "has a response.content that is not an object"),
        ({"log": {"entries": {}}}, "log.entries is not a list"),
    ],
)
def test_a_hostile_har_is_refused_naming_the_entry(
    driver: WebDriver, tmp_path: Path, content: object, message: str
) -> None:
    """Raw AttributeError and RecursionError, or a request held for ever, before."""
    path = tmp_path / "hostile.har"
    path.write_text(content if isinstance(content, str) else json.dumps(content))
    with pytest.raises(NetworkError, match=_escaped(message)) as caught:
        Network(driver).route_from_har(path)
    assert str(path) in str(caught.value)


@pytest.mark.parametrize("where", ["folder", "under-a-file"])
def test_a_har_path_that_cannot_be_written_is_refused_at_record_har(
    driver: WebDriver, tmp_path: Path, where: str
) -> None:
    (tmp_path / "a-file").write_text("x")
    path = tmp_path if where == "folder" else tmp_path / "a-file" / "x.har"
    with pytest.raises(NetworkError, match=r"record_har\(.*(a folder|could not write there)"):
        Network(driver).record_har(path)


LOST_HAR = """
from pathlib import Path

from e2e import BasePage


def test_records(page):
    home = page(BasePage).open("/index.html")
    home.network.record_har("out/traffic.har")
    home.open("/form.html")
    Path("out").write_text("a file where the folder should be")
"""


def test_a_har_that_cannot_be_written_at_the_end_fails_the_test(
    pytester: pytest.Pytester,
    site: str,  # noqa: F811
) -> None:
    """The HAR was lost silently."""
    pytester.makepyfile(LOST_HAR)
    result = run_on(pytester, "chrome", None, "--base-url", site)
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(
        ["*NetworkError: The HAR of * response(s) could not be written to out/traffic.har*"]
    )


# -- emulation markers and options ------------------------------------------------------
@pytest.mark.parametrize(
    ("marker", "message"),
    [
        ("permissions=['notifications=sometimes']", "the state is one of granted, denied"),
        ("permissions='notifications=denied'", "permissions='notifications=denied': give a"),
        ("locale=5", "locale=5 (int) is not text: give e.g. 'ja-JP'"),
        ("timezone=['Asia/Tokyo']", "timezone=['Asia/Tokyo'] (list) is not text"),
        ("device=5", "device=5: give a device name such as 'iPhone 13'"),
        ("geolocation='12'", "Geolocation '12' is not LATITUDE,LONGITUDE"),
        ("timezone='localtime'", "Unknown time zone 'localtime'"),
        ("timezone='Factory'", "Unknown time zone 'Factory'"),
    ],
)
def test_a_bad_emulate_marker_fails_its_test_in_one_sentence(
    pytester: pytest.Pytester,
    site: str,  # noqa: F811
    marker: str,
    message: str,
) -> None:
    """Raw TypeError, ValueError and AttributeError before; '12' became (1, 2)."""
    pytester.makepyfile(
        f"""
        import pytest

        @pytest.mark.emulate({marker})
        def test_x(driver):
            pass
        """
    )
    result = run_on(pytester, "chrome", None, "--base-url", site)
    result.assert_outcomes(errors=1)
    text = result.stdout.str()
    assert "EmulationError: " + message in text or message in text, text[-3000:]
    assert "Traceback" not in text


def test_a_marker_gives_permissions_as_a_list_of_strings(
    pytester: pytest.Pytester,
    site: str,  # noqa: F811
) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.emulate(permissions=["notifications=denied"])
        def test_x(page, driver):
            from e2e import BasePage

            page(BasePage).open("/index.html")
            state = driver.execute_async_script(
                "navigator.permissions.query({name: 'notifications'})"
                ".then(s => arguments[0](s.state))"
            )
            assert state == "denied"
        """
    )
    run_on(pytester, "chrome", None, "--base-url", site).assert_outcomes(passed=1)


@pytest.mark.parametrize("zone", ["localtime", "Factory", "posixrules"])
def test_a_zone_database_name_that_is_no_time_zone_is_a_usage_error(
    pytester: pytest.Pytester, zone: str
) -> None:
    """``--timezone localtime`` passed the check, and Chromium refused it with native frames."""
    pytester.makepyfile("def test_x(): pass")
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--timezone", zone)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert f"Unknown time zone {zone!r}" in result.stderr.str()


@pytest.mark.parametrize(("browser", "bidi"), CHANNELS)
def test_a_locale_the_browser_has_no_data_for_is_refused_naming_the_engine(
    pytester: pytest.Pytester,
    site: str,  # noqa: F811
    browser: str,
    bidi: str | None,
) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.emulate(locale="xx-YY")
        def test_x(driver):
            pass
        """
    )
    result = run_on(pytester, browser, bidi, "--base-url", site)
    result.assert_outcomes(errors=1)
    engine = "Firefox" if browser == "firefox" else "Chromium"
    result.stdout.fnmatch_lines([f"*{engine} has no locale data for 'xx-YY'*"])


# -- a dead X display -------------------------------------------------------------------
DEAD_DISPLAY = """
from e2e import BasePage
from e2e.browser import xvfb


def test_loses_its_display(page, driver):
    home = page(BasePage).open("/index.html")
    server = xvfb._DISPLAY["display"]._obj._subproc  # the probe: the X server is killed
    server.kill()
    server.wait()
    home.open("/form.html")


def test_next(page, driver):
    page(BasePage).open("/index.html")
    assert driver.title == "home"


def test_after(page, driver):
    page(BasePage).open("/form.html")
    assert driver.title == "form"
"""


def test_a_dead_x_display_fails_one_test_saying_so_and_the_next_start_on_a_new_one(
    pytester: pytest.Pytester,
    site: str,  # noqa: F811
) -> None:
    """The next test waited 178 s, then failed with 'did not start within 90 s … run
    fewer workers', and every later test failed at once with that cached error."""
    pytester.makepyfile(DEAD_DISPLAY)
    started = time.monotonic()
    result = run_on(pytester, "webkit", None, "--base-url", site, "-rA")
    took = time.monotonic() - started
    result.assert_outcomes(passed=2, failed=1)
    text = result.stdout.str()
    assert "The X display (Xvfb) the browser ran on died during this test" in text
    assert "the X display (Xvfb) died; a new one was started" in text
    assert "run fewer workers" not in text
    assert took < 90, took  # a hang guard: the next test alone waited 178 s


CRASHING_FIREFOX = """
import os
import signal
from pathlib import Path

from e2e import BasePage
from e2e.base import processes


def test_crashes(page, driver):
    home = page(BasePage).open("/index.html")
    tag = processes._GUARDS[driver].tag  # the probe: the browser's main process crashes
    for pid in processes.tagged_pids(tag):
        name = Path(f"/proc/{pid}/comm").read_text().strip()
        if name.startswith("firefox"):
            os.kill(pid, signal.SIGSEGV)
    home.open("/form.html")


def test_next(page, driver):
    page(BasePage).open("/index.html")
    assert driver.title == "home"
"""


def test_a_firefox_crash_is_said_in_one_sentence(
    pytester: pytest.Pytester,
    site: str,  # noqa: F811
) -> None:
    """It was a raw 'Failed to decode response from marionette'."""
    pytester.makepyfile(CRASHING_FIREFOX)
    result = run_on(pytester, "firefox", None, "--base-url", site)
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*The browser died during this test (*): it crashed or was*"])


# -- fill() on inputs with no text selection -----------------------------------------------
INPUTS_PAGE = """<!doctype html><meta charset="utf-8"><title>inputs</title>
<input id="email" type="email"><input id="number" type="number" min="0" max="100">
<input id="date" type="date"><input id="time" type="time"><input id="month" type="month">
<input id="range" type="range" min="0" max="10"><input id="color" type="color">
<input id="box" type="checkbox"><input id="radio" type="radio"><select id="pick">
<option>a</option></select><p id="heard"></p>
<script>
for (const el of document.querySelectorAll("input")) {
  for (const kind of ["input", "change"]) {
    el.addEventListener(kind, () => {
      document.getElementById("heard").textContent += el.id + ":" + kind + " ";
    });
  }
}
</script>"""


class _Inputs(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        self.wfile.write(INPUTS_PAGE.encode())


@pytest.fixture(scope="module")
def inputs_site() -> Iterator[str]:
    yield from serve(_Inputs)


@pytest.fixture(scope="module", params=ENGINES)
def engine(request: pytest.FixtureRequest) -> Iterator[WebDriver]:
    driver = build_driver(Config(browser=request.param, headless=True))
    yield driver
    driver.quit()


@pytest.fixture
def inputs(engine: WebDriver, inputs_site: str) -> BasePage:
    return BasePage(engine, inputs_site).open("/")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("email", "qa@example.com"),
        ("number", "42"),
        ("number", "-3.5"),
        ("date", "2026-12-31"),
        ("time", "09:30"),
        ("month", "2026-12"),
        ("range", "7"),
        ("color", "#ff8800"),
    ],
)
def test_fill_sets_inputs_that_have_no_text_selection(
    inputs: BasePage, engine: WebDriver, field: str, value: str
) -> None:
    """setRangeText throws on these: Chromium failed at once blaming the locator, Firefox
    and WebKit timed out."""
    inputs.fill(Locator(By.ID, field, field), value)
    assert engine.find_element(By.ID, field).get_property("value") == value
    heard = engine.find_element(By.ID, "heard").text
    assert f"{field}:input" in heard
    if engine.find_element(By.ID, field).get_property("type") == field:
        assert f"{field}:change" in heard  # as a user's pick (Firefox ESR: month is text)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("number", "forty-two", "<input type=number> did not take 'forty-two'"),
        ("date", "31/12/2026", "'YYYY-MM-DD', e.g. '2026-12-31'"),
        ("range", "70", "the browser kept '10'"),
        ("color", "orange", "'#rrggbb'"),
    ],
)
def test_fill_refuses_a_value_the_input_would_not_keep(
    inputs: BasePage, field: str, value: str, message: str
) -> None:
    with pytest.raises(InvalidElementStateException, match=re.escape(message)):
        inputs.fill(Locator(By.ID, field, field), value)


@pytest.mark.parametrize(
    ("field", "instead"),
    [
        ("box", "use set_checked() to tick or clear it"),
        ("radio", "use set_checked() to tick or clear it"),
        ("pick", "use select() to choose an option"),
    ],
)
def test_fill_and_type_on_a_control_that_takes_no_text_name_the_method_to_use(
    inputs: BasePage, field: str, instead: str
) -> None:
    for act in (inputs.fill, inputs.type):
        started = time.monotonic()
        with pytest.raises(InvalidElementStateException, match=re.escape(instead)):
            act(Locator(By.ID, field, field), "x")
        assert time.monotonic() - started < 3  # at once: no wait makes it a text field


# -- saved sign-in state ----------------------------------------------------------------
def _cookie(**fields: object) -> dict[str, object]:
    return {"name": "sid", "value": "v", "domain": "127.0.0.1", "path": "/", **fields}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"cookies": ' + "[" * 100_000, "nested too deeply to read"),
        ({"cookies": [5], "origins": []}, "cookies[0] is not an object"),
        ({"cookies": [{"name": "a"}], "origins": []}, "cookies[0] has no text 'value'"),
        ({"cookies": [_cookie(name="a b")], "origins": []}, "the name 'a b', which no browser"),
        ({"cookies": [_cookie(expires="soon")], "origins": []}, "expires at 'soon'"),
        ({"cookies": [_cookie(sameSite="lax")], "origins": []}, "sameSite='lax': give Strict"),
        ({"cookies": [_cookie(path="x")], "origins": []}, "a path starts with /"),
        ({"cookies": [], "origins": [{"localStorage": []}]}, "origins[0] has no text 'origin'"),
        ({"cookies": [], "origins": [{"origin": "http://a/b"}]}, "give scheme and host only"),
        (
            {"cookies": [], "origins": [{"origin": "http://a", "localStorage": [{"n": 1}]}]},
            "origins[0].localStorage is not a list",
        ),
        (
            {"cookies": [_cookie(name=f"c{i}") for i in range(3000)], "origins": []},
            "it has 3000 cookies for 127.0.0.1; browsers keep 180 per site and would drop 2820",
        ),
        (
            {
                "cookies": [],
                "origins": [
                    {
                        "origin": "http://a",
                        "localStorage": [{"name": "big", "value": "x" * 12_000_000}],
                    }
                ],
            },
            "holds 12,000,003 characters; browsers keep at most 5,242,880",
        ),
    ],
)
def test_a_bad_storage_state_file_is_refused_naming_what_is_wrong(
    tmp_path: Path, content: object, message: str
) -> None:
    """Raw TypeError, KeyError 'origin', RecursionError or CdpError before; 12 MB of
    localStorage and 3,000 cookies were dropped silently."""
    from e2e.emulation.storage import StorageStateError, load_storage_state

    path = tmp_path / "state.json"
    path.write_text(content if isinstance(content, str) else json.dumps(content))
    with pytest.raises(StorageStateError, match=re.escape(message)) as caught:
        load_storage_state(path)
    assert str(path) in str(caught.value)


def test_a_state_saved_on_another_site_is_refused_naming_both(driver: WebDriver) -> None:
    from e2e.emulation.storage import StorageStateError, apply_storage_state

    state = {
        "cookies": [_cookie(domain="app.example")],
        "origins": [{"origin": "https://app.example", "localStorage": []}],
    }
    with pytest.raises(StorageStateError) as caught:
        apply_storage_state(driver, state, "http://127.0.0.1:8000")
    message = str(caught.value)
    assert "holds cookies and storage of app.example, https://app.example" in message
    assert "none for the base URL http://127.0.0.1:8000" in message


# -- key chords -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("keys", "message"),
    [
        ("Control+\ud83d", "holds a lone surrogate (U+D83D)"),
        ("\ue000", "holds U+E000, a WebDriver key code"),
        ("Control+\x01", "holds the control character U+0001"),
        ("Control+Control", "presses 'Control' while holding it"),
        ("Control+Control+K", "holds 'Control' twice"),
    ],
)
def test_a_chord_no_keyboard_could_press_is_refused_in_one_sentence(
    keys: str, message: str
) -> None:
    """A lone surrogate raised with native frames; the others were accepted."""
    from e2e.page.key_chords import parse_chords

    with pytest.raises(ValueError, match=re.escape(message)):
        parse_chords(keys)


# -- a response body too large to keep ------------------------------------------------------
BIG = 50 * 1024 * 1024


class _Big(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        big = self.path == "/big"
        body = b"x" * BIG if big else b"<!doctype html><title>big</title>"
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream" if big else "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def big_site() -> Iterator[str]:
    yield from serve(_Big)


BIG_BODY = """
from e2e import BasePage
from e2e.network import NetworkError


def test_big(page):
    home = page(BasePage).open("/")
    with home.network.expect_response("**/big", timeout=60) as seen:
        home.driver.execute_script("fetch('/big').then(r => r.arrayBuffer())")
    response = seen.value
    assert response.status == 200
    try:
        size = len(response.text)
    except NetworkError as exc:
        print("REASON:", exc)
    else:
        print("BODY:", size)
"""


@pytest.mark.parametrize(("browser", "bidi"), CHANNELS)
def test_a_50_mb_response_body_comes_whole_or_with_the_reason(
    pytester: pytest.Pytester, big_site: str, browser: str, bidi: str | None
) -> None:
    """It came back None with no reason."""
    pytester.makepyfile(BIG_BODY)
    result = run_on(pytester, browser, bidi, "--base-url", big_site, "-s")
    result.assert_outcomes(passed=1)
    text = result.stdout.str()
    whole = f"BODY: {BIG}" in text
    reason = re.search(r"REASON: The body of GET \S+/big is not available: .*kept no copy", text)
    assert whole or reason, text[-2000:]
