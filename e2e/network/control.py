"""``Network``: the test's hold on its browser's network (routes, watchers, offline,
throttling, headers, credentials, HAR), one per driver; ``end_routes`` at the end of a
test. The engine's own side is a backend: DevTools (devtools.py) or BiDi (bidi.py)."""

from __future__ import annotations

import contextlib
import re
import threading
import weakref
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from selenium.webdriver.remote.webdriver import WebDriver

from e2e.base.masking import known_secrets, secret_problem
from e2e.base.url_globs import UrlGlob
from e2e.base.url_globs import url_glob as compile_glob
from e2e.browser.bidi_or_devtools import channel_of, lacking
from e2e.network.backend import ChannelBackend
from e2e.network.bidi import BidiBackend
from e2e.network.devtools import DevToolsBackend
from e2e.network.har import HarError, HarRecorder, HarReplay
from e2e.network.messages import (
    HttpCredentials,
    NetworkConditions,
    NetworkError,
    Request,
    Response,
    RouteAnswer,
    Waiter,
    route_answer,
)


class Route:
    """One route: ``.calls`` (the requests it answered), ``.remove()``; a context manager."""

    def __init__(
        self,
        network: Network,
        glob: str,
        answer: RouteAnswer | None,
        handler: Callable[[Request], Mapping[str, Any] | None] | None,
    ) -> None:
        self.glob = glob
        self.calls: list[Request] = []
        self._network = network
        self.route_answer = answer
        self._handler = handler
        self._pattern = compile_glob(glob)

    def matches(self, url: str) -> bool:
        return bool(self._pattern.matches(url))

    def decide(self, request: Request) -> RouteAnswer:
        """What to do with ``request`` (recorded in ``calls``)."""
        self.calls.append(request)
        if self._handler is None:
            assert self.route_answer is not None
            return self.route_answer
        decided = self._handler(request)
        if decided is None:
            return RouteAnswer()  # let it through
        if not isinstance(decided, Mapping):
            raise NetworkError(
                f"The handler of route {self.glob!r} returned {decided!r}: return None to "
                "let the request through, or a dict of route() answers, e.g. "
                '{"status": 500, "json": {...}}, {"abort": True}, {"delay": 2}'
            )
        return route_answer(**decided)

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
        self._backend: ChannelBackend | None = None
        self._request_waiters: list[Waiter[Request]] = []
        self._response_waiters: list[Waiter[Response]] = []
        self._recorders: list[tuple[UrlGlob, HarRecorder]] = []
        #: What went wrong on the network's threads (a handler that raised, an answer the
        #: browser refused): raised in the test by the next watcher, or at its end.
        self.problems: list[str] = []

    def _problem(self, text: str) -> None:
        with self._lock:
            self.problems.append(text)

    def raise_problems(self) -> None:
        """Raise :class:`NetworkError` with what went wrong on the network's threads
        since the last call (a route handler that raised, an answer the browser refused)."""
        with self._lock:
            found, self.problems = self.problems, []
        if found:
            raise NetworkError("; ".join(found))

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
            answer = route_answer(status, json, body, headers, abort, delay)
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

    def _backend_for(self) -> ChannelBackend:
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
        if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or timeout < 0:
            raise NetworkError(f"timeout={timeout!r}: give seconds to wait, e.g. timeout=10")
        backend = self._backend_for()
        backend.observe(responses)
        with self._lock:
            waiters.append(waiter)
        try:
            yield
            seen = waiter._seen.wait(timeout)
            self.raise_problems()
            if not seen:
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
                w._pattern.matches(url) and not w._seen.is_set() for w in self._response_waiters
            ) or any(pattern.matches(url) for pattern, _ in self._recorders)

    def _seen_response(self, url: str, make: Callable[[], Response]) -> None:
        with self._lock:
            waiters = list(self._response_waiters)
            recorders = [r for pattern, r in self._recorders if pattern.matches(url)]
        if recorders:
            response = make()
            make = lambda: response  # noqa: E731 - made once, for all who want it
            for recorder in recorders:
                recorder.add(response)
        for waiter in waiters:
            waiter.offer(url, make)

    def record_har(
        self, path: str | Path | None = None, url_glob: str = "**", *, sensitive: bool = False
    ) -> HarRecorder:
        """Record the responses whose URL matches ``url_glob`` (bodies included) as HAR;
        written to ``path`` when the test ends (or by ``.save()``), owner-only. With
        ``--tracing``, every kept trace has one already: ``trace.har`` beside
        ``trace.html``. The values of ``Cookie``, ``Set-Cookie`` and ``Authorization``
        are masked unless ``sensitive=True``; declared secrets are masked always."""
        if not isinstance(url_glob, str) or not url_glob:
            raise NetworkError("record_har() needs a URL glob, e.g. '**/api/**' (or '**')")
        try:
            recorder = HarRecorder(
                path, url_glob, sensitive=sensitive, secrets=known_secrets(self.driver)
            )
        except HarError as exc:
            raise NetworkError(str(exc)) from None
        self._backend_for().observe(True)
        with self._lock:
            self._recorders.append((compile_glob(url_glob), recorder))
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
        conditions = NetworkConditions(latency, download_kbps, upload_kbps)
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
        if secret_problem(password, "") is None:  # kept out of every HAR and trace
            known_secrets(self.driver).add(password)
        self._backend_for().set_credentials(HttpCredentials(username, password, origin))

    def unroute_all(self) -> None:
        """Remove every route, and stop intercepting; recordings with a path are saved.
        Raises :class:`NetworkError` naming what went wrong (a HAR that could not be
        written, a handler that raised) once everything is undone."""
        with self._lock:
            self._routes.clear()
            recorders, self._recorders = self._recorders, []
        for _, recorder in recorders:
            if recorder.path is not None:
                try:
                    recorder.save()
                except HarError as exc:
                    self._problem(str(exc))
        backend, self._backend = self._backend, None
        if backend is not None:
            with contextlib.suppress(Exception):  # a browser that is gone has no routes left
                backend.close()
        self.raise_problems()


def end_routes(driver: WebDriver) -> str | None:
    """The end of a test: its routes go, so the next test sees the real network. What
    went wrong on the network meanwhile, as one sentence for the test (``None``: nothing)."""
    network = _NETWORKS.pop(driver, None)
    if network is not None:
        try:
            network.unroute_all()
        except NetworkError as exc:
            return f"NetworkError: {exc}"
    return None


def _backend(driver: WebDriver, network: Network) -> ChannelBackend:
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
        return BidiBackend(driver, network)
    assert found.endpoint is not None
    return DevToolsBackend(found.endpoint, network)
