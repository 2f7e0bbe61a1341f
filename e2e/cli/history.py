"""``e2e history``: what the run history says about a red night.

``flaky``, ``new``, ``slow`` and ``engines`` answer a QA lead's four questions from the
terminal (``--json`` for a machine); ``report`` writes them as a static page with charts;
``quarantine`` writes the flaky list for ``--quarantine``; ``import`` loads runs that
could not reach their history. The history is the one ``--history`` names, else the
``E2E_HISTORY`` variable's, else the ``e2e_history`` ini key of the project here.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path
from typing import Any

from e2e.cli import CommandError

HELP = "flaky, newly failing and slowing tests, and failures by engine, from the run history"
EXAMPLES = (
    "e2e history flaky                       # ranked by flake rate over the last runs",
    "e2e history new --engine firefox        # failures the last Firefox run brought",
    "e2e history slow --runs 30",
    "e2e history engines --json",
    "e2e history report --out reports/history",
    "e2e history quarantine --out quarantine.txt",
    "e2e history import reports/history-unsent/*.json --history postgresql://ci@db/e2e",
)

ACTIONS = {
    "flaky": "tests whose outcome changed without a code change, or passed on a rerun",
    "new": "failures of the last run that did not fail in the runs before it",
    "slow": "tests whose duration rose beyond their own noise, and the run it began",
    "engines": "failure rate by test and engine, where the engines differ",
    "report": "a static HTML page of all four, with charts (no network needed)",
    "quarantine": "write the flaky tests to a file that --quarantine reads",
    "import": "load runs kept in files when their history could not be reached",
}


def arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION", parser_class=type(parser))
    actions.required = True
    for name, text in ACTIONS.items():
        sub = actions.add_parser(name, help=text, description=text)
        sub.add_argument("--history", metavar="URL", help="the history (default: see above)")
        if name == "import":
            sub.add_argument("files", nargs="+", metavar="FILE", type=Path)
            continue
        sub.add_argument("--engine", metavar="NAME", help="only this engine's runs")
        sub.add_argument(
            "--runs", type=int, default=20, metavar="N", help="the last N runs of each engine"
        )
        if name in ("report", "quarantine"):
            sub.add_argument("--out", type=Path, required=True, metavar="PATH")
        else:
            sub.add_argument("--json", action="store_true", help="print JSON")


def history_url(given: str | None, folder: Path | None = None) -> str:
    """The history to read: ``--history``, else ``E2E_HISTORY``, else the project's ini."""
    if given:
        return given
    if os.environ.get("E2E_HISTORY"):
        return os.environ["E2E_HISTORY"]
    from e2e.cli.project import ini_file, ini_values

    here = folder or Path.cwd()
    found = ini_values(here).get("e2e_history")
    if found:
        ini = ini_file(here)
        path = Path(found)
        # A relative path in an ini is relative to the ini's folder, as pytest reads it.
        if "://" not in found and not path.is_absolute() and ini is not None:
            return str(ini.parent / path)
        return found
    raise CommandError(
        "no history to read: give --history URL, set E2E_HISTORY, or set e2e_history in "
        "the project's pytest ini (the same URL the runs record to with --history)"
    )


def run(args: argparse.Namespace) -> int:
    from e2e.history import HistoryError, open_history

    url = history_url(args.history)
    if args.action != "import" and args.runs < 1:
        raise CommandError(f"--runs {args.runs}: give how many runs to look at, from 1")
    try:
        with open_history(url) as history:
            if args.action == "import":
                return _import(history, args.files)
            from e2e.history import analysis

            loaded = analysis.load(history, args.engine, args.runs)
    except HistoryError as exc:
        raise CommandError(str(exc), status=1) from None
    if not loaded:
        where = f" of {args.engine}" if args.engine else ""
        raise CommandError(f"the history at {url} has no runs{where} yet", status=1)
    if args.action == "report":
        from e2e.history.dashboard import write_dashboard

        page = write_dashboard(loaded, args.out)
        print(f"wrote {page}")
        return 0
    if args.action == "quarantine":
        from e2e.history.quarantine import write_quarantine

        count = write_quarantine(analysis.flaky(loaded), loaded, args.out)
        print(f"wrote {args.out}: {count} flaky test{'s' if count != 1 else ''}")
        return 0
    answer = ANSWERS[args.action](loaded)
    if args.json:
        print(json.dumps(answer["data"], indent=1))
    else:
        print("\n".join(answer["lines"]))
    return 0


