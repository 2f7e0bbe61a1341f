"""What a route costs: per request (no route, a route that matches nothing, one that lets
the request through from a handler, one that fulfils it), and per test (three routes set
and taken away), on Chromium (DevTools) and Firefox (BiDi), beside Playwright's
``page.route`` on the same Chromium.

Run: .venv/bin/python -m bench.route_cost [--requests 100] [--rounds 5]

Each mode runs ``--requests`` sequential ``fetch``es in the page, timed on the page's
clock, and the modes alternate round by round (A B C D A B C D …), so drift in the
machine spreads over all of them. Playwright runs in its own environment
(``bench/.venv-peers/pytest-playwright``, as bench/peers.py installs it).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from bench._common import print_table
from bench._playwright_routes import FETCHES, MODES
from bench.peers import run_playwright, serve
from e2e import Config, Network, build_driver
from e2e.network import end_routes

LOOP = f"const done = arguments[arguments.length - 1]; ({FETCHES})(arguments[0]).then(done);"

SCRIPT = Path(__file__).with_name("_playwright_routes.py")


def _route(network: Network, mode: str) -> None:
    if mode == "a route that matches nothing":
        network.route("**/nothing-matches-this", status=204)
    elif mode == "handler lets it through":
        network.route("**/data.txt?*", handler=lambda request: None)
    elif mode == "fulfilled":
        network.route("**/data.txt?*", status=200, body="ok")


def ours(browser: str, url: str, requests: int, rounds: int) -> dict[str, list[float]]:
    driver = build_driver(Config(browser=browser, headless=True))
    found: dict[str, list[float]] = {mode: [] for mode in MODES}
    try:
        driver.set_script_timeout(120)
        driver.get(url)
        for _ in range(rounds):
            for mode in MODES:
                network = Network(driver)
                _route(network, mode)
                found[mode] += driver.execute_async_script(LOOP, requests)
                end_routes(driver)
        setup: list[float] = []
        for _ in range(rounds * 4):  # a test that sets three routes, then its end
            started = time.perf_counter()
            network = Network(driver)
            for n in range(3):
                network.route(f"**/api/thing-{n}", status=200, json={"n": n})
            end_routes(driver)
            setup.append((time.perf_counter() - started) * 1000)
        found["three routes set and ended (per test)"] = setup
    finally:
        driver.quit()
    return found


def playwright(url: str, requests: int, rounds: int) -> dict[str, list[float]]:
    return run_playwright(SCRIPT, url, str(requests), str(rounds))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--no-peer", action="store_true", help="leave Playwright out")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "data.txt").write_text("x" * 1000)
        server, url = serve(Path(folder))
        try:
            results = {
                "chrome (DevTools Fetch)": ours("chrome", url, options.requests, options.rounds),
                "firefox (BiDi intercept)": ours("firefox", url, options.requests, options.rounds),
            }
            if not options.no_peer:
                results["Playwright page.route (same Chromium)"] = playwright(
                    url, options.requests, options.rounds
                )
        finally:
            server.shutdown()
    print_table(
        results,
        f"{options.requests} sequential fetches x {options.rounds} rounds per mode, ms",
        digits=2,
    )


if __name__ == "__main__":
    main()
