from selenium.webdriver.common.by import By

from e2e import Locator


class LoginLocators:
    # Fields by their labels and the button by its role and name: what a user reads, and
    # what survives a change of markup (an id renamed, a wrapper added).
    username = Locator.label("Username")
    password = Locator.label("Password")
    submit = Locator.role("button", "Log in")
    # A message with no role and no label: its id is the stable handle.
    error = Locator(By.ID, "login-error", "login error message")
