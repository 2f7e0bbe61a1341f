from selenium.webdriver.common.by import By

from e2e import Locator


class ProjectsLocators:
    new_name = Locator.placeholder("New project name")  # the field has no label of its own
    create = Locator.role("button", "Create project")
    names = Locator(By.CSS_SELECTOR, "#projects-table td.name", "project names")
    row = Locator(
        By.XPATH,
        "//table[@id='projects-table']//tr[td[@class='name'][normalize-space()={name}]]",
        "project row {name}",
    )
    link = Locator(
        By.XPATH,
        "//table[@id='projects-table']//td[@class='name']/a[normalize-space()={name}]",
        "project link {name}",
    )
    rename = Locator(
        By.XPATH,
        "//table[@id='projects-table']//tr[td[@class='name'][normalize-space()={name}]]//button[@class='rename']",
        "rename button of {name}",
    )
    rename_input = Locator(By.CSS_SELECTOR, "#projects-table .rename-input", "rename field")
    rename_save = Locator(By.CSS_SELECTOR, "#projects-table .rename-save", "rename save button")
    delete = Locator(
        By.XPATH,
        "//table[@id='projects-table']//tr[td[@class='name'][normalize-space()={name}]]//button[@class='delete']",
        "delete button of {name}",
    )
    empty = Locator(By.CSS_SELECTOR, "#projects-panel .empty", "no-projects note")
    name_cell = Locator(
        By.XPATH,
        "//table[@id='projects-table']//td[@class='name'][normalize-space()={name}]",
        "name cell of {name}",
    )
    count_of = Locator(
        By.XPATH,
        "//table[@id='projects-table']//tr[td[@class='name'][normalize-space()={name}]]/td[@class='count']",
        "case count of {name}",
    )
    menu = Locator(By.ID, "project-menu", "project context menu")
    menu_rename = Locator(By.ID, "menu-rename", "Rename in the context menu")
    menu_delete = Locator(By.ID, "menu-delete", "Delete in the context menu")
    count_tip = Locator(By.ID, "count-tip", "case count tooltip")
