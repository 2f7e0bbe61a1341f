"""What a role locator costs: a role query beside Playwright's ``get_by_role`` on a page of
5,000 table rows and 500 buttons, and a click through a role locator beside a click
through an id locator on the demo's project page.

Run: .venv/bin/python -m bench.role_queries [--rounds 20] [--clicks 40] [--no-peer]

Part 1, the same system Chromium for both: each query counts its matches in the page
(ours: one WebDriver script with the query engine, answering the count; Playwright:
``locator.count()``), ``--rounds`` times, the queries interleaved. Part 2: the demo app
(no added latency), signed in, its project page; ``page.click`` on "Add test case" and
"Cancel", by role and by id, interleaved A B A B, each click timed wall clock (the settle
check and the click, one round trip).
"""

from __future__ import annotations

import argparse
import time
from importlib import resources
from pathlib import Path

from selenium.webdriver.common.by import By

from bench._common import demo_app, machine, print_table
from bench.peers import run_playwright
from e2e import BasePage, Config, Locator, build_driver
from e2e.base import processes
from e2e.queries import engine_script
from tests.integration.library.fixture_server import FixtureServer

QUERIES = {
    'button "Button 250"': Locator.role("button", "Button 250"),
    "row (5,001)": Locator.role("row"),
    'link "Row 4999"': Locator.role("link", "Row 4999", exact=True),
}
_COUNT = "\nreturn findAll(arguments[0], arguments[1]).length;"


def ours(url: str, rounds: int) -> dict[str, list[float]]:
    driver = build_driver(Config(browser="chrome", headless=True))
    dom = resources.files("e2e.waiting").joinpath("_dom.js").read_text(encoding="utf-8")
    script = engine_script() + dom + _COUNT
    found: dict[str, list[float]] = {}
    try:
        driver.get(url)
        counts = {}
        for _ in range(rounds):
            for name, locator in QUERIES.items():
                started = time.perf_counter()
                counts[name] = driver.execute_script(script, locator.by, locator.value)
                found.setdefault(name, []).append((time.perf_counter() - started) * 1000)
        print("ours: counts", [counts[n] for n in QUERIES])
    finally:
        driver.quit()
        processes.release(driver)
    return found


def clicks(rounds: int) -> dict[str, list[float]]:
    from pages.cases import ProjectPage
    from pages.login import LoginPage

    by_role = (Locator.role("button", "Add test case"), Locator.role("button", "Cancel"))
    by_id = (Locator(By.ID, "add-case", "add"), Locator(By.ID, "case-cancel", "cancel"))
    found: dict[str, list[float]] = {"click by id": [], "click by role": []}
    driver = build_driver(Config(browser="chrome", headless=True))
    cases = [{"title": f"Case {i}", "description": "steps"} for i in range(20)]
    try:
        with demo_app({"projects": [{"name": "P", "cases": cases}]}) as (base, seeded):
            LoginPage(driver, base).open().login("admin", "admin-pass-1")
            page: BasePage = ProjectPage(driver, base).open_project(seeded["projects"]["P"])
            for _ in range(rounds):
                for name, (add, cancel) in (("click by id", by_id), ("click by role", by_role)):
                    for locator in (add, cancel):
                        started = time.perf_counter()
                        page.click(locator)
                        found[name].append((time.perf_counter() - started) * 1000)
    finally:
        driver.quit()
        processes.release(driver)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--clicks", type=int, default=40)
    parser.add_argument("--no-peer", action="store_true", help="leave Playwright out")
    options = parser.parse_args()
    print(machine())
    server = FixtureServer().start()
    try:
        url = f"{server.url}/many.html"
        queries = {f"e2e {n}": v for n, v in ours(url, options.rounds).items()}
        if not options.no_peer:
            peer = run_playwright(
                Path(__file__).with_name("_playwright_roles.py"), url, str(options.rounds)
            )
            print("Playwright: counts", peer.pop("counts"))
            queries.update({f"Playwright {n}": v for n, v in peer.items()})
    finally:
        server.stop()
    print_table({"role queries": queries}, f"{options.rounds} rounds, ms per count")
    print_table(
        {"demo project page": clicks(options.clicks)}, f"{options.clicks} rounds, ms per click"
    )


if __name__ == "__main__":
    main()
