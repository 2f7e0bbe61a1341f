"""Shards and the merged report (issue 38): the demo suites cut into four shard jobs on
two engines, each into its own reports folder, merged by ``e2e merge``: one report with
every test exactly once per engine, one junit.xml, and every trace link opening in a
real browser from the merged folder."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import Select

from e2e.plugin.shards import shard_of

ROOT = Path(__file__).resolve().parents[2]
ENGINES = ("chrome", "firefox")
SHARDS = 4


def pytest_args(*args: str) -> list[str]:
    return [sys.executable, "-m", "pytest", "tests/demo", "-p", "no:cacheprovider", *args]


def collected() -> list[str]:
    done = subprocess.run(
        pytest_args("--collect-only", "-q"), cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    return [line for line in done.stdout.splitlines() if "::" in line]


def test_four_shards_on_two_engines_merge_into_one_report_whose_traces_open(
    tmp_path: Path, driver: WebDriver
) -> None:
    tests = collected()
    assert len(tests) > 40, tests[:5]
    jobs = []
    passed: Counter[str] = Counter()
    for engine in ENGINES:
        for index in range(1, SHARDS + 1):
            reports = tmp_path / f"reports-{engine}-{index}"
            done = subprocess.run(
                pytest_args(
                    "--headless", "--browser", engine, "--shard", f"{index}/{SHARDS}", "-n", "2",
                    "--tracing", "on", "--artifacts-dir", str(reports / "artifacts"),
                    f"--junitxml={reports / 'junit.xml'}",
                ),
                cwd=ROOT, capture_output=True, text=True, timeout=900,
                env={**os.environ, "E2E_HISTORY": ""},
            )  # fmt: skip
            assert done.returncode == 0, done.stdout[-3000:]
            for count in re.findall(r"(\d+) (?:passed|skipped)", done.stdout[-300:]):
                passed[engine] += int(count)  # an engines-marked test skips elsewhere
            jobs.append(reports)
    assert passed == {engine: len(tests) for engine in ENGINES}  # the shards add up
    assert all(count for count in passed.values())
    out = tmp_path / "merged"
    merged = subprocess.run(
        [sys.executable, "-m", "e2e", "merge", *map(str, jobs), "--out", str(out)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert merged.returncode == 0, merged.stderr
    for engine in ENGINES:
        assert f"{engine}: {len(tests)} tests, " in merged.stdout
    assert "failed" not in merged.stdout
    # junit.xml: a suite per job, each test once per engine.
    root = ET.parse(out / "junit.xml").getroot()
    suites = root.findall("testsuite")
    assert sorted(s.get("name") for s in suites) == sorted(
        f"{e}-shard{i}of{SHARDS}" for e in ENGINES for i in range(1, SHARDS + 1)
    )
    # The report, in a real browser: a row per test per engine, filters, traces.
    driver.get((out / "index.html").as_uri())
    rows = driver.find_elements(By.CSS_SELECTOR, "#results tbody tr")
    cells = [[td.text for td in row.find_elements(By.TAG_NAME, "td")][:4] for row in rows]
    per_engine = Counter((test, engine) for test, engine, _, _ in cells)
    ran = sum(1 for *_, outcome in cells if outcome == "passed")
    assert set(per_engine.values()) == {1}
    for engine in ENGINES:
        assert {t for t, e in per_engine if e == engine} == set(tests)
    Select(driver.find_element(By.ID, "engine")).select_by_value("firefox")
    shown = [r for r in rows if r.is_displayed()]
    assert len(shown) == len(tests)
    assert driver.find_element(By.ID, "shown").text == f"{len(tests)} shown"
    links = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "a.trace")]
    assert len(links) == ran  # each test that ran kept its trace (--tracing on)
    for link in links:
        driver.get(link)
        assert driver.find_elements(By.CSS_SELECTOR, "#steps li"), link
        assert driver.title == "e2e trace"


def test_every_test_lands_in_exactly_one_shard() -> None:
    ids = [f"tests/test_{n % 7}.py::test_{n}" for n in range(53)]
    for total in (1, 2, 3, 4, 8):
        parts = [shard_of(ids, i, total) for i in range(1, total + 1)]
        assert sorted(t for part in parts for t in part) == sorted(ids)
        assert max(map(len, parts)) - min(map(len, parts)) <= 1  # by count
        assert parts == [shard_of(ids, i, total) for i in range(1, total + 1)]  # the same


def test_with_durations_shards_balance_by_time() -> None:
    ids = [f"t::{n}" for n in range(20)]
    durations = {t: (10.0 if n < 2 else 1.0) for n, t in enumerate(ids)}  # two long tests
    parts = [shard_of(ids, i, 2, durations) for i in (1, 2)]
    assert sorted(t for part in parts for t in part) == sorted(ids)
    loads = [sum(durations[t] for t in part) for part in parts]
    assert loads == [19.0, 19.0]  # one long test each, and nine short ones each
    unknown = [*ids, "t::new"]  # a test with no history counts as a typical one
    parts = [shard_of(unknown, i, 2, durations) for i in (1, 2)]
    assert sorted(t for part in parts for t in part) == sorted(unknown)


def test_the_nightly_workflow_shards_reruns_merges_and_keeps_the_history() -> None:
    import yaml

    jobs = yaml.safe_load((ROOT / ".github/workflows/nightly.yml").read_text())["jobs"]
    e2e = jobs["e2e"]
    assert e2e["strategy"]["matrix"]["shard"] == ["1/2", "2/2"]
    runs = " ".join(step.get("run", "") for step in e2e["steps"])
    assert "SHARD=${{ matrix.shard }} RERUNS=1" in runs
    report = jobs["report"]
    assert report["needs"] == ["e2e"]
    steps = " ".join(step.get("run", "") for step in report["steps"])
    for command in ("e2e merge", "e2e history import", "e2e history report", "quarantine"):
        assert command in steps
    uses = [step.get("uses", "") for step in report["steps"]]
    assert "actions/cache/restore@v4" in uses
    assert "actions/cache/save@v4" in uses
