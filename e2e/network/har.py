"""HAR 1.2 files: a test's traffic written down (``page.network.record_har``, and beside
every kept trace), and answered back from (``page.network.route_from_har``), so a suite
can run against a frozen backend.

Timings are not recorded (every entry's ``time`` is 0): the trace's own network table
has the durations. Bodies are kept up to 10 MiB each, as text when they are UTF-8 and
base64 otherwise.

A HAR is sanitized by default, as Chrome's DevTools exports them: the values of
``Cookie``, ``Set-Cookie``, ``Authorization`` and the like are masked, and so is every
secret known for the browser (``--secret-env``, ``secret=True``, ``credentials()``).
``record_har(path, sensitive=True)`` (or ``--har-sensitive`` for the trace's HAR) keeps
the headers; declared secrets are masked always. The file is owner-only (0600).
"""

from __future__ import annotations

import base64
import json
import os
import threading
import time
from collections.abc import Iterable, Mapping
from datetime import datetime, timezone
from http import HTTPStatus
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlsplit

from e2e.base.http_headers import header_problem
from e2e.base.masking import MASK, credentials_in, mask_data, mask_headers, mask_url
from e2e.base.private_files import write_private

if TYPE_CHECKING:
    from e2e.network.messages import Request, Response

__all__ = ["HarError", "HarRecorder", "HarReplay"]

#: Headers that describe the bytes on the wire, not the body a route answers with.
_WIRE_HEADERS = {"content-encoding", "content-length", "transfer-encoding", "connection"}


class HarError(ValueError):
    """A HAR file that cannot be read or answered from."""


def _pairs(headers: Mapping[str, str], sensitive: bool) -> list[dict[str, str]]:
    pairs = list(headers.items()) if sensitive else mask_headers(headers.items())
    return [{"name": k, "value": v} for k, v in pairs]


def _content_type(headers: Mapping[str, str]) -> str:
    for name, value in headers.items():
        if name.lower() == "content-type":
            return value
    return ""


def _body_fields(body: bytes | None) -> dict[str, Any]:
    if not body:
        return {"text": ""}
    try:
        return {"text": body.decode("utf-8")}
    except UnicodeDecodeError:
        return {"text": base64.b64encode(body).decode(), "encoding": "base64"}


class HarRecorder:
    """The responses a test's browser received, as HAR entries; ``save(path)`` writes
    them. Given a ``path``, the network saves it when the test ends."""

    def __init__(
        self,
        path: str | Path | None = None,
        url_glob: str = "**",
        *,
        sensitive: bool = False,
        secrets: set[str] | None = None,
    ) -> None:
        self.path = Path(path) if path is not None else None
        if self.path is not None:
            _check_writable(self.path)
        self.url_glob = url_glob
        #: Keep Cookie, Set-Cookie and Authorization values (masked by default).
        self.sensitive = sensitive
        #: Masked wherever they appear: the live set of the browser's known secrets, to
        #: which the credentials seen in the traffic (cookie values, tokens) are added
        #: unless sensitive, so every file of the run masks them too.
        self.secrets: set[str] = secrets if secrets is not None else set()
        self.entries: list[dict[str, Any]] = []
        self._lock = threading.Lock()

    def add(self, response: Response) -> None:
        request = response.request
        method = response.method
        # A credential in the address (?token=, ?access_token=, user:password@) is masked
        # too unless sensitive; route_from_har answers such an entry for any value there.
        url = response.url if self.sensitive else mask_url(response.url)
        request_headers = dict(request.headers) if request is not None else {}
        request_body = request.body if request is not None else None
        if not self.sensitive:
            seen = [*request_headers.items(), *response.headers.items()]
            self.secrets |= credentials_in(seen, response.url)
        entry: dict[str, Any] = {
            "startedDateTime": datetime.fromtimestamp(time.time(), timezone.utc).isoformat(),
            "time": 0,
            "request": {
                "method": method,
                "url": url,
                "httpVersion": "HTTP/1.1",
                "cookies": [],
                "headers": _pairs(request_headers, self.sensitive),
                "queryString": [
                    {"name": k, "value": v}
                    for k, v in parse_qsl(urlsplit(url).query, keep_blank_values=True)
                ],
                "headersSize": -1,
                "bodySize": len(request_body or b""),
            },
            "response": {
                "status": response.status,
                "statusText": _phrase(response.status),
                "httpVersion": "HTTP/1.1",
                "cookies": [],
                "headers": _pairs(response.headers, self.sensitive),
                "content": {
                    "size": len(response.body or b""),
                    "mimeType": _content_type(response.headers),
                    **_body_fields(response.body),
                },
                "redirectURL": "",
                "headersSize": -1,
                "bodySize": len(response.body or b""),
            },
            "cache": {},
            "timings": {"send": 0, "wait": 0, "receive": 0},
        }
        if request_body:
            entry["request"]["postData"] = {
                "mimeType": _content_type(request_headers),
                **_body_fields(request_body),
            }
        with self._lock:
            self.entries.append(entry)

    def har(self) -> dict[str, Any]:
        with self._lock:
            entries = list(self.entries)
        return {
            "log": {
                "version": "1.2",
                "creator": {"name": "pagewright-e2e", "version": _version()},
                "pages": [],
                "entries": entries,
            }
        }

    def save(self, path: str | Path | None = None, secrets: Iterable[str] = ()) -> Path:
        """Write the HAR file (to ``path``, else the one given at the start), owner-only,
        with ``secrets`` and the browser's known secrets masked."""
        target = Path(path) if path is not None else self.path
        if target is None:
            raise HarError("save() needs a path: this recording was started without one")
        data = mask_data(self.har(), self.secrets | set(secrets))
        try:
            return write_private(target, json.dumps(data, indent=1))
        except OSError as exc:
            raise HarError(
                f"The HAR of {len(self.entries)} response(s) could not be written to "
                f"{target}: {exc.strerror or exc}. Give record_har a path in a folder you "
                "can write to"
            ) from None


