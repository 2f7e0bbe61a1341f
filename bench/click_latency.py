"""From the moment the last BlockUI overlay goes away to the moment the next click lands.

Run: .venv/bin/python -m bench.click_latency [--trials 100]

Both instants come from the browser's clock: ``performance.now()`` in BlockUI's
``onUnblock`` and in the button's click handler. Each trial blocks the page and two
panels, then releases them at random (jittered) times, page-level first. A click is
"early" when it lands while an overlay is still shown or before the last release.
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import time
from collections.abc import Callable
from pathlib import Path

from selenium.common.exceptions import ElementClickInterceptedException
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.wait import WebDriverWait

from bench._common import machine, summary
from e2e import Config, GeneralLocators, Locator, build_driver, waits
from tests.integration.library.fixture_server import FixtureServer

FLOOR = "floor (find + click after a script marks the time)"
TARGET = Locator(By.ID, "target", "target button")


def _library(driver: WebDriver) -> None:
    waits.wait_for_blockui_to_close(driver, timeout=10)


def _poll_100ms(driver: WebDriver) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if not waits.any_elements_displayed(driver.find_elements(*GeneralLocators.blockUI)):
            return
        time.sleep(0.1)  # the naive strategy being measured


def _invisibility(driver: WebDriver) -> None:
    WebDriverWait(driver, 10).until(ec.invisibility_of_element_located(GeneralLocators.blockUI))


STRATEGIES: dict[str, Callable[[WebDriver], None]] = {
    "e2e.waits.wait_for_blockui_to_close": _library,
    "poll every 0.1 s (find_elements + is_displayed)": _poll_100ms,
    "WebDriverWait + invisibility_of_element_located": _invisibility,
}


def trial(driver: WebDriver, url: str, wait: Callable[[WebDriver], None] | None) -> dict:
    driver.get(url)
    if wait is None:  # the floor: no overlay, a script marks the time, then find + click
        driver.execute_script("window.lastUnblockAt = performance.now(); window.released = 3;")
    else:
        page = random.uniform(80, 200)
        panels = [page + random.uniform(30, 300), page + random.uniform(30, 300)]
        driver.execute_script(f"blockStaggered([{page}, {panels[0]}, {panels[1]}])")
        wait(driver)
    try:
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
    parser.add_argument("--out", type=Path, default=Path("bench/results/click_latency.json"))
    args = parser.parse_args()
    random.seed(1)
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = FixtureServer().start()
    driver = build_driver(Config(headless=True))
    url = f"{server.url}/overlays.html"
    plan: dict[str, tuple[Callable[[WebDriver], None] | None, int]] = {
        FLOOR: (None, args.peer_trials)
    }
    for name, wait in STRATEGIES.items():
        plan[name] = (wait, args.trials if wait is _library else args.peer_trials)
    results: dict[str, list[dict]] = {name: [] for name in plan}
    try:
        # Interleaved, so that a slow spell of the machine hits every strategy alike.
        for index in range(max(args.trials, args.peer_trials)):
            for name, (wait, limit) in plan.items():
                if index < limit:
                    results[name].append(trial(driver, url, wait))
    finally:
        driver.quit()
        server.stop()
    floor = summary([r["latency_ms"] for r in results[FLOOR]])["median"]
    report = {"machine": machine(), "floor_median_ms": floor, "strategies": {}}
    print(f"machine: {report['machine']}")
    print(f"{'strategy':55} {'n':>4} {'median':>8} {'p95':>8} {'IQR':>7} {'over floor':>10} early")
    for name, trials in results.items():
        latencies = [t["latency_ms"] for t in trials if t.get("latency_ms") is not None]
        early = sum(1 for t in trials if t.get("early") or t.get("intercepted"))
        stats = summary(latencies)
        report["strategies"][name] = {"early_or_intercepted": early, "trials": len(trials), **stats}
        if stats:
            print(
                f"{name:55} {len(trials):4} {stats['median']:8.1f} {stats['p95']:8.1f} "
                f"{stats['iqr']:7.1f} {stats['median'] - floor:+10.1f} {early}"
            )
        else:
            print(f"{name:55} {len(trials):4} {'-':>8} {'-':>8} {'-':>7} {'-':>10} {early}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
