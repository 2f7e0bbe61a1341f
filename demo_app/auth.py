"""Log in, log out, and who may see what."""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable
from typing import Any, TypeVar

from flask import (
    Blueprint,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from werkzeug.security import check_password_hash

from demo_app import db
from demo_app.settings import Settings

bp = Blueprint("auth", __name__)
F = TypeVar("F", bound=Callable[..., Any])


def settings() -> Settings:
    value: Settings = current_app.config["DEMO"]
    return value


def conn() -> sqlite3.Connection:
    if "db" not in g:
        g.db = db.connect(settings().database)
    connection: sqlite3.Connection = g.db
    return connection


@bp.teardown_app_request
def _close(_exc: BaseException | None) -> None:
    connection = g.pop("db", None)
    if connection is not None:
        connection.close()


def current_user() -> sqlite3.Row | None:
    user_id = session.get("user_id")
    if user_id is None:
        return None
    row: sqlite3.Row | None = (
        conn().execute("SELECT * FROM users WHERE id = ?", (user_id,)).fetchone()
    )
    return row


def login_required(view: F) -> F:
    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if current_user() is None:
            if request.path.startswith("/api/"):
                abort(401)
            return redirect(url_for("auth.login", next=request.path))
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


def admin_required(view: F) -> F:
    @functools.wraps(view)
    @login_required
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        user = current_user()
        if user is None or user["role"] != "admin":
            abort(403)
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


@bp.app_context_processor
def _user() -> dict[str, Any]:
    return {"user": current_user()}


@bp.route("/login", methods=["GET", "POST"])
def login() -> Any:
    error = None
    if request.method == "POST":
        username = request.form.get("username", "").strip()
        password = request.form.get("password", "")
        row = conn().execute("SELECT * FROM users WHERE username = ?", (username,)).fetchone()
        if row is not None and check_password_hash(row["password_hash"], password):
            session.clear()
            session["user_id"] = row["id"]
            target = request.args.get("next", "")
            if not target.startswith("/") or target.startswith("//"):
                target = url_for("pages.dashboard")
            return redirect(target)
        error = "Wrong username or password."
    return render_template("login.html", error=error), (401 if error else 200)


@bp.route("/logout", methods=["POST"])
def logout() -> Any:
    session.clear()
    return redirect(url_for("auth.login"))
