from __future__ import annotations

import os

from e2e import DropzoneUpload
from locators.attachments import AttachmentsLocators, CaseDetailLocators, ScriptLocators
from locators.common import NavLocators
from pages.base import AppPage


class CasePage(AppPage):
    """One test case with its attachments (a Dropzone)."""

    path = "/cases/{case_id}"
    ready = AttachmentsLocators.zone

    def open_case(self, case_id: int) -> CasePage:
        return self.open(case_id=case_id)

    def title(self) -> str:
        return self.text_of(CaseDetailLocators.title)

    def run_times(self) -> list[str]:
        """When each run happened, newest first, as the reader's browser shows it."""
        return self.texts_of(CaseDetailLocators.run_times)

    def description(self) -> str:
        return self.text_of(CaseDetailLocators.description)

    def attach(self, path: str | os.PathLike[str]) -> DropzoneUpload:
        return self.add_dropzone_attachment(AttachmentsLocators.zone, path)

    def upload_with_button(self, *paths: str | os.PathLike[str]) -> None:
        """Upload through "Upload a file…", whose file input is never in the page: the
        file chooser is caught (Chromium and Firefox; WebKit cannot)."""
        with self.expect_file_chooser() as chooser:
            self.click(AttachmentsLocators.upload_button)
        chooser.value.set_files(*paths)
        self.expect(AttachmentsLocators.filenames).to_have_count(len(paths))

    def set_script(self, code: str) -> None:
        """Replace the automation script with exactly ``code`` and save it."""
        self.fill(ScriptLocators.editor, code)
        self.click(ScriptLocators.save)
        self.expect(NavLocators.flash).to_have_text("Script saved.")

    def script(self) -> str:
        return self.value_of(ScriptLocators.editor)

    def attachment_names(self) -> list[str]:
        return [e.text for e in self.find_all(AttachmentsLocators.filenames)]

    def sha256_of(self, name: str) -> str:
        return self.text_of(AttachmentsLocators.sha256_of.format(name=name))

    def upload_errors(self) -> list[str]:
        """The refusal under each failed preview (Dropzone shows it on hover)."""
        return [
            str(e.get_property("textContent")).strip()
            for e in self.find_all(AttachmentsLocators.preview_errors)
        ]
