"""Failure artifacts in the pytest-html report and on disk, and masked secrets."""

from __future__ import annotations

import base64
import html
import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.engines import ENGINES

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def report_tests(report: Path) -> dict[str, Any]:
    """The per-test data pytest-html 4 embeds in its report."""
    blob = re.search(r'data-jsonblob="([^"]*)"', report.read_text(encoding="utf-8"))
    assert blob, "no data blob in the report: has pytest-html changed its format?"
    return json.loads(html.unescape(blob.group(1)))["tests"]


def decoded(content: str) -> bytes:
    """An extra's content: self-contained reports hold files as base64 data URIs."""
    if content.startswith("data:"):
        return base64.b64decode(content.split(",", 1)[1])
    return content.encode()


def extras_of(tests: dict[str, Any], name: str) -> dict[str, bytes]:
    [key] = [k for k in tests if k.endswith(name)]
    found = {}
    for result in tests[key]:
        for extra in result.get("extras", []):
            found[extra["name"]] = decoded(extra["content"])
    return found


@pytest.mark.parametrize("browser", ENGINES)
def test_a_failing_test_carries_screenshot_html_and_console_under_xdist(
    pytester, inner, browser
) -> None:
    pytester.makepyfile(
        """
        def test_passes(driver, base_url):
            driver.get(base_url)

        def test_fails(driver, base_url):
            driver.get(base_url + "/broken.html")
            assert driver.title == "not broken"
        """
    )
    result = inner("-n", "2", "--browser", browser, "--html=report.html", "--self-contained-html")
    result.assert_outcomes(passed=1, failed=1)
    tests = report_tests(pytester.path / "report.html")
    extras = extras_of(tests, "test_fails")
    assert extras["Screenshot"].startswith(PNG_SIGNATURE)
    assert b"html-marker-7" in extras["Page HTML"]
    assert extras["URL at failure"].endswith(b"/broken.html")
    [folder] = (pytester.path / "reports" / "artifacts").iterdir()
    assert (folder / "screenshot.png").read_bytes().startswith(PNG_SIGNATURE)
    if browser == "webkit":  # no console to read: the report says so
        assert "Browser console" not in extras
        result.stdout.fnmatch_lines(["*console log: not available on webkit*"])
    else:
        assert b"console-marker-42" in extras["Browser console"]
        assert "console-marker-42" in (folder / "console.log").read_text()
    assert extras_of(tests, "test_passes") == {}


def test_each_test_names_its_browser_version_and_mode(pytester, inner) -> None:
    pytester.makepyfile("def test_x(driver):\n    assert False")
    result = inner()
    result.stdout.fnmatch_lines(
        [
            "*- browser -*",
            "chrome 1* (headless shell); base URL http://127.0.0.1:*; isolation: browser-context",
        ]
    )


def test_secrets_never_reach_the_report(pytester, inner, monkeypatch) -> None:
    monkeypatch.setenv("APP_TOKEN", "tok-998877")
    pytester.makepyfile(
        """
        import os
        from selenium.webdriver.common.by import By
        from e2e import BasePage, Locator

        PASSWORD = Locator(By.ID, "password", "password field")

        def test_login(page, base_url):
            form = page(BasePage).open("/form.html")
            form.type(PASSWORD, "pw-s3cret-42", secret=True)
            print("token is", os.environ["APP_TOKEN"])
            assert form.find(PASSWORD).get_property("value") == "other", "pw-s3cret-42"
        """
    )
    result = inner(
        "--secret-env",
        "APP_TOKEN",
        "--html=report.html",
        "--self-contained-html",
        "--junitxml=junit.xml",
    )
    result.assert_outcomes(failed=1)
    junit = (pytester.path / "junit.xml").read_text(encoding="utf-8")
    tests = report_tests(pytester.path / "report.html")
    texts = {k: v for k, v in extras_of(tests, "test_login").items() if k != "Screenshot"}
    in_report = json.dumps(tests, ensure_ascii=False) + b"".join(texts.values()).decode()
    for text in (junit, in_report, result.stdout.str()):
        assert "pw-s3cret-42" not in text
        assert "tok-998877" not in text
    for text in (in_report, result.stdout.str()):  # junit keeps no captured output
        assert "token is ••••••" in text


