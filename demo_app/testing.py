"""Routes for fast set-up by API. Registered only in test mode; absent otherwise.

They answer only what a test process on this machine sends: a JSON body (a cross-site
page cannot send one without a CORS preflight, which is never granted), a loopback
``Host`` (no DNS rebinding), and no ``Origin`` or ``Sec-Fetch-Site`` of another site.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from typing import Any

from flask import Blueprint, abort, current_app, jsonify, request
from werkzeug.security import generate_password_hash

from demo_app import db
from demo_app.auth import conn, settings, throttle
from demo_app.security import ThrottleRules
from demo_app.settings import LATENCY_MAX_MS

bp = Blueprint("testing", __name__)

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]", "::1")


class BadPayload(ValueError):
    """The test API was sent something it cannot use; the message says what."""


@bp.before_request
def _only_from_this_machine() -> Any:
    if request.path.endswith("/crash"):
        return None
    host = request.host.rsplit(":", 1)[0] if not request.host.endswith("]") else request.host
    if host not in LOOPBACK_HOSTS:
        return _refuse(f"the test API answers only on a loopback host, not {request.host!r}")
    origin = request.headers.get("Origin")
    if origin is not None and origin != request.host_url.rstrip("/"):
        return _refuse(f"cross-origin request from {origin!r}")
    if request.headers.get("Sec-Fetch-Site", "none") not in ("none", "same-origin"):
        return _refuse("a request started by another site")
    if request.method == "POST" and not request.is_json:
        return jsonify(
            error="The test API takes a JSON body (Content-Type: application/json)."
        ), 415
    return None


def _refuse(why: str) -> Any:
    return jsonify(error=f"Refused: {why}."), 403


@bp.errorhandler(BadPayload)
def _bad_payload(error: BadPayload) -> Any:
    return jsonify(error=str(error)), 400


def _json() -> dict[str, Any]:
    data = request.get_json(silent=True)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise BadPayload("The body must be a JSON object.")
    return data


def _list(data: dict[str, Any], key: str, where: str) -> list[dict[str, Any]]:
    items = data.get(key, [])
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise BadPayload(f"{where}{key!r} must be a list of objects.")
    return items


def _text(item: dict[str, Any], key: str, where: str, default: str | None = None) -> str:
    value = item.get(key, default)
    if not isinstance(value, str) or (default is None and not value.strip()):
        raise BadPayload(f"{where}{key!r} must be a non-empty string, got {value!r}.")
    return value


def _choice(item: dict[str, Any], key: str, where: str, choices: tuple[str, ...]) -> str:
    value = item.get(key, choices[0] if key != "priority" else "medium")
    if value not in choices:
        raise BadPayload(f"{where}{key!r} must be one of {', '.join(choices)}, got {value!r}.")
    return str(value)


@bp.post("/api/test/reset")
def reset() -> Any:
    """Back to a fresh instance: only the admin user, no sessions, no failed log-ins
    (``{"keep_sessions": true}``: the admin's sessions stay, for saved sign-in states)."""
    data = request.get_json(silent=True)
    keep = bool(data.get("keep_sessions")) if isinstance(data, dict) else False
    with conn() as connection:
        db.reset(connection, settings().admin_password, keep_sessions=keep)
    for stored in settings().uploads.iterdir():
        stored.unlink()
    throttle().reset(ThrottleRules())
    return jsonify(reset=True)


@bp.post("/api/test/throttle")
def login_throttle() -> Any:
    """Set the log-in throttle (``per_account``, ``per_address``, ``window_s``,
    ``lockout_s``; the rest keep their defaults) and forget every failed log-in."""
    data = _json()
    rules = ThrottleRules()
    for key in ("per_account", "per_address", "window_s", "lockout_s"):
        if key in data:
            value = data[key]
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 1:
                raise BadPayload(f"{key!r} must be a number of at least 1, got {value!r}.")
            setattr(rules, key, type(getattr(rules, key))(value))
    throttle().reset(rules)
    return jsonify(vars(rules))


@bp.post("/api/test/latency")
def latency() -> Any:
    """Change this instance's AJAX latency and jitter (milliseconds)."""
    data = _json()
    values = (data.get("latency_ms"), data.get("jitter_ms"))
    if not all(type(v) is int and 0 <= v <= LATENCY_MAX_MS for v in values):
        raise BadPayload(
            f"Send {{'latency_ms': int, 'jitter_ms': int}}, each from 0 to {LATENCY_MAX_MS}; "
            f"got {values!r}."
        )
    current_app.config["DEMO_LATENCY"] = values
    return jsonify(latency_ms=values[0], jitter_ms=values[1])


@bp.post("/api/test/seed")
def seed() -> Any:
    """Create users, projects with cases, and custom fields in one request.

    Body: ``{"users": [{"username", "password", "role", "email"?}],
    "projects": [{"name", "cases": [{"title", "description"?, "priority"?}]}],
    "fields": [{"name", "description"?}]}``. Answers with the new ids.
    """
    data = _json()
    created: dict[str, Any] = {"users": {}, "projects": {}, "cases": {}, "fields": {}}
    try:
        with conn() as connection:
            _seed(connection, data, created)
    except sqlite3.IntegrityError as exc:  # a duplicate name, say: nothing was stored
        raise BadPayload(
            f"The seed clashes with stored data ({exc}); nothing was stored."
        ) from None
    return jsonify(created), 201


def _seed(connection: sqlite3.Connection, data: dict[str, Any], created: dict[str, Any]) -> None:
    insert: Callable[..., sqlite3.Cursor] = connection.execute
    for user in _list(data, "users", ""):
        name = _text(user, "username", "users: ")
        cursor = insert(
            "INSERT INTO users (username, email, password_hash, role) VALUES (?, ?, ?, ?)",
            (
                name,
                _text(user, "email", "users: ", f"{name}@example.test"),
                generate_password_hash(_text(user, "password", "users: ")),
                _choice(user, "role", "users: ", ("tester", "admin")),
            ),
        )
        created["users"][name] = cursor.lastrowid
    for project in _list(data, "projects", ""):
        name = _text(project, "name", "projects: ")
        project_id = insert("INSERT INTO projects (name) VALUES (?)", (name,)).lastrowid
        created["projects"][name] = project_id
        for case in _list(project, "cases", "projects: "):
            where = "cases: "
            cursor = insert(
                "INSERT INTO cases (project_id, title, description, priority, status) "
                "VALUES (?, ?, ?, ?, ?)",
                (
                    project_id,
                    _text(case, "title", where),
                    _text(case, "description", where, ""),
                    _choice(case, "priority", where, db.PRIORITIES),
                    _choice(case, "status", where, ("open", "closed")),
                ),
            )
            created["cases"][case["title"]] = cursor.lastrowid
            runs = case.get("runs", [])
            if not isinstance(runs, list):
                raise BadPayload(f"cases: 'runs' must be a list, got {runs!r}.")
            for run in runs:
                result, at = _run(run)
                insert(
                    "INSERT INTO runs (case_id, result, at) VALUES (?, ?, "
                    "COALESCE(?, CURRENT_TIMESTAMP))",
                    (cursor.lastrowid, result, at),
                )
    for field in _list(data, "fields", ""):
        name = _text(field, "name", "fields: ")
        cursor = insert(
            "INSERT INTO fields (name, description) VALUES (?, ?)",
            (name, _text(field, "description", "fields: ", "")),
        )
        created["fields"][name] = cursor.lastrowid


_WHEN = re.compile(r"^\d{4}-\d\d-\d\d[ T]\d\d:\d\d(:\d\d)?Z?$")


def _run(run: Any) -> tuple[str, str | None]:
    """A seeded run: ``"passed"``, or ``{"result": "passed", "at": "2026-01-15T09:30Z"}``
    (UTC)."""
    result, at = (run.get("result"), run.get("at")) if isinstance(run, dict) else (run, None)
    if result not in ("passed", "failed", "blocked"):
        raise BadPayload(f"runs: a result must be passed, failed or blocked: {result!r}")
    if at is not None:
        if not isinstance(at, str) or not _WHEN.match(at):
            raise BadPayload(f"runs: 'at' must be a UTC time like 2026-01-15T09:30:00Z: {at!r}")
        at = at.rstrip("Z").replace("T", " ")
        at = at if len(at) == 19 else at + ":00"
    return result, at


@bp.get("/api/test/crash")
@bp.get("/test/crash")
def crash() -> Any:
    """Fail on purpose, to show that a 500 page leaks no traceback."""
    if request.method != "GET":
        abort(405)
    raise RuntimeError("deliberate failure: secret internals /etc/demo")
