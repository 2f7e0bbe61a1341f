"""The JSON endpoints the pages call over AJAX; each one honours the latency setting."""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import random
import re
import sqlite3
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from flask import Blueprint, abort, current_app, jsonify, request
from werkzeug.security import generate_password_hash

from demo_app.auth import admin_required, conn, current_user, login_required, settings
from demo_app.db import PRIORITIES, ROLES
from demo_app.inputs import text, valid_email
from demo_app.settings import (
    ACCEPTED_TYPES,
    CASES_PER_PROJECT_MAX,
    CSV_MAX_BYTES,
    CSV_MAX_ROWS,
    DESCRIPTION_MAX,
    MAX_UPLOAD_MB,
    NAME_MAX,
    TITLE_MAX,
)

bp = Blueprint("api", __name__, url_prefix="/api")
F = TypeVar("F", bound=Callable[..., Any])


def slow(view: F) -> F:
    """Answer after the configured latency plus random jitter, like a real server."""

    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        latency, jitter = current_app.config["DEMO_LATENCY"]
        delay = latency + random.uniform(0, jitter)
        time.sleep(delay / 1000)  # simulated server latency, not a test wait
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


def invalid(errors: dict[str, str]) -> Any:
    return jsonify(error="Please correct the marked fields.", fields=errors), 422


def conflict(errors: dict[str, str]) -> Any:
    """A unique name taken by a request that won a race against this one."""
    return jsonify(error="Please correct the marked fields.", fields=errors), 409


def _body() -> dict[str, Any]:
    data = request.get_json(silent=True)
    if isinstance(data, dict):
        return data
    return request.form.to_dict()


def _one(sql: str, *params: object) -> sqlite3.Row:
    row: sqlite3.Row | None = conn().execute(sql, params).fetchone()
    if row is None:
        abort(404)
    return row


@bp.get("/me")
@login_required
def me() -> Any:
    """Who is signed in (401 when nobody is: a saved sign-in state that was revoked)."""
    user = current_user()
    assert user is not None
    return jsonify(username=user["username"], role=user["role"])


# -- dashboard ------------------------------------------------------------------------
@bp.get("/widgets/<name>")
@login_required
@slow
def widget(name: str) -> Any:
    db = conn()
    if name == "open-cases":
        count = db.execute("SELECT COUNT(*) FROM cases WHERE status = 'open'").fetchone()[0]
        return jsonify(value=count, label="Open cases")
    if name == "last-runs":
        rows = db.execute(
            "SELECT cases.title, runs.result FROM runs JOIN cases ON cases.id = runs.case_id "
            "ORDER BY runs.id DESC LIMIT 5"
        ).fetchall()
        return jsonify(value=len(rows), label="Last runs", items=[dict(r) for r in rows])
    if name == "health":
        projects = db.execute("SELECT COUNT(*) FROM projects").fetchone()[0]
        cases = db.execute("SELECT COUNT(*) FROM cases").fetchone()[0]
        return jsonify(value=f"{projects} projects · {cases} cases", label="Health")
    if name == "attachments":
        count = db.execute("SELECT COUNT(*) FROM attachments").fetchone()[0]
        return jsonify(value=count, label="Attachments")
    abort(404)


# -- projects -------------------------------------------------------------------------
def _project_name(data: dict[str, Any], project_id: int | None = None) -> str | dict[str, str]:
    name = text(data, "name").strip()
    if not name:
        return {"name": "A project needs a name."}
    if len(name) > NAME_MAX:
        return {"name": f"Keep the name under {NAME_MAX} characters."}
    clash = (
        conn()
        .execute("SELECT id FROM projects WHERE name = ? AND id IS NOT ?", (name, project_id))
        .fetchone()
    )
    if clash:
        return {"name": f"A project called {name!r} exists already."}
    return name


@bp.get("/projects")
@login_required
@slow
def projects() -> Any:
    rows = (
        conn()
        .execute(
            "SELECT projects.id, projects.name, COUNT(cases.id) AS cases FROM projects "
            "LEFT JOIN cases ON cases.project_id = projects.id GROUP BY projects.id ORDER BY name"
        )
        .fetchall()
    )
    return jsonify(projects=[dict(r) for r in rows])


@bp.post("/projects")
@login_required
@slow
def create_project() -> Any:
    name = _project_name(_body())
    if isinstance(name, dict):
        return invalid(name)
    try:
        with conn() as db:
            cursor = db.execute("INSERT INTO projects (name) VALUES (?)", (name,))
    except sqlite3.IntegrityError:  # the same name, created since the check above
        return conflict({"name": f"A project called {name!r} exists already."})
    return jsonify(id=cursor.lastrowid, name=name), 201


