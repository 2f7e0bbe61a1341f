"""The run's record: each test's final outcome, attempts, duration, worker, failure and
traces, and the run's commit, branch, engine, shard, CI link and exit status. The
controller (or the only process) hears every report, xdist workers' included, and when
the session ends writes the record once:

- always, as ``reports/e2e-results.json``, beside the artifacts it links (what
  ``e2e merge`` reads to merge the reports of many jobs);
- with ``--history URL``, into the history, in one transaction: one writer, so no result
  is lost when many workers finish at once. A history that cannot be reached never fails
  the run: one warning, and the run goes to a file under ``reports/history-unsent/``
  that ``e2e history import`` loads later."""

from __future__ import annotations

import json
import os
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from e2e.history import HistoryError, Result, Run, failure_line, fingerprint, open_history
from e2e.history.store import RESULTS_FILE

__all__ = ["HistoryRecorder", "ci_environment"]


def _relative(path: Path, folder: Path) -> str:
    try:
        return path.resolve().relative_to(folder.resolve()).as_posix()
    except ValueError:  # artifacts kept elsewhere (--artifacts-dir): as given
        return str(path)


def _git(*args: str) -> str:
    try:
        done = subprocess.run(
            ["git", *args], capture_output=True, text=True, timeout=5, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout.strip() if done.returncode == 0 else ""


def ci_environment(environ: dict[str, str] | None = None) -> dict[str, str]:
    """The commit, branch and CI run link, from the CI's variables (GitHub Actions,
    GitLab CI, Jenkins), else from git."""
    env = dict(os.environ if environ is None else environ)
    commit = env.get("GITHUB_SHA") or env.get("CI_COMMIT_SHA") or env.get("GIT_COMMIT") or ""
    branch = (
        env.get("GITHUB_HEAD_REF")
        or env.get("GITHUB_REF_NAME")
        or env.get("CI_COMMIT_REF_NAME")
        or env.get("BRANCH_NAME")
        or ""
    )
    url = ""
    if env.get("GITHUB_RUN_ID") and env.get("GITHUB_REPOSITORY"):
        server = env.get("GITHUB_SERVER_URL", "https://github.com")
        url = f"{server}/{env['GITHUB_REPOSITORY']}/actions/runs/{env['GITHUB_RUN_ID']}"
    url = url or env.get("CI_JOB_URL", "") or env.get("BUILD_URL", "")
    if not commit:
        commit = _git("rev-parse", "HEAD")
    if not branch:
        branch = _git("rev-parse", "--abbrev-ref", "HEAD")
        branch = "" if branch == "HEAD" else branch
    return {"commit": commit, "branch": branch, "ci_url": url}


@dataclass
class _Test:
    outcome: str = "passed"
    attempts: int = 1
    seconds: float = 0.0
    worker: str = ""
    failure: str = ""
    traces: list[str] = field(default_factory=list)  # one an attempt that kept one


@dataclass(eq=False)
class HistoryRecorder:
    """A plugin of the run (``e2e-history``), on the controller only."""

    config: pytest.Config
    url: str | None  # the history, if the run has one
    engine: str
    shard: str
    reports: Path  # the folder of the artifacts: e2e-results.json and history-unsent/
    started: float = field(default_factory=time.time)
    tests: dict[str, _Test] = field(default_factory=dict)

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        test = self.tests.setdefault(report.nodeid, _Test())
        trace = getattr(report, "e2e_trace", None)
        if trace:
            test.traces.append(str(trace))
        if str(report.outcome) == "rerun":  # pytest-rerunfailures: a failed attempt
            test.attempts += 1
            test.seconds, test.outcome, test.failure = 0.0, "passed", ""
            return
        test.seconds += float(report.duration or 0.0)
        test.worker = str(getattr(report, "e2e_worker", "") or test.worker)
        if report.failed:
            if test.outcome not in ("failed", "error"):
                test.outcome = "failed" if report.when == "call" else "error"
                test.failure = failure_line(report.longreprtext or "")
        elif report.skipped and report.when in ("setup", "call") and test.outcome == "passed":
            test.outcome = "skipped"

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        run = self.run(int(exitstatus))
        self.write_results(run)
        if self.url is None:
            return
        try:
            with open_history(self.url) as history:
                history.add(run)
        except HistoryError as exc:
            kept = self.keep(run)
            count = len(run.results)
            self._warn(
                f"e2e history: {exc}. This run and its {count} result{'s' if count != 1 else ''}"
                f" are kept in {kept}: load them later with `e2e history import {kept}`."
            )

    def run(self, exit_status: int) -> Run:
        results = []
        for nodeid, test in self.tests.items():
            outcome = test.outcome
            if outcome == "passed" and test.attempts > 1:
                outcome = "flaky"
            results.append(
                Result(
                    nodeid,
                    outcome,
                    test.attempts,
                    round(test.seconds, 4),
                    test.worker,
                    test.failure,
                    fingerprint(test.failure),
                )
            )
        ci = ci_environment()
        return Run(
            started=self.started,
            seconds=round(time.time() - self.started, 3),
            commit=ci["commit"],
            branch=ci["branch"],
            engine=self.engine,
            shard=self.shard,
            ci_url=ci["ci_url"],
            exit_status=exit_status,
            results=tuple(results),
        )

    def write_results(self, run: Run) -> None:
        """``e2e-results.json``: the run, and each test with its traces (relative to the
        folder, so that the folder can move: a CI artifact, e2e merge's output)."""
        data = run.as_data()
        for result in data["results"]:
            result["traces"] = [
                _relative(Path(t), self.reports) for t in self.tests[result["test"]].traces
            ]
        try:
            self.reports.mkdir(parents=True, exist_ok=True)
            file = self.reports / RESULTS_FILE
            file.write_text(json.dumps(data, indent=1), encoding="utf-8")
        except OSError as exc:
            self._warn(f"e2e: could not write {self.reports / RESULTS_FILE}: {exc}")

    def keep(self, run: Run) -> Path:
        unsent = self.reports / "history-unsent"
        unsent.mkdir(parents=True, exist_ok=True)
        path = unsent / f"run-{int(run.started * 1000)}-{os.getpid()}.json"
        path.write_text(json.dumps(run.as_data(), indent=1), encoding="utf-8")
        return path

    def _warn(self, text: str) -> None:
        reporter: Any = self.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line(text, yellow=True)
        else:
            print(text)
