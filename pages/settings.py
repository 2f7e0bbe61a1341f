"""A project's settings: a classic form that posts back to itself, an add-user popup, a
report in an iframe, and a native confirm() before deleting."""

from __future__ import annotations

from typing import TYPE_CHECKING

from e2e import BasePage
from locators.settings import ReportLocators, SettingsLocators, UserPopupLocators
from pages.base import AppPage

if TYPE_CHECKING:
    from pages.cases import ProjectPage


class UserPopup(BasePage):
    """The add-user popup window; it closes itself once the user is created."""

    ready = UserPopupLocators.save

    def add(self, username: str, email: str, password: str, role: str = "tester") -> None:
        self.type(UserPopupLocators.username, username)
        self.type(UserPopupLocators.email, email)
        self.type(UserPopupLocators.password, password, secret=True)
        self.select(UserPopupLocators.role, role)
        self.click(UserPopupLocators.save)


class SettingsPage(AppPage):
    path = "/projects/{project_id}/settings"
    ready = SettingsLocators.title

    def open_settings(self, project_id: int) -> SettingsPage:
        return self.open(project_id=project_id)

    def revision(self) -> int:
        return int(self.text_of(SettingsLocators.revision))

    def notes(self) -> str:
        return self.value_of(SettingsLocators.notes)

    def owner(self) -> str:
        return self.value_of(SettingsLocators.owner)

    def save_and_continue(self, notes: str) -> SettingsPage:
        """Post the form back to this page; the page object of the *new* document."""
        self.type(SettingsLocators.notes, notes)
        self.click(SettingsLocators.save_and_continue)
        return self.to(SettingsPage)

    def save(self, notes: str) -> ProjectPage:
        from pages.cases import ProjectPage

        self.type(SettingsLocators.notes, notes)
        self.click(SettingsLocators.save)
        return self.to(ProjectPage)  # a redirect after the POST

    def add_owner(self, username: str, email: str, password: str) -> None:
        """Create a user in the "+" popup; the popup fills the owner field and closes."""
        opened_by = lambda: self.click(SettingsLocators.add_owner)  # noqa: E731
        with self.window(opened_by, UserPopup, closes_itself=True) as popup:
            popup.add(username, email, password)

    def report(self) -> tuple[int, int, int]:
        """(cases, high priority, open) from the report frame, once it has loaded."""
        with self.frame(SettingsLocators.report_frame):
            return (
                int(self.text_of(ReportLocators.total)),
                int(self.text_of(ReportLocators.high)),
                int(self.text_of(ReportLocators.open)),
            )

    def delete_all_cases(self, *, confirm: bool = True) -> str:
        """Press "Delete all test cases" and answer the browser's confirm(); its question."""
        self.click(SettingsLocators.clear_cases)
        if confirm:
            question = self.accept_dialog()
            self.to(SettingsPage)  # the form is posted: a new document
            return question
        return self.dismiss_dialog()
