"""Answering a page's requests from the test: fulfil, fail, delay, or decide per request.

::

    with page.network.route("**/api/projects", status=500, json={"error": "Down"}) as route:
        page.open()
    assert len(route.calls) == 1

A glob matches the whole URL: ``**`` any run of characters, ``*`` any run without ``/``,
``?`` one character but ``/``. The most recent matching route answers. Routes end with
the test that set them (the plugin removes them before the next test), or with
``.remove()`` / the end of their ``with`` block.

Engines: local Chromium intercepts through the tab's DevTools (``Fetch``), only the
requests some route's pattern may match; Firefox, and any browser whose session has
WebDriver BiDi (a Grid), through BiDi ``network.addIntercept`` in the test's user
context. WebKitGTK's WebDriver has neither, and is refused with a sentence saying so.
Routes cover the tab that was current when the first route was set.
"""

from __future__ import annotations

import base64
import contextlib
import json as jsonlib
import re
import threading
import weakref
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from http import HTTPStatus
from pathlib import Path
from typing import Any, Generic, TypeVar

from selenium.webdriver.common.bidi.common import command_builder
from selenium.webdriver.remote.webdriver import WebDriver

from e2e import cdp
from e2e.channels import channel_of, lacking
from e2e.engines import engine_of, family_of
from e2e.har import HarError, HarRecorder, HarReplay
from e2e.isolation import BIDI_POLL_SECONDS, answer_promptly, current_user_context

__all__ = ["Network", "NetworkError", "Request", "Response", "Route", "Waiter", "end_routes"]


#: The largest request body a route's handler is shown, in bytes (BiDi keeps a copy).
_MAX_BODY = 10 * 1024 * 1024


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Status"


class NetworkError(RuntimeError):
    """A route cannot be set on this browser, or was given what cannot be answered."""


class _Body:
    """``.text`` and ``.json()`` of a request's or a response's body."""

    body: bytes | None

    @property
    def text(self) -> str:
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


@dataclass(frozen=True)
class Response(_Body):
    """A response a watcher saw: its request's method and URL, status, headers, body."""

    method: str
    url: str
    status: int
    headers: Mapping[str, str]
    body: bytes | None = None
    request: Request | None = None


T = TypeVar("T", Request, Response)


class Waiter(Generic[T]):
    """What ``with network.expect_request(glob) as seen`` gives: ``seen.value`` is the
    first match once the block has ended."""

    def __init__(self, glob: str, kind: str) -> None:
        self.glob: str = glob
        self.kind: str = kind
        self._pattern = _glob(glob)
        self._value: T | None = None
        self._seen = threading.Event()

    def offer(self, url: str, make: Callable[[], T]) -> None:
        if not self._seen.is_set() and self._pattern.fullmatch(url):
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
class _Answer:
    status: int | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes | None = None
    abort: bool = False
    delay: float | None = None

    @property
    def fulfils(self) -> bool:
        return self.status is not None or self.body is not None


def _answer(
    status: int | None = None,
    json: Any = None,
    body: bytes | str | None = None,
    headers: Mapping[str, str] | None = None,
    abort: bool = False,
    delay: float | None = None,
) -> _Answer:
    """Check a route's (or a handler's) answer before anything reaches the browser."""
    if json is not None and body is not None:
        raise NetworkError("Give a route json= or body=, not both")
    given = status is not None or json is not None or body is not None
    if abort and (given or delay):
        raise NetworkError("abort=True fails the request: it takes no status, body or delay")
    if delay is not None and (given or not 0 <= delay <= 600):
        raise NetworkError(
            "delay= holds a request and then lets it through to the server: give 0 to 600 "
            "seconds, and no status or body (to answer slowly, use a handler)"
        )
    if status is not None and not 100 <= status <= 599:
        raise NetworkError(f"status={status!r} is not an HTTP status (100 to 599)")
    all_headers = dict(headers or {})
    data: bytes | None
    if json is not None:
        data = jsonlib.dumps(json).encode()
        all_headers.setdefault("Content-Type", "application/json")
    else:
        data = body.encode() if isinstance(body, str) else body
    if given and status is None:
        status = 200
    return _Answer(status, all_headers, data, abort, delay)


@cache
@dataclass(frozen=True)
class _Conditions:
    latency: float = 0.0
    download_kbps: float | None = None
    upload_kbps: float | None = None

    @property
    def none(self) -> bool:
        return self == _Conditions()

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
class _Credentials:
    username: str
    password: str = field(repr=False)
    origin: str | None = None

    def for_url(self, url: str) -> bool:
        return self.origin is None or url == self.origin or url.startswith(self.origin + "/")


