"""Where run history lives: SQLite (a path or ``sqlite:///path``, the default) or
PostgreSQL (``postgresql://...``, through psycopg, for many CI machines sharing one).

The SQL is plain enough for both; the one difference, the parameter marker, is put in by
:meth:`History.sql`. The schema is versioned (``e2e_schema``) and each open migrates it
forward; a history newer than this version of the package is refused with a sentence.
SQLAlchemy would add a dependency for two tables and five queries.

A run is written in one transaction by one process (the controller of an xdist run), so
no result is lost when workers finish at once; SQLite runs in WAL mode with a busy
timeout so that several runs (shards on one machine) may write at once.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

__all__ = [
    "RESULTS_FILE",
    "SCHEMA_VERSION",
    "History",
    "HistoryError",
    "Result",
    "Run",
    "open_history",
]

#: The run's record as every run writes it beside its artifacts (``Run.as_data`` and
#: each test's traces): what ``e2e merge`` reads.
RESULTS_FILE = "e2e-results.json"

#: Bump with a new entry in ``_MIGRATIONS``.
SCHEMA_VERSION = 1

_MIGRATIONS: dict[int, Sequence[str]] = {
    1: (
        """CREATE TABLE e2e_runs (
            id {serial},
            started DOUBLE PRECISION NOT NULL,
            seconds DOUBLE PRECISION NOT NULL,
            commit_sha TEXT NOT NULL DEFAULT '',
            branch TEXT NOT NULL DEFAULT '',
            engine TEXT NOT NULL DEFAULT '',
            shard TEXT NOT NULL DEFAULT '',
            ci_url TEXT NOT NULL DEFAULT '',
            exit_status INTEGER NOT NULL DEFAULT 0
        )""",
        """CREATE TABLE e2e_results (
            run_id INTEGER NOT NULL REFERENCES e2e_runs (id),
            test TEXT NOT NULL,
            outcome TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 1,
            seconds DOUBLE PRECISION NOT NULL DEFAULT 0,
            worker TEXT NOT NULL DEFAULT '',
            failure TEXT NOT NULL DEFAULT '',
            fingerprint TEXT NOT NULL DEFAULT ''
        )""",
        "CREATE INDEX e2e_results_run ON e2e_results (run_id)",
        "CREATE INDEX e2e_results_test ON e2e_results (test)",
        "CREATE INDEX e2e_runs_engine ON e2e_runs (engine, started)",
    ),
}


class HistoryError(Exception):
    """A history that cannot be opened or written, said for the person who set it."""


@dataclass(frozen=True)
class Result:
    test: str
    #: passed, failed, error (setup or teardown), skipped, flaky (passed on a rerun)
    outcome: str
    attempts: int = 1
    seconds: float = 0.0
    worker: str = ""
    failure: str = ""  # the failure's first line
    fingerprint: str = ""


@dataclass(frozen=True)
class Run:
    started: float
    seconds: float
    commit: str = ""
    branch: str = ""
    engine: str = ""
    shard: str = ""
    ci_url: str = ""
    exit_status: int = 0
    results: tuple[Result, ...] = ()
    id: int = 0  # the history's number for it, once written

    def as_data(self) -> dict[str, Any]:
        """Plain data (for the file a run keeps when its history cannot be reached)."""
        data = {k: getattr(self, k) for k in _RUN_FIELDS}
        data["results"] = [r.__dict__ for r in self.results]
        return data

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Run:
        names = set(Result.__dataclass_fields__)
        results = tuple(
            Result(**{k: v for k, v in r.items() if k in names}) for r in data.get("results", [])
        )
        return cls(**{k: data[k] for k in _RUN_FIELDS if k in data}, results=results)


_RUN_FIELDS = ("started", "seconds", "commit", "branch", "engine", "shard", "ci_url", "exit_status")


@dataclass
class History:
    """An open history: :meth:`add` a run, :meth:`runs` and :meth:`results` to read."""

    url: str
    connection: Any
    postgres: bool = False
    _closed: bool = field(default=False, repr=False)

    def sql(self, text: str) -> str:
        return text.replace("?", "%s") if self.postgres else text

    def execute(self, text: str, params: Sequence[Any] = ()) -> Any:
        cursor = self.connection.cursor()
        cursor.execute(self.sql(text), tuple(params))
        return cursor

    def add(self, run: Run) -> int:
        """Write ``run`` and its results in one transaction; its id."""
        with self._transaction():
            values = (
                run.started,
                run.seconds,
                run.commit,
                run.branch,
                run.engine,
                run.shard,
                run.ci_url,
                run.exit_status,
            )
            columns = "started, seconds, commit_sha, branch, engine, shard, ci_url, exit_status"
            insert = f"INSERT INTO e2e_runs ({columns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            if self.postgres:
                run_id = int(self.execute(insert + " RETURNING id", values).fetchone()[0])
            else:
                run_id = int(self.execute(insert, values).lastrowid)
            rows = [
                (
                    run_id,
                    r.test,
                    r.outcome,
                    r.attempts,
                    r.seconds,
                    r.worker,
                    r.failure,
                    r.fingerprint,
                )
                for r in run.results
            ]
            cursor = self.connection.cursor()
            cursor.executemany(
                self.sql(
                    "INSERT INTO e2e_results (run_id, test, outcome, attempts, seconds, worker,"
                    " failure, fingerprint) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                ),
                rows,
            )
        return run_id

    def runs(self, engine: str | None = None, limit: int | None = None) -> list[Run]:
        """The runs, oldest first (the last ``limit`` of them), of one engine or all."""
        where, params = ("WHERE engine = ?", [engine]) if engine else ("", [])
        query = (
            "SELECT id, started, seconds, commit_sha, branch, engine, shard, ci_url, exit_status"
            f" FROM e2e_runs {where} ORDER BY started DESC, id DESC"
        )
        if limit:
            query += f" LIMIT {int(limit)}"
        rows = self.execute(query, params).fetchall()
        return [
            Run(
                id=int(r[0]),
                started=float(r[1]),
                seconds=float(r[2]),
                commit=r[3],
                branch=r[4],
                engine=r[5],
                shard=r[6],
                ci_url=r[7],
                exit_status=int(r[8]),
            )
            for r in reversed(rows)
        ]

    def results(self, run_ids: Sequence[int]) -> dict[int, list[Result]]:
        """Each run's results, by run id."""
        out: dict[int, list[Result]] = {i: [] for i in run_ids}
        if not run_ids:
            return out
        marks = ", ".join("?" for _ in run_ids)
        rows = self.execute(
            "SELECT run_id, test, outcome, attempts, seconds, worker, failure, fingerprint"
            f" FROM e2e_results WHERE run_id IN ({marks})",
            list(run_ids),
        ).fetchall()
        for r in rows:
            out[int(r[0])].append(Result(r[1], r[2], int(r[3]), float(r[4]), r[5], r[6], r[7]))
        return out

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            with contextlib.suppress(Exception):
                self.connection.close()

    def __enter__(self) -> History:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        try:
            yield
        except BaseException:
            self.connection.rollback()
            raise
        self.connection.commit()

    def migrate(self) -> None:
        """Bring the schema up to :data:`SCHEMA_VERSION` (each step in a transaction)."""
        with self._transaction():
            self.execute("CREATE TABLE IF NOT EXISTS e2e_schema (version INTEGER NOT NULL)")
        version = self.version()
        if version > SCHEMA_VERSION:
            raise HistoryError(
                f"The history at {self.url} has schema version {version}, newer than this "
                f"pagewright-e2e knows ({SCHEMA_VERSION}): upgrade pagewright-e2e."
            )
        serial = "SERIAL PRIMARY KEY" if self.postgres else "INTEGER PRIMARY KEY AUTOINCREMENT"
        for step in range(version + 1, SCHEMA_VERSION + 1):
            with self._transaction():
                for statement in _MIGRATIONS[step]:
                    self.execute(statement.replace("{serial}", serial))
                self.execute("DELETE FROM e2e_schema")
                self.execute("INSERT INTO e2e_schema (version) VALUES (?)", [step])

    def version(self) -> int:
        row = self.execute("SELECT MAX(version) FROM e2e_schema").fetchone()
        return int(row[0]) if row and row[0] is not None else 0


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite history URL (a path, or ``sqlite:///path``), or ``None``."""
    if url.startswith("sqlite:"):
        parts = urlsplit(url)
        if parts.netloc:
            raise HistoryError(
                f"--history {url!r}: a SQLite URL has no host; write sqlite:///relative/path "
                "or sqlite:////absolute/path, or just the path"
            )
        return Path(unquote(parts.path[1:] if parts.path.startswith("/") else parts.path))
    if "://" in url:
        return None
    return Path(url).expanduser()


def open_history(url: str, *, timeout: float = 10.0) -> History:
    """Open (and migrate) the history at ``url``; :class:`HistoryError` says why not."""
    if not url or not url.strip():
        raise HistoryError("--history is empty: give a path, sqlite:///path or postgresql://...")
    url = url.strip()
    path = sqlite_path(url)
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(str(path), timeout=timeout)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute(f"PRAGMA busy_timeout={int(timeout * 1000)}")
        except (OSError, sqlite3.Error) as exc:
            raise HistoryError(f"Cannot open the SQLite history {str(path)!r}: {exc}") from None
        history = History(url, connection)
    elif url.startswith(("postgresql://", "postgres://")):
        try:
            import psycopg
        except ImportError:
            raise HistoryError(
                f"--history {_safe(url)}: PostgreSQL needs psycopg; install it with "
                "pip install 'pagewright-e2e[history]'"
            ) from None
        try:
            shared = psycopg.connect(url, connect_timeout=max(1, int(timeout)))
        except psycopg.Error as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise HistoryError(f"Cannot reach the history {_safe(url)}: {first}") from None
        history = History(url, shared, postgres=True)
    else:
        scheme = url.split("://", 1)[0]
        raise HistoryError(
            f"--history {_safe(url)}: {scheme}:// is not a history this knows; give a path, "
            "sqlite:///path, or postgresql://user@host/database"
        )
    try:
        history.migrate()
    except HistoryError:
        history.close()
        raise
    except Exception as exc:
        history.close()
        raise HistoryError(f"Cannot set up the history {_safe(url)}: {exc}") from None
    return history


def _safe(url: str) -> str:
    """``url`` without its password, for messages."""
    parts = urlsplit(url)
    if parts.password:
        host = parts.netloc.rsplit("@", 1)[-1]
        user = parts.username or ""
        return parts._replace(netloc=f"{user}:••••••@{host}").geturl()
    return url
