from selenium.webdriver.common.by import By

from e2e import Locator


class ProfileLocators:
    title = Locator(By.ID, "profile-title", "profile heading")
    shown_in = Locator(By.ID, "shown-in", "time zone note")
    office = Locator(By.ID, "office-location", "office location field")
    use_my_location = Locator(By.ID, "use-my-location", "Use my location button")
    location_problem = Locator(By.ID, "location-problem", "location problem")
    enable_notifications = Locator(By.ID, "enable-notifications", "Turn on notifications button")
    notifications = Locator(By.ID, "notifications-state", "notifications state")
