"""Options and safety, through inner pytest sessions."""

from __future__ import annotations

import socket

import pytest


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_an_unknown_browser_is_a_usage_error_listing_the_choices(pytester, inner) -> None:
    pytester.makepyfile("def test_x(driver): pass")
    result = inner("--browser", "opera")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        ["*Unknown browser 'opera'; choose one of: chrome, chromium, firefox, webkit, edge*"]
    )


def test_a_sensitive_url_skips_destructive_tests_only(pytester, inner) -> None:
    pytester.makepyfile(
        """
        import pytest

        def test_changes_things(driver, base_url):
            driver.get(base_url)

        def test_changes_things_without_a_browser(base_url):
            pass

        @pytest.mark.nondestructive
        def test_only_looks(driver, base_url):
            driver.get(base_url)
            assert driver.title == "home"
        """
    )
    result = inner("--sensitive-url", r"127\.0\.0\.1", "-rs")
    result.assert_outcomes(passed=1, skipped=2)
    result.stdout.fnmatch_lines(
        ["*destructive test skipped: the base URL http://127.0.0.1:* matches --sensitive-url*"]
    )


def test_an_unreachable_base_url_fails_with_one_clear_message(pytester, inner) -> None:
    pytester.makepyfile("def test_x(driver): pass\ndef test_y(driver): pass")
    url = f"http://127.0.0.1:{closed_port()}"
    result = inner(base_url=url)
    result.assert_outcomes(errors=2)
    result.stdout.fnmatch_lines(
        [f"*The base URL {url} is unreachable (*Connection refused*). Start the application*"]
    )


def test_a_missing_driver_says_what_to_do(pytester, inner) -> None:
    pytester.makepyfile("def test_x(driver): pass")
    result = inner("--driver-path", "/nowhere/chromedriver")
    assert result.ret == pytest.ExitCode.USAGE_ERROR  # known before any test runs
    result.stderr.fnmatch_lines(
        ["*--driver-path '/nowhere/chromedriver' does not exist; give the path of chromedriver*"]
    )


