"""The HTML pages: each renders a shell that its script fills over AJAX."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, render_template, send_from_directory

from demo_app import vendor_dir
from demo_app.auth import admin_required, conn, login_required
from demo_app.db import PRIORITIES, ROLES
from demo_app.settings import ACCEPTED_TYPES, MAX_UPLOAD_MB

bp = Blueprint("pages", __name__)

#: The only files served from node_modules.
VENDOR_FILES = {
    "jquery.js": ("jquery/dist", "jquery.min.js"),
    "blockui.js": ("block-ui", "jquery.blockUI.js"),
    "dropzone.js": ("dropzone/dist/min", "dropzone.min.js"),
    "dropzone.css": ("dropzone/dist/min", "dropzone.min.css"),
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
    return render_template(
        "case.html",
        page="case",
        case=row,
        max_upload_mb=MAX_UPLOAD_MB,
        accepted=",".join(ACCEPTED_TYPES),
    )


@bp.route("/admin/users")
@admin_required
def users() -> Any:
    return render_template("users.html", page="users", roles=ROLES)


@bp.route("/admin/fields")
@admin_required
def fields() -> Any:
    return render_template("fields.html", page="fields")
