"""The demo test-management application that the suites run against.

``create_app(settings)`` builds it; ``python -m demo_app`` serves it on 127.0.0.1.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from flask_wtf.csrf import CSRFProtect
from werkzeug.routing import IntegerConverter

from demo_app import db, inputs, security
from demo_app.settings import MAX_UPLOAD_MB, Settings

__all__ = ["Settings", "create_app", "vendor_dir"]

HERE = Path(__file__).resolve().parent


def vendor_dir() -> Path:
    """Where ``npm ci`` put jQuery, BlockUI, Dropzone, jQuery UI and CodeMirror; a clear
    error if it did not."""
    modules = HERE / "node_modules"
    for needed in (
        "jquery/dist/jquery.min.js",
        "block-ui/jquery.blockUI.js",
        "dropzone/dist",
        "jquery-ui/dist/jquery-ui.min.js",
        "codemirror/lib/codemirror.js",
    ):
        if not (modules / needed).exists():
            raise RuntimeError(
                f"{modules / needed} is missing: run `npm ci` in {HERE} "
                "(or `make setup` at the top of the repository) to install the front-end libraries."
            )
    return modules


class _RowId(IntegerConverter):
    """``<int:...>`` in a route: a positive id that fits SQLite's 64-bit integers."""

    def __init__(self, map: object, *args: object, **kwargs: object) -> None:
        super().__init__(map, min=1, max=2**63 - 1)  # type: ignore[arg-type]


def create_app(settings: Settings) -> Flask:
    vendor_dir()
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=settings.secret_key,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        MAX_CONTENT_LENGTH=(MAX_UPLOAD_MB + 1) * 1024 * 1024,
        WTF_CSRF_TIME_LIMIT=None,
        DEMO=settings,
        DEMO_LATENCY=(settings.latency_ms, settings.jitter_ms),
    )
    settings.uploads.mkdir(parents=True, exist_ok=True)
    db.initialise(settings.database, settings.admin_password)
    csrf = CSRFProtect(app)
    # Ids past SQLite's integer range are 404s, not 500s (before any route is added).
    app.url_map.converters["int"] = _RowId
    app.extensions["login_throttle"] = security.LoginThrottle()
    security.add_headers(app)
    inputs.install(app)

    from demo_app import api, auth, errors, pages

    app.register_blueprint(auth.bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(api.bp)
    errors.register(app)
    if settings.test_mode:
        from demo_app import testing

        csrf.exempt(testing.bp)
        app.register_blueprint(testing.bp)
    return app
