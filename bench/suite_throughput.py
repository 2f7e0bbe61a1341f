"""What the framework costs when the application costs nothing: the demo suites with the
demo app's latency and jitter at 0, with one worker and with two.

Run: .venv/bin/python -m bench.suite_throughput [--rounds 2]

Each round runs the suites with ``-n 1`` and then ``-n 2`` (alternating, so drift hits
both), timing the whole pytest process; WebDriver commands are counted per test by a
small plugin (``bench/_count_commands.py``) that wraps Selenium's command executor.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

from bench._common import machine, run_demo_suites, summary


def once(workers: int, folder: Path) -> dict[str, float]:
    prefix = folder / f"commands-{workers}-{time.monotonic_ns()}"
    junit = folder / f"junit-{workers}.xml"
    wall = run_demo_suites(
        workers,
        "-p",
        "bench._count_commands",
        f"--junitxml={junit}",
        env={"E2E_COMMAND_COUNT": str(prefix)},
    )
    tests = sum(1 for _ in ET.parse(junit).iter("testcase"))
    counts: dict[str, int] = {}
    for file in folder.glob(prefix.name + ".*.json"):
        counts.update(json.loads(file.read_text()))
    per_test = [n for name, n in counts.items() if name]
    return {
        "wall_s": wall,
        "tests": tests,
        "tests_per_min": tests / wall * 60,
        "commands_per_test": statistics.mean(per_test) if per_test else 0.0,
        "commands_median": statistics.median(per_test) if per_test else 0.0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--out", type=Path, default=Path("bench/results/suite_throughput.json"))
    args = parser.parse_args()
    runs: dict[int, list[dict[str, float]]] = {1: [], 2: []}
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(args.rounds):
            for workers in (1, 2):
                runs[workers].append(once(workers, Path(tmp)))
    print(f"machine: {machine()}")
    print(
        f"{'workers':8} {'wall s (each round)':24} {'tests':>6} {'tests/min':>10} "
        f"{'commands/test mean':>19} {'median':>7}"
    )
    report: dict[str, object] = {"machine": machine(), "runs": runs}
    for workers, rows in runs.items():
        walls = [r["wall_s"] for r in rows]
        print(
            f"{workers:8} {', '.join(f'{w:.1f}' for w in walls):24} {rows[0]['tests']:6.0f} "
            f"{statistics.median(r['tests_per_min'] for r in rows):10.1f} "
            f"{statistics.median(r['commands_per_test'] for r in rows):19.1f} "
            f"{statistics.median(r['commands_median'] for r in rows):7.0f}"
        )
    ratios = [b["wall_s"] / a["wall_s"] for a, b in zip(runs[1], runs[2], strict=True)]
    print(f"wall time -n 2 / -n 1, round by round: {', '.join(f'{r:.2f}' for r in ratios)}")
    report["ratio"] = summary(ratios)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
