from __future__ import annotations

from e2e import BasePage
from locators.common import ConfirmLocators, ErrorPageLocators, NavLocators


class AppPage(BasePage):
    """Any page of the app seen by a logged-in user: the top bar and the flash message."""

    def current_user(self) -> str:
        return self.text_of(NavLocators.current_user)

    def flash_message(self) -> str:
        return self.text_of(NavLocators.flash)

    def confirm(self) -> None:
        self.click(ConfirmLocators.yes)

    def error_code(self) -> str:
        return self.text_of(ErrorPageLocators.code)

    def error_message(self) -> str:
        return self.text_of(ErrorPageLocators.message)
