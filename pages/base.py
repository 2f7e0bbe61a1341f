from __future__ import annotations

from typing import TYPE_CHECKING

from e2e import BasePage
from locators.common import ConfirmLocators, ErrorPageLocators, NavLocators

if TYPE_CHECKING:
    from pages.login import LoginPage


class AppPage(BasePage):
    """Any page of the app seen by a logged-in user: the top bar and the flash message."""

    def current_user(self) -> str:
        return self.text_of(NavLocators.current_user)

    def flash_message(self) -> str:
        return self.text_of(NavLocators.flash)

    def has_admin_menus(self) -> bool:
        return self.is_displayed(NavLocators.users) or self.is_displayed(NavLocators.fields)

    def logout(self) -> LoginPage:
        from pages.login import LoginPage

        self.click(NavLocators.logout)
        return self.to(LoginPage)

    def confirm(self) -> None:
        self.click(ConfirmLocators.yes)

    def error_code(self) -> str:
        return self.text_of(ErrorPageLocators.code)

    def error_message(self) -> str:
        return self.text_of(ErrorPageLocators.message)
