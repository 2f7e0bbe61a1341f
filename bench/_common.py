"""Shared pieces of the benchmarks: statistics and a fixture-page server."""

from __future__ import annotations

import contextlib
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any


def summary(values: Sequence[float]) -> dict[str, float]:
    ordered = sorted(values)
    if not ordered:
        return {}
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    q = statistics.quantiles(ordered, n=4) if len(ordered) > 1 else [ordered[0]] * 3
    return {
        "n": len(ordered),
        "median": statistics.median(ordered),
        "p95": p95,
        "iqr": q[2] - q[0],
        "min": ordered[0],
        "max": ordered[-1],
    }


def machine() -> str:
    try:
        chromium = subprocess.run(
            ["chromium", "--version"], capture_output=True, text=True, check=False
        ).stdout.strip()
    except OSError:
        chromium = "chromium not found"
    cores = subprocess.run(["nproc"], capture_output=True, text=True, check=False).stdout.strip()
    return f"{platform.platform()}, {cores} cores, Python {platform.python_version()}, {chromium}"


def pss_kib(pid: int) -> int:
    """The proportional set size of one process, KiB (0 when it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def descendants(pid: int) -> list[int]:
    """``pid`` and every process below it."""
    found, stack = [], [pid]
    while stack:
        current = stack.pop()
        found.append(current)
        try:
            for task in Path(f"/proc/{current}/task").iterdir():
                stack += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


class PeakPss:
    """Samples the summed PSS of a process tree every 50 ms while it runs."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak_kib = pid, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak_kib = max(self.peak_kib, sum(pss_kib(p) for p in descendants(self.pid)))
            self._stop.wait(0.05)

    def stop(self) -> float:
        """Stop sampling; the peak in MiB."""
        self._stop.set()
        self._thread.join()
        return self.peak_kib / 1024


ROOT = Path(__file__).resolve().parents[1]


def run_demo_suites(
    workers: int, *extra: str, latency: int = 0, env: dict[str, str] | None = None
) -> float:
    """Run the demo suites headless with ``-n workers`` and the demo app's latency and
    jitter at ``latency`` ms; the wall time of the whole pytest process, in seconds.
    A red run stops the benchmark with its output: a failing suite's time means nothing."""
    command = [sys.executable, "-m", "pytest", "tests/demo", "-q", "-p", "no:cacheprovider"]
    command += ["--headless", "-n", str(workers), *extra]
    environment = {
        **os.environ,
        "DEMO_LATENCY_MS": str(latency),
        "DEMO_JITTER_MS": str(latency),
        "SE_AVOID_STATS": "true",
        **(env or {}),
    }
    started = time.monotonic()
    done = subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, text=True)
    wall = time.monotonic() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command[3:])} failed:\n{done.stdout[-3000:]}")
    return wall


def write_per_worker(variable: str, data: object) -> None:
    """For the bench plugins: write ``data`` to ``$variable.<worker>.json`` (``main``
    outside xdist), when that environment variable names a path prefix."""
    prefix = os.environ.get(variable)
    if prefix:
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        with open(f"{prefix}.{worker}.json", "w", encoding="utf-8") as out:
            json.dump(data, out)


def print_table(results: dict[str, dict[str, list[float]]], what: str, digits: int = 1) -> None:
    """A Markdown table of ``results`` (browser -> case -> values in ms): median, IQR,
    p95, min and max, after the machine and a line saying ``what`` was measured."""
    print(f"machine: {machine()}")
    print(what)
    print("| browser | case | n | median | IQR | p95 | min | max |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for browser, cases in results.items():
        for case, values in cases.items():
            s = summary(values)
            cells = " | ".join(
                f"{s[key]:.{digits}f}" for key in ("median", "iqr", "p95", "min", "max")
            )
            print(f"| {browser} | {case} | {s['n']:.0f} | {cells} |")


@contextlib.contextmanager
def demo_app(seed: dict[str, object]) -> Iterator[tuple[str, dict[str, Any]]]:
    """The demo app on a free 127.0.0.1 port with no added latency, seeded with ``seed``
    (``POST /api/test/seed``): yields its base URL and the seed's answer; stopped after."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    root = Path(__file__).resolve().parents[1]
    with tempfile.TemporaryDirectory() as data:
        env = {**os.environ, "DEMO_LATENCY_MS": "0", "DEMO_JITTER_MS": "0"}
        command = [sys.executable, "-m", "demo_app", "--port", str(port), "--data-dir", data]
        server = subprocess.Popen(
            [*command, "--test-mode"],
            cwd=root,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            for _ in range(100):
                try:
                    urllib.request.urlopen(base + "/login", timeout=1).close()
                    break
                except OSError:
                    time.sleep(0.1)
            request = urllib.request.Request(
                base + "/api/test/seed",
                json.dumps(seed).encode(),
                {"Content-Type": "application/json"},
            )
            with urllib.request.urlopen(request, timeout=30) as answer:
                seeded: dict[str, Any] = json.load(answer)
            yield base, seeded
        finally:
            server.terminate()
            server.wait(10)
