"""Garbage given to every option, ini key and environment variable: a usage error before
any test runs, naming the setting and the value, and saying what would be right."""

from __future__ import annotations

import os
import time

import pytest


def usage_error(
    pytester: pytest.Pytester, *args: str, env: dict[str, str] | None = None, headless: bool = True
) -> str:
    pytester.makepyfile("def test_x(driver): pass")
    for key, value in (env or {}).items():
        os.environ[key] = value
    try:
        options = ["-p", "no:cacheprovider", *(["--headless"] if headless else []), *args]
        result = pytester.runpytest_subprocess(*options, timeout=120)
    finally:
        for key in env or {}:
            del os.environ[key]
    assert result.ret == pytest.ExitCode.USAGE_ERROR, result.stdout.str()[-2000:]
    return result.stderr.str()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--wait-timeout", "abc"), "--wait-timeout 'abc' is not a number of seconds"),
        (("--wait-timeout", "nan"), "--wait-timeout 'nan' is not a finite number of seconds"),
        (("--wait-timeout", "inf"), "--wait-timeout 'inf' is not a finite number of seconds"),
        (("--wait-timeout", "-1"), "--wait-timeout must be a number of seconds above 0"),
        (("--wait-timeout", "86400"), "and at most 3600, got 86400.0"),
        (("--slow-mo", "nan"), "--slow-mo 'nan' is not a finite number of milliseconds"),
        (("--slow-mo", "-5"), "--slow-mo must be 0 to 60000 milliseconds, got -5.0"),
        (("--window-size", "99999x99999"), "Window size 99999x99999 does not fit a screen"),
        (("--window-size", "10x10"), "Window size 10x10 is too small"),
        (("--window-size", "big"), "Window size 'big' is not WIDTHxHEIGHT"),
        (("--base-url", "ftp://example.test"), "--base-url 'ftp://example.test' is not an http"),
        (("--base-url", "javascript:alert(1)"), "--base-url 'javascript:alert(1)' is not an"),
        (("--browser", ""), "--browser is empty; choose one of: chrome, chromium, firefox, webkit"),
        (("--browser", "opera"), "Unknown browser 'opera'; choose one of: chrome, chromium"),
        (("--capability", "pageLoadStrategy=fast"), "pageLoadStrategy must be one of: normal"),
        (("--capability", "acceptInsecureCerts=maybe"), "acceptInsecureCerts must be true or"),
        (("--capability", "novalue"), "Capability 'novalue' is not KEY=VALUE"),
        (("--driver-path", "/bin/true"), "--driver-path '/bin/true' is not a WebDriver driver"),
        (("--driver-path", "/no/such/driver"), "--driver-path '/no/such/driver' does not exist"),
        (("--overlay-locator", "spinner"), "--overlay-locator 'spinner' is not KIND=VALUE"),
        (("--driver-source", "cloud"), "Unknown driver source 'cloud'; choose one of: auto"),
        (("--sensitive-url", "(("), "--sensitive-url '((' is not a valid regular expression"),
        (("--grid-url", "not-a-url"), "--grid-url 'not-a-url' is not an http:// or https://"),
        (("--grid-url", "http://[::1"), "--grid-url 'http://[::1' is not an http:// or https"),
        (("--base-url", "http://[::1"), "--base-url 'http://[::1' is not an http:// or https"),
        (("--base-url", "http://h:port/"), "--base-url 'http://h:port/' is not an http://"),
        (("--junitxml", "conftest.py/junit.xml"), "--junitxml 'conftest.py/junit.xml' cannot be"),
        (("--html", "."), "--html '.' is a folder; give a file name"),
    ],
    ids=lambda v: v if isinstance(v, str) and len(v) < 30 else None,
)
def test_a_bad_option_is_a_usage_error_naming_it(pytester, args, message) -> None:
    pytester.makeconftest("")
    started = time.monotonic()
    stderr = usage_error(pytester, *args)
    assert message in stderr
    assert time.monotonic() - started < 30, "a bad option must be refused quickly"
    assert stderr.count(message) == 1, "said once"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        (
            {"E2E_WAIT_TIMEOUT": "abc"},
            "environment variable E2E_WAIT_TIMEOUT= 'abc' is not a number",
        ),
        ({"E2E_BROWSER": "netscape"}, "Unknown browser 'netscape'"),
    ],
)
def test_a_bad_environment_variable_is_a_usage_error_naming_it(pytester, env, message) -> None:
    assert message in usage_error(pytester, env=env)


