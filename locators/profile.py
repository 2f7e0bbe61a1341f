from selenium.webdriver.common.by import By

from e2e import Locator


class ProfileLocators:
    title = Locator(By.ID, "profile-title", "profile heading")
    shown_in = Locator(By.ID, "shown-in", "time zone note")
    office = Locator.label("Office location")
    use_my_location = Locator.role("button", "Use my location")
    location_problem = Locator(By.ID, "location-problem", "location problem")
    enable_notifications = Locator.role("button", "Turn on notifications")
    notifications = Locator(By.ID, "notifications-state", "notifications state")
