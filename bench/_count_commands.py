"""A pytest plugin for benchmarks: counts the WebDriver commands each test sends and
writes the totals when the session ends. Load it with ``-p bench._count_commands`` and
``E2E_COMMAND_COUNT=/path/prefix``; each process writes ``prefix.<worker>.json``."""

from __future__ import annotations

from typing import Any

import pytest
from selenium.webdriver.remote.remote_connection import RemoteConnection

from bench._common import write_per_worker

_counts: dict[str, int] = {}
_current = {"test": ""}
_original = RemoteConnection.execute


def _counting(self: RemoteConnection, command: str, params: dict[str, Any]) -> Any:
    _counts[_current["test"]] = _counts.get(_current["test"], 0) + 1
    return _original(self, command, params)


RemoteConnection.execute = _counting  # type: ignore[method-assign]


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    _current["test"] = item.nodeid


def pytest_sessionfinish(session: pytest.Session) -> None:
    write_per_worker("E2E_COMMAND_COUNT", _counts)
