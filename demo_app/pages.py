"""The HTML pages: each renders a shell that its script fills over AJAX."""

from __future__ import annotations

import csv
import io
import random
import re
import sqlite3
import time
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from werkzeug.security import generate_password_hash

from demo_app import vendor_dir
from demo_app.auth import admin_required, conn, login_required
from demo_app.db import PRIORITIES, ROLES
from demo_app.inputs import csv_cell, valid_email
from demo_app.settings import ACCEPTED_TYPES, DESCRIPTION_MAX, MAX_UPLOAD_MB, NAME_MAX

bp = Blueprint("pages", __name__)

#: The only files served from node_modules.
VENDOR_FILES = {
    "jquery.js": ("jquery/dist", "jquery.min.js"),
    "blockui.js": ("block-ui", "jquery.blockUI.js"),
    "dropzone.js": ("dropzone/dist/min", "dropzone.min.js"),
    "dropzone.css": ("dropzone/dist/min", "dropzone.min.css"),
    "jquery-ui.js": ("jquery-ui/dist", "jquery-ui.min.js"),
    "codemirror.js": ("codemirror/lib", "codemirror.js"),
    "codemirror.css": ("codemirror/lib", "codemirror.css"),
    "codemirror-python.js": ("codemirror/mode/python", "python.js"),
}


@bp.route("/vendor/<name>")
def vendor(name: str) -> Any:
    if name not in VENDOR_FILES:
        abort(404)
    folder, file = VENDOR_FILES[name]
    return send_from_directory(vendor_dir() / folder, file, max_age=3600)


@bp.route("/")
@login_required
def dashboard() -> Any:
    return render_template("dashboard.html", page="dashboard")


@bp.route("/projects")
@login_required
def projects() -> Any:
    return render_template("projects.html", page="projects")


@bp.route("/projects/<int:project_id>")
@login_required
def project(project_id: int) -> Any:
    row = conn().execute("SELECT * FROM projects WHERE id = ?", (project_id,)).fetchone()
    if row is None:
        abort(404)
    return render_template("project.html", page="project", project=row, priorities=PRIORITIES)


@bp.route("/cases/<int:case_id>")
@login_required
def case(case_id: int) -> Any:
    row = (
        conn()
        .execute(
            "SELECT cases.*, projects.name AS project_name FROM cases "
            "JOIN projects ON projects.id = cases.project_id WHERE cases.id = ?",
            (case_id,),
        )
        .fetchone()
    )
    if row is None:
        abort(404)
    runs = (
        conn()
        .execute("SELECT result, at FROM runs WHERE case_id = ? ORDER BY id DESC", (case_id,))
        .fetchall()
    )
    return render_template(
        "case.html",
        page="case",
        case=row,
        runs=[(r["result"], r["at"].replace(" ", "T") + "Z") for r in runs],
        max_upload_mb=MAX_UPLOAD_MB,
        accepted=",".join(ACCEPTED_TYPES),
    )


@bp.route("/profile")
@login_required
def profile() -> Any:
    """The user's own page: where they work from, and desktop notifications (both
    stay in the browser)."""
    return render_template("profile.html", page="profile")


@bp.route("/admin/users")
@admin_required
def users() -> Any:
    return render_template("users.html", page="users", roles=ROLES)


@bp.route("/admin/fields")
@admin_required
def fields() -> Any:
    return render_template("fields.html", page="fields")


def _project(project_id: int) -> sqlite3.Row:
    row: sqlite3.Row | None = (
        conn().execute("SELECT * FROM projects WHERE id = ?", (project_id,)).fetchone()
    )
    if row is None:
        abort(404)
    return row


def _server_latency() -> None:
    latency, jitter = current_app.config["DEMO_LATENCY"]
    time.sleep((latency + random.uniform(0, jitter)) / 1000)  # simulated server work


@bp.route("/projects/<int:project_id>/settings", methods=["GET", "POST"])
@login_required
def settings(project_id: int) -> Any:
    """A classic server-side form that posts back to itself ("Save and continue") or
    redirects after saving ("Save"): a new document either way."""
    project, error, saved = _project(project_id), None, False
    if request.method == "POST":
        _server_latency()
        owner = request.form.get("owner", "").strip()
        notes = request.form.get("notes", "")
        if len(owner) > NAME_MAX or len(notes) > DESCRIPTION_MAX:
            error = (
                f"Keep the owner under {NAME_MAX} and the notes under {DESCRIPTION_MAX} characters."
            )
        else:
            with conn() as db:
                db.execute(
                    "UPDATE projects SET owner = ?, notes = ?, revision = revision + 1 "
                    "WHERE id = ?",
                    (owner, notes, project_id),
                )
            if request.form.get("action") == "save":
                return redirect(url_for("pages.project", project_id=project_id), code=303)
            project, saved = _project(project_id), True
    cleared = request.args.get("cleared", type=int)
    return render_template(
        "settings.html",
        page="settings",
        project=project,
        error=error,
        saved=saved,
        cleared=cleared,
    )


@bp.route("/projects/<int:project_id>/clear", methods=["POST"])
@login_required
def clear_cases(project_id: int) -> Any:
    _project(project_id)
    with conn() as db:
        count = db.execute("DELETE FROM cases WHERE project_id = ?", (project_id,)).rowcount
    return redirect(url_for("pages.settings", project_id=project_id, cleared=count), code=303)


@bp.route("/projects/<int:project_id>/report")
@login_required
def report(project_id: int) -> Any:
    """The report shown in an iframe of the settings page; it loads under its own BlockUI."""
    return render_template("report.html", page="report", project=_project(project_id))


@bp.route("/projects/<int:project_id>/export.csv")
@login_required
def export_cases(project_id: int) -> Any:
    project = _project(project_id)
    rows = conn().execute(
        "SELECT title, description, priority FROM cases WHERE project_id = ? ORDER BY id",
        (project_id,),
    )
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["title", "description", "priority"])
    writer.writerows([csv_cell(value) for value in row] for row in rows)
    name = re.sub(r"[^A-Za-z0-9_.-]+", "-", project["name"]).strip("-") or "project"
    return Response(
        out.getvalue(),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}-cases.csv"'},
    )


@bp.route("/admin/users/new", methods=["GET", "POST"])
@admin_required
def user_popup() -> Any:
    """The "add user" popup window of the settings page: on success its script hands the
    new username to the window that opened it and closes itself."""
    errors: dict[str, str] = {}
    form = request.form
    if request.method == "POST":
        username = form.get("username", "").strip()
        email = form.get("email", "").strip()
        password = form.get("password", "")
        role = form.get("role", "tester")
        if not re.fullmatch(r"[A-Za-z0-9_.-]{3,30}", username):
            errors["username"] = "Use 3 to 30 letters, digits, dots, dashes or underscores."
        if not valid_email(email):
            errors["email"] = "Enter an e-mail address like name@example.com."
        if not 8 <= len(password) <= 200:
            errors["password"] = "The password needs 8 to 200 characters."
        if role not in ROLES:
            errors["role"] = f"Role must be one of: {', '.join(ROLES)}."
        if not errors:
            try:
                with conn() as db:
                    db.execute(
                        "INSERT INTO users (username, email, password_hash, role) "
                        "VALUES (?, ?, ?, ?)",
                        (username, email, generate_password_hash(password), role),
                    )
            except sqlite3.IntegrityError:
                errors["username"] = f"The username {username!r} is taken."
            else:
                return render_template("user_popup.html", page="user-popup", created=username)
    return render_template(
        "user_popup.html", page="user-popup", created=None, form=form, errors=errors, roles=ROLES
    )
