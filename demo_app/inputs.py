"""What the app accepts from a request: strict JSON, text fields that are text, e-mail
addresses checked in linear time, and CSV cells a spreadsheet will not run.

Every refusal is a 400 with a sentence saying what was wrong, never a 500 or a value
stored as Python's ``str()`` of something else.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Flask, request
from flask.json.provider import DefaultJSONProvider
from werkzeug.exceptions import BadRequest

__all__ = ["EMAIL_MAX", "csv_cell", "install", "text", "valid_email"]

EMAIL_MAX = 254
#: How deep a JSON body may nest; the app's own bodies are two levels deep.
JSON_DEPTH_MAX = 20
#: Cells a spreadsheet reads as a formula or a command (OWASP: CSV injection).
_FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r", "\n")


class _StrictJSON(DefaultJSONProvider):
    """JSON as RFC 8259 has it: no NaN or Infinity, no lone surrogates, bounded depth."""

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        def constant(name: str) -> Any:
            raise ValueError(f"{name} is not a JSON number")

        try:
            value = json.loads(s, parse_constant=constant, **kwargs)
        except RecursionError:
            raise ValueError(f"the body nests deeper than {JSON_DEPTH_MAX} levels") from None
        _check(value)
        return value


def _check(value: Any) -> None:
    """No lone surrogate in any string, no nesting past :data:`JSON_DEPTH_MAX`."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (dict, list)) and depth > JSON_DEPTH_MAX:
            raise ValueError(f"the body nests deeper than {JSON_DEPTH_MAX} levels")
        if isinstance(item, dict):
            stack.extend((k, depth) for k in item)
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
        elif isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                raise ValueError("a string holds a lone surrogate (\\ud800-\\udfff)") from None


def install(app: Flask) -> None:
    """Parse every JSON body strictly before any view runs: a bad one is a 400."""
    app.json = _StrictJSON(app)

    @app.before_request
    def strict_json_body() -> None:
        if not request.is_json or request.method == "GET":
            return
        body = request.get_data(cache=True)
        if not body:
            return
        try:
            app.json.loads(body)
        except ValueError as exc:  # UnicodeDecodeError and JSONDecodeError included
            raise BadRequest(f"The body is not valid JSON: {exc}.") from None


def text(data: dict[str, Any], key: str, default: str = "") -> str:
    """``data[key]`` when it is text; a 400 naming the field when it is anything else."""
    value = data.get(key, default)
    if not isinstance(value, str):
        kind = "null" if value is None else type(value).__name__
        raise BadRequest(f"The field {key!r} must be text, not {kind}.")
    return value


def valid_email(address: str) -> bool:
    """``name@domain.tld``: one ``@``, no spaces, a dot inside the domain. Linear time,
    and bounded first (no regular expression that backtracks)."""
    if not address or len(address) > EMAIL_MAX or any(c.isspace() for c in address):
        return False
    local, at, domain = address.partition("@")
    if not (at and local and domain) or "@" in domain:
        return False
    name, dot, tld = domain.rpartition(".")
    return bool(dot and name and tld)


def csv_cell(value: object) -> object:
    """A cell that a spreadsheet shows as text: one starting with ``=``, ``+``, ``-``,
    ``@``, a tab or a line break gets a leading ``'`` (OWASP's CSV-injection advice)."""
    if isinstance(value, str) and value.startswith(_FORMULA_LEADS):
        return "'" + value
    return value
