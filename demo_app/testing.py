"""Routes for fast set-up by API. Registered only in test mode; absent otherwise."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, jsonify, request
from werkzeug.security import generate_password_hash

from demo_app import db
from demo_app.auth import conn, settings

bp = Blueprint("testing", __name__)


def _json() -> dict[str, Any]:
    data = request.get_json(silent=True)
    return data if isinstance(data, dict) else {}


@bp.post("/api/test/reset")
def reset() -> Any:
    """Back to a fresh instance: only the admin user, nothing else."""
    with conn() as connection:
        db.reset(connection, settings().admin_password)
    for stored in settings().uploads.iterdir():
        stored.unlink()
    return jsonify(reset=True)


@bp.post("/api/test/latency")
def latency() -> Any:
    """Change this instance's AJAX latency and jitter (milliseconds)."""
    data = _json()
    try:
        values = (int(data["latency_ms"]), int(data["jitter_ms"]))
    except (KeyError, TypeError, ValueError):
        return jsonify(error="Send {'latency_ms': int, 'jitter_ms': int}."), 400
    if min(values) < 0:
        return jsonify(error="Latency and jitter must be zero or more."), 400
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
    with conn() as connection:
        for user in data.get("users", []):
            cursor = connection.execute(
                "INSERT INTO users (username, email, password_hash, role) VALUES (?, ?, ?, ?)",
                (
                    user["username"],
                    user.get("email", f"{user['username']}@example.test"),
                    generate_password_hash(user["password"]),
                    user.get("role", "tester"),
                ),
            )
            created["users"][user["username"]] = cursor.lastrowid
        for project in data.get("projects", []):
            cursor = connection.execute(
                "INSERT INTO projects (name) VALUES (?)", (project["name"],)
            )
            project_id = cursor.lastrowid
            created["projects"][project["name"]] = project_id
            for case in project.get("cases", []):
                cursor = connection.execute(
                    "INSERT INTO cases (project_id, title, description, priority, status) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (
                        project_id,
                        case["title"],
                        case.get("description", ""),
                        case.get("priority", "medium"),
                        case.get("status", "open"),
                    ),
                )
                created["cases"][case["title"]] = cursor.lastrowid
                for result in case.get("runs", []):
                    connection.execute(
                        "INSERT INTO runs (case_id, result) VALUES (?, ?)",
                        (cursor.lastrowid, result),
                    )
        for field in data.get("fields", []):
            cursor = connection.execute(
                "INSERT INTO fields (name, description) VALUES (?, ?)",
                (field["name"], field.get("description", "")),
            )
            created["fields"][field["name"]] = cursor.lastrowid
    return jsonify(created), 201


@bp.get("/api/test/crash")
@bp.get("/test/crash")
def crash() -> Any:
    """Fail on purpose, to show that a 500 page leaks no traceback."""
    raise RuntimeError("deliberate failure: secret internals /etc/demo")
