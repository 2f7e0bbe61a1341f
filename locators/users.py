from selenium.webdriver.common.by import By

from e2e import Locator

_DIALOG = Locator(By.ID, "user-modal", "add user dialog")


class UsersLocators:
    add = Locator.role("button", "Add user")
    usernames = Locator(By.CSS_SELECTOR, "#users-table td.username", "usernames")
    role_of = Locator(
        By.XPATH,
        "//table[@id='users-table']//tr[td[@class='username'][.={name}]]/td[@class='role']",
        "role of {name}",
    )
    modal = _DIALOG
    # The fields by their labels, inside the dialog (the popup window has its own).
    username = Locator.label("Username").within(_DIALOG)
    email = Locator.label("E-mail").within(_DIALOG)
    password = Locator.label("Password").within(_DIALOG)
    role = Locator.label("Role").within(_DIALOG)
    save = Locator.role("button", "Save", exact=True).within(_DIALOG)
