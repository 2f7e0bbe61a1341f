"""The four questions a red night asks, answered from the history. Outcomes are compared
per test and engine: a test that always fails on Firefox is not flaky, it is broken on
Firefox (``engines`` says so).

- :func:`flaky`: passed on a rerun, or changed outcome at least twice between runs of the
  same commit (a test that starts failing and stays failing changed once: that is
  ``new``, not flaky); ranked by flake rate (failed or rerun runs over runs).
- :func:`new_failures`: failed in the engine's last run, and in none of the runs before
  it in the window; grouped by fingerprint.
- :func:`slowdowns`: a change-point on each test's durations (passing runs): the split
  that best explains them as two levels, kept when the rise is many times the series'
  own noise (the median absolute deviation around each side's median) and at least
  :data:`MIN_RISE` seconds, so that microsecond jitter of a fast test is no slowdown.
- :func:`engine_rates`: failure rate by test and engine, where the engines differ by at
  least half (one engine fails it most nights, another never).
"""

from __future__ import annotations

import itertools
import statistics
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from e2e.history.store import History, Result, Run

__all__ = [
    "EngineRow",
    "Flaky",
    "NewFailure",
    "Slowdown",
    "engine_rates",
    "flaky",
    "load",
    "new_failures",
    "slowdowns",
]

PASSED = frozenset({"passed", "flaky"})
FAILED = frozenset({"failed", "error"})
#: A slowdown is at least this many seconds (and many times the test's own noise).
MIN_RISE = 0.05
#: How many times its noise a rise must be.
NOISE_TIMES = 6.0
#: Each side of a change-point has at least this many runs.
MIN_SIDE = 3

Loaded = list[tuple[Run, list[Result]]]


def load(history: History, engine: str | None = None, runs: int = 20) -> Loaded:
    """The last ``runs`` runs of each engine (of one, with ``engine``), oldest first, each
    with its results."""
    every = history.runs(engine)
    by_engine: dict[str, list[Run]] = defaultdict(list)
    for run in every:
        by_engine[run.engine].append(run)
    kept = sorted(
        (run for group in by_engine.values() for run in group[-runs:]),
        key=lambda r: (r.started, r.id),
    )
    results = history.results([r.id for r in kept])
    return [(run, results[run.id]) for run in kept]


def _series(loaded: Loaded) -> dict[tuple[str, str], list[tuple[Run, Result]]]:
    out: dict[tuple[str, str], list[tuple[Run, Result]]] = defaultdict(list)
    for run, results in loaded:
        for result in results:
            if result.outcome != "skipped":
                out[(result.test, run.engine)].append((run, result))
    return out


@dataclass(frozen=True)
class Flaky:
    test: str
    rate: float  # runs that failed or passed only on a rerun, over runs
    runs: int
    last_seen: float  # when it last failed or needed a rerun
    engines: tuple[str, ...]


def flaky(loaded: Loaded) -> list[Flaky]:
    found: dict[str, list[tuple[str, int, int, float]]] = defaultdict(list)
    for (test, engine), points in _series(loaded).items():
        reruns = sum(1 for _, r in points if r.outcome == "flaky")
        bad = [run.started for run, r in points if r.outcome in FAILED or r.outcome == "flaky"]
        changes = 0
        for (run_a, a), (run_b, b) in itertools.pairwise(points):
            same_code = not run_a.commit or not run_b.commit or run_a.commit == run_b.commit
            if same_code and (a.outcome in PASSED) != (b.outcome in PASSED):
                changes += 1
        if reruns or changes >= 2:
            found[test].append((engine, len(bad), len(points), max(bad)))
    out = [
        Flaky(
            test,
            rate=sum(b for _, b, _, _ in rows) / sum(n for _, _, n, _ in rows),
            runs=sum(n for _, _, n, _ in rows),
            last_seen=max(at for *_, at in rows),
            engines=tuple(sorted(e for e, *_ in rows)),
        )
        for test, rows in found.items()
    ]
    return sorted(out, key=lambda f: (-f.rate, f.test))


