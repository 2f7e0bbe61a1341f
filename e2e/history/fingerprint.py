"""A failure's fingerprint: two runs of the same bug share one. The first line of the
failure with what changes from run to run made constant: addresses and ports, temporary
paths, element and session ids, hex and UUIDs, times and numbers."""

from __future__ import annotations

import hashlib
import re

__all__ = ["failure_line", "fingerprint", "normalise"]

_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    # Addresses with their ports, then bare ports.
    (re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}(?::\d+)?\b"), "<host>"),
    (re.compile(r"\blocalhost:\d+\b"), "<host>"),
    # Temporary paths: pytest's, the system's, a home's.
    (re.compile(r"(?:/private)?/(?:tmp|var/folders|var/tmp)/\S*"), "<tmp>"),
    (re.compile(r"[A-Za-z]:\\Users\\[^\\\s]+\\AppData\\Local\\Temp\\\S*"), "<tmp>"),
    # UUIDs, WebDriver element and session ids, long hex runs.
    (re.compile(r"\b[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}\b"), "<id>"),
    (re.compile(r"\b(?:f\.)?[0-9A-F]{32}(?:\.d\.[0-9A-F]{32})?(?:\.e\.\d+)?\b"), "<id>"),
    (re.compile(r"\b[0-9a-f]{12,}\b"), "<id>"),
    # Memory addresses (<object at 0x7f...>), times, then any number.
    (re.compile(r"\b0x[0-9a-fA-F]+\b"), "<addr>"),
    (re.compile(r"\b\d{1,2}:\d{2}:\d{2}(?:\.\d+)?\b"), "<time>"),
    (re.compile(r"\d+(?:\.\d+)?"), "<n>"),
)


def failure_line(text: str) -> str:
    """The failure's first telling line: the ``E`` line pytest shows, else the first
    line that is not blank."""
    lines = [line.rstrip() for line in text.splitlines()]
    for line in lines:
        if line.startswith("E "):
            return line[1:].strip()[:500]
    for line in lines:
        if line.strip():
            return line.strip()[:500]
    return ""


def normalise(line: str) -> str:
    for pattern, replacement in _RULES:
        line = pattern.sub(replacement, line)
    return " ".join(line.split())


def fingerprint(line: str) -> str:
    """Twelve hex digits for this failure (empty when there is no line): the same for
    the same bug in another run, or in another test (a server error that fails five)."""
    if not line:
        return ""
    return hashlib.sha256(normalise(line).encode()).hexdigest()[:12]
