from selenium.webdriver.common.by import By

from e2e import Locator


class LoginLocators:
    username = Locator(By.ID, "username", "username field")
    password = Locator(By.ID, "password", "password field")
    submit = Locator(By.ID, "login-submit", "log in button")
    error = Locator(By.ID, "login-error", "login error message")
