"""How long the ``e2e`` command takes to answer, from start to exit, against the peers'
commands measured in the same run, interleaved (A B C A B C ...):

- ``e2e --help`` and ``e2e --version``: what a user types first, and what every later
  subcommand pays before it does anything (the target: under 0.3 s);
- ``e2e doctor --browser chromium``: the checks, which run the browser's and driver's
  ``--version``;
- ``python -c "import e2e; e2e.Locator"``: the library's first public name (the lazy
  ``e2e`` package imports Selenium here, not at ``import e2e``);
- the peers: ``playwright --help`` (Playwright's Python CLI, from the pytest-playwright
  environment of ``bench/peers.py``) and ``sbase --help`` (SeleniumBase) where installed.

Run: .venv/bin/python -m bench.cli_startup [--repeats 30]
Times are wall seconds per run of the whole process.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

from bench._common import machine, summary
from bench.peers import TOOLS, python_for

ROOT = Path(__file__).resolve().parents[1]


def commands() -> dict[str, list[str]]:
    e2e = str(Path(sys.executable).with_name("e2e"))
    found = {
        "e2e --help": [e2e, "--help"],
        "e2e --version": [e2e, "--version"],
        "e2e doctor --browser chromium": [e2e, "doctor", "--browser", "chromium"],
        "import e2e; e2e.Locator": [sys.executable, "-c", "import e2e; e2e.Locator"],
    }
    for tool in TOOLS:
        if tool.package == "pytest-playwright":
            playwright = Path(python_for(tool)).with_name("playwright")
            found["playwright --help (peer)"] = [str(playwright), "--help"]
        if tool.package == "seleniumbase":
            sbase = Path(python_for(tool)).with_name("sbase")
            if sbase.exists():
                found["sbase --help (peer)"] = [str(sbase), "--help"]
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=30)
    args = parser.parse_args()
    runs = commands()
    times: dict[str, list[float]] = {name: [] for name in runs}
    for argv in runs.values():  # one warm-up each: the file cache
        subprocess.run(argv, capture_output=True, check=False, cwd="/tmp")
    for _ in range(args.repeats):
        for name, argv in runs.items():
            start = time.perf_counter()
            subprocess.run(argv, capture_output=True, check=False, cwd="/tmp")
            times[name].append(time.perf_counter() - start)
    result = {"machine": machine(), "repeats": args.repeats}
    for name, values in times.items():
        stats = summary(values)
        result[name] = {k: round(v, 4) for k, v in stats.items()}
        print(
            f"{name:38s} median {stats['median'] * 1000:7.1f} ms  IQR "
            f"{stats['iqr'] * 1000:5.1f} ms  min {stats['min'] * 1000:6.1f}  max "
            f"{stats['max'] * 1000:6.1f}"
        )
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "cli_startup.json").write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
