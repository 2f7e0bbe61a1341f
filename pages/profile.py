"""The user's own page: the time zone times are shown in, the office location (from
the browser's geolocation) and desktop notifications (the browser's permission)."""

from __future__ import annotations

from locators.profile import ProfileLocators
from pages.base import AppPage


class ProfilePage(AppPage):
    path = "/profile"
    ready = ProfileLocators.title

    def times_shown_in(self) -> str:
        return self.text_of(ProfileLocators.shown_in)

    def use_my_location(self) -> None:
        self.click(ProfileLocators.use_my_location)

    def office_location(self) -> str:
        return self.value_of(ProfileLocators.office)

    def turn_on_notifications(self) -> None:
        self.click(ProfileLocators.enable_notifications)
