"""Security measures of the demo app: response headers, safe redirects, login throttling.

Each is small on purpose: the demo app is the model users copy their own test data and
page objects from, so it should also show an application that holds up to a hostile
tester. ``docs/demo-app.md`` lists every property with the test that proves it.
"""

from __future__ import annotations

import re
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from flask import Flask, Response

#: Scripts only from files of this origin; no inline script, no eval, no plugins, no
#: framing by other sites. Inline *styles* stay allowed: BlockUI and Dropzone build
#: their overlays and previews from markup with ``style`` attributes.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'self'"
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "SAMEORIGIN",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def add_headers(app: Flask) -> None:
    @app.after_request
    def _headers(response: Response) -> Response:
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        return response


# What a browser strips before it parses a URL: tabs and newlines anywhere, C0 controls
# and spaces at either end; and for http(s) it reads a backslash as a slash.
_REMOVED_ANYWHERE = re.compile(r"[\t\n\r]")


def safe_next(raw: str) -> str | None:
    """``raw`` as a same-site path to go to after logging in, or ``None`` if it is not one.

    The check runs on the URL as the browser will read it, and the *normalised* value is
    what the redirect sends, so ``/\\t/evil.example`` or ``/\\\\evil.example`` cannot
    become ``//evil.example``.
    """
    cleaned = _REMOVED_ANYWHERE.sub("", raw).strip("".join(map(chr, range(0x21))))
    cleaned = cleaned.replace("\\", "/")
    if not cleaned.startswith("/") or cleaned.startswith("//"):
        return None
    parts = urlsplit(cleaned)
    if parts.scheme or parts.netloc:
        return None
    return cleaned


@dataclass
class ThrottleRules:
    """Failed log-ins allowed per account and per client address within ``window_s``;
    past that, log-ins from there are refused for ``lockout_s``."""

    per_account: int = 5
    per_address: int = 20
    window_s: float = 900.0
    lockout_s: float = 300.0


@dataclass
class LoginThrottle:
    """Counts failed log-ins in memory (one app process), per account and per address."""

    rules: ThrottleRules = field(default_factory=ThrottleRules)
    _failures: dict[str, deque[float]] = field(default_factory=dict)
    _locked_until: dict[str, float] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @staticmethod
    def _keys(username: str, address: str) -> list[tuple[str, int]]:
        return [(f"account:{username.lower()}", 0), (f"address:{address}", 1)]

    def _limit(self, kind: int) -> int:
        return self.rules.per_account if kind == 0 else self.rules.per_address

    def locked_for(self, username: str, address: str) -> float:
        """Seconds until a log-in for this account from this address is allowed again."""
        now = time.monotonic()
        with self._lock:
            waits = [
                self._locked_until.get(key, 0.0) - now for key, _ in self._keys(username, address)
            ]
        return max(0.0, *waits)

    def failed(self, username: str, address: str) -> None:
        now = time.monotonic()
        with self._lock:
            for key, kind in self._keys(username, address):
                recent = self._failures.setdefault(key, deque())
                recent.append(now)
                while recent and recent[0] < now - self.rules.window_s:
                    recent.popleft()
                if len(recent) >= self._limit(kind):
                    self._locked_until[key] = now + self.rules.lockout_s
                    recent.clear()

    def succeeded(self, username: str) -> None:
        with self._lock:
            self._failures.pop(f"account:{username.lower()}", None)

    def reset(self, rules: ThrottleRules | None = None) -> None:
        with self._lock:
            self._failures.clear()
            self._locked_until.clear()
            if rules is not None:
                self.rules = rules
