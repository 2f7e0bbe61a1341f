from selenium.webdriver.common.by import By

from e2e import Locator

_NAV = Locator.role("navigation")
_CONFIRM = Locator.role("alertdialog")


class NavLocators:
    # The user's link reads "ada (admin)": its text changes with the user, its id does not.
    current_user = Locator(By.ID, "current-user", "logged-in user")
    logout = Locator.role("button", "Log out")
    dashboard = Locator.role("link", "Dashboard", exact=True).within(_NAV)
    projects = Locator.role("link", "Projects", exact=True).within(_NAV)
    users = Locator.role("link", "Users", exact=True).within(_NAV)
    fields = Locator.role("link", "Customizations", exact=True).within(_NAV)
    flash = Locator.role("status")
    menu = Locator.role("button", "Menu", exact=True)


class ConfirmLocators:
    # The question's words change with what is deleted: the id finds it.
    text = Locator(By.ID, "confirm-text", "confirmation question")
    yes = Locator.role("button", "Delete", exact=True).within(_CONFIRM)
    no = Locator.role("button", "Keep", exact=True).within(_CONFIRM)


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