def _glob(pattern: str) -> re.Pattern[str]:
    """``**`` any characters, ``*`` any but ``/``, ``?`` one but ``/``; the whole URL."""
    out = []
    for part in re.split(r"(\*\*|\*|\?)", pattern):
        out.append({"**": ".*", "*": "[^/]*", "?": "[^/]"}.get(part, re.escape(part)))
    return re.compile("".join(out), re.DOTALL)


class Route:
    """One route: ``.calls`` (the requests it answered), ``.remove()``; a context manager."""

    def __init__(
        self,
        network: Network,
        glob: str,
        answer: _Answer | None,
        handler: Callable[[Request], Mapping[str, Any] | None] | None,
    ) -> None:
        self.glob = glob
        self.calls: list[Request] = []
        self._network = network
        self._answer = answer
        self._handler = handler
        self._pattern = _glob(glob)

    def matches(self, url: str) -> bool:
        return bool(self._pattern.fullmatch(url))

    def decide(self, request: Request) -> _Answer:
        """What to do with ``request`` (recorded in ``calls``)."""
        self.calls.append(request)
        if self._handler is None:
            assert self._answer is not None
            return self._answer
        decided = self._handler(request)
        if decided is None:
            return _Answer()  # let it through
        if not isinstance(decided, Mapping):
            raise NetworkError(
                f"The handler of route {self.glob!r} returned {decided!r}: return None to "
                "let the request through, or a dict of route() answers, e.g. "
                '{"status": 500, "json": {...}}, {"abort": True}, {"delay": 2}'
            )
        return _answer(**decided)

    def remove(self) -> None:
        self._network._remove(self)

    def __enter__(self) -> Route:
        return self

    def __exit__(self, *exc: object) -> None:
        self.remove()

    def __repr__(self) -> str:
        return f"Route({self.glob!r}, {len(self.calls)} call(s))"


_NETWORKS: weakref.WeakKeyDictionary[WebDriver, Network] = weakref.WeakKeyDictionary()


