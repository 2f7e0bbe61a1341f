"""Error pages for people and JSON errors for the page scripts; no tracebacks leak."""

from __future__ import annotations

from typing import Any

from flask import Flask, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.is_json


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf(error: CSRFError) -> Any:
        message = f"Request refused: {error.description} Reload the page and try again."
        if _wants_json():
            return jsonify(error=message), 400
        return render_template("error.html", code=400, message=message), 400

    @app.errorhandler(HTTPException)
    def http(error: HTTPException) -> Any:
        code = error.code or 500
        messages = {
            401: "Please log in first.",
            403: "You do not have permission to see this page.",
            404: "There is nothing at this address.",
            413: "The file is too large.",
        }
        message = messages.get(code, error.description or error.name)
        if _wants_json():
            return jsonify(error=message), code
        return render_template("error.html", code=code, message=message), code

    @app.errorhandler(Exception)
    def crash(error: Exception) -> Any:
        app.logger.exception("Unhandled error on %s", request.path)
        message = "Something went wrong on our side. The error has been logged."
        if _wants_json():
            return jsonify(error=message), 500
        return render_template("error.html", code=500, message=message), 500
