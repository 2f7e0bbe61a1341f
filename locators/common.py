from selenium.webdriver.common.by import By

from e2e import Locator


class NavLocators:
    current_user = Locator(By.ID, "current-user", "logged-in user")
    logout = Locator(By.ID, "logout", "log out button")
    dashboard = Locator(By.ID, "nav-dashboard", "Dashboard menu")
    projects = Locator(By.ID, "nav-projects", "Projects menu")
    users = Locator(By.ID, "nav-users", "Users menu")
    fields = Locator(By.ID, "nav-fields", "Customizations menu")
    flash = Locator(By.ID, "flash", "flash message")
    menu = Locator(By.ID, "menu-toggle", "Menu button (narrow screens)")


class ConfirmLocators:
    text = Locator(By.ID, "confirm-text", "confirmation question")
    yes = Locator(By.ID, "confirm-yes", "confirm button")
    no = Locator(By.ID, "confirm-no", "keep button")


class ErrorPageLocators:
    code = Locator(By.ID, "error-code", "error code")
    message = Locator(By.ID, "error-message", "error message")


def field_error(form_id: str, field: str) -> Locator:
    """The inline validation message of ``field`` in a form."""
    return Locator(
        By.CSS_SELECTOR,
        f'#{form_id} .field-error[data-for="{field}"]',
        f"{field} error in {form_id}",
    )