class Network:
    """The network of one browser, as the test sees it: ``e2e.Network(driver)`` or
    ``page.network`` (the same object for the same driver)."""

    def __new__(cls, driver: WebDriver) -> Network:
        found = _NETWORKS.get(driver)
        if found is None:
            found = super().__new__(cls)
            found._setup(driver)
            _NETWORKS[driver] = found
        return found

    def _setup(self, driver: WebDriver) -> None:
        self.driver = driver
        self._routes: list[Route] = []
        self._lock = threading.Lock()
        self._backend: _Backend | None = None
        self._request_waiters: list[Waiter[Request]] = []
        self._response_waiters: list[Waiter[Response]] = []
        self._recorders: list[tuple[re.Pattern[str], HarRecorder]] = []

    def route(
        self,
        url_glob: str,
        *,
        status: int | None = None,
        json: Any = None,
        body: bytes | str | None = None,
        headers: Mapping[str, str] | None = None,
        abort: bool = False,
        delay: float | None = None,
        handler: Callable[[Request], Mapping[str, Any] | None] | None = None,
    ) -> Route:
        """Answer the requests whose URL matches ``url_glob``: fulfil them (``status``,
        ``json`` or ``body``, ``headers``), fail them (``abort=True``), hold them for
        ``delay`` seconds and let them through, or ask ``handler(request)``, which
        returns ``None`` (let it through) or a dict of these same answers."""
        if not isinstance(url_glob, str) or not url_glob:
            raise NetworkError("route() needs a URL glob, e.g. '**/api/projects'")
        if handler is not None:
            if status is not None or json is not None or body is not None or abort or delay:
                raise NetworkError(
                    "A route with handler= decides each answer itself: give no other"
                )
            answer = None
        else:
            answer = _answer(status, json, body, headers, abort, delay)
            if not (answer.fulfils or answer.abort or answer.delay is not None):
                raise NetworkError(
                    f"route({url_glob!r}) says nothing to do: give status/json/body, "
                    "abort=True, delay=, or handler="
                )
        route = Route(self, url_glob, answer, handler)
        with self._lock:
            self._routes.append(route)
            routes = list(self._routes)
        self._backend_for().watch([r.glob for r in routes])
        return route

    def _backend_for(self) -> _Backend:
        if self._backend is None:
            self._backend = _backend(self.driver, self)
        return self._backend

    @contextlib.contextmanager
    def expect_request(self, url_glob: str, timeout: float = 10.0) -> Iterator[Waiter[Request]]:
        """Wait, at the end of the block, for the first request whose URL matches:
        ``with page.network.expect_request("**/export.csv") as seen: page.click(EXPORT)``;
        then ``seen.value`` has its method, URL, headers and body."""
        __tracebackhide__ = True
        waiter: Waiter[Request] = Waiter(url_glob, "request")
        with self._watching(self._request_waiters, waiter, timeout, responses=False):
            yield waiter

    @contextlib.contextmanager
    def expect_response(self, url_glob: str, timeout: float = 10.0) -> Iterator[Waiter[Response]]:
        """As :meth:`expect_request`, for the first complete response: ``seen.value`` has
        the status, headers and body (``.json()``, ``.text``) and its request."""
        __tracebackhide__ = True
        waiter: Waiter[Response] = Waiter(url_glob, "response")
        with self._watching(self._response_waiters, waiter, timeout, responses=True):
            yield waiter

    @contextlib.contextmanager
    def _watching(
        self, waiters: list[Any], waiter: Waiter[Any], timeout: float, *, responses: bool
    ) -> Iterator[None]:
        __tracebackhide__ = True
        if not isinstance(waiter.glob, str) or not waiter.glob:
            raise NetworkError("expect_request/expect_response need a URL glob, e.g. '**/api/x'")
        backend = self._backend_for()
        backend.observe(responses)
        with self._lock:
            waiters.append(waiter)
        try:
            yield
            if not waiter._seen.wait(timeout):
                raise NetworkError(
                    f"No {waiter.kind} matching {waiter.glob!r} within {timeout:g} s of the "
                    "block's actions: check the glob (it matches the whole URL; '**' crosses "
                    "'/', '*' does not)"
                )
        finally:
            with self._lock:
                waiters.remove(waiter)

    def _seen_request(self, url: str, make: Callable[[], Request]) -> None:
        with self._lock:
            waiters = list(self._request_waiters)
        for waiter in waiters:
            waiter.offer(url, make)

    def _wants_response(self, url: str) -> bool:
        with self._lock:
            return any(
                w._pattern.fullmatch(url) and not w._seen.is_set() for w in self._response_waiters
            ) or any(pattern.fullmatch(url) for pattern, _ in self._recorders)

    def _seen_response(self, url: str, make: Callable[[], Response]) -> None:
        with self._lock:
            waiters = list(self._response_waiters)
            recorders = [r for pattern, r in self._recorders if pattern.fullmatch(url)]
        if recorders:
            response = make()
            make = lambda: response  # noqa: E731 - made once, for all who want it
            for recorder in recorders:
                recorder.add(response)
        for waiter in waiters:
            waiter.offer(url, make)

    def record_har(self, path: str | Path | None = None, url_glob: str = "**") -> HarRecorder:
        """Record the responses whose URL matches ``url_glob`` (bodies included) as HAR;
        written to ``path`` when the test ends (or by ``.save()``). With ``--tracing``,
        every kept trace has one already: ``trace.har`` beside ``trace.html``."""
        recorder = HarRecorder(path, url_glob)
        self._backend_for().observe(True)
        with self._lock:
            self._recorders.append((_glob(url_glob), recorder))
        return recorder

    def route_from_har(
        self, path: str | Path, url_glob: str = "**", *, not_found: str = "abort"
    ) -> Route:
        """Answer the requests matching ``url_glob`` from a HAR file (one recorded by
        :meth:`record_har` or kept with a trace): same method and URL, recorded status,
        headers and body. What the file does not have fails (``not_found="abort"``) or
        goes to the server (``"fallback"``)."""
        try:
            replay = HarReplay(path, not_found)
        except HarError as exc:
            raise NetworkError(str(exc)) from None
        return self.route(url_glob, handler=replay.answer)

    def _find(self, url: str) -> Route | None:
        with self._lock:
            for route in reversed(self._routes):  # the most recent wins
                if route.matches(url):
                    return route
        return None

    def _remove(self, route: Route) -> None:
        with self._lock:
            if route not in self._routes:
                return
            self._routes.remove(route)
            routes = list(self._routes)
        if self._backend is not None:
            self._backend.watch([r.glob for r in routes])

    def offline(self, offline: bool = True) -> None:
        """Take the browser's network away (requests fail as with no connection), or,
        with ``False``, give it back. Ends with the test."""
        self._backend_for().set_offline(bool(offline))

    def extra_headers(self, headers: Mapping[str, str]) -> None:
        """Send these headers with every request from now on (``{}``: none). Ends with
        the test. ``{"Authorization": "Basic …"}`` gives HTTP basic credentials."""
        if not all(isinstance(k, str) and isinstance(v, str) for k, v in headers.items()):
            raise NetworkError(
                f"extra_headers takes names and values that are text, got {headers!r}"
            )
        self._backend_for().set_headers(dict(headers))

    def throttle(
        self,
        *,
        latency: float = 0.0,
        download_kbps: float | None = None,
        upload_kbps: float | None = None,
    ) -> None:
        """Slow the network down: ``latency`` seconds added to each request, and
        bandwidths in kilobits per second (``None``: as fast as it is). ``throttle()``
        with nothing takes it away. Ends with the test. Chromium only: WebDriver BiDi
        has no throttling, and Firefox says so."""
        if not (0 <= latency <= 60):
            raise NetworkError(f"throttle(latency={latency!r}): give 0 to 60 seconds")
        for name, kbps in (("download_kbps", download_kbps), ("upload_kbps", upload_kbps)):
            if kbps is not None and not (0 < kbps <= 10_000_000):
                raise NetworkError(
                    f"throttle({name}={kbps!r}): give kilobits per second above 0 (e.g. 400 "
                    "for a slow 3G line), or None for no limit"
                )
        conditions = _Conditions(latency, download_kbps, upload_kbps)
        self._backend_for().set_throttle(None if conditions.none else conditions)

    def credentials(
        self, username: str | None, password: str = "", *, origin: str | None = None
    ) -> None:
        """Answer HTTP authentication challenges (Basic, Digest) with these credentials,
        from ``origin`` only when given (``"https://intranet.example"``), else from any
        site. Wrong ones are tried once: the page then gets the server's 401.
        ``credentials(None)`` stops answering. Ends with the test."""
        if username is None:
            self._backend_for().set_credentials(None)
            return
        if not isinstance(username, str) or not isinstance(password, str):
            raise NetworkError("credentials() takes a user name and a password that are text")
        if origin is not None and not re.match(r"^https?://[^/]+$", origin):
            raise NetworkError(
                f"credentials(origin={origin!r}): give scheme and host only, e.g. "
                "'https://intranet.example' or 'http://127.0.0.1:8000'"
            )
        self._backend_for().set_credentials(_Credentials(username, password, origin))

    def unroute_all(self) -> None:
        """Remove every route, and stop intercepting; recordings with a path are saved."""
        with self._lock:
            self._routes.clear()
            recorders, self._recorders = self._recorders, []
        for _, recorder in recorders:
            if recorder.path is not None:
                recorder.save()
        backend, self._backend = self._backend, None
        if backend is not None:
            backend.close()


