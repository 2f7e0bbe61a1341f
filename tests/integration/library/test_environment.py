"""Environment options: the page sees the emulated locale, time zone, position,
permissions, colour scheme and device, on Chromium (DevTools) and Firefox (BiDi); WebKit
says what it lacks; the next test sees the browser's own again."""

from __future__ import annotations

import json
from typing import Any

import pytest
from selenium.webdriver.common.by import By

from e2e import BasePage, EmulationError, Environment, Locator, emulate
from e2e.browser.engines import family_of
from tests.engines import CHANNELS, run_on

WHERE = Locator(By.ID, "where", "where-am-I button")
POSITION = Locator(By.ID, "position", "position")

#: Every test here but the WebKit one needs an engine that can emulate.
pytestmark = pytest.mark.browser("chrome", "chromium", "edge", "firefox")

#: What the page sees (Firefox runs no top-level await in scripts: a callback).
SEEN = "window.seen().then(arguments[arguments.length - 1])"


class Page(BasePage):
    path = "environment.html"


@pytest.fixture
def seen(driver, fixture_server):  # type: ignore[no-untyped-def]
    page = Page(driver, fixture_server.url, timeout=10).open()

    def read() -> dict[str, Any]:
        return dict(driver.execute_async_script(SEEN))

    read.page = page  # type: ignore[attr-defined]
    return read


def _accept_language(driver, fixture_server) -> str:  # type: ignore[no-untyped-def]
    text = driver.execute_async_script(
        "fetch(arguments[0]).then(r => r.text()).then(arguments[1])",
        f"{fixture_server.url}/headers",
    )
    headers = {k.lower(): v for k, v in json.loads(text).items()}
    return str(headers.get("accept-language", ""))


@pytest.mark.emulate(locale="ja-JP")
def test_the_locale_reaches_navigator_intl_and_accept_language(
    seen, driver, fixture_server
) -> None:
    got = seen()
    assert (got["language"], got["intlLocale"]) == ("ja-JP", "ja-JP")
    assert _accept_language(driver, fixture_server).startswith("ja-JP")


@pytest.mark.emulate(timezone="Asia/Tokyo")
def test_the_time_zone_reaches_intl_and_date(seen) -> None:
    got = seen()
    assert got["timeZone"] == "Asia/Tokyo"
    assert got["offset"] == -540


@pytest.mark.emulate(geolocation=(35.6812, 139.7671))
def test_a_geolocation_is_granted_and_reported(seen) -> None:
    assert seen()["geolocation"] == "granted"
    seen.page.click(WHERE)
    seen.page.expect(POSITION).to_have_text("35.6812,139.7671")


@pytest.mark.emulate(permissions={"notifications": "denied", "geolocation": "granted"})
def test_permissions_are_granted_and_denied(seen) -> None:
    got = seen()
    assert (got["notifications"], got["geolocation"]) == ("denied", "granted")


@pytest.mark.emulate(permissions={"geolocation": "denied"}, geolocation=(1.0, 2.0))
def test_a_denied_geolocation_stays_denied(seen) -> None:
    assert seen()["geolocation"] == "denied"
    seen.page.click(WHERE)
    seen.page.expect(POSITION).to_have_text("error 1")  # PERMISSION_DENIED


@pytest.mark.parametrize(
    "scheme",
    [
        pytest.param("dark", marks=pytest.mark.emulate(color_scheme="dark")),
        pytest.param("light", marks=pytest.mark.emulate(color_scheme="light")),
    ],
)
def test_the_colour_scheme_reaches_match_media(seen, scheme) -> None:
    assert seen()["dark"] is (scheme == "dark")


@pytest.mark.emulate(device="500x700@2")
def test_a_custom_size_sets_the_viewport_and_pixel_ratio(seen) -> None:
    got = seen()
    assert (got["width"], got["ratio"]) == (500, 2)


def test_a_phone_preset_sets_viewport_ratio_touch_and_agent(driver, fixture_server) -> None:
    if family_of(driver) == "firefox":
        with pytest.raises(
            EmulationError,
            match=r"^Firefox cannot emulate the touch screen of 'iPhone 15': its WebDriver "
            r"BiDi has no emulation.setTouchOverride\. Use a size without touch "
            r"\(--device 393x852@3\)",
        ):
            emulate(driver, Environment(device="iphone 15"))
        return
    emulate(driver, Environment(device="iphone 15"))
    Page(driver, fixture_server.url).open()
    got = driver.execute_async_script(SEEN)
    assert (got["width"], got["ratio"]) == (393, 3)
    assert got["touch"] > 0
    assert "iPhone" in got["agent"]


@pytest.mark.emulate(timezone="Asia/Tokyo", locale="de-DE")
def test_a_tab_the_test_opens_has_the_same_environment(driver, fixture_server) -> None:
    driver.switch_to.new_window("tab")
    Page(driver, fixture_server.url).open()
    got = driver.execute_async_script(SEEN)
    assert (got["timeZone"], got["language"]) == ("Asia/Tokyo", "de-DE")


@pytest.mark.browser("webkit")
def test_webkit_says_it_cannot_emulate(driver) -> None:
    with pytest.raises(
        EmulationError,
        match=r"^WebKit.* cannot emulate a locale or a time zone: its WebDriver has neither "
        r"WebDriver BiDi nor Chromium's DevTools",
    ):
        emulate(driver, Environment(locale="ja-JP", timezone="Asia/Tokyo"))


INNER = """
import pytest


def _seen(driver, base_url):
    driver.get(base_url + "/environment.html")
    return driver.execute_async_script("window.seen().then(arguments[0])")


@pytest.mark.emulate(locale="ja-JP", color_scheme="dark", device="500x700@2",
                     permissions={"notifications": "denied"})
def test_a_emulates(driver, base_url):
    got = _seen(driver, base_url)
    assert (got["timeZone"], got["language"], got["dark"], got["width"]) == (
        "Asia/Tokyo", "ja-JP", True, 500)
    assert got["notifications"] == "denied"


def test_b_has_the_run_options_only(driver, base_url):
    got = _seen(driver, base_url)
    assert got["timeZone"] == "Asia/Tokyo"  # --timezone, for every test
    assert got["language"] != "ja-JP"
    assert got["dark"] is False
    assert got["width"] != 500
    assert got["notifications"] == "prompt"
"""


@pytest.mark.parametrize(
    ("browser", "bidi"),
    CHANNELS,
)
@pytest.mark.browser("chrome")
def test_a_tests_environment_is_gone_in_the_next_test(
    pytester, fixture_server, browser, bidi
) -> None:
    pytester.makepyfile(INNER)
    result = run_on(
        pytester, browser, bidi, "--timezone", "Asia/Tokyo", "--base-url", fixture_server.url
    )
    result.assert_outcomes(passed=2)


@pytest.mark.browser("chrome")
def test_a_bad_marker_fails_its_test_with_the_reason(pytester, fixture_server) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.emulate(timezone="Asia/Tokio")
        def test_tokyo(driver):
            pass
        """
    )
    result = pytester.runpytest_subprocess(
        "-p", "no:cacheprovider", "--headless", "--base-url", fixture_server.url,
        timeout=120,
    )  # fmt: skip
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(
        ["EmulationError: Unknown time zone 'Asia/Tokio' (did you mean 'Asia/Tokyo'?): use *"]
    )
    result.stdout.no_fnmatch_line("*During handling*")
