"""What routes and watchers deal in: requests, responses, the answers a route gives,
URL globs, network conditions and credentials; and ``NetworkError``."""

from __future__ import annotations

import json as jsonlib
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any, Generic, TypeVar

from e2e.base.http_headers import header_problem
from e2e.base.url_globs import url_glob

#: The largest request body a route's handler is shown, in bytes (BiDi keeps a copy).
MAX_BODY = 10 * 1024 * 1024


def reason_phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Status"


class NetworkError(RuntimeError):
    """A route cannot be set on this browser, or was given what cannot be answered."""


class _Body:
    """``.text`` and ``.json()`` of a request's or a response's body."""

    body: bytes | None
    #: Why ``body`` is ``None`` when the browser had one (too large to keep, not kept).
    missing: str = ""

    @property
    def text(self) -> str:
        if self.body is None and self.missing:
            raise NetworkError(
                f"The body of {getattr(self, 'method', '')} {getattr(self, 'url', '')} is not "
                f"available: {self.missing}"
            )
        return (self.body or b"").decode("utf-8", errors="replace")

    def json(self) -> Any:
        return jsonlib.loads(self.text)


@dataclass(frozen=True)
class Request(_Body):
    """A request a route matched."""

    method: str
    url: str
    headers: Mapping[str, str]
    body: bytes | None = None
    missing: str = ""


@dataclass(frozen=True)
class Response(_Body):
    """A response a watcher saw: its request's method and URL, status, headers, body."""

    method: str
    url: str
    status: int
    headers: Mapping[str, str]
    body: bytes | None = None
    request: Request | None = None
    missing: str = ""


T = TypeVar("T", Request, Response)


class Waiter(Generic[T]):
    """What ``with network.expect_request(glob) as seen`` gives: ``seen.value`` is the
    first match once the block has ended."""

    def __init__(self, glob: str, kind: str) -> None:
        if not isinstance(glob, str) or not glob:
            raise NetworkError(f"expect_{kind}() needs a URL glob, e.g. '**/api/x', not {glob!r}")
        self.glob: str = glob
        self.kind: str = kind
        self._pattern = url_glob(glob)
        self._value: T | None = None
        self._seen = threading.Event()

    def offer(self, url: str, make: Callable[[], T]) -> None:
        if not self._seen.is_set() and self._pattern.matches(url):
            self._value = make()
            self._seen.set()

    @property
    def value(self) -> T:
        if self._value is None:
            raise NetworkError(
                f"No {self.kind} matching {self.glob!r} is known yet: read .value after the "
                "'with' block, which waits for it"
            )
        return self._value


@dataclass(frozen=True)
class RouteAnswer:
    status: int | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes | None = None
    abort: bool = False
    delay: float | None = None

    @property
    def fulfils(self) -> bool:
        return self.status is not None or self.body is not None


def route_answer(
    status: int | None = None,
    json: Any = None,
    body: bytes | str | None = None,
    headers: Mapping[str, str] | None = None,
    abort: bool = False,
    delay: float | None = None,
) -> RouteAnswer:
    """Check a route's (or a handler's) answer before anything reaches the browser: a
    browser refuses a malformed answer and then holds the request for ever, so each
    refusal here is one sentence instead."""
    if json is not None and body is not None:
        raise NetworkError("Give a route json= or body=, not both")
    if body is not None and not isinstance(body, (bytes, bytearray, str)):
        raise NetworkError(
            f"body={body!r} ({type(body).__name__}) is not a body: give text or bytes (or "
            "json= for data to send as JSON)"
        )
    if not isinstance(abort, bool):
        raise NetworkError(f"abort={abort!r}: give True or False")
    given = status is not None or json is not None or body is not None
    if abort and (given or delay):
        raise NetworkError("abort=True fails the request: it takes no status, body or delay")
    if delay is not None:
        if isinstance(delay, bool) or not isinstance(delay, (int, float)):
            raise NetworkError(f"delay={delay!r} is not a number of seconds: give e.g. delay=2")
        if given or not 0 <= delay <= 600:
            raise NetworkError(
                "delay= holds a request and then lets it through to the server: give 0 to "
                "600 seconds, and no status or body (to answer slowly, use a handler)"
            )
    if status is not None and (
        isinstance(status, bool) or not isinstance(status, int) or not 100 <= status <= 599
    ):
        raise NetworkError(
            f"status={status!r} is not an HTTP status: give a whole number from 100 to 599"
        )
    all_headers = _checked_headers(headers)
    data: bytes | None
    if json is not None:
        try:
            data = jsonlib.dumps(json, allow_nan=False).encode()
        except (TypeError, ValueError) as exc:
            raise NetworkError(
                f"json= cannot be sent as JSON: {exc} (JSON has no NaN or Infinity, and "
                "takes dicts, lists, text, numbers, True/False and None)"
            ) from None
        if not any(k.lower() == "content-type" for k in all_headers):
            all_headers["Content-Type"] = "application/json"
    else:
        data = body.encode() if isinstance(body, str) else body
        if isinstance(data, bytearray):
            data = bytes(data)
    if given and status is None:
        status = 200
    return RouteAnswer(status, all_headers, data, abort, delay)


def _checked_headers(headers: Any) -> dict[str, str]:
    if headers is None:
        return {}
    if not isinstance(headers, Mapping):
        raise NetworkError(f"headers={headers!r}: give a dict of header names to text values")
    for name, value in headers.items():
        problem = header_problem(name, value)
        if problem:
            raise NetworkError(problem[0].upper() + problem[1:])
    return dict(headers)


@dataclass(frozen=True)
class NetworkConditions:
    latency: float = 0.0
    download_kbps: float | None = None
    upload_kbps: float | None = None

    @property
    def none(self) -> bool:
        return self == NetworkConditions()

    def devtools(self, offline: bool) -> dict[str, Any]:
        def rate(kbps: float | None) -> float:
            return -1 if kbps is None else kbps * 1000 / 8  # DevTools: bytes per second

        return {
            "offline": offline,
            "latency": self.latency * 1000,
            "downloadThroughput": rate(self.download_kbps),
            "uploadThroughput": rate(self.upload_kbps),
        }


@dataclass(frozen=True)
class HttpCredentials:
    username: str
    password: str = field(repr=False)
    origin: str | None = None

    def for_url(self, url: str) -> bool:
        return self.origin is None or url == self.origin or url.startswith(self.origin + "/")
