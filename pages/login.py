from __future__ import annotations

from e2e import BasePage
from locators.common import NavLocators
from locators.login import LoginLocators
from pages.dashboard import DashboardPage


class LoginPage(BasePage):
    path = "/login"
    ready = LoginLocators.submit

    def login(self, username: str, password: str) -> DashboardPage:
        self._submit(username, password)
        return self.to(DashboardPage)

    def login_expecting_error(self, username: str, password: str) -> str:
        """Submit credentials that should be refused; returns the error shown."""
        self._submit(username, password)
        return self.text_of(LoginLocators.error)

    def _submit(self, username: str, password: str) -> None:
        self.type(LoginLocators.username, username)
        self.type(LoginLocators.password, password, secret=True)
        self.click(LoginLocators.submit)

    def is_logged_in(self) -> bool:
        return self.is_displayed(NavLocators.current_user)
