"""What connections meant to stay open cost an action: the inbox fixture page with a long
poll (held 20 s, re-issued at once), server-sent events and a heartbeat every 300 ms,
against the same page with nothing open.

Run: .venv/bin/python -m bench.long_requests [--trials 20] [--browser chrome firefox webkit]
     [--no-peer]

Per engine, one browser, two windows (the quiet page and the busy one), and trials
interleaved A B A B so that a slow spell of the machine hits both alike. Timed:
``page.click(OTHER)``, the settle check and the click, wall clock. Three cases on the busy
page: the page class gives the poll and the heartbeat in ``ignore_requests``; nothing
given (the poll's first request is waited for until it is 3 s old, then left out as
background; the first click is reported on its own); and, for comparison, the page
before its first poll is re-issued. The peer is Playwright's ``page.click`` on the same
Chromium, which waits for no request at all.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from selenium.webdriver.common.by import By

from bench._common import print_table
from bench.peers import run_playwright
from e2e import ActionLog, BasePage, Config, Locator, build_driver
from e2e.base import processes
from tests.integration.library.fixture_server import FixtureServer

OTHER = Locator(By.ID, "other", "other button")


class Inbox(BasePage):
    path = "/inbox.html"


class QuietInbox(Inbox):
    ignore_requests = ("**/poll*", "**/heartbeat*")


def _timed(page: BasePage) -> float:
    started = time.perf_counter()
    page.click(OTHER)
    return (time.perf_counter() - started) * 1000


def ours(browser: str, url: str, trials: int) -> dict[str, list[float]]:
    driver = build_driver(Config(browser=browser, headless=True))
    found: dict[str, list[float]] = {
        "quiet page": [],
        "busy, poll + heartbeat in ignore_requests": [],
        "busy, nothing given: first click": [],
        "busy, nothing given: later clicks": [],
    }
    try:
        quiet_window = driver.current_window_handle
        quiet = Inbox(driver, url, log=ActionLog()).open()
        driver.switch_to.new_window("tab")
        busy_window = driver.current_window_handle
        ignoring = QuietInbox(driver, url, log=ActionLog()).open()
        driver.execute_script("startAll()")
        for _ in range(trials):
            driver.switch_to.window(quiet_window)
            found["quiet page"].append(_timed(quiet))
            driver.switch_to.window(busy_window)
            found["busy, poll + heartbeat in ignore_requests"].append(_timed(ignoring))
        # Nothing given: a fresh page whose poll has just started.
        plain = Inbox(driver, url, log=ActionLog()).open()
        driver.execute_script("startAll()")
        found["busy, nothing given: first click"].append(_timed(plain))
        for _ in range(trials):
            driver.switch_to.window(quiet_window)
            _timed(quiet)
            driver.switch_to.window(busy_window)
            found["busy, nothing given: later clicks"].append(_timed(plain))
    finally:
        driver.quit()
        processes.release(driver)
    return found


def playwright(url: str, trials: int) -> dict[str, list[float]]:
    script = Path(__file__).with_name("_playwright_clicks.py")
    return run_playwright(script, f"{url}/inbox.html", str(trials))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--browser", nargs="+", default=["chrome", "firefox", "webkit"])
    parser.add_argument("--no-peer", action="store_true", help="leave Playwright out")
    options = parser.parse_args()
    server = FixtureServer().start()
    try:
        results = {b: ours(b, server.url, options.trials) for b in options.browser}
        if not options.no_peer:
            results["Playwright page.click (same Chromium)"] = playwright(
                server.url, options.trials
            )
    finally:
        server.stop()
    print_table(results, f"{options.trials} clicks per case, interleaved quiet/busy, ms")


if __name__ == "__main__":
    main()
