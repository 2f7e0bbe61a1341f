"""Fixtures of the demo suites: a logged-in admin or tester, and seeded data."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from pages.dashboard import DashboardPage
from pages.login import LoginPage
from tests.demo.accounts import ADMIN, TESTER


@pytest.fixture
def login_page(page: Callable[[type[Any]], Any]) -> LoginPage:
    login: LoginPage = page(LoginPage)
    return login.open()


@pytest.fixture(scope="session")
def admin_state(e2e_signed_in: Any) -> Any:
    """The admin, signed in once per worker through the log-in page; signed in again when
    a test has signed that session out (``/api/me`` no longer answers 200)."""
    return e2e_signed_in(
        "admin", lambda page: page(LoginPage).open().login(*ADMIN), still_signed_in="/api/me"
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that start as the admin start from the admin's saved sign-in state, unless
    they say otherwise: no log-in page, no password hashing, for each of them."""
    for item in items:
        if "as_admin" in getattr(item, "fixturenames", ()) and not item.get_closest_marker(
            "storage_state"
        ):
            item.add_marker(pytest.mark.storage_state("admin_state"))


@pytest.fixture
def as_admin(demo: Any, page: Callable[[type[Any]], Any]) -> DashboardPage:
    """The dashboard, as the admin (signed in by the saved state, see ``admin_state``)."""
    dashboard: DashboardPage = page(DashboardPage).open()
    return dashboard


@pytest.fixture
def as_tester(demo: Any, login_page: LoginPage) -> DashboardPage:
    demo.seed(users=[{"username": TESTER[0], "password": TESTER[1], "role": "tester"}])
    return login_page.login(*TESTER)