def _check_writable(path: Path) -> None:
    """Refuse, before recording, a path the HAR could not be written to at the end."""
    if path.is_dir():
        raise HarError(f"record_har({str(path)!r}): that is a folder; give a file path (x.har)")
    folder = next((p for p in (path.parent, *path.parent.parents) if p.exists()), None)
    if folder is None or not folder.is_dir() or not os.access(folder, os.W_OK | os.X_OK):
        where = folder if folder is not None else path.parent
        raise HarError(
            f"record_har({str(path)!r}) could not write there: {where} is not a folder you "
            "can write to. Give a path in one (e.g. reports/traffic.har)"
        )


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("pagewright-e2e")
    except Exception:
        return "0"


class HarReplay:
    """Answers from a HAR file: a request gets the recorded response of the same method
    and URL (and, when there are several, the same body first); repeated requests get
    the recorded ones in order, the last again once they run out."""

    def __init__(self, path: str | Path, not_found: str = "abort") -> None:
        self.path = Path(path)
        if not_found not in ("abort", "fallback"):
            raise HarError(
                f"route_from_har(not_found={not_found!r}): use 'abort' (fail what the HAR "
                "does not have) or 'fallback' (let it through to the server)"
            )
        self.not_found = not_found
        self._by_request: dict[tuple[str, str], list[dict[str, Any]]] = {}
        #: Entries recorded with a masked credential in their URL: matched with any value
        #: in its place.
        self._masked: list[tuple[tuple[str, str], _UrlShape]] = []
        self._served: dict[tuple[str, str], int] = {}
        self._lock = threading.Lock()
        for index, entry in enumerate(_entries(self.path)):
            _check_entry(self.path, index, entry)
            request = entry["request"]
            key = (str(request.get("method", "GET")).upper(), str(request["url"]))
            if key not in self._by_request and MASK in key[1]:
                self._masked.append((key, _UrlShape.of(key[1])))
            self._by_request.setdefault(key, []).append(entry)

    def __len__(self) -> int:
        return sum(len(found) for found in self._by_request.values())

    def answer(self, request: Request) -> Mapping[str, Any] | None:
        """The route answer for ``request``: a recorded response, ``abort``, or ``None``
        (let it through)."""
        key = (request.method.upper(), request.url)
        if key not in self._by_request:
            shape = _UrlShape.of(request.url)
            key = next(
                (k for k, masked in self._masked if k[0] == key[0] and masked.matches(shape)),
                key,
            )
        found = self._by_request.get(key, [])
        if request.body and len(found) > 1:
            text = request.text
            same = [e for e in found if (e["request"].get("postData") or {}).get("text") == text]
            found = same or found
        if not found:
            return None if self.not_found == "fallback" else {"abort": True}
        with self._lock:
            served = self._served.get(key, 0)
            self._served[key] = served + 1
        response = found[min(served, len(found) - 1)]["response"]
        content = response.get("content") or {}
        text = content.get("text") or ""
        body = base64.b64decode(text) if content.get("encoding") == "base64" else text.encode()
        headers = {
            h["name"]: h["value"]
            for h in response.get("headers") or []
            if h["name"].lower() not in _WIRE_HEADERS and h["value"] != MASK
        }
        return {"status": int(response.get("status") or 200), "headers": headers, "body": body}