def end_routes(driver: WebDriver) -> None:
    """The end of a test: its routes go, so the next test sees the real network."""
    network = _NETWORKS.pop(driver, None)
    if network is not None:
        with contextlib.suppress(Exception):  # a browser that is gone has no routes left
            network.unroute_all()


def _backend(driver: WebDriver, network: Network) -> _Backend:
    found = channel_of(driver)
    if found is None:
        raise NetworkError(
            lacking(
                driver,
                "route requests",
                "No request can be held or answered: run this test on Chromium or Firefox, "
                "or point it at a test server that answers as you need",
            )
        )
    if found.kind == "bidi":
        return _Bidi(driver, network)
    assert found.endpoint is not None
    return _DevTools(found.endpoint, network)


class _Backend:
    def __init__(self, network: Network) -> None:
        self.network = network
        self.find = network._find
        self._timers: list[threading.Timer] = []
        self.credentials: _Credentials | None = None
        self._tried: set[str] = set()

    def watch(self, globs: list[str]) -> None:
        raise NotImplementedError

    def observe(self, responses: bool) -> None:
        """Start telling the network's watchers of requests (and of responses)."""
        raise NotImplementedError

    def set_offline(self, offline: bool) -> None:
        raise NotImplementedError

    def set_headers(self, headers: dict[str, str]) -> None:
        raise NotImplementedError

    def set_throttle(self, conditions: _Conditions | None) -> None:
        raise NotImplementedError

    def set_credentials(self, credentials: _Credentials | None) -> None:
        raise NotImplementedError

    def close(self) -> None:
        for timer in self._timers:
            timer.cancel()

    def _auth_answer(self, request_id: str, url: str) -> str:
        """How to answer a challenge: ``provide`` the credentials once per request (a
        second challenge means they are wrong: ``cancel``, and the page gets the 401),
        or ``default`` when none are set for that site."""
        credentials = self.credentials
        if credentials is None or not credentials.for_url(url):
            return "default"
        if request_id in self._tried:
            return "cancel"
        self._tried.add(request_id)
        return "provide"

    def answer(self, request_id: str, request: Request) -> None:
        route = self.find(request.url)
        if route is None:
            self.let_through(request_id)
            return
        try:
            answer = route.decide(request)
        except Exception:
            self.fail(request_id)  # a broken handler: the request fails, the test sees it
            raise
        if answer.abort:
            self.fail(request_id)
        elif answer.fulfils:
            self.fulfil(request_id, answer)
        elif answer.delay:
            timer = threading.Timer(answer.delay, self.let_through, (request_id,))
            timer.daemon = True
            self._timers.append(timer)
            timer.start()
        else:
            self.let_through(request_id)

    def let_through(self, request_id: str) -> None:
        raise NotImplementedError

    def fail(self, request_id: str) -> None:
        raise NotImplementedError

    def fulfil(self, request_id: str, answer: _Answer) -> None:
        raise NotImplementedError


