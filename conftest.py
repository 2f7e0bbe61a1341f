"""Project-level fixtures: the embedded demo application, started when no --base-url is given.

This file is the example a user adapts: their own conftest.py would drop the demo app
and pass ``--base-url`` (or set ``base_url`` in pytest.ini).
"""

from __future__ import annotations

import json
import os
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

from demo_app.server import DemoServer
from demo_app.settings import Settings

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

    def reset(self) -> None:
        self.post("/api/test/reset")

    def seed(self, **data: Any) -> dict[str, dict[str, int]]:
        result: dict[str, dict[str, int]] = self.post("/api/test/seed", data)
        return result

    def latency(self, latency_ms: int, jitter_ms: int) -> None:
        self.post("/api/test/latency", {"latency_ms": latency_ms, "jitter_ms": jitter_ms})


@pytest.fixture(scope="session")
def demo_server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[DemoServer | None]:
    """The demo app on a free 127.0.0.1 port (one per xdist worker, each with its own data)."""
    if request.config.getoption("base_url"):
        yield None
        return
    settings = Settings.from_env(data_dir=tmp_path_factory.mktemp("demo-app"), test_mode=True)
    server = DemoServer(settings)
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def base_url(request: pytest.FixtureRequest, demo_server: DemoServer | None) -> str:
    given: str | None = request.config.getoption("base_url")
    if given:
        return given
    assert demo_server is not None
    return demo_server.url


@pytest.fixture
def demo(base_url: str, demo_server: DemoServer | None) -> DemoApi:
    """The demo app's test API, reset to a fresh instance for this test."""
    if demo_server is None and not os.environ.get("DEMO_TEST_API"):
        pytest.skip("needs the embedded demo app (or DEMO_TEST_API=1 for a test-mode server)")
    api = DemoApi(base_url)
    api.reset()
    return api
