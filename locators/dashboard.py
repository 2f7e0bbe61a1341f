from selenium.webdriver.common.by import By

from e2e import Locator


class DashboardLocators:
    refresh = Locator.role("button", "Refresh", exact=True)
    # The widgets are found by their data-widget names and classes: they have no role or
    # label a user reads.
    widget_value = Locator(
        By.CSS_SELECTOR, '[data-widget="{name}"] .value', "value of widget {name}"
    )
    widget_items = Locator(
        By.CSS_SELECTOR, '[data-widget="{name}"] .items li', "items of widget {name}"
    )
    updated = Locator(By.CSS_SELECTOR, "#widgets-updated time", "time the widgets last loaded")
    spinners = Locator(By.CSS_SELECTOR, ".widget .busy", "widget spinners")
    # The health badge draws itself in an open shadow root: ">>>" steps into it.
    health = Locator(By.CSS_SELECTOR, "status-badge#health >>> .label", "health badge")