def test_a_bad_ini_value_is_a_usage_error_naming_it(pytester) -> None:
    pytester.makeini("[pytest]\ne2e_wait_timeout = nan\n")
    assert "ini e2e_wait_timeout = 'nan' is not a finite number of seconds" in usage_error(pytester)


def test_an_artifacts_dir_that_is_a_file_is_a_usage_error(pytester) -> None:
    (pytester.path / "a-file").write_text("x")
    stderr = usage_error(pytester, "--artifacts-dir", "a-file")
    assert "--artifacts-dir 'a-file' is a file, not a folder" in stderr


@pytest.mark.parametrize("display", [None, ":97"], ids=["no-display", "no-x-server"])
def test_headed_without_a_display_is_a_usage_error(pytester, monkeypatch, display) -> None:
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.delenv("CI", raising=False)
    if display is None:
        monkeypatch.delenv("DISPLAY", raising=False)
        expected = "--headed needs a display, but DISPLAY is not set"
    else:
        monkeypatch.setenv("DISPLAY", display)
        expected = "--headed needs a display, but no X server answers at DISPLAY=:97"
    stderr = usage_error(pytester, "--headed", headless=False)
    assert expected in stderr
    assert stderr.count("\n") < 10, "one sentence, not a page of tracebacks"


def test_a_grid_url_that_is_not_a_grid_says_so(pytester, inner, site) -> None:
    pytester.makepyfile("def test_x(driver): pass\ndef test_y(driver): pass")
    result = inner("--grid-url", site, timeout=120)
    result.assert_outcomes(errors=2)
    result.stdout.fnmatch_lines([f"*{site} answers, but it is not a Selenium Grid*"])


def test_firefox_without_firefox_says_so_once_per_test(pytester, inner) -> None:
    pytester.makepyfile("def test_x(driver): pass")
    result = inner("--browser", "firefox", "--driver-path", "/usr/bin/chromedriver", timeout=120)
    result.assert_outcomes(errors=1)
    out = result.stdout.str()
    first_line = next(line for line in out.splitlines() if "DriverError" in line)
    assert out.count(first_line.strip()) <= 2, out  # the error, and the summary line


def test_a_browser_binary_that_is_not_executable_is_a_usage_error(pytester) -> None:
    plain = pytester.path / "not-a-browser"
    plain.write_text("just text")
    plain.chmod(0o644)
    stderr = usage_error(pytester, "--browser-binary", str(plain))
    assert f"--browser-binary '{plain}' is not executable" in stderr


@pytest.mark.parametrize(
    ("locator", "message"),
    [
        ("css=[[[", "--overlay-locator css='[[[' is not a valid CSS selector"),
        ("xpath=//[", "--overlay-locator xpath='//[' is not a valid XPath selector"),
    ],
)
def test_a_run_wide_locator_the_browser_refuses_is_a_usage_error(
    pytester, inner, locator, message
) -> None:
    """Only a browser knows every selector it accepts: one is started before the run to
    try the run-wide locators, and a bad one is a usage error, said once under xdist."""
    pytester.makepyfile("def test_a(driver): pass\ndef test_b(driver): pass")
    result = inner("--overlay-locator", locator, "-n", "2", timeout=120)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    text = result.stderr.str()
    assert text.count(message) == 1
    assert "Traceback" not in text
