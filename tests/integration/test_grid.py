"""The suites through a real Selenium Grid 4 (a hub, a Chromium node and a Firefox node)
started from the npm jar."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By

from e2e import BasePage, Config, GridError, Locator, build_driver
from e2e.page.uploads import is_remote
from scripts import grid
from scripts.grid import free_port
from tests.integration.library.fixture_server import FixtureServer

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [
    pytest.mark.xdist_group("grid"),
    pytest.mark.skipif(
        not grid.JAR_DIR.exists(), reason="grid jar not installed (npm ci in grid/)"
    ),
]


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[grid.Grid]:
    running = grid.start(
        mode="hub",
        nodes=2,
        port=free_port(),
        max_sessions=1,
        state_dir=tmp_path_factory.mktemp("grid"),
        engines=("chromium", "firefox"),  # a Chromium node and a Firefox node
    )
    yield running
    running.stop()
    assert not any(grid._is_ours(pid) for pid in running.pids)


@pytest.mark.parametrize("browser", ["chrome", "firefox"])
def test_demo_suites_run_through_the_grid_with_uploads(
    hub: grid.Grid, tmp_path: Path, browser: str
) -> None:
    junit = tmp_path / "junit.xml"
    selected = [
        "tests/demo/test_login.py::test_admin_logs_in_and_sees_the_dashboard",
        "tests/demo/test_files.py::test_an_attachment_is_listed_with_its_sha256",
        "tests/demo/test_files.py::test_a_good_csv_creates_its_cases",
        "tests/demo/test_cases.py::test_saving_a_case_waits_for_blockui_and_shows_it",
    ]
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            *selected,
            "--grid-url",
            hub.url,
            "--browser",
            browser,
            "--headless",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:xdist",
            f"--junitxml={junit}",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env={**os.environ, "PYTEST_ADDOPTS": ""},
    )
    assert result.returncode == 0, result.stdout[-3000:]
    cases = list(ET.parse(junit).iter("testcase"))
    assert len(cases) == len(selected)
    assert all(len(case) == 1 and case[0].tag == "properties" for case in cases)  # all passed
    browsers = {p.get("value") for p in ET.parse(junit).iter("property")}
    assert all(f"(headless) on {hub.url};" in b for b in browsers), browsers
    assert all(b.startswith(browser) for b in browsers), browsers


def test_a_hidden_input_upload_through_the_grid_reaches_the_server(
    hub: grid.Grid, tmp_path: Path
) -> None:
    server = FixtureServer().start()
    driver = build_driver(Config(grid_url=hub.url))
    try:
        assert is_remote(driver)
        file = tmp_path / "über file.csv"
        file.write_bytes(os.urandom(20_000))
        driver.get(f"{server.url}/uploads.html")
        page = BasePage(driver, server.url)
        page.upload_file(Locator(By.ID, "display-none"), file)
        page.wait_for(Locator(By.ID, "chosen-display-none"))
        page.wait_until_settled()
        [upload] = server.uploads_to("display-none")
        assert upload["sha256"] == hashlib.sha256(file.read_bytes()).hexdigest()
        driver.execute_script("console.error('grid-console-marker')")
        from e2e.plugin.artifacts import capture

        artifacts = capture(driver)
        assert artifacts.screenshot_png.startswith(b"\x89PNG")
        assert "grid-console-marker" in artifacts.console_text()
    finally:
        driver.quit()
        server.stop()


def test_a_closed_grid_port_gives_one_clear_error(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("def test_a(driver): pass\ndef test_b(driver): pass")
    url = f"http://127.0.0.1:{free_port()}"
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--grid-url", url, timeout=120)
    result.assert_outcomes(errors=2)
    result.stdout.fnmatch_lines(
        [
            f"*GridError: Selenium Grid at {url} is unreachable (*Connection refused*). "
            "Start it (`make grid-start` starts a local one) or fix --grid-url.*"
        ]
    )
    assert result.duration < 30


def test_grid_error_is_a_driver_error_callers_can_catch() -> None:
    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(GridError, match="is unreachable"):
        build_driver(Config(grid_url=url))