@bp.post("/projects/<int:project_id>")
@login_required
@slow
def rename_project(project_id: int) -> Any:
    _one("SELECT id FROM projects WHERE id = ?", project_id)
    name = _project_name(_body(), project_id)
    if isinstance(name, dict):
        return invalid(name)
    try:
        with conn() as db:
            db.execute("UPDATE projects SET name = ? WHERE id = ?", (name, project_id))
    except sqlite3.IntegrityError:
        return conflict({"name": f"A project called {name!r} exists already."})
    return jsonify(id=project_id, name=name)


@bp.delete("/projects/<int:project_id>")
@login_required
@slow
def delete_project(project_id: int) -> Any:
    _one("SELECT id FROM projects WHERE id = ?", project_id)
    with conn() as db:
        db.execute("DELETE FROM projects WHERE id = ?", (project_id,))
    return jsonify(deleted=project_id)


# -- cases ----------------------------------------------------------------------------
def _case_fields(data: dict[str, Any]) -> tuple[dict[str, str], dict[str, str]]:
    values = {
        "title": text(data, "title").strip(),
        "description": text(data, "description"),
        "priority": text(data, "priority", "medium"),
    }
    errors = {}
    if not values["title"]:
        errors["title"] = "A test case needs a title."
    elif len(values["title"]) > TITLE_MAX:
        errors["title"] = f"Keep the title under {TITLE_MAX} characters."
    if len(values["description"]) > DESCRIPTION_MAX:
        errors["description"] = f"Keep the description under {DESCRIPTION_MAX} characters."
    if values["priority"] not in PRIORITIES:
        errors["priority"] = f"Priority must be one of: {', '.join(PRIORITIES)}."
    return values, errors


@bp.get("/projects/<int:project_id>/cases")
@login_required
@slow
def cases(project_id: int) -> Any:
    project = _one("SELECT * FROM projects WHERE id = ?", project_id)
    rows = (
        conn()
        .execute("SELECT * FROM cases WHERE project_id = ? ORDER BY position, id", (project_id,))
        .fetchall()
    )
    return jsonify(project=dict(project), cases=[dict(r) for r in rows])


@bp.post("/projects/<int:project_id>/cases")
@login_required
@slow
def create_case(project_id: int) -> Any:
    _one("SELECT id FROM projects WHERE id = ?", project_id)
    values, errors = _case_fields(_body())
    if errors:
        return invalid(errors)
    if _room_for(project_id) < 1:
        return jsonify(error=f"A project holds at most {CASES_PER_PROJECT_MAX} test cases."), 422
    with conn() as db:
        cursor = db.execute(
            "INSERT INTO cases (project_id, title, description, priority) VALUES (?, ?, ?, ?)",
            (project_id, values["title"], values["description"], values["priority"]),
        )
    return jsonify(id=cursor.lastrowid, **values), 201


@bp.post("/projects/<int:project_id>/cases/order")
@login_required
@slow
def order_cases(project_id: int) -> Any:
    """Put the project's cases in the order given: ``{"ids": [every case id, in order]}``."""
    _one("SELECT id FROM projects WHERE id = ?", project_id)
    ids = _body().get("ids")
    have = {
        r["id"] for r in conn().execute("SELECT id FROM cases WHERE project_id = ?", (project_id,))
    }
    if (
        not isinstance(ids, list)
        or not all(isinstance(i, int) and not isinstance(i, bool) for i in ids)
        or len(ids) != len(have)
        or set(ids) != have
    ):
        return invalid({"ids": "Give every test case id of the project once, in the new order."})
    with conn() as db:
        db.executemany(
            "UPDATE cases SET position = ? WHERE id = ?", [(n, i) for n, i in enumerate(ids)]
        )
    return jsonify(ids=ids)


@bp.post("/cases/<int:case_id>/script")
@login_required
@slow
def save_script(case_id: int) -> Any:
    """The case's automation script, kept exactly as sent."""
    _one("SELECT id FROM cases WHERE id = ?", case_id)
    script = text(_body(), "script")
    if len(script) > DESCRIPTION_MAX:
        return invalid({"script": f"Keep the script under {DESCRIPTION_MAX} characters."})
    with conn() as db:
        db.execute("UPDATE cases SET script = ? WHERE id = ?", (script, case_id))
    return jsonify(id=case_id, script=script)


@bp.get("/cases/<int:case_id>")
@login_required
@slow
def get_case(case_id: int) -> Any:
    return jsonify(dict(_one("SELECT * FROM cases WHERE id = ?", case_id)))


