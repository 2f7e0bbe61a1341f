"""Where a demo test's time goes: setup, call and teardown, and how much of it was spent
inside the settle checks and ``expect`` looks: waiting in the browser for the page to
settle (overlays, busy indicators, AJAX, ``ready_when``) or for a condition, their
round trips included. That share is mostly the application's own pace, which the
waits are there to honour; the rest is the test's commands and the framework's work.

Run: .venv/bin/python -m bench.where_time_goes [--workers 1]

The demo suites run once with the demo app's latency and jitter at 0; the figures are
sums over the tests of one worker's time (with ``--workers 1``, the wall time of the
tests themselves).
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from bench._common import machine, run_demo_suites


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        prefix = Path(tmp) / "phases"
        wall = run_demo_suites(
            args.workers, "-p", "bench._phase_times", env={"E2E_PHASE_TIMES": str(prefix)}
        )
        tests: dict[str, dict[str, float]] = {}
        for file in Path(tmp).glob("phases.*.json"):
            for name, row in json.loads(file.read_text()).items():
                mine = tests.setdefault(name, {}) if name else {}
                for key, value in row.items():
                    mine[key] = mine.get(key, 0.0) + value
    keys = ("setup", "call", "teardown", "waiting")
    totals = {k: sum(t.get(k, 0.0) for t in tests.values()) for k in keys}
    spent = totals["setup"] + totals["call"] + totals["teardown"]
    print(f"machine: {machine()}")
    print(f"{len(tests)} tests, -n {args.workers}, whole process {wall:.1f} s")
    for name in ("setup", "call", "teardown"):
        print(
            f"{name:>9}: {totals[name]:7.1f} s  {totals[name] / spent:6.1%}  "
            f"{totals[name] / len(tests) * 1000:6.0f} ms a test"
        )
    print(f"   in tests: {spent:7.1f} s  ({spent / len(tests) * 1000:.0f} ms a test)")
    print(
        f"   in settle checks and expect looks: {totals['waiting']:.1f} s, "
        f"{totals['waiting'] / spent:.1%} of the tests' time, "
        f"{totals['waiting'] / len(tests) * 1000:.0f} ms a test"
    )
    print(f"   outside tests (start-up, collection, the app, the end): {wall - spent:.1f} s")


if __name__ == "__main__":
    main()
