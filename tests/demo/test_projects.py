"""Projects: list, create, rename, delete."""

import pytest

from locators.common import NavLocators
from locators.projects import ProjectsLocators
from pages.projects import ProjectsPage


@pytest.fixture
def projects(as_admin, page) -> ProjectsPage:
    return page(ProjectsPage).open()


@pytest.mark.smoke
def test_a_new_project_appears_in_the_list(projects) -> None:
    projects.create("Mobile app")
    # The list is redrawn by AJAX: assertions that wait, until it shows what is expected.
    projects.expect(ProjectsLocators.names).to_have_texts(["Mobile app"])
    projects.expect(NavLocators.flash).to_have_text("Project Mobile app created.")


@pytest.mark.parametrize(
    ("name", "error"),
    [("", "A project needs a name."), ("x" * 81, "Keep the name under 80 characters.")],
    ids=["empty", "too-long"],
)
def test_a_bad_name_is_refused_inline(projects, name, error) -> None:
    projects.create(name)
    assert projects.create_error() == error
    assert projects.names() == []


def test_a_duplicate_name_is_refused(demo, projects) -> None:
    demo.seed(projects=[{"name": "Billing"}])
    projects.open()
    projects.create("Billing")
    assert projects.create_error() == "A project called 'Billing' exists already."


def test_a_project_can_be_renamed(demo, projects) -> None:
    demo.seed(projects=[{"name": "Billing"}, {"name": "Search"}])
    projects.open()
    projects.rename("Billing", "Payments")
    projects.expect(ProjectsLocators.names).to_have_texts(["Payments", "Search"])


def test_a_project_is_deleted_after_confirmation(demo, projects) -> None:
    demo.seed(projects=[{"name": "Billing"}, {"name": "Search"}])
    projects.open()
    projects.delete("Search")
    projects.expect(ProjectsLocators.names).to_have_texts(["Billing"])


def test_a_project_name_with_quotes_is_found_by_its_text(demo, projects) -> None:
    demo.seed(projects=[{"name": 'Bob\'s "quick" wins'}])
    project = projects.open().open_project('Bob\'s "quick" wins')
    assert project.titles() == []


def test_a_project_is_renamed_from_its_context_menu(demo, projects) -> None:
    demo.seed(projects=[{"name": "Billing"}, {"name": "Search"}])
    projects.open()
    projects.rename_from_menu("Search", "Find")
    projects.expect(ProjectsLocators.names).to_have_texts(["Billing", "Find"])


def test_escape_closes_the_context_menu(demo, projects) -> None:
    demo.seed(projects=[{"name": "Billing"}])
    projects.open()
    projects.right_click(ProjectsLocators.row.format(name="Billing"))
    projects.expect(ProjectsLocators.menu).to_be_visible()
    projects.close_menu()


def test_a_project_is_deleted_from_its_context_menu(demo, projects) -> None:
    demo.seed(projects=[{"name": "Billing"}, {"name": "Search"}])
    projects.open()
    projects.delete_from_menu("Billing")
    projects.expect(ProjectsLocators.names).to_have_texts(["Search"])


def test_a_double_click_on_the_name_renames(demo, projects) -> None:
    demo.seed(projects=[{"name": "Billing"}])
    projects.open()
    projects.rename_by_double_click("Billing", "Payments")
    projects.expect(ProjectsLocators.names).to_have_texts(["Payments"])


def test_the_case_count_explains_itself_on_hover(demo, projects) -> None:
    demo.seed(projects=[{"name": "Shop", "cases": [{"title": "Refund"}, {"title": "Receipt"}]}])
    projects.open()
    assert projects.count_tooltip("Shop") == "2 test cases in Shop"
