from __future__ import annotations

from locators.customizations import CustomizationsLocators
from pages.base import AppPage
from pages.components import ModalForm


class CustomizationsPage(AppPage):
    path = "/admin/fields"
    ready = CustomizationsLocators.add

    @property
    def modal(self) -> ModalForm:
        return ModalForm(
            self, CustomizationsLocators.modal, "field-form", CustomizationsLocators.save
        )

    def names(self) -> list[str]:
        return [e.text for e in self.find_all(CustomizationsLocators.names)]

    def description_of(self, name: str) -> str:
        return self.text_of(CustomizationsLocators.description_of.format(name=name))

    def add_field(self, name: str, description: str = "") -> None:
        self.click(CustomizationsLocators.add)
        self.type(CustomizationsLocators.name, name)
        self.type(CustomizationsLocators.description, description)
        self.modal.save()

    def edit_field(
        self, name: str, *, new_name: str | None = None, description: str | None = None
    ) -> None:
        self.click(CustomizationsLocators.edit.format(name=name))
        if new_name is not None:
            self.type(CustomizationsLocators.name, new_name)
        if description is not None:
            self.type(CustomizationsLocators.description, description)
        self.modal.save()

    def delete_field(self, name: str) -> None:
        self.click(CustomizationsLocators.delete.format(name=name))
        self.confirm()
