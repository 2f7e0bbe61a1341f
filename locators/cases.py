from selenium.webdriver.common.by import By

from e2e import Locator

_ROW = "//table[@id='cases-table']//tr[td[@class='title'][normalize-space()={title}]]"


class CasesLocators:
    heading = Locator(By.ID, "project-name", "project heading")
    add = Locator(By.ID, "add-case", "add test case button")
    titles = Locator(By.CSS_SELECTOR, "#cases-table td.title", "case titles")
    row = Locator(By.XPATH, _ROW, "case row {title}")
    title_cell = Locator(By.XPATH, _ROW + "/td[@class='title']", "title cell of {title}")
    priority_of = Locator(By.XPATH, _ROW + "/td[@class='priority']", "priority of {title}")
    link = Locator(By.XPATH, _ROW + "/td[@class='title']/a", "case link {title}")
    edit = Locator(By.XPATH, _ROW + "//button[@class='edit']", "edit button of {title}")
    delete = Locator(By.XPATH, _ROW + "//button[@class='delete']", "delete button of {title}")
    summary_count = Locator(By.ID, "summary-count", "case count in summary")
    summary_high = Locator(By.ID, "summary-high", "high-priority count in summary")
    import_button = Locator(By.ID, "import-button", "import CSV button")
    import_input = Locator(By.ID, "import-file", "hidden CSV file input")
    import_summary = Locator(By.CSS_SELECTOR, "#import-result .summary", "import summary")
    import_problems = Locator(By.CSS_SELECTOR, "#import-result .problem", "import problems")
    export = Locator(By.ID, "export-csv", "export CSV link")
    settings = Locator(By.ID, "project-settings", "project settings link")


class CaseModalLocators:
    modal = Locator(By.ID, "case-modal", "test case dialog")
    title = Locator(By.ID, "case-title", "case title field")
    description = Locator(By.ID, "case-description", "case description")
    description_count = Locator(By.ID, "case-description-count", "description length")
    priority = Locator(By.ID, "case-priority", "case priority")
    save = Locator(By.ID, "case-save", "save case button")
    cancel = Locator(By.ID, "case-cancel", "cancel button")
