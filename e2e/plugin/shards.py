"""``--shard I/N``: this job's part of the collected tests. Every test lands in exactly
one part, the same for the same tests and durations, on every xdist worker (the
controller reads the durations and hands them to the workers).

With a history, parts are balanced by each test's recorded duration (the median of its
passing runs on this engine; a test with none counts as the median of the others): the
longest first, each to the part with the least time so far. Without one, the tests are
cut into N runs of consecutive tests of equal count, which keeps a module's tests (and
its module-scoped fixtures) together.

pytest-split does the first half of this from a ``.test_durations`` file committed to the
repository and refreshed by a run of its own; the history already holds every night's
durations per engine, and one reader of them keeps the controller and its workers in
agreement, so this is not pytest-split.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import TypeVar

__all__ = ["durations_from_history", "shard_of"]

T = TypeVar("T")


def shard_of(
    ids: Sequence[str], index: int, total: int, durations: Mapping[str, float] | None = None
) -> set[str]:
    """The test ids of part ``index`` (from 1) of ``total``."""
    if total <= 1:
        return set(ids)
    known = [durations[i] for i in ids if durations and i in durations]
    if not known:
        size = len(ids)
        start, end = (index - 1) * size // total, index * size // total
        return set(ids[start:end])
    assert durations is not None
    typical = statistics.median(known)
    loads = [0.0] * total
    parts: list[set[str]] = [set() for _ in range(total)]
    weighted = sorted(ids, key=lambda i: (-durations.get(i, typical), i))
    for test in weighted:
        lightest = min(range(total), key=lambda k: (loads[k], k))
        loads[lightest] += durations.get(test, typical)
        parts[lightest].add(test)
    return parts[index - 1]


def durations_from_history(url: str, engine: str, runs: int = 20) -> dict[str, float]:
    """Each test's median duration over its passing runs on ``engine`` (the last
    ``runs``); empty when the history has none or cannot be reached."""
    from e2e.history import HistoryError, open_history

    try:
        with open_history(url) as history:
            recent = history.runs(engine, limit=runs)
            results = history.results([r.id for r in recent])
    except HistoryError:
        return {}
    seconds: dict[str, list[float]] = defaultdict(list)
    for found in results.values():
        for r in found:
            if r.outcome in ("passed", "flaky"):
                seconds[r.test].append(r.seconds)
    return {test: statistics.median(values) for test, values in seconds.items()}
