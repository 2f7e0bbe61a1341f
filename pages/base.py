from __future__ import annotations

from typing import TYPE_CHECKING

from e2e import BasePage, Locator
from locators.common import ConfirmLocators, ErrorPageLocators, NavLocators

if TYPE_CHECKING:
    from pages.login import LoginPage


class AppPage(BasePage):
    """Any page of the app seen by a logged-in user: the top bar and the flash message."""

    def current_user(self) -> str:
        return self.text_of(NavLocators.current_user)

    def flash_message(self) -> str:
        return self.text_of(NavLocators.flash)

    def choose_menu(self, item: Locator) -> None:
        """Click a top-bar menu item; on a narrow screen the menu opens first."""
        if self.is_displayed(NavLocators.menu):
            self.click(NavLocators.menu)
        self.click(item)

    def background_colour(self) -> str:
        """The page's background as CSS computes it (``rgb(…)``): the theme in effect."""
        return str(
            self.driver.execute_script("return getComputedStyle(document.body).backgroundColor")
        )

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
