"""``e2e merge DIR... --out DIR``: the ``reports/`` folders of many CI jobs (shards ×
engines) as one: an HTML report with a row per test per engine (engine and shard as
columns, filters for outcome and engine, every trace link working from the merged
folder), one ``junit.xml``, and a summary on the terminal.

Each job's folder holds ``e2e-results.json`` (every run writes it beside its
artifacts), its ``junit.xml`` and its artifacts; a folder holding such folders (a
download of all a workflow's artifacts) is searched one level down.
"""

from __future__ import annotations

import argparse
import html
import json
import shutil
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from e2e.cli import CommandError

HELP = "merge the reports/ folders of many jobs (shards, engines) into one report"
EXAMPLES = (
    "e2e merge all-reports/* --out merged",
    "e2e merge reports-chrome-1 reports-chrome-2 reports-firefox-1 --out merged",
)


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folders", nargs="+", type=Path, metavar="DIR", help="a job's reports/")
    parser.add_argument("--out", type=Path, required=True, metavar="DIR", help="where to write")


@dataclass
class Job:
    name: str
    folder: Path
    data: dict[str, Any]


def _jobs(folders: list[Path]) -> list[Job]:
    from e2e.history.store import RESULTS_FILE as RESULTS

    found: list[Path] = []
    for folder in folders:
        if (folder / RESULTS).is_file():
            found.append(folder)
        elif folder.is_dir():
            inner = sorted(p.parent for p in folder.glob(f"*/{RESULTS}"))
            if not inner:
                raise CommandError(
                    f"{str(folder)!r} holds no {RESULTS}: give the reports/ folder of a run "
                    "(every run of the plugin writes it there), or a folder of such folders",
                    status=1,
                )
            found.extend(inner)
        else:
            raise CommandError(f"{str(folder)!r} is not a folder", status=1)
    jobs: list[Job] = []
    names: Counter[str] = Counter()
    for folder in found:
        try:
            data = json.loads((folder / RESULTS).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CommandError(f"{folder / RESULTS}: cannot read it ({exc})", status=1) from None
        shard = str(data.get("shard") or "").replace("/", "of")
        name = str(data.get("engine") or "run") + (f"-shard{shard}" if shard else "")
        names[name] += 1
        if names[name] > 1:
            name = f"{name}-{names[name]}"
        jobs.append(Job(name, folder, data))
    return jobs


def _copy_traces(job: Job, out: Path) -> dict[str, list[str]]:
    """Copy each trace's folder (its trace, HAR and screenshots) into the merged folder;
    the new links, relative to ``out``, by test."""
    links: dict[str, list[str]] = defaultdict(list)
    for result in job.data.get("results", []):
        for trace in result.get("traces", []):
            source = (job.folder / trace) if not Path(trace).is_absolute() else Path(trace)
            if not source.is_file():
                continue
            target = out / "jobs" / job.name / source.parent.name
            if not target.exists():
                shutil.copytree(source.parent, target)
            links[result["test"]].append((target / source.name).relative_to(out).as_posix())
    return links


def _junit(jobs: list[Job], out: Path) -> Path:
    import xml.etree.ElementTree as ET

    root = ET.Element("testsuites", name="e2e merged")
    for job in jobs:
        file = job.folder / "junit.xml"
        suites: list[ET.Element] = []
        if file.is_file():
            try:
                parsed = ET.parse(file).getroot()
                suites = [parsed] if parsed.tag == "testsuite" else list(parsed.iter("testsuite"))
            except ET.ParseError:
                suites = []
        if not suites:  # from the run's own record
            suite = ET.Element("testsuite")
            for r in job.data.get("results", []):
                case = ET.SubElement(
                    suite, "testcase", name=r["test"], time=str(r.get("seconds", 0))
                )
                if r["outcome"] in ("failed", "error"):
                    ET.SubElement(case, r["outcome"] if r["outcome"] == "error" else "failure",
                                  message=r.get("failure", ""))  # fmt: skip
                elif r["outcome"] == "skipped":
                    ET.SubElement(case, "skipped")
            suites = [suite]
        for suite in suites:
            suite.set("name", job.name)
            properties = suite.find("properties")
            if properties is None:
                properties = ET.Element("properties")
                suite.insert(0, properties)
            for key in ("engine", "shard"):
                ET.SubElement(properties, "property", name=key, value=str(job.data.get(key, "")))
            root.append(suite)
    path = out / "junit.xml"
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)
    return path


_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy"
 content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>e2e merged report</title><style>