def test_a_skip_in_a_test_with_secrets_reaches_junit_masked(pytester, inner, monkeypatch) -> None:
    # A skip's report is (path, line, reason): masking it into one string crashed junitxml
    # (INTERNALERROR) under xdist.
    monkeypatch.setenv("APP_TOKEN", "tok-998877")
    pytester.makepyfile(
        """
        import os
        import pytest

        def test_skipped(page):
            pytest.skip("not here: " + os.environ["APP_TOKEN"])
        """
    )
    result = inner("--secret-env", "APP_TOKEN", "--junitxml=junit.xml", "-n", "1")
    result.assert_outcomes(skipped=1)
    junit = (pytester.path / "junit.xml").read_text(encoding="utf-8")
    assert "not here: ••••••" in junit
    assert "tok-998877" not in junit + result.stdout.str()


def test_a_failed_wait_reads_as_the_users_code_in_terminal_and_report(pytester, inner) -> None:
    pytester.makepyfile(
        """
        from selenium.webdriver.common.by import By
        from e2e import BasePage, Locator

        class Home(BasePage):
            path = "/index.html"

            def press_save(self):
                self.click(Locator(By.ID, "save", "save button"))

        def test_fails(page):
            page(Home).open().press_save()
        """
    )
    result = inner("--wait-timeout", "0.5", "--html=report.html", "--self-contained-html")
    result.assert_outcomes(failed=1)
    sentence = (
        "(timeout 0.5 s) waiting for Locator('save button', id='save') "
        "to be clickable on a settled page: no element matches"
    )
    out = result.stdout.str()
    assert re.search(
        r"E +selenium.common.exceptions.TimeoutException: Message: Timed out after "
        r"0\.\d s " + re.escape(sentence),
        out,
    )
    # The traceback ends in the user's page object; no library or Selenium frame shows.
    assert "self.click(Locator(By.ID" in out
    assert "def wait_until" not in out
    assert "site-packages/selenium" not in out
    assert "During handling of the above exception" not in out
    [run] = next(iter(report_tests(pytester.path / "report.html").values()))
    log = html.unescape(run["log"])
    assert sentence in log
    assert "self.click(Locator(By.ID" in log
    assert "def wait_until" not in log
    assert "WebDriverWait" not in log


@pytest.mark.parametrize("browser", ENGINES[:2])  # webkit: no console (above)
def test_a_failed_tests_console_log_holds_its_own_entries_with_times(
    pytester, inner, browser
) -> None:
    pytester.makepyfile(
        """
        def test_first(driver, base_url):
            driver.get(base_url)
            driver.execute_script("console.error('earlier-test-marker')")

        def test_second(driver, base_url):
            driver.get(base_url)
            driver.execute_script("console.error('own-marker')")
            assert False
        """
    )
    result = inner("--browser", browser)
    result.assert_outcomes(passed=1, failed=1)
    [folder] = (pytester.path / "reports" / "artifacts").iterdir()
    console = (folder / "console.log").read_text()
    assert "own-marker" in console
    assert "earlier-test-marker" not in console
    assert re.match(r"\d\d:\d\d:\d\d\.\d{3} \[SEVERE\] ", console), console


def test_console_entries_that_arrive_late_go_to_the_test_that_logged_them(pytester, inner) -> None:
    """Firefox's console comes as BiDi events, each handed to its callback in a thread
    Selenium starts: an entry can reach the log after its test ended (here one second
    late: it must not show in the next test's log) or just after a failure (here 0.2 s
    late: the failure's own log must still hold it)."""
    pytester.makeconftest(
        """
        import threading
        import time

        import pytest
        from e2e.browser import console

        late_entry_arrived = threading.Event()
        _add = console._Console.add

        def add(self, entry, level=None):
            text = str(getattr(entry, "text", ""))
            if "earlier-test-marker" in text:
                time.sleep(1.0)  # a callback thread scheduled late: beyond the catch-up
            elif "own-marker" in text:
                time.sleep(0.2)  # late, within it
            _add(self, entry, level)
            if "earlier-test-marker" in text:
                late_entry_arrived.set()

        console._Console.add = add

        @pytest.fixture
        def late_entry():
            return late_entry_arrived
        """
    )
    pytester.makepyfile(
        """
        def test_first(driver, base_url):
            driver.get(base_url)
            driver.execute_script("console.error('earlier-test-marker')")

        def test_second(driver, base_url, late_entry):
            driver.get(base_url)
            assert late_entry.wait(10), "the first test's entry never arrived"
            driver.execute_script("console.error('own-marker')")
            assert False
        """
    )
    result = inner("--browser", "firefox", "-p", "no:randomly")
    result.assert_outcomes(passed=1, failed=1)
    [folder] = (pytester.path / "reports" / "artifacts").iterdir()
    console = (folder / "console.log").read_text()
    assert "own-marker" in console
    assert "earlier-test-marker" not in console


