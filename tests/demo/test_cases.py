"""Test cases: the modal dialog, saving under BlockUI, editing a pre-filled description."""

import pytest
from selenium.webdriver.common.by import By

from e2e import Locator
from locators.cases import CaseModalLocators, CasesLocators
from pages.cases import ProjectPage

BODY = Locator(By.TAG_NAME, "body", "page body")


@pytest.fixture
def shop(demo, as_admin, page) -> ProjectPage:
    ids = demo.seed(
        projects=[
            {
                "name": "Shop",
                "cases": [
                    {"title": "Refund", "description": "Old steps\nline two", "priority": "low"}
                ],
            }
        ]
    )
    return page(ProjectPage).open_project(ids["projects"]["Shop"])


@pytest.mark.smoke
def test_saving_a_case_waits_for_blockui_and_shows_it(shop) -> None:
    shop.add_case("Pay with a card", "Card is charged once.", "high")
    shop.expect(CasesLocators.titles).to_have_texts(["Refund", "Pay with a card"])
    # The summary panel refreshes on its own schedule, under its own overlay.
    shop.expect(CasesLocators.summary_count).to_have_text("2")
    shop.expect(CasesLocators.summary_high).to_have_text("1")


@pytest.mark.parametrize("priority", ["low", "medium", "high"])
def test_each_priority_is_kept(shop, priority) -> None:
    shop.add_case(f"Case {priority}", "", priority)
    shop.expect(CasesLocators.priority_of.format(title=f"Case {priority}")).to_have_text(priority)


def test_a_case_needs_a_title(shop) -> None:
    shop.add_case("", "no title")
    assert shop.modal.is_open()
    assert shop.modal.error("title") == "A test case needs a title."


def test_the_editor_starts_from_the_saved_description(shop) -> None:
    shop.start_editing("Refund")
    assert shop.description_in_editor() == "Old steps\nline two"
    assert shop.description_length_shown() == len("Old steps\nline two")


def test_clearing_the_description_is_seen_by_the_page(shop) -> None:
    shop.start_editing("Refund")
    shop.clear_description()
    shop.expect(CaseModalLocators.description).to_have_value("")
    shop.expect(CaseModalLocators.description_count).to_have_text("0")


def test_a_new_description_replaces_the_old_one(shop, page) -> None:
    shop.edit_case("Refund", description="New steps — ü\n2nd line")
    detail = shop.open_case("Refund")
    assert detail.description() == "New steps — ü\n2nd line"


def test_a_case_is_deleted_after_confirmation(shop) -> None:
    shop.delete_case("Refund")
    shop.expect(CasesLocators.titles).to_have_count(0)
    assert shop.summary() == (0, 0)  # reads wait for a settled page too


def test_a_case_dragged_onto_another_takes_its_place(demo, as_admin, page) -> None:
    ids = demo.seed(
        projects=[{"name": "Shop", "cases": [{"title": t} for t in ("Cart", "Pay", "Ship")]}]
    )
    project = page(ProjectPage).open_project(ids["projects"]["Shop"])
    project.move_case("Cart", onto="Ship")
    project.expect(CasesLocators.titles).to_have_texts(["Pay", "Ship", "Cart"])
    project.refresh()  # the order was saved
    project.expect(CasesLocators.titles).to_have_texts(["Pay", "Ship", "Cart"])


def test_a_case_added_right_after_loading_is_saved(demo, as_admin, page) -> None:
    # The page restores its view in JavaScript 0.6 s after loading and closes any open
    # dialog then; ready_when on the page class makes the first click wait for it.
    ids = demo.seed(projects=[{"name": "Shop"}])
    project = page(ProjectPage).open_project(ids["projects"]["Shop"])
    assert project.attribute_of(BODY, "data-view-restored") == "true"
    project.add_case("Checkout")
    project.expect(CasesLocators.titles).to_have_texts(["Checkout"])
