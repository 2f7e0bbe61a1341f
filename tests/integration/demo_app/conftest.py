from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

import pytest

from pages.login import LoginPage

ADMIN = ("admin", "admin-pass-1")


@pytest.fixture
def rows(demo: Any, e2e_server: Any) -> Callable[..., list[dict[str, Any]]]:
    """Query the demo app's own database: ``rows("SELECT * FROM cases")``."""
    if e2e_server is None:
        pytest.skip("reads the embedded demo app's database (not with --base-url)")

    def query(sql: str, *params: object) -> list[dict[str, Any]]:
        with sqlite3.connect(e2e_server.tmp / "demo.sqlite3") as conn:
            conn.row_factory = sqlite3.Row
            return [dict(r) for r in conn.execute(sql, params)]

    return query


@pytest.fixture
def login(demo: Any, page: Callable[[type[Any]], Any]) -> Callable[..., Any]:
    def go(username: str = ADMIN[0], password: str = ADMIN[1]) -> Any:
        return page(LoginPage).open().login(username, password)

    return go
