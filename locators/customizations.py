from selenium.webdriver.common.by import By

from e2e import Locator

_ROW = "//table[@id='fields-table']//tr[td[@class='name'][.={name}]]"


class CustomizationsLocators:
    add = Locator(By.ID, "add-field", "add field button")
    names = Locator(By.CSS_SELECTOR, "#fields-table td.name", "field names")
    description_of = Locator(By.XPATH, _ROW + "/td[@class='description']", "description of {name}")
    edit = Locator(By.XPATH, _ROW + "//button[@class='edit']", "edit button of {name}")
    delete = Locator(By.XPATH, _ROW + "//button[@class='delete']", "delete button of {name}")
    modal = Locator(By.ID, "field-modal", "custom field dialog")
    name = Locator(By.ID, "field-name", "field name")
    description = Locator(By.ID, "field-description", "field description")
    save = Locator(By.ID, "field-save", "save field button")
