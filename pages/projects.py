from __future__ import annotations

from locators.common import field_error
from locators.projects import ProjectsLocators
from pages.base import AppPage
from pages.cases import ProjectPage


class ProjectsPage(AppPage):
    path = "/projects"
    ready = ProjectsLocators.new_name

    def names(self) -> list[str]:
        return [e.text for e in self.find_all(ProjectsLocators.names)]

    def create(self, name: str) -> None:
        self.type(ProjectsLocators.new_name, name)
        self.click(ProjectsLocators.create)

    def create_error(self) -> str:
        return self.text_of(field_error("new-project", "name"))

    def start_renaming(self, name: str) -> None:
        """Open the inline rename field of ``name`` and put the cursor in it."""
        self.click(ProjectsLocators.rename.format(name=name))
        self.click(ProjectsLocators.rename_input)

    def rename(self, old: str, new: str) -> None:
        self.click(ProjectsLocators.rename.format(name=old))
        self.type(ProjectsLocators.rename_input, new)
        self.click(ProjectsLocators.rename_save)

    def rename_from_menu(self, old: str, new: str) -> None:
        """Rename through the row's context menu (right-click, then Rename)."""
        self.right_click(ProjectsLocators.row.format(name=old))
        self.click(ProjectsLocators.menu_rename)
        self.type(ProjectsLocators.rename_input, new)
        self.click(ProjectsLocators.rename_save)

    def rename_by_double_click(self, old: str, new: str) -> None:
        self.double_click(ProjectsLocators.name_cell.format(name=old))
        self.type(ProjectsLocators.rename_input, new)
        self.click(ProjectsLocators.rename_save)

    def delete_from_menu(self, name: str) -> None:
        self.right_click(ProjectsLocators.row.format(name=name))
        self.click(ProjectsLocators.menu_delete)
        self.confirm()

    def close_menu(self) -> None:
        self.press("Escape")
        self.expect(ProjectsLocators.menu).to_be_hidden()

    def count_tooltip(self, name: str) -> str:
        """The tooltip shown while the mouse is over the project's case count."""
        self.hover(ProjectsLocators.count_of.format(name=name))
        return self.text_of(ProjectsLocators.count_tip)

    def delete(self, name: str) -> None:
        self.click(ProjectsLocators.delete.format(name=name))
        self.confirm()

    def open_project(self, name: str) -> ProjectPage:
        self.click(ProjectsLocators.link.format(name=name))
        return self.to(ProjectPage)
