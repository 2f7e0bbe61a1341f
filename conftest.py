"""Project-level fixtures: the demo application's test API.

The demo app itself is started by the plugin from ``pyproject.toml``
(``e2e_server_command``, one instance per xdist worker) unless ``--base-url`` is given:
the example for starting your own application (docs/writing-tests.md).
"""

from __future__ import annotations

import json
import os
import urllib.request
from typing import Any

import pytest

pytest_plugins = ["pytester"]


class DemoApi:
    """The demo app's test-only API, for set-up that is not under test."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url.rstrip("/")

    def post(self, path: str, payload: dict[str, Any] | None = None) -> Any:
        request = urllib.request.Request(
            self.base_url + path,
            data=json.dumps(payload or {}).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.load(response)

    def reset(self, *, keep_sessions: bool = False) -> None:
        """A fresh instance; ``keep_sessions`` keeps the admin signed in (a test that
        starts from the admin's saved sign-in state)."""
        self.post("/api/test/reset", {"keep_sessions": keep_sessions})

    def seed(self, **data: Any) -> dict[str, dict[str, int]]:
        result: dict[str, dict[str, int]] = self.post("/api/test/seed", data)
        return result

    def latency(self, latency_ms: int, jitter_ms: int) -> None:
        self.post("/api/test/latency", {"latency_ms": latency_ms, "jitter_ms": jitter_ms})


@pytest.fixture
def demo(request: pytest.FixtureRequest, base_url: str, e2e_server: Any) -> DemoApi:
    """The demo app's test API, reset to a fresh instance for this test."""
    if e2e_server is None and not os.environ.get("DEMO_TEST_API"):
        pytest.skip("needs the embedded demo app (or DEMO_TEST_API=1 for a test-mode server)")
    api = DemoApi(base_url)
    api.reset(keep_sessions=request.node.get_closest_marker("storage_state") is not None)
    return api
