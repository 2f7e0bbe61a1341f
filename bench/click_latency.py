"""From the moment the last BlockUI overlay goes away to the moment the next click lands.

Run: .venv/bin/python -m bench.click_latency [--trials 100] [--peer-trials 30]
     [--browser chrome|firefox|webkit]

Both instants come from the browser's clock: ``performance.now()`` in BlockUI's
``onUnblock`` and in the button's click handler. Each trial blocks the page and two
panels, then releases the three at independent random times inside a duration band
(0.1-0.5 s, 0.5-1.5 s, 1.5-3 s), so the overlays clear at staggered times and the
last one goes anywhere in the band. A click is "early" when it lands while an overlay
is still shown or before the last release. Bands, strategies and the floor are
interleaved trial by trial, so a slow spell of the machine hits every one alike.
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import time
from collections.abc import Callable
from pathlib import Path

from selenium.common.exceptions import (
    ElementClickInterceptedException,
    StaleElementReferenceException,
)
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.wait import WebDriverWait

from bench._common import machine, summary
from e2e import BasePage, Config, GeneralLocators, Locator, build_driver
from e2e.waiting import waits
from tests.integration.library.fixture_server import FixtureServer

FLOOR = "floor (find + click after a script marks the time)"
TARGET = Locator(By.ID, "target", "target button")


def _library(driver: WebDriver) -> None:
    waits.wait_for_blockui_to_close(driver, timeout=10)


def _page_click(driver: WebDriver) -> None:
    BasePage(driver, timeout=10).click(TARGET)  # waits and clicks: no bare click after


def _poll_100ms(driver: WebDriver) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            if not waits.any_elements_displayed(driver.find_elements(*GeneralLocators.blockUI)):
                return
        except StaleElementReferenceException:  # WebKit: an overlay went during the find
            pass
        time.sleep(0.1)  # the naive strategy being measured


def _invisibility(driver: WebDriver) -> None:
    WebDriverWait(driver, 10).until(ec.invisibility_of_element_located(GeneralLocators.blockUI))


STRATEGIES: dict[str, Callable[[WebDriver], None]] = {
    "e2e.waiting.waits.wait_for_blockui_to_close": _library,
    "e2e BasePage.click": _page_click,
    "poll every 0.1 s (find_elements + is_displayed)": _poll_100ms,
    "WebDriverWait + invisibility_of_element_located": _invisibility,
}


BANDS = {"0.1-0.5 s": (100, 500), "0.5-1.5 s": (500, 1500), "1.5-3 s": (1500, 3000)}
# BlockUI fades an overlay out over 400 ms before it calls onUnblock: released that much
# earlier, each overlay is gone at a time inside the band.
_FADE_MS = 400


def trial(
    driver: WebDriver,
    url: str,
    wait: Callable[[WebDriver], None] | None,
    band: tuple[int, int],
) -> dict:
    driver.get(url)
    if wait is None:  # the floor: no overlay, a script marks the time, then find + click
        driver.execute_script("window.lastUnblockAt = performance.now(); window.released = 3;")
    else:
        times = [max(0.0, random.uniform(*band) - _FADE_MS) for _ in range(3)]
        driver.execute_script(f"blockStaggered([{times[0]}, {times[1]}, {times[2]}])")
        wait(driver)
    try:
        if wait is not _page_click:
            driver.find_element(*TARGET).click()
    except ElementClickInterceptedException:
        return {"intercepted": True}
    click = driver.execute_script(
        "var c = window.clicks[0]; return {at: c.at, overlays: c.overlays,"
        " released: window.released, last: window.lastUnblockAt}"
    )
    early = click["overlays"] > 0 or click["released"] < 3
    return {"early": early, "latency_ms": None if early else click["at"] - click["last"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--trials", type=int, default=100, help="trials for this library")
    parser.add_argument("--peer-trials", type=int, default=30, help="trials for each peer")
    parser.add_argument("--browser", default="chrome", help="chrome, firefox or webkit")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    if args.out is None:
        suffix = "" if args.browser == "chrome" else f"-{args.browser}"
        args.out = Path(f"bench/results/click_latency{suffix}.json")
    random.seed(1)
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = FixtureServer().start()
    driver = build_driver(Config(browser=args.browser, headless=True))
    url = f"{server.url}/overlays.html"
    library = {_library, _page_click}
    plan: dict[tuple[str, str], tuple[Callable[[WebDriver], None] | None, int]] = {}
    for band in BANDS:
        plan[(band, FLOOR)] = (None, args.peer_trials)
        for name, wait in STRATEGIES.items():
            plan[(band, name)] = (wait, args.trials if wait in library else args.peer_trials)
    results: dict[tuple[str, str], list[dict]] = {key: [] for key in plan}
    try:
        for index in range(max(args.trials, args.peer_trials)):
            for (band, name), (wait, limit) in plan.items():
                if index < limit:
                    results[(band, name)].append(trial(driver, url, wait, BANDS[band]))
    finally:
        driver.quit()
        server.stop()
    report: dict = {"machine": machine(), "browser": args.browser, "bands": {}}
    print(f"machine: {report['machine']}; browser: {args.browser}")
    header = (
        f"{'strategy':50} {'n':>4} {'median':>8} {'p95':>8} {'IQR':>7} {'+median':>8} {'+p95':>7}"
    )
    for band in BANDS:
        floor = summary([r["latency_ms"] for r in results[(band, FLOOR)]])["median"]
        report["bands"][band] = {"floor_median_ms": floor, "strategies": {}}
        print(f"\noverlays last {band}; floor median {floor:.1f} ms")
        print(header + " early")
        for (key_band, name), trials in results.items():
            if key_band != band:
                continue
            latencies = [t["latency_ms"] for t in trials if t.get("latency_ms") is not None]
            early = sum(1 for t in trials if t.get("early") or t.get("intercepted"))
            stats = summary(latencies)
            report["bands"][band]["strategies"][name] = {
                "early_or_intercepted": early,
                "trials": len(trials),
                **stats,
            }
            if stats:
                print(
                    f"{name:50} {len(trials):4} {stats['median']:8.1f} {stats['p95']:8.1f} "
                    f"{stats['iqr']:7.1f} {stats['median'] - floor:+8.1f} "
                    f"{stats['p95'] - floor:+7.1f} {early}"
                )
            else:
                dashes = " ".join(f"{'-':>{w}}" for w in (8, 8, 7, 8, 7))
                print(f"{name:50} {len(trials):4} {dashes} {early}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
