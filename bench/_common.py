"""Shared pieces of the benchmarks: statistics and a fixture-page server."""

from __future__ import annotations

import platform
import statistics
import subprocess
from collections.abc import Sequence


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
