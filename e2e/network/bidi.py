"""WebDriver BiDi, in the test's user context (or its tab): ``network.addIntercept``
for routes and credentials, events and data collectors for watchers, ``emulation`` and
``network.setExtraHeaders`` for conditions and headers."""

from __future__ import annotations

import base64
import contextlib
from collections.abc import Mapping
from typing import Any

from selenium.webdriver.common.bidi.common import command_builder
from selenium.webdriver.remote.webdriver import WebDriver

from e2e.browser import cdp
from e2e.browser.bidi_or_devtools import bidi_connection, bidi_scope, label_of
from e2e.browser.engines import family_of
from e2e.network.backend import ChannelBackend, NetworkSide
from e2e.network.messages import (
    MAX_BODY,
    HttpCredentials,
    NetworkConditions,
    NetworkError,
    Request,
    Response,
    RouteAnswer,
    reason_phrase,
)
from e2e.waiting.settle import hold_requests


def _headers_from_bidi(given: list[dict[str, Any]]) -> dict[str, str]:
    return {h["name"]: (h.get("value") or {}).get("value", "") for h in given}


def _headers_to_bidi(headers: Mapping[str, str]) -> list[dict[str, Any]]:
    return [{"name": k, "value": {"type": "string", "value": v}} for k, v in headers.items()]


class BidiBackend(ChannelBackend):
    """WebDriver BiDi ``network.addIntercept`` in the test's user context (or its tab)."""

    def __init__(self, driver: WebDriver, network: NetworkSide) -> None:
        super().__init__(network)
        self.driver = driver
        self._observing = False
        self._offline = self._headers = self._throttled = False
        self.auth_intercept: str | None = None
        self.response_collector: str | None = None
        self._requests: dict[str, Request] = {}
        # Prompt answers: Selenium's 0.1 s look for each made every held request wait
        # about 40 ms for its "continue".
        connection = self.connection = bidi_connection(driver)
        self.scope = bidi_scope(driver)
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
                {"dataTypes": ["request"], "maxEncodedDataSize": MAX_BODY, **self.scope},
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

    def set_throttle(self, conditions: NetworkConditions | None) -> None:
        execute = cdp.chromium_cdp(self.driver)
        if execute is None:
            raise NetworkError(
                f"{label_of(self.driver)} cannot throttle the network: WebDriver BiDi's "
                "emulation.setNetworkConditions takes only offline. For a slow server, "
                "delay its requests: route(url_glob, delay=seconds)"
            )
        # Chromium over BiDi: DevTools through chromedriver, on the current tab.
        execute(
            "Network.emulateNetworkConditions",
            (conditions or NetworkConditions()).devtools(self._offline),
        )
        self._throttled = conditions is not None

    def set_credentials(self, credentials: HttpCredentials | None) -> None:
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
            self._holding()

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
                    {"dataTypes": ["response"], "maxEncodedDataSize": MAX_BODY, **self.scope},
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
        size = (answer.get("content") or {}).get("size") or answer.get("bodySize") or 0
        missing = ""
        if body is None and size:
            missing = (
                f"the browser kept no copy of its {size:,} bytes (WebDriver BiDi keeps "
                f"bodies up to {MAX_BODY // 1024 // 1024} MiB)"
                if size > MAX_BODY
                else "the browser kept no copy of it"
            )
        self.network._seen_response(
            url, lambda: Response(request.method, url, status, headers, body, request, missing)
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
        self._holding()

    def _holding(self) -> None:
        """Chromium's driver lets held requests go only between WebDriver commands: the
        waits look in short slices while it holds any (``settle.HELD_SLICE_SECONDS``)."""
        held = self.intercept is not None or self.auth_intercept is not None
        hold_requests(self.driver, held and family_of(self.driver) == "chromium")

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

    def fulfil(self, request_id: str, answer: RouteAnswer) -> None:
        status = answer.status or 200
        self._call(
            "network.provideResponse",
            {
                "request": request_id,
                "statusCode": status,
                "reasonPhrase": reason_phrase(status),
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
        hold_requests(self.driver, False)
