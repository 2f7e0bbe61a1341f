"""The trace file: one self-contained HTML page (the viewer, with the trace's data
inside), written whole or not at all."""

from __future__ import annotations

import base64
import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from e2e.base.private_files import write_private
from e2e.queries import finder_script

__all__ = ["screenshot_bytes", "script_json", "write_viewer"]


#: Characters that could end or change how a ``<script>`` element parses: ``</script>``,
#: ``<!--`` (the script data double-escaped state), ``]]>`` in XHTML, and the two line
#: separators older JavaScript engines refuse inside string literals.
_SCRIPT_UNSAFE = {
    ord("<"): "\\u003c",
    ord(">"): "\\u003e",
    ord("&"): "\\u0026",
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}


def script_json(data: Any) -> str:
    """``data`` as JSON that can sit inside an HTML ``<script>`` element whatever text it
    holds: every character that HTML could read as markup is a JSON escape instead."""
    return json.dumps(data).translate(_SCRIPT_UNSAFE)


def _read(package: str, name: str) -> str:
    return resources.files(package).joinpath(name).read_text(encoding="utf-8")


@cache
def _viewer(finder: str) -> str:
    """The viewer with its scripts: the query engine and WebDriver's strategies as the
    page scripts run them (for "Try a locator" and "Pick a locator"), the reader of a
    locator written as Python, and the DOM snapshot view."""
    scripts = "\n".join([finder, _read("e2e.trace", "locator_text.js")])
    for unsafe in ("</script", "<!--"):  # would end or change the viewer's <script>
        scripts = scripts.replace(unsafe, unsafe.replace("<", "\\x3c"))
    return (
        _read("e2e.trace", "_trace_viewer.html")
        .replace("/*__ENGINE__*/", scripts)
        .replace("/*__SNAPSHOT_VIEW__*/", _read("e2e.trace", "snapshot_view.js"))
    )


def screenshot_bytes(uri: str) -> bytes:
    """The image inside a ``data:`` URI (for tests and tools)."""
    return base64.b64decode(uri.split(",", 1)[1]) if uri.startswith("data:") else b""


def write_viewer(path: Path, data: Any) -> Path:
    """Write ``data`` into a copy of the viewer at ``path`` (through a partial file, so
    a trace is never half-written)."""
    viewer = _viewer(finder_script())
    return write_private(path, viewer.replace("/*__TRACE__*/null", script_json(data)))
