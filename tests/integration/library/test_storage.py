"""Saved sign-in state: a test saves cookies (every origin of its context) and
localStorage; later tests start from it before their first page, on every engine; a
role signed in once per worker is signed in again when the application revokes it."""

from __future__ import annotations

import json

import pytest

from e2e import save_storage_state
from e2e.emulation.storage import StorageStateError, load_storage_state
from tests.engines import CHANNELS, run_on

SEES = """
def _sees(driver, base_url):
    driver.get(base_url + "/whoami")
    return (
        driver.execute_script("return document.body.textContent"),
        driver.execute_script("return localStorage.getItem('token')"),
        driver.execute_script("return document.cookie"),
    )
"""

INNER = (
    """
import json, pathlib
import pytest

STATE = str(pathlib.Path("state.json").resolve())
"""
    + SEES
    + """

def test_a_signs_in_and_saves(driver, base_url, page):
    from e2e import BasePage
    signed = page(BasePage).open("/signin")
    signed.save_storage_state(STATE)
    saved = json.loads(pathlib.Path(STATE).read_text())
    assert {c["name"] for c in saved["cookies"]} >= {"sid", "theme"}
    assert saved["origins"][0]["localStorage"] == [{"name": "token", "value": "tok-s1"}]


@pytest.mark.storage_state(STATE)
def test_b_starts_signed_in(driver, base_url):
    assert _sees(driver, base_url) == ("ok", "tok-s1", "theme=dark")  # sid is HttpOnly


def test_c_without_the_marker_starts_signed_out(driver, base_url):
    assert _sees(driver, base_url) == ("who?", None, "")
"""
)


@pytest.mark.parametrize(
    ("browser", "bidi"),
    [*CHANNELS, pytest.param("webkit", None, id="webkit")],
)
@pytest.mark.browser("chrome")
def test_a_saved_state_starts_a_later_test_signed_in(
    pytester, fixture_server, browser, bidi
) -> None:
    pytester.makepyfile(INNER)
    result = run_on(pytester, browser, bidi, "--base-url", fixture_server.url, timeout=240)
    result.assert_outcomes(passed=3)


ROLES = (
    """
import pytest
from e2e import BasePage
"""
    + SEES
    + """

@pytest.fixture(scope="session")
def member(e2e_signed_in):
    return e2e_signed_in(
        "member", lambda page: page(BasePage).open("/signin"), still_signed_in="/whoami"
    )


@pytest.mark.storage_state("member")
def test_1_signed_in(driver, base_url):
    assert _sees(driver, base_url)[0] == "ok"


@pytest.mark.storage_state("member")
def test_2_revokes_every_session(driver, base_url):
    driver.get(base_url + "/revoke")


@pytest.mark.storage_state("member")
def test_3_is_signed_in_again(driver, base_url):
    assert _sees(driver, base_url)[0] == "ok"
    assert False, "fail on purpose to show the report's note"
"""
)


@pytest.mark.browser("chrome")
def test_a_role_revoked_by_the_application_signs_in_again_and_says_so(
    pytester, fixture_server
) -> None:
    pytester.makepyfile(ROLES)
    result = pytester.runpytest_subprocess(
        "-p", "no:cacheprovider", "--headless", "--base-url", fixture_server.url, "-v",
        "-p", "no:randomly", timeout=240,
    )  # fmt: skip
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(
        [
            "*storage state 'member' was signed out by the application since it was saved "
            "(GET /whoami answered 401): signed in again*"
        ]
    )


@pytest.mark.browser("chrome")
def test_the_run_option_and_bad_states(pytester, fixture_server, tmp_path) -> None:
    state = tmp_path / "state.json"
    state.write_text(
        json.dumps(
            {
                "cookies": [
                    {"name": "theme", "value": "light", "domain": "127.0.0.1", "path": "/",
                     "expires": -1, "httpOnly": False, "secure": False, "sameSite": "Lax"}
                ],
                "origins": [],
            }
        )
    )  # fmt: skip
    pytester.makepyfile(
        """
        import pytest

        def test_from_the_run_option(driver, base_url):
            driver.get(base_url + "/whoami")
            assert driver.execute_script("return document.cookie") == "theme=light"

        @pytest.mark.storage_state("gone.json")
        def test_a_missing_file(driver):
            pass

        @pytest.mark.storage_state("admni_state")
        def test_a_misspelt_role(driver):
            pass
        """
    )
    result = pytester.runpytest_subprocess(
        "-p", "no:cacheprovider", "--headless", "--base-url", fixture_server.url,
        "--storage-state", str(state), timeout=240,
    )  # fmt: skip
    result.assert_outcomes(passed=1, errors=2)
    result.stdout.fnmatch_lines(
        [
            "*StorageStateError: No storage state at gone.json: save one with page.save_storage*",
            "*StorageStateError: storage_state('admni_state') names neither a fixture nor a file*",
        ],
        consecutive=False,
    )


def test_a_file_that_is_not_a_state_says_so(tmp_path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"cookies": {}}')
    with pytest.raises(StorageStateError, match=r"bad.json is not a storage state \(JSON with"):
        load_storage_state(bad)


def test_save_storage_state_reads_the_contexts_cookies_http_only_too(
    driver, fixture_server, tmp_path
) -> None:
    driver.get(fixture_server.url + "/signin")
    saved = json.loads(save_storage_state(driver, tmp_path / "s.json").read_text())
    assert {c["name"] for c in saved["cookies"]} >= {"sid", "theme"}
    sid = next(c for c in saved["cookies"] if c["name"] == "sid")
    assert sid["httpOnly"] is True
