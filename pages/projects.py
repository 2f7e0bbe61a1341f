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

    def delete(self, name: str) -> None:
        self.click(ProjectsLocators.delete.format(name=name))
        self.confirm()

    def open_project(self, name: str) -> ProjectPage:
        self.click(ProjectsLocators.link.format(name=name))
        return self.to(ProjectPage)
