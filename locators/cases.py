from selenium.webdriver.common.by import By

from e2e import Locator

_TABLE = Locator(By.ID, "cases-table", "cases table")
_ROW = Locator.role("row").filter(has=Locator.role("link", "{title}", exact=True)).within(_TABLE)


class CasesLocators:
    heading = Locator.role("heading", level=1)
    add = Locator.role("button", "Add test case")
    titles = Locator(By.CSS_SELECTOR, "#cases-table td.title", "case titles")
    # A row, and what is in it, by the case's title: a template (.format(title=...)).
    row = _ROW.named("case row {title}")
    title_cell = Locator.role("cell").first.within(_ROW).named("title cell of {title}")
    priority_of = Locator.role("cell").nth(1).within(_ROW).named("priority of {title}")
    link = Locator.role("link", "{title}", exact=True).within(_TABLE).named("case link {title}")
    edit = Locator.role("button", "Edit", exact=True).within(_ROW).named("edit button of {title}")
    delete = (
        Locator.role("button", "Delete", exact=True).within(_ROW).named("delete button of {title}")
    )
    summary_count = Locator(By.ID, "summary-count", "case count in summary")
    summary_high = Locator(By.ID, "summary-high", "high-priority count in summary")
    import_button = Locator.role("button", "Import cases from CSV")
    import_input = Locator(By.ID, "import-file", "hidden CSV file input")
    import_summary = Locator(By.CSS_SELECTOR, "#import-result .summary", "import summary")
    import_problems = Locator(By.CSS_SELECTOR, "#import-result .problem", "import problems")
    export = Locator.role("link", "Export CSV")
    settings = Locator.role("link", "Settings", exact=True)


_DIALOG = Locator.role("dialog", "Test case")


class CaseModalLocators:
    # The dialog's wrapper (the overlay behind the form): ModalForm waits on it by id.
    modal = Locator(By.ID, "case-modal", "test case dialog")
    title = Locator.label("Title", exact=True).within(_DIALOG)
    description = Locator.label("Description").within(_DIALOG)
    description_count = Locator(By.ID, "case-description-count", "description length")
    priority = Locator.label("Priority").within(_DIALOG)
    save = Locator.role("button", "Save", exact=True).within(_DIALOG)
    cancel = Locator.role("button", "Cancel", exact=True).within(_DIALOG)