class _UrlShape:
    """A URL as scheme, host, path and query pairs; a recorded one's masked values match
    any value."""

    def __init__(self, scheme: str, host: str, path: str, query: list[tuple[str, str]]) -> None:
        self.scheme, self.host, self.path, self.query = scheme, host, path, query

    @classmethod
    def of(cls, url: str) -> _UrlShape:
        parts = urlsplit(url)
        host = parts.netloc.rpartition("@")[2]
        return cls(parts.scheme, host, parts.path, parse_qsl(parts.query, keep_blank_values=True))

    def matches(self, other: _UrlShape) -> bool:
        if (self.scheme, self.host, self.path) != (other.scheme, other.host, other.path):
            return False
        if [n for n, _ in self.query] != [n for n, _ in other.query]:
            return False
        return all(
            mine in (theirs, MASK)
            for (_, mine), (_, theirs) in zip(self.query, other.query, strict=True)
        )


def _entries(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        raise HarError(
            f"No HAR file at {path}: record one with page.network.record_har({str(path)!r}), "
            "or take trace.har from a test's trace folder (--tracing on)"
        )
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        entries = data["log"]["entries"]
    except RecursionError:
        raise HarError(f"{path} is not a HAR file: its JSON is nested too deeply to read") from None
    except (ValueError, KeyError, TypeError) as exc:
        raise HarError(
            f"{path} is not a HAR file (JSON with log.entries): {type(exc).__name__}: {exc}"
        ) from None
    if not isinstance(entries, list):
        raise HarError(f"{path} is not a HAR file: log.entries is not a list")
    return entries


def _check_entry(path: Path, index: int, entry: object) -> None:
    """One sentence naming the entry and the field, for an entry that cannot be answered
    from (a browser would refuse it, or hold the request for ever)."""

    def bad(what: str) -> HarError:
        return HarError(f"{path}: log.entries[{index}] {what}; fix or remove that entry")

    if not isinstance(entry, dict):
        raise bad("is not an object")
    request, response = entry.get("request"), entry.get("response")
    if not isinstance(request, dict) or not isinstance(request.get("url"), str):
        raise bad("has no request.url")
    if not isinstance(request.get("method", "GET"), str):
        raise bad("has a request.method that is not text")
    if not isinstance(response, dict):
        raise bad("has no response")
    status = response.get("status", 200)
    if isinstance(status, bool) or not isinstance(status, int) or not 100 <= status <= 599:
        raise bad(f"has response.status {status!r}, not an HTTP status (100 to 599)")
    content = response.get("content", {})
    if not isinstance(content, dict) or not isinstance(content.get("text", ""), str):
        raise bad("has a response.content that is not an object with text")
    if content.get("encoding") == "base64":
        try:
            base64.b64decode(content.get("text", ""), validate=True)
        except ValueError:
            raise bad("says its body is base64, and it is not") from None
    headers = response.get("headers", [])
    if not isinstance(headers, list):
        raise bad("has response.headers that are not a list")
    for header in headers:
        if not isinstance(header, dict):
            raise bad(f"has the response header {header!r}: give {{'name': ..., 'value': ...}}")
        problem = header_problem(header.get("name"), header.get("value"))
        if problem:
            raise bad(f"cannot be answered with: {problem}")
