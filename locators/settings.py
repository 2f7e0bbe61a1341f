from selenium.webdriver.common.by import By

from e2e import Locator


class SettingsLocators:
    title = Locator(By.ID, "settings-title", "settings heading")
    revision = Locator(By.ID, "settings-revision", "settings revision")
    saved = Locator(By.ID, "settings-saved", "settings saved message")
    owner = Locator(By.ID, "settings-owner", "owner field")
    add_owner = Locator(By.ID, "add-owner", "add owner (+) button")
    notes = Locator(By.ID, "settings-notes", "notes")
    save_and_continue = Locator(By.ID, "save-and-continue", "save and continue button")
    save = Locator(By.ID, "save-settings", "save button")
    report_frame = Locator(By.ID, "report-frame", "report frame")
    clear_cases = Locator(By.ID, "clear-cases", "delete all test cases button")
    cleared = Locator(By.ID, "cleared", "cases deleted message")


class ReportLocators:
    """Inside the report frame."""

    total = Locator(By.ID, "report-total", "report: cases")
    high = Locator(By.ID, "report-high", "report: high priority")
    open = Locator(By.ID, "report-open", "report: open")


class UserPopupLocators:
    username = Locator(By.ID, "popup-username", "popup username field")
    email = Locator(By.ID, "popup-email", "popup e-mail field")
    password = Locator(By.ID, "popup-password", "popup password field")
    role = Locator(By.ID, "popup-role", "popup role select")
    save = Locator(By.ID, "popup-save", "popup add user button")
    errors = Locator(By.CSS_SELECTOR, "#popup-user-form .field-error", "popup errors")
