"""Chromium's DevTools, on a connection to the test's tab: ``Fetch`` for routes and
credentials, ``Network`` for watchers, conditions and headers."""

from __future__ import annotations

import base64
import contextlib
import re
from typing import Any

from e2e.browser import cdp
from e2e.network.backend import ChannelBackend, NetworkSide
from e2e.network.messages import (
    HttpCredentials,
    NetworkConditions,
    Request,
    Response,
    RouteAnswer,
    reason_phrase,
)


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


class DevToolsBackend(ChannelBackend):
    """Chromium's ``Fetch`` domain, on a connection to the tab."""

    def __init__(self, endpoint: str, network: NetworkSide) -> None:
        super().__init__(network)
        self.tab = cdp.TabConnection(endpoint)
        self.tab.on("Fetch.requestPaused", self._paused)
        self._observing = False
        self._network_on = False
        self._sent: dict[str, Request] = {}
        self._responses: dict[str, tuple[int, dict[str, str]]] = {}
        self._offline = False
        self._conditions = NetworkConditions()
        self._globs: list[str] = []
        self._auth_on = False

    def _network_domain(self) -> None:
        if not self._network_on:
            self.tab.call("Network.enable", {})
            self._network_on = True

    def set_offline(self, offline: bool) -> None:
        self._offline = offline
        self._emulate_conditions()

    def set_throttle(self, conditions: NetworkConditions | None) -> None:
        self._conditions = conditions or NetworkConditions()
        self._emulate_conditions()

    def _emulate_conditions(self) -> None:
        # Overrides made on this connection end with it (the end of the test).
        self._network_domain()
        self.tab.call("Network.emulateNetworkConditions", self._conditions.devtools(self._offline))

    def set_credentials(self, credentials: HttpCredentials | None) -> None:
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
        body, missing = None, ""
        try:  # no body kept: a download, an opaque answer, one over DevTools' buffer
            found = self.tab.call("Network.getResponseBody", {"requestId": request_id})
            text = found.get("body", "")
            body = base64.b64decode(text) if found.get("base64Encoded") else text.encode()
        except Exception as exc:
            size = params.get("encodedDataLength") or 0
            missing = f"Chromium kept no copy of it ({getattr(exc, 'message', None) or exc}"
            missing += f"; {size:,} bytes on the wire)" if size else ")"
        self.network._seen_response(
            request.url,
            lambda: Response(request.method, request.url, status, headers, body, request, missing),
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

    def fulfil(self, request_id: str, answer: RouteAnswer) -> None:
        status = answer.status or 200
        self.tab.call(
            "Fetch.fulfillRequest",
            {
                "requestId": request_id,
                "responseCode": status,
                "responsePhrase": reason_phrase(status),
                "responseHeaders": [{"name": k, "value": v} for k, v in answer.headers.items()],
                "body": base64.b64encode(answer.body or b"").decode(),
            },
        )

    def close(self) -> None:
        super().close()
        with contextlib.suppress(Exception):
            self.tab.call("Fetch.disable")
        self.tab.close()