def test_a_screenshot_mismatch_and_accessibility_violations_reach_the_report_and_trace(
    pytester, inner, monkeypatch
) -> None:
    pytester.makepyfile(
        """
        import os
        from e2e import BasePage

        def test_looks(page):
            p = page(BasePage).open("/index.html")
            if os.environ.get("CHANGED"):
                p.driver.execute_script("document.getElementById('home').textContent = 'moved'")
            p.expect_viewport().to_match_screenshot("home")

        def test_accessible(page):
            p = page(BasePage).open("/index.html")
            p.driver.execute_script("document.body.appendChild(document.createElement('img'))")
            p.expect_accessible()
        """
    )
    first = inner("--update-snapshots", "-k", "looks")
    first.assert_outcomes(passed=1)
    baseline = pytester.path / "__screenshots__" / "chromium-linux" / "test_looks" / "home.png"
    assert baseline.read_bytes().startswith(PNG_SIGNATURE)
    monkeypatch.setenv("CHANGED", "1")
    result = inner("--html=report.html", "--self-contained-html", "--tracing=retain-on-failure")
    result.assert_outcomes(failed=2)
    result.stdout.re_match_lines([r".*differs from its baseline in \d+ pixels.*"])
    result.stdout.fnmatch_lines(["*- image-alt (critical): Images must have alternative text*"])
    tests = report_tests(pytester.path / "report.html")
    shots = extras_of(tests, "test_looks")
    for kind in ("expected", "actual", "diff"):
        assert shots[f"home: {kind}"].startswith(PNG_SIGNATURE), sorted(shots)
    [run] = next(r for k, r in tests.items() if k.endswith("test_accessible"))
    tables = [e["content"] for e in run["extras"] if "axe-violations" in e["content"]]
    assert len(tables) == 1, run["extras"]
    assert "image-alt" in tables[0]
    [trace] = [t for t in (pytester.path / "reports").rglob("trace.html") if "looks" in str(t)]
    text = trace.read_text()
    data = json.loads(re.search(r"var TRACE = (.*?);\n", text).group(1).replace("<\\/", "</"))
    assert [a["label"] for a in data["attachments"]] == [
        "home: expected",
        "home: actual",
        "home: diff",
    ]


def test_a_page_object_built_directly_in_a_test_finds_the_tests_baselines(
    pytester, inner, monkeypatch
) -> None:
    pytester.makepyfile(
        """
        import os
        from e2e import BasePage

        def test_built_by_hand(driver, base_url):
            p = BasePage(driver, base_url).open("/index.html")
            if os.environ.get("CHANGED"):
                p.driver.execute_script("document.getElementById('home').textContent = 'moved'")
            p.expect_viewport().to_match_screenshot("home")
        """
    )
    inner("--update-snapshots").assert_outcomes(passed=1)
    folder = pytester.path / "__screenshots__" / "chromium-linux" / "test_built_by_hand"
    assert (folder / "home.png").read_bytes().startswith(PNG_SIGNATURE)
    inner().assert_outcomes(passed=1)
    monkeypatch.setenv("CHANGED", "1")
    changed = inner("--html=report.html", "--self-contained-html")
    changed.assert_outcomes(failed=1)
    changed.stdout.re_match_lines([r".*differs from its baseline in \d+ pixels.*"])
    shots = extras_of(report_tests(pytester.path / "report.html"), "test_built_by_hand")
    assert shots["home: diff"].startswith(PNG_SIGNATURE), sorted(shots)
