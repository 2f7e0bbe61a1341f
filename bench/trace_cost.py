"""What tracing costs: the demo suites with ``--tracing off``, ``retain-on-failure`` and
``on``, interleaved round by round, each timed as a whole pytest process.

Run: .venv/bin/python -m bench.trace_cost [--rounds 2] [--workers 2] [--latency 200]

``retain-on-failure`` records as much as ``on`` while a test runs (it cannot know yet
whether the test will fail) and writes nothing for a test that passes.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
from pathlib import Path

from bench._common import machine, run_demo_suites, summary

MODES = ("off", "retain-on-failure", "on")


def once(mode: str, workers: int, latency: int, folder: Path) -> float:
    artifacts = str(folder / f"artifacts-{mode}")
    return run_demo_suites(
        workers, "--tracing", mode, "--artifacts-dir", artifacts, latency=latency
    )


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
