"""What the plugin's hooks share: one :class:`Run` per pytest session, one
:class:`TestState` per test.

One object each rather than a stash key per value: the hooks of ``options``,
``server``, ``lifecycle``, ``fixtures`` and ``reports`` read the same run, and one place
says what a run holds and when it is filled in. Each lives in its ``pytest.Config`` (or
item) stash, never at module level: pytester runs sessions inside sessions, and each
must see its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from e2e.base.action_log import ActionLog
from e2e.config import Config
from e2e.plugin.artifacts import safe_dirname
from e2e.plugin.interrupts import Interrupts
from e2e.plugin.results import RunResults, attempt_of, reruns_enabled
from e2e.trace import Tracer

if TYPE_CHECKING:
    from e2e.plugin.app_server import AppServer, SharedServer

__all__ = ["Run", "TestState", "run_of", "started_run", "test_state"]


@dataclass
class Run:
    """One run, as ``pytest_configure`` sets it up."""

    config: Config
    #: Where failure artifacts and traces go.
    artifacts: Path
    #: The values of the --secret-env variables, masked in every report.
    secrets: frozenset[str]
    #: The end-of-run summaries (a plugin object of this run).
    results: RunResults
    #: Each test's recorded duration, for --shard with --history (the controller's).
    durations: dict[str, float] = field(default_factory=dict)
    #: Base URLs asked about, and what was wrong with each (``None``: it answered).
    reachable: dict[str, str | None] = field(default_factory=dict)
    #: The application server this process started, or the controller's (xdist).
    server: AppServer | SharedServer | None = None
    interrupts: Interrupts | None = None


_RUN = pytest.StashKey[Run]()


def run_of(config: pytest.Config) -> Run:
    """The run of ``config`` (set up by ``pytest_configure``)."""
    return config.stash[_RUN]


def started_run(config: pytest.Config) -> Run | None:
    """The run, or ``None`` when ``pytest_configure`` stopped before it was set up."""
    return config.stash.get(_RUN, None)


def begin_run(config: pytest.Config, run: Run) -> Run:
    config.stash[_RUN] = run
    return run


@dataclass
class TestState:
    """One test: its action log, the browser line of its report, its trace."""

    __test__ = False  # not a test class, whatever pytest's collector thinks of the name

    log: ActionLog | None = None
    browser: str | None = None
    tracer: Tracer | None = None
    #: Sentences for the test's report (a saved sign-in that had to be renewed).
    notes: list[str] = field(default_factory=list)
    #: Images for the report row and the trace: a screenshot mismatch's expected,
    #: actual and diff (label, file).
    images: list[tuple[str, Path]] = field(default_factory=list)
    #: HTML tables for the report row (the accessibility violations).
    tables: list[str] = field(default_factory=list)


_TEST = pytest.StashKey[TestState]()


def test_state(item: pytest.Item) -> TestState:
    found = item.stash.get(_TEST, None)
    if found is None:
        found = item.stash[_TEST] = TestState()
    return found


test_state.__test__ = False  # type: ignore[attr-defined]


def artifact_folder(item: pytest.Item, when: str) -> Path:
    """This test's artifact folder; with reruns, one per attempt (``-attempt2``)."""
    name = f"{item.nodeid}-{when}"
    if reruns_enabled(item.config):
        name += f"-attempt{attempt_of(item)}"
    return run_of(item.config).artifacts / safe_dirname(name)
