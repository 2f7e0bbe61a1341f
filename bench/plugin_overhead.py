"""Per-test overhead of the ``driver`` fixture, reused vs --fresh-browser, and peak memory.

Run: .venv/bin/python -m bench.plugin_overhead [--tests 40] [--engines]

``--engines`` measures the default mode of each engine instead (Chromium's CDP browser
context, Firefox's BiDi user context, WebKit's new browser per test, started ahead).

An inner pytest session runs N trivial tests (``def test_n(driver): pass``); the
per-test time is pytest's own (setup + call + teardown, from its JUnit XML), the first
test excluded as it starts the browser. While it runs, a sampler sums the proportional
set size (PSS) of the pytest process and all its descendants (chromedriver, Chromium).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import threading
import xml.etree.ElementTree as ET
from pathlib import Path

from bench._common import descendants, machine, pss_kib, summary

MODES = {
    "reused browser, CDP browser context per test, headless shell (default)": [],
    "reused browser, BiDi user context per test, headless shell": [
        "--capability",
        "webSocketUrl=true",
    ],
    "reused browser, full chromium --headless=new": ["--headless-shell", "off"],
    "--fresh-browser (headless shell)": ["--fresh-browser"],
}
ENGINE_MODES = {
    "chrome: CDP browser context per test, headless shell": ["--browser", "chrome"],
    "firefox: BiDi user context per test": ["--browser", "firefox"],
    "webkit: a new browser per test, started ahead, on Xvfb": ["--browser", "webkit"],
}


def run(folder: Path, extra: list[str], tests: int, work_ms: int = 0) -> dict[str, object]:
    # With --work-ms, each test stands for one that spends that long in its own steps
    # (a sleep: the test's work, not a wait), which a browser started ahead overlaps.
    body = f"time.sleep({work_ms / 1000})" if work_ms else "pass"
    (folder / "test_trivial.py").write_text(
        "import time\n\n" + "".join(f"def test_{i}(driver):\n    {body}\n\n" for i in range(tests))
    )
    junit = folder / f"junit-{len(extra)}-{'-'.join(extra)}.xml"
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "--headless",
        f"--junitxml={junit}",
        "-o",
        "junit_duration_report=total",
    ]
    command += extra
    process = subprocess.Popen(command, cwd=folder, stdout=subprocess.DEVNULL)
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, sum(pss_kib(p) for p in descendants(process.pid)))
            stop.wait(0.05)

    sampler = threading.Thread(target=sample)
    sampler.start()
    process.wait(timeout=600)
    stop.set()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"the inner session failed with exit code {process.returncode}")
    times = [
        float(case.get("time", 0)) * 1000 - work_ms for case in ET.parse(junit).iter("testcase")
    ]
    return {"per_test_ms": summary(times[1:]), "first_test_ms": times[0], "peak_mib": peak / 1024}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tests", type=int, default=40)
    parser.add_argument("--engines", action="store_true", help="each engine's default mode")
    parser.add_argument("--work-ms", type=int, default=0, help="each test's own time (ms)")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    modes = ENGINE_MODES if args.engines else MODES
    name = "plugin_overhead_engines" if args.engines else "plugin_overhead"
    name += f"_work{args.work_ms}" if args.work_ms else ""
    args.out = args.out or Path(f"bench/results/{name}.json")
    results = {"machine": machine()}
    with tempfile.TemporaryDirectory() as tmp:
        for label, extra in modes.items():
            results[label] = run(Path(tmp), extra, args.tests, args.work_ms)
    print(f"machine: {results['machine']}")
    print(
        f"{'mode':72} {'n':>4} {'median ms':>10} {'p95':>8} {'IQR':>7} {'first':>8} {'peak MiB':>9}"
    )
    for label in modes:
        r = results[label]
        s = r["per_test_ms"]
        print(
            f"{label:72} {s['n']:4} {s['median']:10.1f} {s['p95']:8.1f} {s['iqr']:7.1f} "
            f"{r['first_test_ms']:8.0f} {r['peak_mib']:9.0f}"
        )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
