"""The quarantine file: flaky tests, one a line, each with why (``e2e history quarantine``
writes it; ``--quarantine FILE`` reads it). A quarantined test still runs and still
records; it runs as a non-strict xfail, so its failure does not turn the night red."""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

from e2e.history.analysis import FAILED, Flaky, Loaded

__all__ = ["read_quarantine", "write_quarantine"]

_HEADER = "# e2e quarantine: flaky tests run as non-strict xfails (test, a tab, the reason)"


def _last_failure(test: str, loaded: Loaded) -> str:
    for run, results in reversed(loaded):
        for result in results:
            if result.test == test and result.outcome in FAILED and result.failure:
                when = time.strftime("%Y-%m-%d", time.localtime(run.started))
                return f"; last failed {when} on {run.engine}: {result.failure[:200]}"
    return ""


def write_quarantine(found: Sequence[Flaky], loaded: Loaded, out: Path) -> int:
    lines = [_HEADER, f"# written {time.strftime('%Y-%m-%d %H:%M')} from {len(loaded)} runs"]
    for f in found:
        reason = (
            f"flake rate {f.rate:.0%} over {f.runs} runs on {', '.join(f.engines)}"
            + _last_failure(f.test, loaded)
        )
        lines.append(f"{f.test}\t{' '.join(reason.split())}")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(found)


def read_quarantine(path: Path) -> dict[str, str]:
    """Test id -> reason. ``OSError`` when the file cannot be read."""
    out: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        test, _, reason = line.partition("\t")
        out[test.strip()] = reason.strip() or "quarantined"
    return out
