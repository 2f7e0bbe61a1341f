"""SQLite storage: one file per app instance."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from werkzeug.security import generate_password_hash

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    email TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'tester'))
);
CREATE TABLE IF NOT EXISTS projects (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    owner TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    revision INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS cases (
    id INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    priority TEXT NOT NULL CHECK (priority IN ('low', 'medium', 'high')),
    status TEXT NOT NULL DEFAULT 'open',
    position INTEGER NOT NULL DEFAULT 0,
    script TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    result TEXT NOT NULL,
    at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE IF NOT EXISTS fields (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    description TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE IF NOT EXISTS attachments (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    filename TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    stored_as TEXT NOT NULL
);
"""

PRIORITIES = ("low", "medium", "high")
ROLES = ("admin", "tester")


def connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=10)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def initialise(path: Path, admin_password: str) -> None:
    """Create the schema and the first admin (a fresh instance is usable at once)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with connect(path) as conn:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.executescript(SCHEMA)
        _add_missing_columns(conn)
        conn.execute(
            "INSERT OR IGNORE INTO users (username, email, password_hash, role) "
            "VALUES ('admin', 'admin@example.test', ?, 'admin')",
            (generate_password_hash(admin_password),),
        )


#: Columns added since the first release, for data folders made before them.
_LATER_COLUMNS = {
    "projects": {
        "owner": "TEXT NOT NULL DEFAULT ''",
        "notes": "TEXT NOT NULL DEFAULT ''",
        "revision": "INTEGER NOT NULL DEFAULT 0",
    },
    "cases": {
        "position": "INTEGER NOT NULL DEFAULT 0",
        "script": "TEXT NOT NULL DEFAULT ''",
    },
}


def _add_missing_columns(conn: sqlite3.Connection) -> None:
    for table, columns in _LATER_COLUMNS.items():
        have = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
        for name, kind in columns.items():
            if name not in have:
                conn.execute(f"ALTER TABLE {table} ADD COLUMN {name} {kind}")


_HASHES: dict[str, str] = {}


def _admin_hash(password: str) -> str:
    """The first admin's password hash, made once per process (scrypt is slow on purpose:
    hashing it again at every reset cost each test tens of milliseconds)."""
    if password not in _HASHES:
        _HASHES[password] = generate_password_hash(password)
    return _HASHES[password]


def reset(conn: sqlite3.Connection, admin_password: str, *, keep_sessions: bool = False) -> None:
    """Empty every table and put the first admin back. With ``keep_sessions`` the first
    admin stays the same user and stays signed in (a saved sign-in state still works)."""
    admin = conn.execute("SELECT id FROM users WHERE username = 'admin'").fetchone()
    kept = admin[0] if (keep_sessions and admin is not None) else None
    if kept is None:
        conn.execute("DELETE FROM sessions")
    else:
        conn.execute("DELETE FROM sessions WHERE user_id != ?", (kept,))
    for table in ("attachments", "runs", "cases", "projects", "fields"):
        conn.execute(f"DELETE FROM {table}")
    if kept is None:
        conn.execute("DELETE FROM users")
        conn.execute(
            "INSERT INTO users (username, email, password_hash, role) "
            "VALUES ('admin', 'admin@example.test', ?, 'admin')",
            (_admin_hash(admin_password),),
        )
    else:
        conn.execute("DELETE FROM users WHERE id != ?", (kept,))
        conn.execute(
            "UPDATE users SET email = 'admin@example.test', password_hash = ?, role = 'admin' "
            "WHERE id = ?",
            (_admin_hash(admin_password), kept),
        )
