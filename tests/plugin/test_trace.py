"""Traces of failing tests, reruns that keep each attempt, and the flaky report."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By

from tests.engines import ENGINES
from tests.plugin.test_report import report_tests

ROOT = Path(__file__).resolve().parents[2]

FAILING_DEMO_TEST = """
from locators.cases import CasesLocators
from pages.cases import ProjectPage


def test_fails_on_purpose(demo, login_page, page):
    login_page.login("admin", "admin-pass-1")  # through the form: its password is masked
    ids = demo.seed(projects=[{"name": "Shop", "cases": [{"title": "Refund"}]}])
    shop = page(ProjectPage).open_project(ids["projects"]["Shop"])
    shop.add_case("Pay with a card", "Card is charged once.", "high")
    shop.expect(CasesLocators.titles, 1).to_have_texts(["Refund", "Not there"])
"""


@pytest.mark.parametrize("browser", ENGINES)
def test_a_failing_demo_test_keeps_a_trace_that_opens_in_a_browser(
    tmp_path, driver, browser
) -> None:
    test_file = tmp_path / f"test_probe_{uuid.uuid4().hex[:6]}.py"
    test_file.write_text(FAILING_DEMO_TEST)
    artifacts = tmp_path / "artifacts"
    report = tmp_path / "report.html"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            str(test_file),
            "-p",
            "conftest",
            "-p",
            "tests.demo.conftest",
            "-p",
            "no:cacheprovider",
            "--rootdir",
            str(ROOT),
            "-c",
            str(ROOT / "pyproject.toml"),
            "--headless",
            "--browser",
            browser,
            "--tracing",
            "retain-on-failure",
            "--artifacts-dir",
            str(artifacts),
            f"--html={report}",
            "--self-contained-html",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 1, done.stdout[-3000:]
    [trace] = list(artifacts.rglob("trace.html"))
    assert "e2e traces" in done.stdout
    assert str(trace) in done.stdout
    # Linked from the report's row.
    [run] = next(iter(report_tests(report).values()))
    links = [e["content"] for e in run["extras"] if e["name"] == "Trace"]
    assert links, run["extras"]
    assert (report.parent / links[0]).resolve() == trace.resolve()
    # The data: one step per page-object action, each with a screenshot; the AJAX calls.
    text = trace.read_text()
    data = json.loads(re.search(r"var TRACE = (.*?);\n", text).group(1).replace("<\\/", "</"))
    steps = data["steps"]
    assert [s["name"] for s in steps][:3] == ["open", "type", "type"]  # the login
    assert steps[-1]["name"] == "expect"
    assert steps[-1]["error"].startswith("Expected Locator('case titles'")
    missing = [(s["name"], s["problem"]) for s in steps if not s["screenshot"]]
    assert not missing, missing
    # A DOM snapshot after each step (--trace-snapshots on, the default), one when each
    # step that acts on an element acts, and the failing step's at the failure.
    assert all("after" in s["snapshots"] for s in steps), [s["snapshots"] for s in steps]
    assert all("action" in s["snapshots"] for s in steps if s["name"] in ("type", "click"))
    failed = data["snapshots"]["list"][steps[-1]["snapshots"]["after"]]
    assert failed["root"] is not None
    assert "/projects/" in failed["url"]
    # WebKitWebDriver has no JPEG screenshot: WebDriver's PNG there.
    kind = "png" if browser == "webkit" else "jpeg"
    assert all(s["screenshot"].startswith(f"data:image/{kind};base64,") for s in steps)
    assert any("/api/projects/" in n["url"] and n["status"] == 200 for n in data["network"])
    if browser != "webkit":  # WebKitWebDriver gives no console
        assert any("TestDesk API POST" in c["message"] for c in data["console"])
    assert "admin-pass-1" not in text  # the password typed with secret=True is masked
    # The same traffic with headers and bodies, as HAR beside the trace (not on WebKit).
    har = trace.parent / "trace.har"
    if browser == "webkit":
        assert data["har"] is None
        assert not har.exists()
    else:
        assert data["har"] == {"file": "trace.har", "entries": data["har"]["entries"]}
        har_text = har.read_text()
        entries = json.loads(har_text)["log"]["entries"]
        assert data["har"]["entries"] == len(entries)
        posted = [
            e for e in entries
            if e["request"]["method"] == "POST" and e["request"]["url"].endswith("/cases")
        ]  # fmt: skip
        assert "Pay with a card" in posted[0]["request"]["postData"]["text"]
        assert posted[0]["response"]["status"] == 201
        assert "admin-pass-1" not in har_text  # the log-in form's password, masked
    viewer = text.replace(re.search(r"var TRACE = (.*?);\n", text).group(1), "")
    assert "<script src=" not in viewer  # self-contained: nothing to fetch
    # Nothing but XML namespace names (the snapshot view builds SVG and MathML).
    assert "http://" not in viewer.replace("http://www.w3.org/", "")
    # Opened in headless Chromium: the step list renders and a click shows a screenshot.
    driver.get(trace.as_uri())
    items = driver.find_elements(By.CSS_SELECTOR, "#steps li")
    assert len(items) == len(steps) + 1  # and "Whole test"
    items[1].click()
    shot = driver.find_element(By.ID, "shot")
    assert driver.execute_script("return arguments[0].naturalWidth", shot) > 100
    assert "type" in driver.find_element(By.CSS_SELECTOR, "#detail h2").text
    items[-1].click()  # the whole test: the HAR is listed with the network
    if browser != "webkit":
        link = driver.find_element(By.CSS_SELECTOR, "#har a")
        assert (link.text, link.get_attribute("href").rsplit("/", 1)[-1]) == ("trace.har",) * 2


FLAKY = """
import pathlib