def _devtools_request(raw: dict[str, Any]) -> Request:
    """A DevTools ``Network.Request`` (of an event, or of a paused request)."""
    post = raw.get("postData")
    if raw.get("postDataEntries"):
        body: bytes | None = b"".join(
            base64.b64decode(e.get("bytes", "")) for e in raw["postDataEntries"]
        )
    else:
        body = post.encode() if isinstance(post, str) else None
    return Request(raw.get("method", ""), raw.get("url", ""), dict(raw.get("headers") or {}), body)


class _DevTools(_Backend):
    """Chromium's ``Fetch`` domain, on a connection to the tab."""

    def __init__(self, endpoint: str, network: Network) -> None:
        super().__init__(network)
        self.tab = cdp.TabConnection(endpoint)
        self.tab.on("Fetch.requestPaused", self._paused)
        self._observing = False
        self._network_on = False
        self._sent: dict[str, Request] = {}
        self._responses: dict[str, tuple[int, dict[str, str]]] = {}
        self._offline = False
        self._conditions = _Conditions()
        self._globs: list[str] = []
        self._auth_on = False

    def _network_domain(self) -> None:
        if not self._network_on:
            self.tab.call("Network.enable", {})
            self._network_on = True

    def set_offline(self, offline: bool) -> None:
        self._offline = offline
        self._emulate_conditions()

    def set_throttle(self, conditions: _Conditions | None) -> None:
        self._conditions = conditions or _Conditions()
        self._emulate_conditions()

    def _emulate_conditions(self) -> None:
        # Overrides made on this connection end with it (the end of the test).
        self._network_domain()
        self.tab.call("Network.emulateNetworkConditions", self._conditions.devtools(self._offline))

    def set_credentials(self, credentials: _Credentials | None) -> None:
        self.credentials = credentials
        self._tried.clear()
        if not self._auth_on:
            self.tab.on("Fetch.authRequired", self._auth_required)
            self._auth_on = True
        self.watch(self._globs)

    def _auth_required(self, params: Any) -> None:
        request_id = params.get("requestId", "")
        url = (params.get("request") or {}).get("url", "")
        answer = self._auth_answer(request_id, url)
        response: dict[str, Any] = {
            "provide": {"response": "ProvideCredentials"},
            "cancel": {"response": "CancelAuth"},
            "default": {"response": "Default"},
        }[answer]
        if answer == "provide" and self.credentials is not None:
            response.update(username=self.credentials.username, password=self.credentials.password)
        with contextlib.suppress(Exception):  # the tab closed meanwhile
            self.tab.call(
                "Fetch.continueWithAuth",
                {"requestId": request_id, "authChallengeResponse": response},
            )

    def set_headers(self, headers: dict[str, str]) -> None:
        self._network_domain()
        self.tab.call("Network.setExtraHTTPHeaders", {"headers": headers})

    def observe(self, responses: bool) -> None:
        if self._observing:
            return
        self.tab.on("Network.requestWillBeSent", self._will_be_sent)
        self.tab.on("Network.responseReceived", self._received)
        self.tab.on("Network.loadingFinished", self._finished)
        # A download ends its request as "failed" (handed to the download manager) after
        # its response came: a response still, without a body.
        self.tab.on("Network.loadingFailed", self._finished)
        self._network_domain()
        self._observing = True

    def _will_be_sent(self, params: Any) -> None:
        request = _devtools_request(params.get("request", {}))
        self._sent[params.get("requestId", "")] = request
        self.network._seen_request(request.url, lambda: request)

    def _received(self, params: Any) -> None:
        response = params.get("response", {})
        headers = {str(k): str(v) for k, v in (response.get("headers") or {}).items()}
        self._responses[params.get("requestId", "")] = (int(response.get("status", 0)), headers)

    def _finished(self, params: Any) -> None:
        request_id = params.get("requestId", "")
        request = self._sent.pop(request_id, None)
        status, headers = self._responses.pop(request_id, (0, {}))
        if request is None or not status or not self.network._wants_response(request.url):
            return
        body = None
        with contextlib.suppress(Exception):  # no body kept (a download, an opaque answer)
            found = self.tab.call("Network.getResponseBody", {"requestId": request_id})
            text = found.get("body", "")
            body = base64.b64decode(text) if found.get("base64Encoded") else text.encode()
        self.network._seen_response(
            request.url,
            lambda: Response(request.method, request.url, status, headers, body, request),
        )

    def watch(self, globs: list[str]) -> None:
        self._globs = globs
        # DevTools' "*" is any run of characters: a superset of every glob; the exact
        # match is made here, and what no route matches is let through at once.
        patterns = {re.sub(r"\*+", "*", g) for g in globs}
        if self.credentials is not None:  # a challenge is seen only on a held request
            origin = self.credentials.origin
            patterns.add(f"{origin}/*" if origin else "*")
        if not patterns:
            self.tab.call("Fetch.disable")
            return
        self.tab.call(
            "Fetch.enable",
            {
                "patterns": [
                    {"urlPattern": p, "requestStage": "Request"} for p in sorted(patterns)
                ],
                "handleAuthRequests": self.credentials is not None,
            },
        )

    def _paused(self, params: Any) -> None:
        request = _devtools_request(params.get("request", {}))
        with contextlib.suppress(cdp.CdpError):  # the tab closed meanwhile
            self.answer(params["requestId"], request)

    def let_through(self, request_id: str) -> None:
        with contextlib.suppress(Exception):
            self.tab.call("Fetch.continueRequest", {"requestId": request_id})

    def fail(self, request_id: str) -> None:
        self.tab.call("Fetch.failRequest", {"requestId": request_id, "errorReason": "Failed"})

    def fulfil(self, request_id: str, answer: _Answer) -> None:
        status = answer.status or 200
        self.tab.call(
            "Fetch.fulfillRequest",
            {
                "requestId": request_id,
                "responseCode": status,
                "responsePhrase": _reason(status),
                "responseHeaders": [{"name": k, "value": v} for k, v in answer.headers.items()],
                "body": base64.b64encode(answer.body or b"").decode(),
            },
        )

    def close(self) -> None:
        super().close()
        with contextlib.suppress(Exception):
            self.tab.call("Fetch.disable")
        self.tab.close()


