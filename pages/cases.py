from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from locators.cases import CaseModalLocators, CasesLocators
from pages.base import AppPage
from pages.case_detail import CasePage
from pages.components import ModalForm

if TYPE_CHECKING:
    from pages.settings import SettingsPage


class ProjectPage(AppPage):
    """A project's test cases: a table, a modal to add and edit, and a CSV import."""

    path = "/projects/{project_id}"
    ready = CasesLocators.heading
    #: The page restores its view in JavaScript a moment after loading (no request, no
    #: overlay), and that closes a dialog opened before: act once it is done.
    ready_when = "document.body.dataset.viewRestored === 'true'"

    def open_project(self, project_id: int) -> ProjectPage:
        return self.open(project_id=project_id)

    @property
    def modal(self) -> ModalForm:
        return ModalForm(self, CaseModalLocators.modal, "case-form", CaseModalLocators.save)

    def move_case(self, title: str, onto: str) -> None:
        """Drag the case ``title`` onto the row of ``onto`` (it takes that place)."""
        self.drag_to(CasesLocators.row.format(title=title), CasesLocators.row.format(title=onto))

    def titles(self) -> list[str]:
        return [e.text for e in self.find_all(CasesLocators.titles)]

    def priority_of(self, title: str) -> str:
        return self.text_of(CasesLocators.priority_of.format(title=title))

    def summary(self) -> tuple[int, int]:
        """(cases, high priority) as the summary panel shows them."""
        return (
            int(self.text_of(CasesLocators.summary_count)),
            int(self.text_of(CasesLocators.summary_high)),
        )

    def fill_case(self, title: str, description: str, priority: str) -> None:
        self.type(CaseModalLocators.title, title)
        self.type(CaseModalLocators.description, description)
        self.select(CaseModalLocators.priority, priority)

    def add_case(self, title: str, description: str = "", priority: str = "medium") -> None:
        self.click(CasesLocators.add)
        self.fill_case(title, description, priority)
        self.modal.save()

    def start_editing(self, title: str) -> None:
        self.click(CasesLocators.edit.format(title=title))
        self.wait_for(CaseModalLocators.description)

    def clear_description(self) -> None:
        self.clear_text(CaseModalLocators.description)

    def description_in_editor(self) -> str:
        return self.find(CaseModalLocators.description).get_property("value") or ""

    def description_length_shown(self) -> int:
        return int(self.text_of(CaseModalLocators.description_count))

    def edit_case(
        self,
        title: str,
        *,
        new_title: str | None = None,
        description: str | None = None,
        priority: str | None = None,
    ) -> None:
        self.start_editing(title)
        if new_title is not None:
            self.type(CaseModalLocators.title, new_title)
        if description is not None:
            self.type(CaseModalLocators.description, description)
        if priority is not None:
            self.select(CaseModalLocators.priority, priority)
        self.modal.save()

    def delete_case(self, title: str) -> None:
        self.click(CasesLocators.delete.format(title=title))
        self.confirm()

    def import_csv(self, path: str | os.PathLike[str]) -> tuple[str, list[str]]:
        """Import through the hidden file input; returns (summary, problem lines)."""
        self.upload_file(CasesLocators.import_input, path)
        self.wait_for(CasesLocators.import_summary)
        problems = [e.text for e in self.find_all(CasesLocators.import_problems)]
        return self.text_of(CasesLocators.import_summary), problems

    def export_csv(self) -> Path:
        """Download the project's cases as CSV; the file in this test's download folder."""
        return self.download(lambda: self.click(CasesLocators.export))

    def open_settings(self) -> SettingsPage:
        from pages.settings import SettingsPage

        self.click(CasesLocators.settings)
        return self.to(SettingsPage)

    def open_case(self, title: str) -> CasePage:
        self.click(CasesLocators.link.format(title=title))
        return self.to(CasePage)
