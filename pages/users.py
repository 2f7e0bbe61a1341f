from __future__ import annotations

from locators.users import UsersLocators
from pages.base import AppPage
from pages.components import ModalForm


class UsersPage(AppPage):
    path = "/admin/users"
    ready = UsersLocators.add

    @property
    def modal(self) -> ModalForm:
        return ModalForm(self, UsersLocators.modal, "user-form", UsersLocators.save)

    def usernames(self) -> list[str]:
        return [e.text for e in self.find_all(UsersLocators.usernames)]

    def role_of(self, username: str) -> str:
        return self.text_of(UsersLocators.role_of.format(name=username))

    def add_user(
        self, username: str, email: str, role: str, password: str = "Secret-pass-1"
    ) -> None:
        self.click(UsersLocators.add)
        self.type(UsersLocators.username, username)
        self.type(UsersLocators.email, email)
        self.type(UsersLocators.password, password, secret=True)
        self.select(UsersLocators.role, role)
        self.modal.save()
