"""Projects: list, create, rename, delete."""

import pytest

from pages.projects import ProjectsPage


@pytest.fixture
def projects(as_admin, page) -> ProjectsPage:
    return page(ProjectsPage).open()


@pytest.mark.smoke
def test_a_new_project_appears_in_the_list(projects) -> None:
    projects.create("Mobile app")
    assert projects.names() == ["Mobile app"]
    assert projects.flash_message() == "Project Mobile app created."


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
    assert projects.names() == ["Payments", "Search"]


def test_a_project_is_deleted_after_confirmation(demo, projects) -> None:
    demo.seed(projects=[{"name": "Billing"}, {"name": "Search"}])
    projects.open()
    projects.delete("Search")
    assert projects.names() == ["Billing"]


def test_a_project_name_with_quotes_is_found_by_its_text(demo, projects) -> None:
    demo.seed(projects=[{"name": 'Bob\'s "quick" wins'}])
    project = projects.open().open_project('Bob\'s "quick" wins')
    assert project.titles() == []
