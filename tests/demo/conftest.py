"""Fixtures of the demo suites: a logged-in admin or tester, and seeded data."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from pages.dashboard import DashboardPage
from pages.login import LoginPage

ADMIN = ("admin", "admin-pass-1")
TESTER = ("tina", "tester-pass-1")


@pytest.fixture
def login_page(page: Callable[[type[Any]], Any]) -> LoginPage:
    login: LoginPage = page(LoginPage)
    return login.open()


@pytest.fixture
def as_admin(demo: Any, login_page: LoginPage) -> DashboardPage:
    return login_page.login(*ADMIN)


@pytest.fixture
def as_tester(demo: Any, login_page: LoginPage) -> DashboardPage:
    demo.seed(users=[{"username": TESTER[0], "password": TESTER[1], "role": "tester"}])
    return login_page.login(*TESTER)
