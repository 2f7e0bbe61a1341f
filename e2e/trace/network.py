"""A trace's network entries: CDP ``Network`` events of the test's tab (local
Chromium), BiDi's network events of the test's user context (Firefox, a Grid), or the
page's own XHR/fetch log (``_network.js``) where neither reaches."""

from __future__ import annotations

import contextlib
import threading
from dataclasses import dataclass, field
from typing import Any

from selenium.webdriver.remote.webdriver import WebDriver

from e2e.browser.cdp import CdpError, Event, TabConnection, tab_endpoint
from e2e.browser.isolation import current_user_context

__all__ = ["NetworkLog"]


@dataclass
class NetworkLog:
    """The requests of one test, as entries (method, URL, status, error, at, ms)."""

    driver: WebDriver
    entries: list[dict[str, Any]] = field(default_factory=list)
    source: str = "page"  # where the entries come from: "bidi", "cdp" or "page"
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _subscription: Any = field(default=None, repr=False)
    _callbacks: list[tuple[Event, int]] = field(default_factory=list, repr=False)
    _tabs: dict[str, TabConnection] = field(default_factory=dict, repr=False)
    _requests: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False)

    def start(self) -> None:
        context = current_user_context(self.driver)
        if context is not None:
            try:
                self.driver.browser  # noqa: B018 - opens the BiDi connection
                connection = getattr(self.driver, "_websocket_connection", None)
                if connection is not None:
                    names = ["network.responseCompleted", "network.fetchError"]
                    for name in names:
                        event = Event(name)
                        self._callbacks.append((event, connection.add_callback(event, self._bidi)))
                    answer = self.driver._session.subscribe(events=names, user_contexts=[context])
                    self._subscription = (answer or {}).get("subscription")
                    self.source = "bidi"
            except Exception:  # BiDi events not available: the page's own log is used
                self.source = "page"
        else:  # local Chromium without BiDi: the tab's own DevTools
            with contextlib.suppress(Exception):  # none to reach: the page's own log
                self.tab(self.driver.current_window_handle)
                self.source = "cdp"

    def tab(self, handle: str) -> TabConnection:
        """A DevTools connection to the tab ``handle``, opened on first use, with its
        network events recorded."""
        found = self._tabs.get(handle)
        if found is None:
            url = tab_endpoint(self.driver, handle)
            if url is None:
                raise CdpError("no DevTools endpoint for this browser")
            found = self._tabs[handle] = TabConnection(url)
            found.on("Network.requestWillBeSent", self._cdp_request)
            found.on("Network.responseReceived", self._cdp_response)
            found.on("Network.loadingFinished", self._cdp_finished)
            found.on("Network.loadingFailed", self._cdp_finished)
            found.call("Network.enable", {"maxTotalBufferSize": 0, "maxResourceBufferSize": 0})
        return found

    def _cdp_request(self, params: Any) -> None:
        request = params.get("request", {})
        entry = {
            "method": request.get("method", ""),
            "url": request.get("url", ""),
            "status": None,
            "error": None,
            "at": params.get("wallTime") or 0,
            "ms": None,
            "_start": params.get("timestamp") or 0,
        }
        with self._lock:
            self._requests[params.get("requestId", "")] = entry

    def _cdp_response(self, params: Any) -> None:
        with self._lock:
            entry = self._requests.get(params.get("requestId", ""))
            if entry is not None:
                entry["status"] = params.get("response", {}).get("status")

    def _cdp_finished(self, params: Any) -> None:
        with self._lock:
            entry = self._requests.pop(params.get("requestId", ""), None)
            if entry is None:
                return
            start = entry.pop("_start")
            end = params.get("timestamp") or 0
            entry["ms"] = round((end - start) * 1000, 1) if start and end else None
            entry["error"] = params.get("errorText")
            self.entries.append(entry)

    def _bidi(self, params: Any) -> None:
        request = params.get("request", {}) if isinstance(params, dict) else {}
        response = params.get("response", {}) if isinstance(params, dict) else {}
        timings = request.get("timings", {})
        start = timings.get("requestTime") or timings.get("fetchStart") or 0
        end = timings.get("responseEnd") or 0
        entry = {
            "method": request.get("method", ""),
            "url": request.get("url", ""),
            "status": response.get("status") if response else None,
            "error": params.get("errorText") if isinstance(params, dict) else None,
            "at": (params.get("timestamp") or 0) / 1000 if isinstance(params, dict) else 0,
            "ms": round(end - start, 1) if end and start else None,
        }
        with self._lock:
            self.entries.append(entry)

    def add_page_log(self, log: list[dict[str, Any]], origin: float) -> None:
        """The page's own request log, when neither BiDi nor DevTools gives entries."""
        if self.source != "page":
            return
        for entry in log:
            entry["at"] = (origin + entry.get("start", 0)) / 1000
            self.entries.append(entry)

    def stop(self) -> None:
        connection = getattr(self.driver, "_websocket_connection", None)
        with contextlib.suppress(Exception):  # a dead browser: nothing to unsubscribe from
            if self._subscription is not None:
                self.driver._session.unsubscribe(subscriptions=[self._subscription])
        if connection is not None:
            for event, callback in self._callbacks:
                connection.remove_callback(event, callback)
        self._callbacks.clear()
        for tab in self._tabs.values():
            tab.close()
        self._tabs.clear()