@dataclass(frozen=True)
class NewFailure:
    fingerprint: str
    failure: str
    tests: tuple[tuple[str, str], ...]  # (test, engine)
    run: Run


def new_failures(loaded: Loaded) -> list[NewFailure]:
    last: dict[str, tuple[Run, list[Result]]] = {}
    for run, results in loaded:
        last[run.engine] = (run, results)
    series = _series(loaded)
    groups: dict[str, list[tuple[str, str, Result, Run]]] = defaultdict(list)
    for engine, (run, results) in last.items():
        for result in results:
            if result.outcome not in FAILED:
                continue
            before = [r for other, r in series[(result.test, engine)] if other.id != run.id]
            if any(r.outcome in FAILED or r.outcome == "flaky" for r in before):
                continue
            key = result.fingerprint or result.failure or result.test
            groups[key].append((result.test, engine, result, run))
    out = [
        NewFailure(
            fingerprint=key if rows[0][2].fingerprint else "",
            failure=rows[0][2].failure,
            tests=tuple(sorted((t, e) for t, e, _, _ in rows)),
            run=rows[0][3],
        )
        for key, rows in groups.items()
    ]
    return sorted(out, key=lambda n: n.tests)


@dataclass(frozen=True)
class Slowdown:
    test: str
    engine: str
    before: float  # median seconds before the change
    after: float  # and from it on
    run: Run  # the first run of the slower stretch
    times_noise: float


def slowdowns(loaded: Loaded) -> list[Slowdown]:
    out = []
    for (test, engine), points in _series(loaded).items():
        passing = [(run, r.seconds) for run, r in points if r.outcome in PASSED]
        found = _change_point([s for _, s in passing])
        if found is None:
            continue
        index, before, after, score = found
        out.append(Slowdown(test, engine, before, after, passing[index][0], score))
    return sorted(out, key=lambda s: (-(s.after - s.before), s.test, s.engine))


def _change_point(values: Sequence[float]) -> tuple[int, float, float, float] | None:
    """The one split that best explains the durations as two levels (the least total
    distance of each value from its side's median), kept when the later level is higher
    by :data:`MIN_RISE` and :data:`NOISE_TIMES` times the noise around the two levels:
    (index of the first slower value, median before, median after, rise over noise)."""
    best: tuple[float, int] | None = None
    for k in range(MIN_SIDE, len(values) - MIN_SIDE + 1):
        left, right = values[:k], values[k:]
        before, after = statistics.median(left), statistics.median(right)
        cost = sum(abs(v - before) for v in left) + sum(abs(v - after) for v in right)
        if best is None or cost < best[0]:
            best = (cost, k)
    if best is None:
        return None
    k = best[1]
    left, right = values[:k], values[k:]
    before, after = statistics.median(left), statistics.median(right)
    spread = [abs(v - before) for v in left] + [abs(v - after) for v in right]
    noise = max(1.4826 * statistics.median(spread), 0.001)
    rise = after - before
    if rise < MIN_RISE or rise / noise < NOISE_TIMES:
        return None
    return k, before, after, rise / noise


@dataclass(frozen=True)
class EngineRow:
    test: str
    #: engine -> (runs that failed, runs)
    rates: dict[str, tuple[int, int]] = field(default_factory=dict)

    def rate(self, engine: str) -> float:
        failed, runs = self.rates.get(engine, (0, 0))
        return failed / runs if runs else 0.0


def engine_rates(loaded: Loaded) -> list[EngineRow]:
    rows: dict[str, EngineRow] = {}
    for (test, engine), points in _series(loaded).items():
        failed = sum(1 for _, r in points if r.outcome in FAILED)
        rows.setdefault(test, EngineRow(test)).rates[engine] = (failed, len(points))
    out = []
    for row in rows.values():
        rates = [row.rate(e) for e in row.rates]
        if len(rates) >= 2 and max(rates) - min(rates) >= 0.5:
            out.append(row)
    return sorted(out, key=lambda r: r.test)
