from selenium.webdriver.common.by import By

from e2e import Locator


class UsersLocators:
    add = Locator(By.ID, "add-user", "add user button")
    usernames = Locator(By.CSS_SELECTOR, "#users-table td.username", "usernames")
    role_of = Locator(
        By.XPATH,
        "//table[@id='users-table']//tr[td[@class='username'][.={name}]]/td[@class='role']",
        "role of {name}",
    )
    modal = Locator(By.ID, "user-modal", "add user dialog")
    username = Locator(By.ID, "user-username", "new username field")
    email = Locator(By.ID, "user-email", "new e-mail field")
    password = Locator(By.ID, "user-password", "new password field")
    role = Locator(By.ID, "user-role", "role select")
    save = Locator(By.ID, "user-save", "save user button")
