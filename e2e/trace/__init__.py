"""Traces: every page-object action of a test with a screenshot after it, DOM snapshots
before, at and after it, the URL and title, what it waited for, the console and the
network, as one self-contained HTML file (``trace.html``, with ``trace.har`` beside it).
``tracer`` records, ``network``, ``shots`` and ``snapshots`` gather, ``file`` writes."""

from e2e.trace.file import screenshot_bytes, script_json
from e2e.trace.tracer import MODES, Tracer

__all__ = ["MODES", "Tracer", "screenshot_bytes", "script_json"]