def _headers_from_bidi(given: list[dict[str, Any]]) -> dict[str, str]:
    return {h["name"]: (h.get("value") or {}).get("value", "") for h in given}


def _headers_to_bidi(headers: Mapping[str, str]) -> list[dict[str, Any]]:
    return [{"name": k, "value": {"type": "string", "value": v}} for k, v in headers.items()]


class _Bidi(_Backend):
    """WebDriver BiDi ``network.addIntercept`` in the test's user context (or its tab)."""

    def __init__(self, driver: WebDriver, network: Network) -> None:
        super().__init__(network)
        self.driver = driver
        self._observing = False
        self._offline = self._headers = self._throttled = False
        self.auth_intercept: str | None = None
        self.response_collector: str | None = None
        self._requests: dict[str, Request] = {}
        answer_promptly(driver)
        driver.browser  # noqa: B018 - opens the BiDi connection
        connection: Any = driver._websocket_connection
        # Opened before (by a bare driver): Selenium's 0.1 s look for each answer made every
        # held request wait about 40 ms for its "continue".
        if getattr(connection, "response_wait_interval", 0) > BIDI_POLL_SECONDS:
            connection.response_wait_interval = BIDI_POLL_SECONDS
        self.connection = connection
        context = current_user_context(driver)
        self.scope: dict[str, Any] = (
            {"userContexts": [context]}
            if context is not None
            else {"contexts": [driver.current_window_handle]}
        )
        self.intercept: str | None = None
        self.event = cdp.Event("network.beforeRequestSent")
        self.callback = connection.add_callback(self.event, self._sent)
        events = {"events": ["network.beforeRequestSent"], **self.scope}
        answer = self._call("session.subscribe", events)
        self.subscription = (answer or {}).get("subscription")
        # Request bodies (POST data) are kept by a data collector, read for routed ones.
        self.collector: str | None = None
        with contextlib.suppress(Exception):  # a browser without collectors: no bodies
            found = self._call(
                "network.addDataCollector",
                {"dataTypes": ["request"], "maxEncodedDataSize": _MAX_BODY, **self.scope},
            )
            self.collector = found.get("collector")

    def _call(self, method: str, params: dict[str, Any]) -> Any:
        return self.connection.execute(command_builder(method, params))

    def set_offline(self, offline: bool) -> None:
        conditions = {"type": "offline"} if offline else None
        self._call(
            "emulation.setNetworkConditions", {"networkConditions": conditions, **self.scope}
        )
        self._offline = offline

    def set_headers(self, headers: dict[str, str]) -> None:
        self._call("network.setExtraHeaders", {"headers": _headers_to_bidi(headers), **self.scope})
        self._headers = bool(headers)

    def set_throttle(self, conditions: _Conditions | None) -> None:
        execute = cdp.chromium_cdp(self.driver)
        if execute is None:
            family = family_of(self.driver)
            label = engine_of(family).label if family else "This browser"
            raise NetworkError(
                f"{label} cannot throttle the network: WebDriver BiDi's "
                "emulation.setNetworkConditions takes only offline. For a slow server, "
                "delay its requests: route(url_glob, delay=seconds)"
            )
        # Chromium over BiDi: DevTools through chromedriver, on the current tab.
        execute(
            "Network.emulateNetworkConditions",
            (conditions or _Conditions()).devtools(self._offline),
        )
        self._throttled = conditions is not None

    def set_credentials(self, credentials: _Credentials | None) -> None:
        self.credentials = credentials
        self._tried.clear()
        if credentials is not None and self.auth_intercept is None:
            self.auth_event = cdp.Event("network.authRequired")
            self.auth_callback = self.connection.add_callback(self.auth_event, self._auth)
            found = self._call(
                "session.subscribe", {"events": ["network.authRequired"], **self.scope}
            )
            self.auth_subscription = (found or {}).get("subscription")
            scope = {"contexts": self.scope["contexts"]} if "contexts" in self.scope else {}
            found = self._call("network.addIntercept", {"phases": ["authRequired"], **scope})
            self.auth_intercept = found.get("intercept")

    def _auth(self, params: Any) -> None:
        if not isinstance(params, dict) or not params.get("isBlocked"):
            return
        if self.auth_intercept not in (params.get("intercepts") or []):
            return
        raw = params.get("request", {})
        request_id = raw.get("request", "")
        answer = self._auth_answer(request_id, raw.get("url", ""))
        action: dict[str, Any] = {
            "provide": {"action": "provideCredentials"},
            "cancel": {"action": "cancel"},
            "default": {"action": "default"},
        }[answer]
        if answer == "provide" and self.credentials is not None:
            action["credentials"] = {
                "type": "password",
                "username": self.credentials.username,
                "password": self.credentials.password,
            }
        with contextlib.suppress(Exception):  # the page or browser went meanwhile
            self._call("network.continueWithAuth", {"request": request_id, **action})

    def observe(self, responses: bool) -> None:
        if not self._observing:
            self.done_event = cdp.Event("network.responseCompleted")
            self.done_callback = self.connection.add_callback(self.done_event, self._completed)
            events = {"events": ["network.responseCompleted"], **self.scope}
            found = self._call("session.subscribe", events)
            self.done_subscription = (found or {}).get("subscription")
            self._observing = True
        if responses and self.response_collector is None:
            with contextlib.suppress(Exception):  # no collectors: responses without bodies
                found = self._call(
                    "network.addDataCollector",
                    {"dataTypes": ["response"], "maxEncodedDataSize": _MAX_BODY, **self.scope},
                )
                self.response_collector = found.get("collector")

    def _request_of(self, raw: dict[str, Any]) -> Request:
        """The request of an event, with its body when it has one (a data collector's)."""
        body = (
            self._data("request", raw.get("request", ""), self.collector)
            if raw.get("bodySize")
            else None
        )
        headers = _headers_from_bidi(raw.get("headers", []))
        return Request(raw.get("method", ""), raw.get("url", ""), headers, body)

    def _completed(self, params: Any) -> None:
        if not isinstance(params, dict):
            return
        raw, answer = params.get("request", {}), params.get("response", {})
        url, request_id = raw.get("url", ""), raw.get("request", "")
        known = self._requests.pop(request_id, None)
        if not self.network._wants_response(url):
            return
        request = known or self._request_of(raw)
        headers = _headers_from_bidi(answer.get("headers", []))
        body = self._data("response", request_id, self.response_collector)
        status = int(answer.get("status", 0))
        self.network._seen_response(
            url, lambda: Response(request.method, url, status, headers, body, request)
        )

    def watch(self, globs: list[str]) -> None:
        # BiDi's URL patterns have no wildcards: every request of the scope is held, the
        # match is made here, and what no route matches is let through at once.
        if globs and self.intercept is None:
            scope = {"contexts": self.scope["contexts"]} if "contexts" in self.scope else {}
            found = self._call("network.addIntercept", {"phases": ["beforeRequestSent"], **scope})
            self.intercept = found.get("intercept")
        elif not globs and self.intercept is not None:
            with contextlib.suppress(Exception):
                self._call("network.removeIntercept", {"intercept": self.intercept})
            self.intercept = None

    def _sent(self, params: Any) -> None:
        if not isinstance(params, dict):
            return
        raw = params.get("request", {})
        request_id, url = raw.get("request", ""), raw.get("url", "")
        request = None
        if self._observing:
            request = self._requests[request_id] = self._request_of(raw)
            self.network._seen_request(url, lambda: request)
        if not params.get("isBlocked") or self.intercept not in (params.get("intercepts") or []):
            return
        if self.find(url) is None:  # most requests: through at once, nothing read
            self.let_through(request_id)
            return
        with contextlib.suppress(Exception):  # the page or browser went meanwhile
            self.answer(request_id, request or self._request_of(raw))

    def _data(self, kind: str, request_id: str, collector: str | None) -> bytes | None:
        """A request's or response's body as ``collector`` kept it (``None`` if it did not)."""
        if collector is None:
            return None
        try:
            found = self._call(
                "network.getData", {"dataType": kind, "request": request_id, "collector": collector}
            )
        except Exception:  # not collected (too large, or gone)
            return None
        data = found.get("bytes") or {}
        value = data.get("value", "")
        return base64.b64decode(value) if data.get("type") == "base64" else str(value).encode()

    def let_through(self, request_id: str) -> None:
        with contextlib.suppress(Exception):
            self._call("network.continueRequest", {"request": request_id})

    def fail(self, request_id: str) -> None:
        self._call("network.failRequest", {"request": request_id})

    def fulfil(self, request_id: str, answer: _Answer) -> None:
        status = answer.status or 200
        self._call(
            "network.provideResponse",
            {
                "request": request_id,
                "statusCode": status,
                "reasonPhrase": _reason(status),
                "headers": _headers_to_bidi(answer.headers),
                "body": {"type": "base64", "value": base64.b64encode(answer.body or b"").decode()},
            },
        )

    def close(self) -> None:
        super().close()
        self.watch([])
        if self._offline:  # BiDi overrides outlive the test unless taken back
            with contextlib.suppress(Exception):
                self.set_offline(False)
        if self._headers:
            with contextlib.suppress(Exception):
                self.set_headers({})
        if self._throttled:
            with contextlib.suppress(Exception):
                self.set_throttle(None)
        if self.auth_intercept is not None:
            with contextlib.suppress(Exception):
                self._call("network.removeIntercept", {"intercept": self.auth_intercept})
            with contextlib.suppress(Exception):
                if self.auth_subscription:
                    self._call("session.unsubscribe", {"subscriptions": [self.auth_subscription]})
            with contextlib.suppress(Exception):
                self.connection.remove_callback(self.auth_event, self.auth_callback)
        for collector in (self.collector, self.response_collector):
            with contextlib.suppress(Exception):
                if collector:
                    self._call("network.removeDataCollector", {"collector": collector})
        if self._observing:
            with contextlib.suppress(Exception):
                if self.done_subscription:
                    self._call("session.unsubscribe", {"subscriptions": [self.done_subscription]})
            with contextlib.suppress(Exception):
                self.connection.remove_callback(self.done_event, self.done_callback)
        with contextlib.suppress(Exception):
            if self.subscription:
                self._call("session.unsubscribe", {"subscriptions": [self.subscription]})
        with contextlib.suppress(Exception):
            self.connection.remove_callback(self.event, self.callback)
