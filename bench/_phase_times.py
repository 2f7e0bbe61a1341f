"""A pytest plugin for benchmarks: each test's setup, call and teardown times, and the
time spent inside the settle checks and ``expect`` looks (the in-browser waits for the
page to settle and for a condition, their round trips included). Load it with
``-p bench._phase_times`` and ``E2E_PHASE_TIMES=/path/prefix``; each process writes
``prefix.<worker>.json``."""

from __future__ import annotations

import importlib
import os
import time
from typing import Any

import pytest

from bench._common import write_per_worker
from e2e.waiting import settle

_tests: dict[str, dict[str, float]] = {}
_current = {"test": ""}


def _timed(cls: Any, name: str) -> None:
    original = getattr(cls, name)

    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return original(self, *args, **kwargs)
        finally:
            row = _tests.setdefault(_current["test"], {})
            row["waiting"] = row.get("waiting", 0.0) + time.perf_counter() - started

    setattr(cls, name, wrapper)


_timed(settle.PageSettled, "_check")
_timed(
    importlib.import_module("e2e.waiting.expect")._Holds, "__call__"
)  # e2e.waiting.expect: a function


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    _current["test"] = item.nodeid


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if os.environ.get("PYTEST_XDIST_WORKER") or not report.when:
        return
    row = _tests.setdefault(report.nodeid, {})
    row[report.when] = row.get(report.when, 0.0) + report.duration


def pytest_sessionfinish(session: pytest.Session) -> None:
    write_per_worker("E2E_PHASE_TIMES", _tests)
