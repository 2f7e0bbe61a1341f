import pytest

from pages.login import LoginPage
from tests.demo.conftest import ADMIN


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
