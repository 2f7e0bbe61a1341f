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
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from http import HTTPStatus
from typing import Any

from selenium.webdriver.common.bidi.common import command_builder
from selenium.webdriver.common.webdriver import LocalWebDriver
from selenium.webdriver.remote.webdriver import WebDriver

from e2e import cdp
from e2e.engines import engine_of, family_of
from e2e.isolation import current_user_context

__all__ = ["Network", "NetworkError", "Request", "Route", "end_routes"]


#: The largest request body a route's handler is shown, in bytes (BiDi keeps a copy).
_MAX_BODY = 10 * 1024 * 1024


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Status"


class NetworkError(RuntimeError):
    """A route cannot be set on this browser, or was given what cannot be answered."""


@dataclass(frozen=True)
class Request:
    """A request a route matched."""

    method: str
    url: str
    headers: Mapping[str, str]
    body: bytes | None = None

    @property
    def text(self) -> str:
        return (self.body or b"").decode("utf-8", errors="replace")

    def json(self) -> Any:
        return jsonlib.loads(self.text)


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
            self._backend = _backend(self.driver, self._find)
        return self._backend

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

    def unroute_all(self) -> None:
        """Remove every route, and stop intercepting."""
        with self._lock:
            self._routes.clear()
        backend, self._backend = self._backend, None
        if backend is not None:
            backend.close()


def end_routes(driver: WebDriver) -> None:
    """The end of a test: its routes go, so the next test sees the real network."""
    network = _NETWORKS.pop(driver, None)
    if network is not None:
        with contextlib.suppress(Exception):  # a browser that is gone has no routes left
            network.unroute_all()


def _backend(driver: WebDriver, find: Callable[[str], Route | None]) -> _Backend:
    if driver.caps.get("webSocketUrl"):
        return _Bidi(driver, find)
    endpoint = (
        cdp.tab_endpoint(driver, driver.current_window_handle)
        if cdp.chromium_cdp(driver) is not None
        else None
    )
    if endpoint is not None:
        return _DevTools(endpoint, find)
    family = family_of(driver)
    label = (
        engine_of(family).label if family else str(driver.caps.get("browserName", "this browser"))
    )
    if not isinstance(driver, LocalWebDriver):  # a Grid
        raise NetworkError(
            f"{label} through a Grid without WebDriver BiDi cannot route requests: ask for "
            "BiDi with --capability webSocketUrl=true"
        )
    raise NetworkError(
        f"{label} cannot route requests: its WebDriver has neither WebDriver BiDi nor "
        "Chromium's DevTools, so no request can be held or answered. Run this test on "
        "Chromium or Firefox, or point it at a test server that answers as you need"
    )


class _Backend:
    def __init__(self, find: Callable[[str], Route | None]) -> None:
        self.find = find
        self._timers: list[threading.Timer] = []

    def watch(self, globs: list[str]) -> None:
        raise NotImplementedError

    def close(self) -> None:
        for timer in self._timers:
            timer.cancel()

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


class _DevTools(_Backend):
    """Chromium's ``Fetch`` domain, on a connection to the tab."""

    def __init__(self, endpoint: str, find: Callable[[str], Route | None]) -> None:
        super().__init__(find)
        self.tab = cdp.TabConnection(endpoint)
        self.tab.on("Fetch.requestPaused", self._paused)

    def watch(self, globs: list[str]) -> None:
        if not globs:
            self.tab.call("Fetch.disable")
            return
        # DevTools' "*" is any run of characters: a superset of every glob; the exact
        # match is made here, and what no route matches is let through at once.
        patterns = sorted({re.sub(r"\*+", "*", g) for g in globs})
        self.tab.call(
            "Fetch.enable",
            {"patterns": [{"urlPattern": p, "requestStage": "Request"} for p in patterns]},
        )

    def _paused(self, params: Any) -> None:
        raw = params.get("request", {})
        body = None
        if raw.get("postDataEntries"):
            body = b"".join(base64.b64decode(e.get("bytes", "")) for e in raw["postDataEntries"])
        elif raw.get("postData") is not None:
            body = str(raw["postData"]).encode()
        request = Request(
            raw.get("method", ""), raw.get("url", ""), dict(raw.get("headers") or {}), body
        )
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


class _Bidi(_Backend):
    """WebDriver BiDi ``network.addIntercept`` in the test's user context (or its tab)."""

    def __init__(self, driver: WebDriver, find: Callable[[str], Route | None]) -> None:
        super().__init__(find)
        self.driver = driver
        driver.browser  # noqa: B018 - opens the BiDi connection
        connection: Any = driver._websocket_connection
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
        if not isinstance(params, dict) or not params.get("isBlocked"):
            return
        if self.intercept not in (params.get("intercepts") or []):
            return
        raw = params.get("request", {})
        request_id, url = raw.get("request", ""), raw.get("url", "")
        if self.find(url) is None:  # most requests: through at once, nothing read
            self.let_through(request_id)
            return
        headers = {
            h["name"]: (h.get("value") or {}).get("value", "") for h in raw.get("headers", [])
        }
        body = self._body(request_id) if raw.get("bodySize") else None
        request = Request(raw.get("method", ""), url, headers, body)
        with contextlib.suppress(Exception):  # the page or browser went meanwhile
            self.answer(request_id, request)

    def _body(self, request_id: str) -> bytes | None:
        if self.collector is None:
            return None
        try:
            found = self._call(
                "network.getData",
                {"dataType": "request", "request": request_id, "collector": self.collector},
            )
        except Exception:  # not collected (too large, or gone)
            return None
        data = found.get("bytes") or {}
        if data.get("type") == "base64":
            return base64.b64decode(data.get("value", ""))
        return str(data.get("value", "")).encode()

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
                "headers": [
                    {"name": k, "value": {"type": "string", "value": v}}
                    for k, v in answer.headers.items()
                ],
                "body": {"type": "base64", "value": base64.b64encode(answer.body or b"").decode()},
            },
        )

    def close(self) -> None:
        super().close()
        self.watch([])
        with contextlib.suppress(Exception):
            if self.collector:
                self._call("network.removeDataCollector", {"collector": self.collector})
        with contextlib.suppress(Exception):
            if self.subscription:
                self._call("session.unsubscribe", {"subscriptions": [self.subscription]})
        with contextlib.suppress(Exception):
            self.connection.remove_callback(self.event, self.callback)
