"""The Playwright side of bench/long_requests.py, run with the peer's own interpreter:
``python _playwright_clicks.py URL TRIALS CHROMIUM ARGS_JSON``; prints JSON: the click
times (ms) on the inbox page with nothing open and with its long poll, server-sent events
and heartbeat running. It imports nothing of the project, and Playwright only when run."""

import json
import sys
import time


def main() -> None:
    from playwright.sync_api import sync_playwright

    url, trials, chromium, args = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    found: dict[str, list[float]] = {"quiet page": [], "poll + SSE + heartbeat": []}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=json.loads(args))
        quiet, busy = browser.new_page(), browser.new_page()
        quiet.goto(url)
        busy.goto(url)
        busy.evaluate("startAll()")
        for _ in range(trials):
            for name, page in (("quiet page", quiet), ("poll + SSE + heartbeat", busy)):
                started = time.perf_counter()
                page.click("#other")
                found[name].append((time.perf_counter() - started) * 1000)
        browser.close()
    print(json.dumps(found))


if __name__ == "__main__":
    main()
