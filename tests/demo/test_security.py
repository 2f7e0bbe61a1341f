"""Security checks in the browser, written with the framework itself: the example to copy
for your own application. HTTP-level checks are in tests/integration/demo_app/."""

import pytest
from selenium.webdriver.remote.webdriver import WebDriver

from locators.projects import ProjectsLocators
from pages.login import LoginPage
from tests.demo.accounts import ADMIN, TESTER

#: Records what would show that markup from data ran: a flag the payloads set, and every
#: Content-Security-Policy violation (a payload the policy stopped is still a bug).
WATCH = """
window.__xss = null; window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + e.blockedURI);
});
"""


def ran(driver: WebDriver) -> tuple[object, list[str]]:
    xss, csp = driver.execute_script("return [window.__xss, window.__csp]")
    return xss, csp


@pytest.mark.parametrize(
    "hostile",
    [
        'x" autofocus onfocus="window.__xss=1',
        '"><img src=/none onerror="window.__xss=2"><b a="',
        "</td><script>window.__xss=3</script>",
    ],
    ids=["attribute", "img-onerror", "script-tag"],
)
def test_a_testers_hostile_project_name_runs_nothing_when_an_admin_renames_it(
    demo, page, driver, hostile
) -> None:
    demo.seed(users=[{"username": TESTER[0], "password": TESTER[1], "role": "tester"}])
    tester = page(LoginPage).open().login(*TESTER)
    projects = tester.go_to_projects()
    projects.create(hostile)
    projects.expect(ProjectsLocators.names).to_have_texts([hostile])
    admin = projects.logout().login(*ADMIN).go_to_projects()
    driver.execute_script(WATCH)
    admin.start_renaming(hostile)
    # The name is the field's value, character for character, and nothing ran.
    admin.expect(ProjectsLocators.rename_input).to_have_value(hostile)
    assert ran(driver) == (None, [])


def test_logging_in_never_follows_a_next_link_off_the_site(demo, page, driver, base_url) -> None:
    # A tab inside "//": browsers drop it and read "//127.0.0.1:9/phish", another origin.
    login = page(LoginPage).open("/login?next=/%09/127.0.0.1:9/phish")
    dashboard = login.login(*ADMIN)
    assert driver.current_url == base_url + "/"
    assert dashboard.current_user() == "admin (admin)"


def test_a_session_ends_for_good_at_logout(demo, page, driver, base_url) -> None:
    dashboard = page(LoginPage).open().login(*ADMIN)
    stolen = driver.get_cookie("session")
    dashboard.logout()
    driver.add_cookie({"name": "session", "value": stolen["value"], "path": "/"})
    # The old cookie opens nothing: a protected page sends the browser to log in.
    again = page(LoginPage).open("/projects")
    assert driver.current_url.startswith(base_url + "/login")
    assert not again.is_logged_in()
