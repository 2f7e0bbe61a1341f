import pytest

from pages.cases import ProjectPage


@pytest.mark.smoke
def test_saving_a_case_waits_for_blockui_and_shows_it(demo, as_admin, page) -> None:
    ids = demo.seed(projects=[{"name": "Checkout"}])
    project = page(ProjectPage).open_project(ids["projects"]["Checkout"])
    project.add_case("Pay with a card", "Card is charged once.", "high")
    assert project.titles() == ["Pay with a card"]
    assert project.summary() == (1, 1)
