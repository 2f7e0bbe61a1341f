"""The Playwright side of bench/url_globs.py, run with the peer's own interpreter:
``python _playwright_globs.py CASES_JSON REPEATS``; prints JSON: for each case, the times
(ms) of Playwright's own URL-glob match (``url_matches``, what ``page.route(glob)``
uses). It imports nothing of the project."""

import json
import sys
import time


def main() -> None:
    from playwright._impl.isomorphic.url_match import url_matches

    cases, repeats = json.loads(sys.argv[1]), int(sys.argv[2])
    found: dict[str, list[float]] = {}
    for name, glob, url in cases:
        times = []
        for _ in range(repeats):
            started = time.perf_counter()
            url_matches(None, url, glob)
            times.append((time.perf_counter() - started) * 1000)
        found[name] = times
        print(json.dumps({name: times}), flush=True)
    print(json.dumps(found))


if __name__ == "__main__":
    main()
