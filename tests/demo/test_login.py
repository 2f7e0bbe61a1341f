"""Logging in and out, and what each role may see."""

import pytest

from pages.base import AppPage
from pages.login import LoginPage
from tests.demo.accounts import ADMIN, TESTER


@pytest.mark.smoke
@pytest.mark.nondestructive
def test_admin_logs_in_and_sees_the_dashboard(demo, login_page: LoginPage) -> None:
    dashboard = login_page.login(*ADMIN)
    assert dashboard.current_user() == "admin (admin)"


@pytest.mark.nondestructive
@pytest.mark.parametrize("password", ["wrong-pass", "ADMIN-PASS-1", "admin-pass-1 "])
def test_a_bad_password_is_refused_with_a_message(demo, login_page: LoginPage, password) -> None:
    error = login_page.login_expecting_error("admin", password)
    assert error == "Wrong username or password."
    assert not login_page.is_logged_in()


@pytest.mark.nondestructive
def test_an_unknown_user_gets_the_same_message(demo, login_page: LoginPage) -> None:
    assert login_page.login_expecting_error("nobody", "whatever-1") == "Wrong username or password."


@pytest.mark.smoke
def test_logging_out_returns_to_the_login_page(as_admin) -> None:
    login = as_admin.logout()
    assert not login.is_logged_in()


def test_a_tester_sees_no_admin_menus(as_tester) -> None:
    assert as_tester.current_user() == f"{TESTER[0]} (tester)"
    assert not as_tester.has_admin_menus()


@pytest.mark.parametrize("path", ["/admin/users", "/admin/fields"])
def test_a_tester_is_refused_admin_pages(as_tester, page, path) -> None:
    refused = page(AppPage).open(path)
    assert refused.error_code() == "403"


def test_a_visitor_is_sent_to_log_in_first(demo, page) -> None:
    login = page(LoginPage).open("/projects")
    assert not login.is_logged_in()
