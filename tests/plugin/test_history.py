"""Run history (issue 38): an inner suite run night after night on two engines records
to SQLite (under ``-n 4``) and to a real PostgreSQL server, and ``e2e history`` names the
flaky, slowing, engine-bound and newly failing tests, and nothing else."""

from __future__ import annotations

import glob
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from e2e import Network
from e2e.history import open_history

NIGHTS = 12
ENGINES = ("chrome", "firefox")

#: Five behaviours and eight steady tests (so that many workers finish at once).
SUITE = """
import os
import time

import pytest

NIGHT = int(os.environ["NIGHT"])
ENGINE = os.environ["ENGINE"]


@pytest.mark.parametrize("n", range(8))
def test_steady(n):
    pass


def test_flaky():
    assert NIGHT not in (2, 5, 8, 11), "flaked again"


def test_slows():
    time.sleep(0.35 if NIGHT >= 7 else 0.05)  # the work, slower from night 7


def test_firefox_only():
    assert ENGINE != "firefox", "broken on Firefox"


def test_breaks_last():
    assert NIGHT < 12, f"the server at 127.0.0.1:{50000 + NIGHT} answered 500"
"""
TESTS_PER_RUN = 12


def e2e(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "e2e", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "E2E_HISTORY": ""},
    )


def nights(folder: Path, history: str, *workers: str) -> None:
    """Run the suite NIGHTS times on each engine (the same commit), recording."""
    (folder / "test_suite.py").write_text(SUITE)
    for night in range(1, NIGHTS + 1):
        for engine in ENGINES:
            done = subprocess.run(
                [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--browser",
                 engine, "--history", history, *workers, "test_suite.py"],
                cwd=folder, capture_output=True, text=True, timeout=120,
                env={**os.environ, "NIGHT": str(night), "ENGINE": engine,
                     "GITHUB_SHA": "c0ffee" * 6, "E2E_HISTORY": ""},
            )  # fmt: skip
            summary = done.stdout.strip().splitlines()[-1]
            counts = [int(word) for word in summary.split() if word.isdigit()]
            assert sum(counts[:2]) == TESTS_PER_RUN, done.stdout[-2000:]  # failed, passed
            assert "e2e history:" not in done.stdout  # written, no warning


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Twelve nights of the suite on two engines in a SQLite history (one process a run)."""
    folder = tmp_path_factory.mktemp("nights")
    nights(folder, str(folder / "history.db"))
    return folder


def check_answers(folder: Path, history: str) -> None:
    def ask(action: str, *more: str) -> Any:
        done = e2e("history", action, "--history", history, "--json", *more, cwd=folder)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    with open_history(history) as store:
        runs = store.runs()
        results = store.results([r.id for r in runs])
    assert len(runs) == NIGHTS * len(ENGINES)
    assert all(len(found) == TESTS_PER_RUN for found in results.values())  # none lost
    flaky = ask("flaky")
    assert [f["test"] for f in flaky] == ["test_suite.py::test_flaky"]
    assert flaky[0]["engines"] == sorted(ENGINES)
    assert flaky[0]["rate"] == pytest.approx(8 / 24, abs=0.01)  # nights 2, 5, 8, 11 of 12
    engines = ask("engines")
    assert [e["test"] for e in engines] == ["test_suite.py::test_firefox_only"]
    assert engines[0]["rates"] == {"chrome": [0, NIGHTS], "firefox": [NIGHTS, NIGHTS]}
    new = ask("new")
    assert len(new) == 1  # one bug on both engines, one fingerprint despite its ports
    assert new[0]["tests"] == [
        {"test": "test_suite.py::test_breaks_last", "engine": e} for e in ENGINES
    ]
    assert "answered 500" in new[0]["failure"]
    slow = ask("slow")
    assert sorted((s["test"], s["engine"]) for s in slow) == [
        ("test_suite.py::test_slows", e) for e in ENGINES
    ]
    for s in slow:
        engine_runs = [r.id for r in runs if r.engine == s["engine"]]
        assert engine_runs.index(s["run"]["id"]) + 1 == 7  # the change began on night 7
        assert s["after"] - s["before"] == pytest.approx(0.3, abs=0.1)
    # One engine's runs only: its flaky test, and no difference between engines to see.
    chrome = ask("flaky", "--engine", "chrome")
    assert [(f["test"], f["engines"]) for f in chrome] == [
        ("test_suite.py::test_flaky", ["chrome"])
    ]
    assert ask("engines", "--engine", "firefox") == []
    # The terminal's answer, for a person.
    done = e2e("history", "slow", "--history", history, cwd=folder)
    assert "2 tests slower beyond their own noise" in done.stdout
    assert "test_suite.py::test_slows [chrome]" in done.stdout


def test_sqlite_under_four_workers_names_each_kind_of_test(tmp_path: Path) -> None:
    history = str(tmp_path / "history.db")
    nights(tmp_path, history, "-n", "4")
    check_answers(tmp_path, history)


def test_sqlite_one_process_a_run_names_each_kind_of_test(recorded: Path) -> None:
    check_answers(recorded, str(recorded / "history.db"))


def _postgres_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


@pytest.fixture
def postgres() -> Iterator[str]:
    """A throwaway PostgreSQL cluster on 127.0.0.1 (as the postgres user when root),
    stopped and removed after the test."""
    binaries = _postgres_bin()
    if binaries is None:
        pytest.skip(
            "PostgreSQL is not installed: `apt-get install postgresql` (Debian's package; "
            "`make setup` installs it) to run the history against a real server"
        )
    as_user: list[str] = []
    base = None
    if os.geteuid() == 0:  # the server refuses root: its own user, in a folder it can reach
        as_user = ["runuser", "-u", "postgres", "--"]
        base = next((d for d in ("/var/tmp", "/dev/shm") if os.stat(d).st_mode & 0o001), None)
    folder = Path(tempfile.mkdtemp(prefix="e2e-pg-", dir=base))
    if as_user:
        shutil.chown(folder, "postgres")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    data = folder / "data"
    subprocess.run(
        [*as_user, str(binaries / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust"],
        check=True, capture_output=True, timeout=120, cwd=folder,
    )  # fmt: skip
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {folder}"
    subprocess.run(
        [*as_user, str(binaries / "pg_ctl"), "-D", str(data), "-o", options, "-w", "start",
         "-l", str(folder / "log")],
        check=True, capture_output=True, timeout=120, cwd=folder,
    )  # fmt: skip
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            [*as_user, str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
            capture_output=True, timeout=120, check=False, cwd=folder,
        )  # fmt: skip
        shutil.rmtree(folder, ignore_errors=True)


def test_postgresql_names_each_kind_of_test(tmp_path: Path, postgres: str) -> None:
    nights(tmp_path, postgres)
    check_answers(tmp_path, postgres)


def test_an_unreachable_history_warns_once_and_keeps_the_run_for_import(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(test_one="def test_one():\n    pass\n")
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    result = pytester.runpytest_subprocess(
        "-p", "no:cacheprovider", "--history", f"postgresql://nobody@127.0.0.1:{port}/none",
        timeout=120,
    )  # fmt: skip
    assert result.ret == 0
    out = result.stdout.str()
    assert out.count("e2e history:") == 1, out
    assert "Cannot reach the history postgresql://nobody@127.0.0.1" in out
    [kept] = (pytester.path / "reports" / "history-unsent").glob("*.json")
    relative = kept.relative_to(pytester.path)
    assert f"e2e history import {relative}`" in " ".join(out.split())
    history = str(pytester.path / "later.db")
    done = e2e("history", "import", str(kept), "--history", history, cwd=pytester.path)
    assert done.returncode == 0, done.stderr
    assert "1 run imported" in done.stdout
    assert not kept.exists()
    with open_history(history) as store:
        [run] = store.runs()
        assert [r.test for r in store.results([run.id])[run.id]] == ["test_one.py::test_one"]


def test_the_dashboard_names_the_flaky_test_draws_its_charts_and_asks_for_nothing(
    recorded: Path, tmp_path: Path, driver: WebDriver
) -> None:
    history = str(recorded / "history.db")
    done = e2e("history", "report", "--history", history, "--out", str(tmp_path), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    page = tmp_path / "index.html"
    har = Network(driver).record_har()
    driver.get(page.as_uri())
    text = driver.find_element(By.TAG_NAME, "body").text
    assert "test_suite.py::test_flaky" in text
    assert len(driver.find_elements(By.CSS_SELECTOR, "#pass-rate polyline.series")) == 2
    cells = driver.find_elements(By.CSS_SELECTOR, "#heat-map rect.cell.failed")
    assert len(cells) >= 8  # test_flaky's failing nights, at least
    assert driver.find_elements(By.CSS_SELECTOR, "svg.duration polyline")
    box = driver.execute_script(
        "return document.querySelector('#pass-rate polyline').getBBox().width"
    )
    assert box > 100  # drawn, not an empty element
    assert [e["request"]["url"] for e in har.entries if "://" in e["request"]["url"]
            and not e["request"]["url"].startswith("file:")] == []  # fmt: skip


def test_quarantine_runs_the_flaky_test_as_a_non_strict_xfail_with_its_reason(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, recorded: Path
) -> None:
    history = str(pytester.path / "history.db")
    shutil.copy(recorded / "history.db", history)
    pytester.makepyfile(test_suite=SUITE)
    done = e2e("history", "quarantine", "--history", history, "--out", "q.txt", cwd=pytester.path)
    assert done.returncode == 0, done.stderr
    listed = (pytester.path / "q.txt").read_text()
    assert "test_suite.py::test_flaky\tflake rate 33% over 24 runs" in listed
    assert "flaked again" in listed  # its last failure
    monkeypatch.setenv("NIGHT", "5")  # a night it flakes
    monkeypatch.setenv("ENGINE", "chrome")
    result = pytester.runpytest_subprocess(
        "-p", "no:cacheprovider", "--quarantine", "q.txt", "-rx", "-k", "flaky or steady",
        "--history", history, timeout=120,
    )  # fmt: skip
    assert result.ret == 0, result.stdout.str()[-2000:]
    result.assert_outcomes(passed=8, xfailed=1)
    assert "quarantined: flake rate 33%" in result.stdout.str()


def test_no_history_to_read_says_where_one_comes_from(tmp_path: Path) -> None:
    done = e2e("history", "flaky", cwd=tmp_path)
    assert done.returncode == 2
    assert "no history to read: give --history URL, set E2E_HISTORY" in done.stderr
