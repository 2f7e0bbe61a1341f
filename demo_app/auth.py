"""Log in, log out, and who may see what."""

from __future__ import annotations

import functools
import secrets
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
from werkzeug.security import check_password_hash, generate_password_hash

from demo_app import db
from demo_app.inputs import text
from demo_app.security import LoginThrottle, safe_next
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


def throttle() -> LoginThrottle:
    value: LoginThrottle = current_app.extensions["login_throttle"]
    return value


#: Checked against when the username is unknown, so that a wrong name costs as long as a
#: wrong password (no telling which usernames exist by timing).
_DUMMY_HASH = generate_password_hash(secrets.token_hex(16))


def current_user() -> sqlite3.Row | None:
    """The user of this request's server-side session (revoked sessions find none)."""
    if "user" in g:
        cached: sqlite3.Row | None = g.user
        return cached
    sid = session.get("sid")
    row: sqlite3.Row | None = None
    if isinstance(sid, str):
        row = (
            conn()
            .execute(
                "SELECT users.* FROM sessions JOIN users ON users.id = sessions.user_id "
                "WHERE sessions.id = ?",
                (sid,),
            )
            .fetchone()
        )
    g.user = row
    return row


def start_session(user_id: int) -> None:
    """A new server-side session for ``user_id``; the cookie holds only its random id."""
    sid = secrets.token_urlsafe(32)
    with conn() as connection:
        connection.execute("INSERT INTO sessions (id, user_id) VALUES (?, ?)", (sid, user_id))
    session.clear()
    session["sid"] = sid
    g.pop("user", None)


def end_sessions(user_id: int) -> None:
    """Revoke every session of ``user_id`` (after a password change)."""
    with conn() as connection:
        connection.execute("DELETE FROM sessions WHERE user_id = ?", (user_id,))


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
    error, status, headers = None, 200, {}
    if request.method == "POST":
        username = request.form.get("username", "").strip()[:100]
        password = request.form.get("password", "")[:200]
        address = request.remote_addr or "unknown"
        wait = throttle().locked_for(username, address)
        if wait > 0:
            minutes = max(1, round(wait / 60))
            error = (
                f"Too many failed log-ins. Try again in {minutes} minute"
                f"{'' if minutes == 1 else 's'}."
            )
            status, headers = 429, {"Retry-After": str(int(wait) + 1)}
        else:
            row = conn().execute("SELECT * FROM users WHERE username = ?", (username,)).fetchone()
            stored = row["password_hash"] if row is not None else _DUMMY_HASH
            if check_password_hash(stored, password) and row is not None:
                throttle().succeeded(username)
                start_session(row["id"])
                target = safe_next(request.args.get("next", "")) or url_for("pages.dashboard")
                return redirect(target)
            throttle().failed(username, address)
            error, status = "Wrong username or password.", 401
    return render_template("login.html", error=error), status, headers


@bp.route("/logout", methods=["POST"])
def logout() -> Any:
    sid = session.get("sid")
    if isinstance(sid, str):
        with conn() as connection:
            connection.execute("DELETE FROM sessions WHERE id = ?", (sid,))
    session.clear()
    return redirect(url_for("auth.login"))


@bp.route("/api/account/password", methods=["POST"])
@login_required
def change_password() -> Any:
    """Body ``{"current": ..., "new": ...}``; every session of the user ends, and this
    client gets a new one."""
    from flask import jsonify

    data = request.get_json(silent=True)
    data = data if isinstance(data, dict) else {}
    user = current_user()
    assert user is not None
    current, new = text(data, "current"), text(data, "new")
    if not check_password_hash(user["password_hash"], current):
        return jsonify(error="The current password is wrong."), 403
    if not 8 <= len(new) <= 200:
        return jsonify(error="The new password needs 8 to 200 characters."), 422
    with conn() as connection:
        connection.execute(
            "UPDATE users SET password_hash = ? WHERE id = ?",
            (generate_password_hash(new), user["id"]),
        )
    end_sessions(user["id"])
    start_session(user["id"])
    return jsonify(changed=True)