body {{ font: 14px/1.4 system-ui, sans-serif; margin: 1.2rem; color: #1d2330; }}
table {{ border-collapse: collapse; font-size: 13px; }}
td, th {{ border-bottom: 1px solid #e4e4ea; padding: .25rem .6rem; text-align: left; }}
.failed, .error {{ color: #b00020; font-weight: 600; }}
.flaky {{ color: #b36b00; font-weight: 600; }}
.passed {{ color: #2b7a3d; }} .skipped {{ color: #778; }}
</style></head><body>
<h1>e2e merged report: {jobs} jobs, {rows} results</h1>
<p>{summary}</p>
<p><label>Outcome <select id="outcome"><option value="">all</option>{outcomes}</select></label>
<label>Engine <select id="engine"><option value="">all</option>{engines}</select></label>
<span id="shown"></span></p>
<table id="results"><thead><tr><th>test</th><th>engine</th><th>shard</th><th>outcome</th>
<th>attempts</th><th>seconds</th><th>failure</th><th>trace</th></tr></thead>
<tbody>{body}</tbody></table>
<script>
(function () {{
  var outcome = document.getElementById("outcome"), engine = document.getElementById("engine");
  function filter() {{
    var shown = 0;
    document.querySelectorAll("#results tbody tr").forEach(function (row) {{
      var keep = (!outcome.value || row.dataset.outcome === outcome.value) &&
                 (!engine.value || row.dataset.engine === engine.value);
      row.hidden = !keep;
      if (keep) shown++;
    }});
    document.getElementById("shown").textContent = shown + " shown";
  }}
  outcome.addEventListener("change", filter);
  engine.addEventListener("change", filter);
  filter();
}})();
</script></body></html>
"""


def _option(value: str) -> str:
    return f'<option value="{html.escape(value)}">{html.escape(value)}</option>'


def run(args: argparse.Namespace) -> int:
    jobs = _jobs(args.folders)
    out: Path = args.out
    if out.exists() and any(out.iterdir()):
        if not (out / "index.html").is_file():
            raise CommandError(
                f"{str(out)!r} is not empty and holds no merged report: give a new folder",
                status=1,
            )
        shutil.rmtree(out)  # a merged report of before: made again
    out.mkdir(parents=True, exist_ok=True)
    rows: list[tuple[str, str, str, dict[str, Any], list[str]]] = []
    seen: dict[tuple[str, str], list[str]] = defaultdict(list)
    for job in jobs:
        links = _copy_traces(job, out)
        engine, shard = str(job.data.get("engine", "")), str(job.data.get("shard", ""))
        for result in job.data.get("results", []):
            rows.append((result["test"], engine, shard, result, links.get(result["test"], [])))
            seen[(result["test"], engine)].append(job.name)
    rows.sort(key=lambda r: (r[0], r[1]))
    twice = {key: names for key, names in seen.items() if len(names) > 1}
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for _, engine, _, result, _ in rows:
        counts[engine][result["outcome"]] += 1
    summary = "; ".join(
        f"{engine}: {sum(c.values())} tests, "
        + ", ".join(f"{n} {outcome}" for outcome, n in sorted(c.items()))
        for engine, c in sorted(counts.items())
    )
    body = "".join(
        f'<tr data-outcome="{html.escape(r["outcome"])}" data-engine="{html.escape(engine)}">'
        f"<td>{html.escape(test)}</td><td>{html.escape(engine)}</td>"
        f"<td>{html.escape(shard)}</td>"
        f'<td class="{html.escape(r["outcome"])}">{html.escape(r["outcome"])}</td>'
        f"<td>{int(r.get('attempts', 1))}</td><td>{float(r.get('seconds', 0)):.2f}</td>"
        f"<td>{html.escape(r.get('failure', ''))}</td><td>"
        + " ".join(
            f'<a class="trace" href="{html.escape(link)}">trace {i}</a>'
            for i, link in enumerate(links, start=1)
        )
        + "</td></tr>"
        for test, engine, shard, r, links in rows
    )
    outcomes = sorted({r["outcome"] for *_, r, _ in rows})
    page = _PAGE.format(
        jobs=len(jobs),
        rows=len(rows),
        summary=html.escape(summary),
        outcomes="".join(_option(o) for o in outcomes),
        engines="".join(_option(e) for e in sorted(counts)),
        body=body,
    )
    (out / "index.html").write_text(page, encoding="utf-8")
    junit = _junit(jobs, out)
    print(f"merged {len(jobs)} jobs: {', '.join(j.name for j in jobs)}")
    for engine, c in sorted(counts.items()):
        print(
            f"  {engine}: {sum(c.values())} tests, "
            + ", ".join(f"{n} {o}" for o, n in sorted(c.items()))
        )
    for test, engine, shard, r, _ in rows:
        if r["outcome"] in ("failed", "error"):
            print(f"  {r['outcome'].upper()} {test} [{engine} {shard}]: {r.get('failure', '')}")
    for (test, engine), names in sorted(twice.items()):
        print(f"  note: {test} ran in {len(names)} {engine} jobs ({', '.join(names)})")
    print(f"wrote {out / 'index.html'} and {junit}")
    return 0
