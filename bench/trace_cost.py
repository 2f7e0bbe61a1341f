"""What tracing costs: the demo suites with ``--tracing off``, ``retain-on-failure`` and
``on``, interleaved round by round, each timed as a whole pytest process.

Run: .venv/bin/python -m bench.trace_cost [--rounds 2] [--workers 2] [--latency 200]

``retain-on-failure`` records as much as ``on`` while a test runs (it cannot know yet
whether the test will fail) and writes nothing for a test that passes.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench._common import machine, summary

ROOT = Path(__file__).resolve().parents[1]
MODES = ("off", "retain-on-failure", "on")


def once(mode: str, workers: int, latency: int, folder: Path) -> float:
    env = {
        **os.environ,
        "DEMO_LATENCY_MS": str(latency),
        "DEMO_JITTER_MS": str(latency),
        "SE_AVOID_STATS": "true",
    }
    command = [
        sys.executable,
        "-m",
        "pytest",
        "tests/demo",
        "-q",
        "-p",
        "no:cacheprovider",
        "--headless",
        "-n",
        str(workers),
        "--tracing",
        mode,
        "--artifacts-dir",
        str(folder / f"artifacts-{mode}"),
    ]
    started = time.monotonic()
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    wall = time.monotonic() - started
    if done.returncode != 0:
        raise SystemExit(f"--tracing {mode} failed:\n{done.stdout[-3000:]}")
    return wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--latency", type=int, default=200, help="demo app latency and jitter, ms")
    parser.add_argument("--out", type=Path, default=Path("bench/results/trace_cost.json"))
    args = parser.parse_args()
    walls: dict[str, list[float]] = {m: [] for m in MODES}
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(args.rounds):
            for mode in MODES:
                walls[mode].append(once(mode, args.workers, args.latency, Path(tmp)))
    print(f"machine: {machine()}")
    print(f"{'--tracing':20} {'wall s, each round':28} {'median':>7} {'vs off':>7}")
    base = statistics.median(walls["off"])
    report: dict[str, object] = {"machine": machine(), "walls": walls, "ratios": {}}
    for mode, values in walls.items():
        ratios = [v / o for v, o in zip(values, walls["off"], strict=True)]
        report["ratios"][mode] = summary(ratios)  # type: ignore[index]
        print(
            f"{mode:20} {', '.join(f'{v:.1f}' for v in values):28} "
            f"{statistics.median(values):7.1f} {statistics.median(values) / base:7.2f}"
        )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
