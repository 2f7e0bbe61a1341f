"""What a trace's DOM snapshots cost (issue 37): size and wall time.

Size: a 50-step test on the demo's cases page (ten cases added through the modal: click,
type, type, select, save, with BlockUI between), traced with ``--tracing on``, with
snapshots and without (screenshots only); the size of its ``trace.html`` each way.

Time: the demo suites with ``--tracing on``, ``--trace-snapshots on`` against ``off``,
interleaved round by round, each timed as a whole pytest process.

Run: .venv/bin/python -m bench.trace_snapshots [--rounds 2] [--workers 2] [--latency 200]
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench._common import ROOT, machine, run_demo_suites, summary

FIFTY_STEPS = """
from pages.cases import ProjectPage


def test_fifty_steps(demo, login_page, page):
    login_page.login("admin", "admin-pass-1")
    ids = demo.seed(projects=[{"name": "Shop", "cases": [{"title": "Refund"}]}])
    shop = page(ProjectPage).open_project(ids["projects"]["Shop"])
    for n in range(10):
        shop.add_case(f"Case number {n}", f"Steps for case {n}.", "high" if n % 2 else "low")
"""


def trace_of(snapshots: str, folder: Path) -> dict[str, int]:
    """Run the 50-step test traced: the size of its trace in bytes, its steps, snapshots
    and distinct nodes, and the bytes of its screenshots and of its snapshot data."""
    test = folder / f"test_fifty_{snapshots}.py"
    test.write_text(FIFTY_STEPS)
    artifacts = folder / f"artifacts-{snapshots}"
    command = [sys.executable, "-m", "pytest", str(test), "-q", "-p", "no:cacheprovider"]
    command += ["-p", "conftest", "-p", "tests.demo.conftest", "--rootdir", str(ROOT)]
    command += ["-c", str(ROOT / "pyproject.toml"), "--headless", "--tracing", "on"]
    command += ["--trace-snapshots", snapshots, "--artifacts-dir", str(artifacts)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"the 50-step test failed:\n{done.stdout[-3000:]}")
    [trace] = list(artifacts.rglob("trace.html"))
    text = trace.read_text(encoding="utf-8")
    data = json.loads(re.search(r"var TRACE = (.*?);\n", text).group(1))  # type: ignore[union-attr]
    kept = data.get("snapshots") or {"list": [], "nodes": []}
    return {
        "bytes": trace.stat().st_size,
        "steps": len(data["steps"]),
        "snapshots": len(kept["list"]),
        "nodes": len(kept["nodes"]),
        "screenshot_bytes": sum(len(s["screenshot"]) for s in data["steps"]),
        "snapshot_bytes": len(json.dumps(data.get("snapshots"))),
        "each_whole_bytes": expanded(kept),
    }


def expanded(kept: dict[str, list]) -> int:  # type: ignore[type-arg]
    """What the snapshots would weigh with each kept whole (every node written out)."""
    nodes, sizes = kept["nodes"], {}  # type: ignore[var-annotated]

    def size(i: int) -> int:
        if i not in sizes:
            node = nodes[i]
            own = json.dumps(node if isinstance(node, str) else node[:2])
            sizes[i] = len(own) + (0 if isinstance(node, str) else sum(size(k) for k in node[2]))
        return sizes[i]  # type: ignore[no-any-return]

    return sum(size(s["root"]) for s in kept["list"] if s["root"] is not None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--latency", type=int, default=200, help="demo app latency and jitter, ms")
    parser.add_argument("--skip-time", action="store_true", help="the sizes only")
    parser.add_argument("--out", type=Path, default=Path("bench/results/trace_snapshots.json"))
    args = parser.parse_args()
    report: dict[str, object] = {"machine": machine()}
    print(f"machine: {machine()}")
    with tempfile.TemporaryDirectory() as tmp:
        sizes = {mode: trace_of(mode, Path(tmp)) for mode in ("off", "on")}
        report["sizes"] = sizes
        for mode, size in sizes.items():
            print(
                f"--trace-snapshots {mode:3}: trace.html {size['bytes'] / 1e6:.2f} MB, "
                f"{size['steps']} steps, screenshots {size['screenshot_bytes'] / 1e6:.2f} MB, "
                f"{size['snapshots']} snapshots of {size['nodes']} distinct nodes in "
                f"{size['snapshot_bytes'] / 1e6:.3f} MB "
                f"({size['each_whole_bytes'] / 1e6:.2f} MB with each kept whole)"
            )
        if not args.skip_time:
            walls: dict[str, list[float]] = {"off": [], "on": []}
            for _ in range(args.rounds):
                for mode in walls:
                    artifacts = str(Path(tmp) / f"suite-{mode}")
                    walls[mode].append(
                        run_demo_suites(
                            args.workers,
                            "--tracing",
                            "on",
                            "--trace-snapshots",
                            mode,
                            "--artifacts-dir",
                            artifacts,
                            latency=args.latency,
                        )
                    )
            ratios = [on / off for on, off in zip(walls["on"], walls["off"], strict=True)]
            report["walls"] = walls
            report["ratio"] = summary(ratios)
            for mode, values in walls.items():
                print(
                    f"--tracing on --trace-snapshots {mode:3}: "
                    f"{', '.join(f'{v:.1f}' for v in values)} s, "
                    f"median {statistics.median(values):.1f} s"
                )
            print(f"on / off, round by round: {', '.join(f'{r:.3f}' for r in ratios)}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
