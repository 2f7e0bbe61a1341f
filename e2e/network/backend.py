"""What a backend does for ``Network``, whichever channel it speaks: hold requests
and answer them as the routes say, tell the watchers, set conditions and headers."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from typing import Protocol

from e2e.base.masking import mask_url
from e2e.network.messages import (
    HttpCredentials,
    NetworkConditions,
    Request,
    Response,
    RouteAnswer,
)


class RouteSide(Protocol):
    """What a backend needs of a route (``control.Route`` is one)."""

    glob: str

    def decide(self, request: Request) -> RouteAnswer: ...


class NetworkSide(Protocol):
    """What a backend needs of the ``Network`` it serves (``control.Network`` is one):
    stated here, so that the backends do not import the module that imports them."""

    def _find(self, url: str) -> RouteSide | None: ...

    def _seen_request(self, url: str, make: Callable[[], Request]) -> None: ...

    def _wants_response(self, url: str) -> bool: ...

    def _seen_response(self, url: str, make: Callable[[], Response]) -> None: ...

    def _problem(self, text: str) -> None: ...


class ChannelBackend:
    def __init__(self, network: NetworkSide) -> None:
        self.network = network
        self.find = network._find
        self._timers: list[threading.Timer] = []
        self.credentials: HttpCredentials | None = None
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

    def set_throttle(self, conditions: NetworkConditions | None) -> None:
        raise NotImplementedError

    def set_credentials(self, credentials: HttpCredentials | None) -> None:
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
        what = f"{request.method} {mask_url(request.url)}"
        try:
            answer = route.decide(request)
        except Exception as exc:  # a broken handler: the request fails, the test sees why
            self.network._problem(
                f"The handler of route {route.glob!r} raised {type(exc).__name__}: {exc} "
                f"(answering {what}); the request was failed"
            )
            with contextlib.suppress(Exception):
                self.fail(request_id)
            return
        try:
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
        except Exception as exc:
            try:  # never hold the request for ever; a browser that is gone refuses this too
                self.fail(request_id)
            except Exception:
                return
            self.network._problem(
                f"The browser refused route {route.glob!r}'s answer to {what}: "
                f"{getattr(exc, 'msg', None) or exc}; the request was failed"
            )

    def let_through(self, request_id: str) -> None:
        raise NotImplementedError

    def fail(self, request_id: str) -> None:
        raise NotImplementedError

    def fulfil(self, request_id: str, answer: RouteAnswer) -> None:
        raise NotImplementedError
