from __future__ import annotations

from typing import TYPE_CHECKING

from locators.common import NavLocators
from locators.dashboard import DashboardLocators
from pages.base import AppPage

if TYPE_CHECKING:
    from pages.projects import ProjectsPage


class DashboardPage(AppPage):
    path = "/"
    ready = DashboardLocators.refresh

    def widget_value(self, name: str) -> str:
        """The number a widget shows (reads wait for its busy spinner to go)."""
        return self.text_of(DashboardLocators.widget_value.format(name=name))

    def widget_items(self, name: str) -> list[str]:
        return [e.text for e in self.find_all(DashboardLocators.widget_items.format(name=name))]

    def health(self) -> str:
        """The health badge's text (a widget inside a shadow root)."""
        return self.text_of(DashboardLocators.health)

    def refresh_widgets(self) -> None:
        self.click(DashboardLocators.refresh)

    def go_to_projects(self) -> ProjectsPage:
        from pages.projects import ProjectsPage

        self.choose_menu(NavLocators.projects)
        return self.to(ProjectsPage)
