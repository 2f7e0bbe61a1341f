"""Run history: every run and each test's outcome, attempts, duration and failure,
in SQLite (the default) or a shared PostgreSQL (``--history URL``), and the answers a
red night needs: flaky, newly failing and slowing tests, and failures by engine.
``store`` keeps, ``fingerprint`` names a failure, ``analysis`` answers."""

from e2e.history.fingerprint import failure_line, fingerprint
from e2e.history.store import History, HistoryError, Result, Run, open_history

__all__ = [
    "History",
    "HistoryError",
    "Result",
    "Run",
    "failure_line",
    "fingerprint",
    "open_history",
]
