"""The Playwright side of bench/route_cost.py, run with the peer's own interpreter:
``python _playwright_routes.py URL REQUESTS ROUNDS CHROMIUM ARGS_JSON``; prints JSON.
Its :data:`FETCHES` is the page's loop on both sides (it imports nothing of the project,
and Playwright only when run)."""

import json
import sys
import time

#: Sequential fetches of the served file, each timed on the page's clock.
FETCHES = """async (count) => {
  const times = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const answer = await fetch("data.txt?i=" + i + "-" + Math.random(), {cache: "no-store"});
    await answer.text();
    times.push(performance.now() - started);
  }
  return times;
}"""
MODES = ("no route", "a route that matches nothing", "handler lets it through", "fulfilled")


def main() -> None:
    from playwright.sync_api import sync_playwright

    url, requests, rounds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    chromium, args = sys.argv[4], json.loads(sys.argv[5])
    found: dict[str, list[float]] = {mode: [] for mode in MODES}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=args)
        page = browser.new_page()
        page.goto(url)
        for _ in range(rounds):
            for mode in MODES:
                if mode == "a route that matches nothing":
                    page.route("**/nothing-matches-this", lambda r: r.fulfill(status=204))
                elif mode == "handler lets it through":
                    page.route("**/data.txt?*", lambda r: r.continue_())
                elif mode == "fulfilled":
                    page.route("**/data.txt?*", lambda r: r.fulfill(status=200, body="ok"))
                found[mode] += page.evaluate(FETCHES, requests)
                page.unroute_all()
        setup = []
        for _ in range(rounds * 4):
            started = time.perf_counter()
            for n in range(3):
                page.route(f"**/api/thing-{n}", lambda r: r.fulfill(status=200, json={"n": 1}))
            page.unroute_all()
            setup.append((time.perf_counter() - started) * 1000)
        found["three routes set and ended (per test)"] = setup
        browser.close()
    print(json.dumps(found))


if __name__ == "__main__":
    main()
