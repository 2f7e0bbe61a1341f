"""URL-glob matching: this library's linear matcher against Playwright's regex-based
one (what ``page.route(glob)`` uses), on an ordinary glob and on a backtracking one.

Run: .venv/bin/python -m bench.url_globs [--repeats 200]

Cases, each a glob against a URL:

- ``ordinary``: ``**/api/projects/*/cases`` against a 60-character URL, matching;
- ``backtracking 200`` / ``2000`` / ``20000``: ``"**" + "a**" * 13 + "!"`` (42
  characters) against ``http://h/`` and that many ``a`` (no match: the worst case for a
  regex of ``.*`` runs, which tries every way to split the URL).

Playwright runs in the peer's own interpreter (``bench/.venv-peers/pytest-playwright``),
one case at a time, each given 20 s: a case it does not finish in that time is reported
as such (the process is killed). Times are per match, in milliseconds.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import time
from pathlib import Path

from bench._common import machine, summary
from bench.peers import TOOLS, python_for
from e2e.base.url_globs import url_glob

HERE = Path(__file__).resolve().parent
BACKTRACKING = "**" + "a**" * 13 + "!"


def cases() -> list[tuple[str, str, str]]:
    found = [("ordinary", "**/api/projects/*/cases", "http://127.0.0.1:8000/api/projects/42/cases")]
    for size in (200, 2000, 20000):
        found.append((f"backtracking {size}", BACKTRACKING, "http://h/" + "a" * (size - 9)))
    return found


def ours(repeats: int) -> dict[str, list[float]]:
    out = {}
    for name, glob, url in cases():
        compiled = url_glob(glob)
        times = []
        for _ in range(repeats):
            started = time.perf_counter()
            compiled.matches(url)
            times.append((time.perf_counter() - started) * 1000)
        out[name] = times
    return out


def playwright(repeats: int, limit: float = 20.0) -> dict[str, list[float] | str]:
    tool = next(t for t in TOOLS if t.package == "pytest-playwright")
    out: dict[str, list[float] | str] = {}
    for case in cases():
        try:
            done = subprocess.run(
                [python_for(tool), str(HERE / "_playwright_globs.py"), json.dumps([case]),
                 str(repeats if case[0] == "ordinary" else 3)],
                capture_output=True, text=True, timeout=limit, check=True,
            )  # fmt: skip
            out[case[0]] = json.loads(done.stdout.strip().splitlines()[-1])[case[0]]
        except subprocess.TimeoutExpired:
            out[case[0]] = f"did not finish in {limit:g} s"
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=200)
    args = parser.parse_args()
    mine, theirs = ours(args.repeats), playwright(args.repeats)
    print(f"machine: {machine()}")
    print("per match, ms: median (IQR, n)")
    print("| case | pagewright | Playwright |")
    print("| --- | ---: | ---: |")
    for name, _, _ in cases():
        cells = []
        for found in (mine[name], theirs[name]):
            if isinstance(found, str):
                cells.append(found)
            else:
                s = summary(found)
                cells.append(f"{s['median']:.4f} ({s['iqr']:.4f}, {s['n']:g})")
        print(f"| {name} | {cells[0]} | {cells[1]} |")


if __name__ == "__main__":
    main()
