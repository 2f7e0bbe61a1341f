"""Run the demo suites again and again under slow, jittery AJAX; report every failure.

Usage: python scripts/soak.py [--runs 20] [--latency 300] [--jitter 800] [pytest args...]
Ends with ``soak: R runs, T tests, F failures``; exits 1 on any failure.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=int(os.environ.get("SOAK_RUNS", "20")))
    parser.add_argument("--latency", type=int, default=300, help="AJAX latency, ms")
    parser.add_argument("--jitter", type=int, default=800, help="extra random latency, ms")
    args, pytest_args = parser.parse_known_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    env = {**os.environ, "DEMO_LATENCY_MS": str(args.latency), "DEMO_JITTER_MS": str(args.jitter)}
    tests = failures = 0
    failed_ids: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(1, args.runs + 1):
            junit = Path(tmp) / f"run-{run}.xml"
            command = [
                sys.executable,
                "-m",
                "pytest",
                "tests/demo",
                "-n",
                "auto",
                "--headless",
                "-q",
                "-p",
                "no:cacheprovider",
                f"--junitxml={junit}",
                *pytest_args,
            ]
            code = subprocess.run(
                command, env=env, stdout=subprocess.DEVNULL, check=False
            ).returncode
            if not junit.exists():
                print(f"run {run}: pytest exited {code} without a report", flush=True)
                failures += 1
                continue
            run_tests = run_failures = 0
            for case in ET.parse(junit).iter("testcase"):
                run_tests += 1
                if case.find("failure") is not None or case.find("error") is not None:
                    run_failures += 1
                    failed_ids.append(f"run {run}: {case.get('classname')}::{case.get('name')}")
            tests += run_tests
            failures += run_failures
            print(f"run {run}: {run_tests} tests, {run_failures} failures", flush=True)
    for failed in failed_ids:
        print(f"FAILED {failed}")
    print(f"soak: {args.runs} runs, {tests} tests, {failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
