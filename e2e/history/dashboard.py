"""``e2e history report``: one static HTML page with the four answers and three charts,
drawn as inline SVG: the pass rate of each engine's runs, each test's duration over its
runs, and a heat map of tests by runs (flaky and failing tests first). No script, no CDN:
it opens from the file system or a CI artifact, under a policy that allows no request."""

from __future__ import annotations

import html
import time
from collections import defaultdict
from pathlib import Path

from e2e.history import analysis
from e2e.history.analysis import FAILED, Loaded

__all__ = ["write_dashboard"]

_COLOURS = {
    "passed": "#3a9d5d",
    "flaky": "#f0a020",
    "failed": "#d33",
    "error": "#8b1a1a",
    "skipped": "#bbb",
}
_CSS = """
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.2rem; color: #1d2330; }
h1 { font-size: 1.3rem; } h2 { font-size: 1.05rem; margin-top: 1.6rem; }
table { border-collapse: collapse; font-size: 12px; }
td, th { border-bottom: 1px solid #e4e4ea; padding: .2rem .5rem; text-align: left; }
.empty { color: #778; font-style: italic; }
svg text { font: 10px system-ui, sans-serif; fill: #445; }
.legend span { display: inline-block; margin-right: 1rem; font-size: 12px; }
.legend i { display: inline-block; width: 10px; height: 10px; margin-right: 4px; }
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _when(at: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(at))


def _table(head: list[str], rows: list[list[str]], empty: str) -> str:
    if not rows:
        return f'<p class="empty">{_e(empty)}</p>'
    top = "".join(f"<th>{_e(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table><thead><tr>{top}</tr></thead><tbody>{body}</tbody></table>"


def _pass_rate_chart(loaded: Loaded) -> str:
    """A line per engine: the share of its tests that passed, run by run."""
    by_engine: dict[str, list[float]] = defaultdict(list)
    for run, results in loaded:
        counted = [r for r in results if r.outcome != "skipped"]
        if counted:
            passed = sum(1 for r in counted if r.outcome in analysis.PASSED)
            by_engine[run.engine].append(passed / len(counted))
    width, height, pad = 640, 180, 30
    most = max((len(v) for v in by_engine.values()), default=1)
    step = (width - 2 * pad) / max(most - 1, 1)
    palette = ["#2f6fde", "#d9480f", "#2b8a3e", "#862e9c"]
    parts = [
        f'<svg id="pass-rate" role="img" aria-label="pass rate by run" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}">',
        f'<line x1="{pad}" y1="{pad}" x2="{pad}" y2="{height - pad}" stroke="#999"/>',
        f'<line x1="{pad}" y1="{height - pad}" x2="{width - pad}" y2="{height - pad}" '
        'stroke="#999"/>',
        f'<text x="2" y="{pad + 4}">100%</text><text x="8" y="{height - pad}">0%</text>',
    ]
    for i, (engine, rates) in enumerate(sorted(by_engine.items())):
        colour = palette[i % len(palette)]
        points = " ".join(
            f"{pad + j * step:.1f},{height - pad - rate * (height - 2 * pad):.1f}"
            for j, rate in enumerate(rates)
        )
        parts.append(
            f'<polyline class="series" data-engine="{_e(engine)}" fill="none" '
            f'stroke="{colour}" stroke-width="2" points="{points}"/>'
        )
        parts.append(
            f'<text x="{width - pad - 80}" y="{pad + 12 * i}" fill="{colour}">{_e(engine)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _duration_charts(loaded: Loaded, slowed: set[tuple[str, str]]) -> str:
    """A small chart per test and engine: its duration run by run (slowed ones first)."""
    series: dict[tuple[str, str], list[float]] = defaultdict(list)
    for run, results in loaded:
        for r in results:
            if r.outcome in analysis.PASSED:
                series[(r.test, run.engine)].append(r.seconds)
    ordered = sorted(series.items(), key=lambda kv: (kv[0] not in slowed, -max(kv[1])))[:40]
    rows = []
    for (test, engine), values in ordered:
        width, height = 240, 40
        top = max(values) or 1.0
        step = width / max(len(values) - 1, 1)
        scale = (height - 4) / top
        xy = [(j * step, height - 2 - v * scale) for j, v in enumerate(values)]
        points = " ".join(f"{x:.1f},{y:.1f}" for x, y in xy)
        mark = " (slower)" if (test, engine) in slowed else ""
        rows.append(
            f"<tr><td>{_e(test)} [{_e(engine)}]{_e(mark)}</td><td>"
            f'<svg class="duration" role="img" aria-label="duration of {_e(test)}" '
            f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
            f'<polyline fill="none" stroke="{"#d33" if mark else "#2f6fde"}" stroke-width="1.5" '
            f'points="{points}"/></svg></td><td>{top:.2f} s at most</td></tr>'
        )
    if not rows:
        return '<p class="empty">no passing runs yet</p>'
    return "<table><tbody>" + "".join(rows) + "</tbody></table>"


def _heat_map(loaded: Loaded, first: list[str]) -> str:
    """Tests (rows) by runs (columns), a cell per outcome; tests that ever failed or
    needed a rerun only, flaky ones first."""
    troubled: list[str] = list(first)
    for _, results in loaded:
        for r in results:
            if (r.outcome in FAILED or r.outcome == "flaky") and r.test not in troubled:
                troubled.append(r.test)
    if not troubled:
        return '<p class="empty">every test passed in every run looked at</p>'
    cell, label = 14, 320
    width, height = label + cell * len(loaded), cell * len(troubled) + 20
    parts = [
        f'<svg id="heat-map" role="img" aria-label="outcomes of tests by run" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}">'
    ]
    outcome = {
        (r.test, run.id): r.outcome for run, results in loaded for r in results
    }  # fmt: skip
    for row, test in enumerate(troubled):
        y = row * cell
        parts.append(f'<text x="0" y="{y + 10}">{_e(test[-60:])}</text>')
        for col, (run, _) in enumerate(loaded):
            found = outcome.get((test, run.id))
            fill = _COLOURS.get(found or "", "#fff")
            parts.append(
                f'<rect class="cell {_e(found or "none")}" x="{label + col * cell}" y="{y}" '
                f'width="{cell - 1}" height="{cell - 1}" fill="{fill}">'
                f"<title>{_e(test)}: {_e(found or 'not run')} in run #{run.id} "
                f"({_e(run.engine)}, {_when(run.started)})</title></rect>"
            )
    parts.append("</svg>")
    legend = "".join(
        f'<span><i style="background:{c}"></i>{_e(name)}</span>' for name, c in _COLOURS.items()
    )
    return "".join(parts) + f'<p class="legend">{legend}</p>'


def write_dashboard(loaded: Loaded, out: Path) -> Path:
    """Write ``index.html`` under ``out``; its path."""
    flaky = analysis.flaky(loaded)
    new = analysis.new_failures(loaded)
    slow = analysis.slowdowns(loaded)
    engines = analysis.engine_rates(loaded)
    all_engines = sorted({e for row in engines for e in row.rates})
    sections = [
        "<h2>Flaky: which tests should be quarantined?</h2>",
        _table(
            ["test", "flake rate", "runs", "last seen", "engines"],
            [
                [f.test, f"{f.rate:.0%}", str(f.runs), _when(f.last_seen), ", ".join(f.engines)]
                for f in flaky
            ],
            "no flaky test",
        ),
        "<h2>New: is this failure new?</h2>",
        _table(
            ["fingerprint", "failure", "tests"],
            [[n.fingerprint, n.failure, "; ".join(f"{t} [{e}]" for t, e in n.tests)] for n in new],
            "no new failure in the last run",
        ),
        "<h2>Engines: does it fail only on one engine?</h2>",
        _table(
            ["test", *all_engines],
            [
                [
                    row.test,
                    *(
                        f"{row.rates[e][0]}/{row.rates[e][1]}" if e in row.rates else "-"
                        for e in all_engines
                    ),
                ]
                for row in engines
            ],
            "no test fails more on one engine than on another",
        ),
        "<h2>Slow: which tests got slower?</h2>",
        _table(
            ["test", "engine", "before", "after", "from run"],
            [
                [
                    s.test,
                    s.engine,
                    f"{s.before:.2f} s",
                    f"{s.after:.2f} s",
                    f"#{s.run.id} {_when(s.run.started)} {s.run.commit[:8]}",
                ]
                for s in slow
            ],
            "no test got slower beyond its own noise",
        ),
        "<h2>Pass rate, run by run</h2>",
        _pass_rate_chart(loaded),
        "<h2>Flakes and failures: tests by runs</h2>",
        _heat_map(loaded, [f.test for f in flaky]),
        "<h2>Durations, run by run</h2>",
        _duration_charts(loaded, {(s.test, s.engine) for s in slow}),
    ]
    first, last = loaded[0][0], loaded[-1][0]
    page = (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; "
        "style-src 'unsafe-inline'; img-src data:\">"
        f"<title>e2e history</title><style>{_CSS}</style></head><body>"
        f"<h1>e2e history: {len(loaded)} runs, {_when(first.started)} to "
        f"{_when(last.started)}</h1>" + "".join(sections) + "</body></html>"
    )
    out.mkdir(parents=True, exist_ok=True)
    index = out / "index.html"
    index.write_text(page, encoding="utf-8")
    return index
