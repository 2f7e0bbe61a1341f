"""The history's store and fingerprints, without a browser: a schema newer than the
package is refused with a sentence, a bad URL says what to give, a failure's
fingerprint ignores what changes from run to run and keeps what tells bugs apart."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from e2e.history import HistoryError, Result, Run, fingerprint, open_history
from e2e.history.fingerprint import failure_line


def test_a_history_newer_than_the_package_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "h.db"
    open_history(str(path)).close()
    with sqlite3.connect(path) as db:
        db.execute("UPDATE e2e_schema SET version = 99")
    with pytest.raises(HistoryError, match="schema version 99, newer than this"):
        open_history(f"sqlite:///{path}")


def test_a_run_goes_in_whole_and_comes_back_in_order(tmp_path: Path) -> None:
    url = str(tmp_path / "sub" / "h.db")
    with open_history(url) as history:
        for n in range(3):
            history.add(Run(started=100.0 + n, seconds=1.0, engine="chrome",
                            results=(Result("t::a", "passed", seconds=0.5),)))  # fmt: skip
        runs = history.runs("chrome", limit=2)
        assert [r.started for r in runs] == [101.0, 102.0]
        assert history.results([runs[0].id])[runs[0].id][0].test == "t::a"
    with open_history(url) as again:  # opened twice: migrated once
        assert again.version() == 1
        assert len(again.runs()) == 3


@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("", "--history is empty"),
        ("mysql://db/e2e", "mysql:// is not a history this knows"),
        ("sqlite://host/x.db", "a SQLite URL has no host"),
    ],
)
def test_a_bad_history_url_says_what_to_give(url: str, said: str) -> None:
    with pytest.raises(HistoryError, match=said):
        open_history(url)


def test_a_password_in_a_postgresql_url_never_reaches_the_message() -> None:
    with pytest.raises(HistoryError) as caught:
        open_history("postgresql://ci:S3cret-pass@127.0.0.1:1/e2e", timeout=1)
    assert "S3cret-pass" not in str(caught.value)
    assert "Cannot reach the history postgresql://ci:••••••@127.0.0.1:1/e2e" in str(caught.value)


def test_the_same_bug_has_one_fingerprint_across_runs() -> None:
    one = "AssertionError: 127.0.0.1:50123 answered 500 after 1.25 s in /tmp/pytest-of-ci/p1/x"
    two = "AssertionError: 127.0.0.1:50999 answered 500 after 3.01 s in /tmp/pytest-of-ci/p9/y"
    assert fingerprint(one) == fingerprint(two)
    element = "stale f.8A2B3C4D5E6F708192A3B4C5D6E7F809.d.0123456789ABCDEF0123456789ABCDEF.e.1"
    other = "stale f.FFEEDDCCBBAA00998877665544332211.d.00112233445566778899AABBCCDDEEFF.e.3"
    assert fingerprint(element) == fingerprint(other)
    saved = fingerprint("Expected 'Saved' but saw 'Error'")
    assert saved != fingerprint("Timed out waiting for Save")
    assert fingerprint("") == ""


def test_the_failure_line_is_pytests_e_line() -> None:
    text = (
        "def test_x():\n>       assert a == b\nE       assert 1 == 2\nE        +  where 1 = f()\n"
    )
    assert failure_line(text) == "assert 1 == 2"


def test_the_history_in_the_projects_ini_is_found(tmp_path: Path) -> None:
    (tmp_path / "pytest.ini").write_text("[pytest]\ne2e_history = runs/h.db\n")
    with open_history(str(tmp_path / "runs" / "h.db")) as history:
        history.add(Run(started=1.0, seconds=1.0, engine="chrome",
                        results=(Result("t::a", "passed"),)))  # fmt: skip
    sub = tmp_path / "tests"
    sub.mkdir()
    done = subprocess.run(
        [sys.executable, "-m", "e2e", "history", "flaky"],
        cwd=sub, capture_output=True, text=True, timeout=60,
        env={"PATH": "/usr/bin:/bin", "E2E_HISTORY": ""},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "0 flaky tests" in done.stdout