def test_the_browser_marker_restricts_a_test(pytester, inner) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.browser("firefox")
        def test_firefox_only(driver):
            pass
        """
    )
    result = inner("-rs")
    result.assert_outcomes(skipped=1)
    result.stdout.fnmatch_lines(["*runs on firefox, not on chrome*"])


def test_bad_option_values_are_usage_errors(pytester, inner) -> None:
    pytester.makepyfile("def test_x(): pass")
    result = inner("--window-size", "huge")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*Window size 'huge' is not WIDTHxHEIGHT*"])


def test_options_and_ini_flow_into_the_frozen_config(pytester, inner, monkeypatch) -> None:
    monkeypatch.setenv("E2E_WAIT_TIMEOUT", "7.5")
    pytester.makeini(
        """
        [pytest]
        e2e_window_size = 900x700
        e2e_artifacts_dir = my-artifacts
        e2e_settle_quiet_ms = 120
        e2e_settle_ignore_requests =
            **/poll*
            **/events
        e2e_settle_background_ms = 1500
        """
    )
    pytester.makepyfile(
        """
        def test_config(e2e_config, page, driver, base_url):
            assert e2e_config.window_size == (900, 700)
            assert e2e_config.timeout == 7.5
            assert e2e_config.slow_mo == 0.25
            assert e2e_config.capabilities["acceptInsecureCerts"] is True
            assert driver.capabilities["acceptInsecureCerts"] is True
            assert driver.execute_script("return window.outerWidth") == 900
            from e2e import BasePage
            assert page(BasePage).timeout == 7.5
            assert e2e_config.settle_quiet == 0.12
            assert page(BasePage).settle_quiet == 0.12
            assert e2e_config.settle_ignore_requests == ("**/poll*", "**/events")
            assert page(BasePage).settle_ignore_requests == ("**/poll*", "**/events")
            assert page(BasePage).settle_background == 1.5
            assert False, "fail on purpose to write artifacts"
        """
    )
    result = inner("--slow-mo", "250", "--capability", "acceptInsecureCerts=true")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*fail on purpose to write artifacts*"])
    [folder] = (pytester.path / "my-artifacts").iterdir()
    assert (folder / "screenshot.png").exists()


@pytest.mark.parametrize(
    ("option", "given", "said"),
    [
        ("--settle-quiet-ms", "-5", "must be 0 (off) to 10000 milliseconds"),
        ("--settle-quiet-ms", "20000", "must be 0 (off) to 10000 milliseconds"),
        ("--settle-quiet-ms", "soon", "*not a number of milliseconds"),
        ("--settle-background-ms", "-5", "must be 0 to 3600000 milliseconds, got -5"),
        ("--settle-background-ms", "soon", "*not a number of milliseconds"),
    ],
)
def test_a_bad_settle_time_is_refused_with_its_range(pytester, inner, option, given, said) -> None:
    pytester.makepyfile("def test_x(): pass")
    result = inner(f"{option}={given}")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([f"*{option} {said}*"])


def test_settle_ignore_requests_from_the_command_line_replace_the_ini_ones(pytester, inner) -> None:
    pytester.makeini(
        """
        [pytest]
        e2e_settle_ignore_requests = **/from-ini*
        """
    )
    pytester.makepyfile(
        """
        def test_config(e2e_config):
            assert e2e_config.settle_ignore_requests == ("**/poll*", "**/heartbeat")
        """
    )
    result = inner(
        "--settle-ignore-requests", "**/poll*", "--settle-ignore-requests", "**/heartbeat"
    )
    result.assert_outcomes(passed=1)


def test_an_unknown_browser_from_the_environment_is_refused_too(
    pytester, inner, monkeypatch
) -> None:
    monkeypatch.setenv("E2E_BROWSER", "netscape")
    pytester.makepyfile("def test_x(): pass")
    result = inner()
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*Unknown browser 'netscape'; choose one of:*"])


def test_slow_mo_pauses_after_each_page_action(pytester, inner) -> None:
    pytester.makepyfile(
        """
        import time
        from e2e import BasePage

        def test_two_actions(page):
            home = page(BasePage)
            started = time.monotonic()
            home.open("/")
            home.open("/")
            assert time.monotonic() - started >= 0.6
            assert [a.name for a in home.log.actions] == ["open", "open"]
        """
    )
    inner("--slow-mo", "300").assert_outcomes(passed=1)


def test_run_wide_busy_locators_come_from_ini_and_page_classes_keep_their_own(
    pytester, inner
) -> None:
    pytester.makeini(
        """
        [pytest]
        e2e_busy_locator =
            css=.app-spinner
            xpath=//div[@role='progressbar']
        """
    )
    pytester.makepyfile(
        """
        from selenium.webdriver.common.by import By
        from e2e import BasePage, Locator

        class Plain(BasePage):
            pass

        class Own(BasePage):
            busy = (Locator(By.ID, "mine", "my spinner"),)

        def test_locators(page):
            values = [l.value for l in page(Plain).busy]
            assert values == [".app-spinner", "//div[@role='progressbar']"]
            assert page(Plain).overlays[0].value == "blockUI"
            assert [l.value for l in page(Own).busy] == ["mine"]
            assert [l.value for l in page(Plain).to(Own, new_document=False).busy] == ["mine"]
        """
    )
    inner().assert_outcomes(passed=1)


def test_a_bad_overlay_locator_is_a_usage_error(pytester, inner) -> None:
    pytester.makepyfile("def test_x(): pass")
    result = inner("--overlay-locator", "selector=.x")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        ["*--overlay-locator 'selector=.x' is not KIND=VALUE with KIND one of css, xpath, id,*"]
    )


def test_environment_options_flow_from_ini_and_command_line(pytester, inner) -> None:
    pytester.makeini(
        """
        [pytest]
        e2e_timezone = Asia/Tokyo
        e2e_permission =
            notifications=denied
        e2e_device = 800x600@2
        """
    )
    pytester.makepyfile(
        """
        def test_config(e2e_config):
            env = e2e_config.environment
            assert (env.timezone, env.locale, env.color_scheme) == ("Asia/Tokyo", "fr-FR", "dark")
            assert env.geolocation == (48.8584, 2.2945)
            assert dict(env.permissions) == {"camera": "granted"}  # the command line wins
            assert (env.device.width, env.device.height, env.device.scale) == (800, 600, 2)
        """
    )
    result = inner(
        "--locale", "fr-FR", "--color-scheme", "dark", "--geolocation", "48.8584,2.2945",
        "--permission", "camera=granted",
    )  # fmt: skip
    result.assert_outcomes(passed=1)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--device", "iPhone 51"], "*Unknown device 'iPhone 51' (did you mean 'iPhone 15'?)*"),
        (["--timezone", "Mars/Olympus"], "*Unknown time zone 'Mars/Olympus': use an IANA name*"),
        (["--permission", "notifications"], "*Permission 'notifications' is not NAME=STATE*"),
        (["--color-scheme", "sepia"], "*Colour scheme 'sepia': use one of light, dark*"),
    ],
    ids=["device", "timezone", "permission", "color-scheme"],
)
def test_a_bad_environment_option_is_a_usage_error(pytester, inner, args, message) -> None:
    pytester.makepyfile("def test_x(): pass")
    result = inner(*args)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([message])


def test_a_missing_driver_is_a_usage_error_before_any_test(
    pytester, inner, tmp_path_factory, monkeypatch
) -> None:
    """The preflight runs the checks `e2e doctor` shows: no test starts, and the
    sentence says what to install."""
    import shutil

    tools = tmp_path_factory.mktemp("path")
    for name in ("chromium", "sh"):
        found = shutil.which(name)
        if found:
            (tools / name).symlink_to(found)
    monkeypatch.setenv("PATH", str(tools))
    pytester.makepyfile("def test_x(driver): raise AssertionError('a test ran')")
    result = inner("--browser", "chromium")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        [
            "*No chromedriver found for --browser chromium (looked for: chromedriver on PATH*"
            "Install it (Debian/Ubuntu: `apt-get install chromium chromium-driver`)*"
        ]
    )
    assert "a test ran" not in result.stdout.str()
