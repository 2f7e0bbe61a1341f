"""The demo suites through a local Selenium Grid (hub + 2 nodes) vs locally with -n 2.

Run: .venv/bin/python -m bench.grid_vs_local

Both in the same run, one after the other, on the same machine; the figure is the ratio
of wall times (Grid / local). The Grid adds a hop (client -> hub -> node -> chromedriver)
to every WebDriver command.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

from bench._common import machine
from scripts import grid


def run_suites(extra: list[str]) -> tuple[float, int, int]:
    with tempfile.TemporaryDirectory() as tmp:
        junit = Path(tmp) / "junit.xml"
        started = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "tests/demo",
                "-n",
                "2",
                "--headless",
                "-q",
                "-p",
                "no:cacheprovider",
                f"--junitxml={junit}",
                *extra,
            ],
            stdout=subprocess.DEVNULL,
            check=False,
        )
        wall = time.perf_counter() - started
        cases = list(ET.parse(junit).iter("testcase"))
        failed = sum(
            1 for c in cases if c.find("failure") is not None or c.find("error") is not None
        )
    return wall, len(cases), failed


def main() -> None:
    results: dict[str, object] = {"machine": machine()}
    with tempfile.TemporaryDirectory() as state:
        hub = grid.start(mode="hub", nodes=2, port=grid.free_port(), state_dir=Path(state))
        try:
            results["grid"] = run_suites(["--grid-url", hub.url])
        finally:
            hub.stop()
    results["local"] = run_suites([])
    grid_wall, local_wall = results["grid"][0], results["local"][0]  # type: ignore[index]
    results["ratio"] = grid_wall / local_wall
    print(f"machine: {results['machine']}")
    for label in ("local", "grid"):
        wall, tests, failed = results[label]  # type: ignore[misc]
        print(f"{label:6} -n 2: {wall:6.1f} s wall, {tests} tests, {failed} failed")
    print(f"ratio grid/local: {results['ratio']:.2f}")
    out = Path("bench/results/grid_vs_local.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