def _import(history: Any, files: list[Path]) -> int:
    from e2e.history import Run

    count = 0
    for file in files:
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
            run = Run.from_data(data)
        except (OSError, ValueError, TypeError, KeyError) as exc:
            raise CommandError(
                f"{str(file)!r} is not a run that --history kept: {exc}", status=1
            ) from None
        history.add(run)
        file.unlink()
        count += 1
        print(f"imported {file} ({len(run.results)} results); the file is removed")
    print(f"{count} run{'s' if count != 1 else ''} imported")
    return 0


def _when(at: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(at)) if at else ""


def _run_data(run: Any) -> dict[str, Any]:
    return {
        "id": run.id,
        "started": run.started,
        "commit": run.commit,
        "engine": run.engine,
        "shard": run.shard,
        "ci_url": run.ci_url,
    }


def _flaky(loaded: Any) -> dict[str, Any]:
    from e2e.history import analysis

    found = analysis.flaky(loaded)
    data = [
        {
            "test": f.test,
            "rate": round(f.rate, 3),
            "runs": f.runs,
            "last_seen": f.last_seen,
            "engines": list(f.engines),
        }
        for f in found
    ]
    lines = [f"{len(found)} flaky test{'s' if len(found) != 1 else ''} (rate: runs that failed "
             "or passed only on a rerun, of the runs looked at)"]  # fmt: skip
    if found:
        lines.append(f"  {'rate':>5}  {'runs':>4}  {'last seen':16}  {'engines':16}  test")
    for f in found:
        lines.append(
            f"  {f.rate:5.0%}  {f.runs:4}  {_when(f.last_seen):16}  "
            f"{','.join(f.engines):16}  {f.test}"
        )
    return {"data": data, "lines": lines}


def _new(loaded: Any) -> dict[str, Any]:
    from e2e.history import analysis

    found = analysis.new_failures(loaded)
    data = [
        {
            "fingerprint": n.fingerprint,
            "failure": n.failure,
            "tests": [{"test": t, "engine": e} for t, e in n.tests],
            "run": _run_data(n.run),
        }
        for n in found
    ]
    lines = [f"{len(found)} new failure{'s' if len(found) != 1 else ''} in the last run of "
             "each engine (none in the runs before it), by fingerprint"]  # fmt: skip
    for n in found:
        lines.append(f"  {n.fingerprint or '(no line)':12}  {n.failure}")
        for test, engine in n.tests:
            lines.append(f"      {test} [{engine}]")
    return {"data": data, "lines": lines}


def _slow(loaded: Any) -> dict[str, Any]:
    from e2e.history import analysis

    found = analysis.slowdowns(loaded)
    data = [
        {
            "test": s.test,
            "engine": s.engine,
            "before": round(s.before, 4),
            "after": round(s.after, 4),
            "times_noise": round(s.times_noise, 1),
            "run": _run_data(s.run),
        }
        for s in found
    ]
    lines = [f"{len(found)} test{'s' if len(found) != 1 else ''} slower beyond their own noise"]
    if found:
        lines.append(f"  {'before':>8}  {'after':>8}  {'from run':34}  test [engine]")
    for s in found:
        began = f"#{s.run.id} {_when(s.run.started)} {s.run.commit[:8]}"
        lines.append(f"  {s.before:7.2f}s  {s.after:7.2f}s  {began:34}  {s.test} [{s.engine}]")
    return {"data": data, "lines": lines}


def _engines(loaded: Any) -> dict[str, Any]:
    from e2e.history import analysis

    found = analysis.engine_rates(loaded)
    engines = sorted({e for row in found for e in row.rates})
    data = [
        {"test": r.test, "rates": {e: list(v) for e, v in sorted(r.rates.items())}} for r in found
    ]
    lines = [f"{len(found)} test{'s' if len(found) != 1 else ''} whose failure rate differs "
             "by engine (failed runs / runs)"]  # fmt: skip
    if found:
        lines.append("  " + "".join(f"{e:>12}" for e in engines) + "  test")
    for r in found:
        shown = [f"{r.rates[e][0]}/{r.rates[e][1]}" if e in r.rates else "-" for e in engines]
        cells = "".join(f"{cell:>12}" for cell in shown)
        worst = [e for e in r.rates if r.rate(e) == max(r.rate(x) for x in r.rates)]
        note = f"  (mostly on {', '.join(worst)})" if len(worst) < len(r.rates) else ""
        lines.append(f"  {cells}  {r.test}{note}")
    return {"data": data, "lines": lines}


ANSWERS = {"flaky": _flaky, "new": _new, "slow": _slow, "engines": _engines}
