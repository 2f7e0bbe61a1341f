from selenium.webdriver.common.by import By

from e2e import Locator


class CaseDetailLocators:
    title = Locator(By.ID, "case-title", "case title")
    priority = Locator(By.ID, "case-priority", "case priority")
    description = Locator(By.ID, "case-description", "case description")
    back = Locator(By.ID, "back-to-project", "back to project link")
    run_times = Locator(By.CSS_SELECTOR, "#runs time", "times of the runs")


class AttachmentsLocators:
    zone = Locator(By.ID, "attachments-zone", "attachments drop zone")
    upload_button = Locator(By.ID, "attach-button", "upload a file button")
    filenames = Locator(By.CSS_SELECTOR, "#attachments-table td.filename", "attachment names")
    sha256_of = Locator(
        By.XPATH,
        "//table[@id='attachments-table']//tr[td[@class='filename'][.={name}]]/td[@class='sha256']",
        "sha256 of {name}",
    )
    previews_ok = Locator(By.CSS_SELECTOR, ".dz-preview.dz-success", "uploaded previews")
    preview_errors = Locator(
        By.CSS_SELECTOR, ".dz-preview.dz-error [data-dz-errormessage]", "upload errors"
    )


class ScriptLocators:
    editor = Locator(By.CSS_SELECTOR, "#script-panel .CodeMirror", "automation script editor")
    save = Locator(By.ID, "save-script", "save script button")
