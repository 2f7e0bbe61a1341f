"""Pieces shared between pages: a modal form."""

from __future__ import annotations

from e2e import BasePage, Locator
from locators.common import field_error


class ModalForm:
    """A dialog with fields and a Save button that saves under a page-level BlockUI."""

    def __init__(self, page: BasePage, modal: Locator, form_id: str, save: Locator) -> None:
        self.page, self.modal, self.form_id, self.save_button = page, modal, form_id, save

    def is_open(self) -> bool:
        return self.page.is_displayed(self.modal)

    def save(self) -> None:
        self.page.click(self.save_button)  # the next action or read waits for the save

    def error(self, field: str) -> str:
        return self.page.text_of(field_error(self.form_id, field))