def test_flaky(driver, base_url):
    marker = pathlib.Path("attempts.txt")
    attempts = int(marker.read_text()) + 1 if marker.exists() else 1
    marker.write_text(str(attempts))
    driver.get(base_url)
    assert attempts > 1, "fails the first time"

def test_always_fails(driver, base_url, page):
    from e2e import BasePage
    page(BasePage).open("/broken.html")
    assert False, "fails every time"
"""


def test_reruns_keep_every_attempt_and_report_flaky_tests(pytester, inner) -> None:
    pytester.makepyfile(FLAKY)
    result = inner(
        "--reruns",
        "1",
        "--tracing",
        "retain-on-failure",
        "--junitxml=junit.xml",
        "--html=report.html",
        "--self-contained-html",
    )
    outcomes = result.parseoutcomes()
    assert (outcomes["passed"], outcomes["failed"], outcomes["rerun"]) == (1, 1, 2)
    out = result.stdout.str()
    assert (
        "FLAKY test_reruns_keep_every_attempt_and_report_flaky_tests.py::test_flaky: "
        "passed on attempt 2" in out
    )
    junit = (pytester.path / "junit.xml").read_text()
    assert re.search(r'<property name="flaky" value="flaky: passed on attempt 2', junit)
    page = html.unescape((pytester.path / "report.html").read_text())
    assert "FLAKY" in page
    assert "Flaky tests (passed on a rerun)" in page
    folders = sorted(p.name for p in (pytester.path / "reports" / "artifacts").iterdir())
    failing = [f for f in folders if "test_always_fails" in f]
    assert failing == [
        "test_reruns_keep_every_attempt_and_report_flaky_tests.py_test_always_fails-call-attempt1",
        "test_reruns_keep_every_attempt_and_report_flaky_tests.py_test_always_fails-call-attempt2",
    ]
    for folder in failing:
        assert (pytester.path / "reports" / "artifacts" / folder / "trace.html").exists()
        assert (pytester.path / "reports" / "artifacts" / folder / "screenshot.png").exists()
    tests = report_tests(pytester.path / "report.html")
    [key] = [k for k in tests if k.endswith("test_always_fails")]
    linked = {e["content"] for r in tests[key] for e in r.get("extras", []) if e["name"] == "Trace"}
    assert linked == {f"reports/artifacts/{folder}/trace.html" for folder in failing}
