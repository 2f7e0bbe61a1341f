from __future__ import annotations

import os

from e2e.uploads import DropzoneUpload
from locators.attachments import AttachmentsLocators, CaseDetailLocators
from pages.base import AppPage


class CasePage(AppPage):
    """One test case with its attachments (a Dropzone)."""

    ready = AttachmentsLocators.zone

    def open_case(self, case_id: int) -> CasePage:
        return self.open(f"/cases/{case_id}")

    def title(self) -> str:
        return self.text_of(CaseDetailLocators.title)

    def description(self) -> str:
        return self.text_of(CaseDetailLocators.description)

    def attach(self, path: str | os.PathLike[str]) -> DropzoneUpload:
        return self.add_dropzone_attachment(AttachmentsLocators.zone, path)

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