@bp.post("/cases/<int:case_id>")
@login_required
@slow
def update_case(case_id: int) -> Any:
    _one("SELECT id FROM cases WHERE id = ?", case_id)
    values, errors = _case_fields(_body())
    if errors:
        return invalid(errors)
    with conn() as db:
        db.execute(
            "UPDATE cases SET title = ?, description = ?, priority = ? WHERE id = ?",
            (values["title"], values["description"], values["priority"], case_id),
        )
    return jsonify(id=case_id, **values)


@bp.delete("/cases/<int:case_id>")
@login_required
@slow
def delete_case(case_id: int) -> Any:
    _one("SELECT id FROM cases WHERE id = ?", case_id)
    with conn() as db:
        db.execute("DELETE FROM cases WHERE id = ?", (case_id,))
    return jsonify(deleted=case_id)


@bp.post("/cases/<int:case_id>/runs")
@login_required
@slow
def record_run(case_id: int) -> Any:
    _one("SELECT id FROM cases WHERE id = ?", case_id)
    result = text(_body(), "result")
    if result not in ("passed", "failed", "blocked"):
        return invalid({"result": "Result must be passed, failed or blocked."})
    with conn() as db:
        db.execute("INSERT INTO runs (case_id, result) VALUES (?, ?)", (case_id, result))
    return jsonify(case_id=case_id, result=result), 201


def _room_for(project_id: int) -> int:
    """How many more cases the project may hold."""
    count = conn().execute("SELECT COUNT(*) FROM cases WHERE project_id = ?", (project_id,))
    return int(CASES_PER_PROJECT_MAX - count.fetchone()[0])


# -- CSV import -----------------------------------------------------------------------
@bp.post("/projects/<int:project_id>/import")
@login_required
@slow
def import_cases(project_id: int) -> Any:
    _one("SELECT id FROM projects WHERE id = ?", project_id)
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return jsonify(error="Choose a CSV file to import."), 400
    raw = upload.read(CSV_MAX_BYTES + 1)
    if len(raw) > CSV_MAX_BYTES:
        return jsonify(
            error=f"The file is larger than {CSV_MAX_BYTES // 1024} KiB; "
            "split it into smaller files."
        ), 413
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return jsonify(error="The file is not UTF-8 text; save it as CSV (UTF-8)."), 400
    reader = csv.DictReader(io.StringIO(text))
    try:
        missing = {"title", "priority"} - set(reader.fieldnames or [])
    except csv.Error as exc:
        return jsonify(error=f"Line 1: the header is not valid CSV ({exc})."), 400
    if missing:
        return jsonify(
            error=f"The header must name the columns title, description, priority "
            f"(missing: {', '.join(sorted(missing))})."
        ), 400
    good, problems = [], []
    try:
        for row in reader:
            if reader.line_num - 1 > CSV_MAX_ROWS:
                return jsonify(
                    error=f"The file has more than {CSV_MAX_ROWS} rows; split it into "
                    "smaller files."
                ), 413
            values, errors = _case_fields({k: v or "" for k, v in row.items() if k})
            if errors:
                problems.append({"line": reader.line_num, "message": " ".join(errors.values())})
            else:
                good.append(values)
    except csv.Error as exc:  # e.g. a cell over the csv module's field size limit
        # line_num counts the lines read before the one that failed.
        return jsonify(error=f"Line {reader.line_num + 1}: this is not valid CSV ({exc})."), 400
    if len(good) > _room_for(project_id):
        return jsonify(
            error=f"A project holds at most {CASES_PER_PROJECT_MAX} test cases; "
            f"this file would add {len(good)}."
        ), 422
    with conn() as db:
        db.executemany(
            "INSERT INTO cases (project_id, title, description, priority) VALUES (?, ?, ?, ?)",
            [(project_id, v["title"], v["description"], v["priority"]) for v in good],
        )
    return jsonify(imported=len(good), errors=problems)


# -- attachments ----------------------------------------------------------------------
@bp.get("/cases/<int:case_id>/attachments")
@login_required
@slow
def attachments(case_id: int) -> Any:
    rows = (
        conn()
        .execute(
            "SELECT id, filename, size, sha256 FROM attachments WHERE case_id = ? ORDER BY id",
            (case_id,),
        )
        .fetchall()
    )
    return jsonify(attachments=[dict(r) for r in rows])


