"""The Playwright side of bench/role_queries.py, run with the peer's own interpreter:
``python _playwright_roles.py URL ROUNDS CHROMIUM ARGS_JSON``; prints JSON: the time (ms)
of each ``get_by_role(...).count()`` on the page of 5,000 rows and 500 buttons. It
imports nothing of the project, and Playwright only when run."""

import json
import sys
import time


def main() -> None:
    from playwright.sync_api import sync_playwright

    url, rounds, chromium, args = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    found: dict[str, list[float]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=json.loads(args))
        page = browser.new_page()
        page.goto(url)
        queries = {
            'button "Button 250"': page.get_by_role("button", name="Button 250"),
            "row (5,001)": page.get_by_role("row"),
            'link "Row 4999"': page.get_by_role("link", name="Row 4999", exact=True),
        }
        counts = {}
        for _ in range(rounds):
            for name, locator in queries.items():
                started = time.perf_counter()
                counts[name] = locator.count()
                found.setdefault(name, []).append((time.perf_counter() - started) * 1000)
        browser.close()
    found["counts"] = [counts[n] for n in queries]
    print(json.dumps(found))


if __name__ == "__main__":
    main()