@bp.post("/cases/<int:case_id>/attachments")
@login_required
@slow
def upload_attachment(case_id: int) -> Any:
    _one("SELECT id FROM cases WHERE id = ?", case_id)
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return jsonify(error="No file was sent."), 400
    name = Path(upload.filename).name
    if Path(name).suffix.lower() not in ACCEPTED_TYPES:
        return jsonify(error=f"Files of this type are not accepted: {name}"), 415
    data = upload.read()
    if len(data) > MAX_UPLOAD_MB * 1024 * 1024:
        return jsonify(error=f"The file is larger than {MAX_UPLOAD_MB} MB."), 413
    digest = hashlib.sha256(data).hexdigest()
    stored = settings().uploads / f"{uuid.uuid4().hex}{Path(name).suffix.lower()}"
    stored.write_bytes(data)
    with conn() as db:
        cursor = db.execute(
            "INSERT INTO attachments (case_id, filename, size, sha256, stored_as) "
            "VALUES (?, ?, ?, ?, ?)",
            (case_id, name, len(data), digest, stored.name),
        )
    return jsonify(id=cursor.lastrowid, filename=name, size=len(data), sha256=digest), 201


# -- users and custom fields (admin) --------------------------------------------------
@bp.get("/users")
@admin_required
@slow
def users() -> Any:
    rows = conn().execute("SELECT id, username, email, role FROM users ORDER BY id").fetchall()
    return jsonify(users=[dict(r) for r in rows])


@bp.post("/users")
@admin_required
@slow
def create_user() -> Any:
    data = _body()
    username = text(data, "username").strip()
    email = text(data, "email").strip()
    role = text(data, "role", "tester")
    password = text(data, "password")
    errors = {}
    if not re.fullmatch(r"[A-Za-z0-9_.-]{3,30}", username):
        errors["username"] = "Use 3 to 30 letters, digits, dots, dashes or underscores."
    elif conn().execute("SELECT 1 FROM users WHERE username = ?", (username,)).fetchone():
        errors["username"] = f"The username {username!r} is taken."
    if not valid_email(email):
        errors["email"] = "Enter an e-mail address like name@example.com."
    if role not in ROLES:
        errors["role"] = f"Role must be one of: {', '.join(ROLES)}."
    if len(password) < 8:
        errors["password"] = "The password needs at least 8 characters."
    elif len(password) > 200:
        errors["password"] = "Keep the password under 200 characters."
    if errors:
        return invalid(errors)
    try:
        with conn() as db:
            cursor = db.execute(
                "INSERT INTO users (username, email, password_hash, role) VALUES (?, ?, ?, ?)",
                (username, email, generate_password_hash(password), role),
            )
    except sqlite3.IntegrityError:
        return conflict({"username": f"The username {username!r} is taken."})
    return jsonify(id=cursor.lastrowid, username=username, email=email, role=role), 201


def _field_values(data: dict[str, Any], field_id: int | None) -> Any:
    name = text(data, "name").strip()
    description = text(data, "description")
    if not name:
        return {"name": "A custom field needs a name."}
    if len(name) > NAME_MAX:
        return {"name": f"Keep the name under {NAME_MAX} characters."}
    if len(description) > DESCRIPTION_MAX:
        return {"description": f"Keep the description under {DESCRIPTION_MAX} characters."}
    clash = (
        conn()
        .execute("SELECT 1 FROM fields WHERE name = ? AND id IS NOT ?", (name, field_id))
        .fetchone()
    )
    if clash:
        return {"name": f"A field called {name!r} exists already."}
    return (name, description)


@bp.get("/fields")
@admin_required
@slow
def fields() -> Any:
    rows = conn().execute("SELECT * FROM fields ORDER BY id").fetchall()
    return jsonify(fields=[dict(r) for r in rows])


@bp.post("/fields")
@admin_required
@slow
def create_field() -> Any:
    values = _field_values(_body(), None)
    if isinstance(values, dict):
        return invalid(values)
    try:
        with conn() as db:
            cursor = db.execute("INSERT INTO fields (name, description) VALUES (?, ?)", values)
    except sqlite3.IntegrityError:
        return conflict({"name": f"A field called {values[0]!r} exists already."})
    return jsonify(id=cursor.lastrowid, name=values[0], description=values[1]), 201


@bp.post("/fields/<int:field_id>")
@admin_required
@slow
def update_field(field_id: int) -> Any:
    _one("SELECT id FROM fields WHERE id = ?", field_id)
    values = _field_values(_body(), field_id)
    if isinstance(values, dict):
        return invalid(values)
    try:
        with conn() as db:
            db.execute(
                "UPDATE fields SET name = ?, description = ? WHERE id = ?", (*values, field_id)
            )
    except sqlite3.IntegrityError:
        return conflict({"name": f"A field called {values[0]!r} exists already."})
    return jsonify(id=field_id, name=values[0], description=values[1])


@bp.delete("/fields/<int:field_id>")
@admin_required
@slow
def delete_field(field_id: int) -> Any:
    _one("SELECT id FROM fields WHERE id = ?", field_id)
    with conn() as db:
        db.execute("DELETE FROM fields WHERE id = ?", (field_id,))
    return jsonify(deleted=field_id)
