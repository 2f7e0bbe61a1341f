"""A classic form page and what comes with real applications: post-backs, a popup window,
a report in an iframe, a native confirm(), a CSV download and a shadow-root widget."""

import csv

import pytest

from locators.dashboard import DashboardLocators
from locators.settings import SettingsLocators
from pages.settings import SettingsPage

CASES = [
    {"title": "Pay", "priority": "high"},
    {"title": "Refund", "description": 'Steps, with "quotes"\nand two lines', "priority": "low"},
]


@pytest.fixture
def shop(demo) -> int:
    return demo.seed(projects=[{"name": "Shop", "cases": CASES}])["projects"]["Shop"]


@pytest.fixture
def settings(shop, as_admin, page) -> SettingsPage:
    return page(SettingsPage).open_settings(shop)


def test_save_and_continue_posts_back_to_a_new_page_each_time(settings) -> None:
    for revision in range(1, 6):
        settings = settings.save_and_continue(f"notes, revision {revision}")
        # Read at once: a page object of the old document would show the old revision.
        assert settings.revision() == revision
        assert settings.notes() == f"notes, revision {revision}"
    settings.expect(SettingsLocators.saved).to_have_text("Settings saved (revision 5).")


def test_save_redirects_to_the_project(settings) -> None:
    project = settings.save("kept")
    assert project.titles() == ["Pay", "Refund"]
    assert project.open_settings().notes() == "kept"


def test_the_add_user_popup_fills_the_owner_and_closes_itself(settings, driver) -> None:
    before = set(driver.window_handles)
    settings.add_owner("olga", "olga@example.test", "olga-pass-123")
    assert set(driver.window_handles) == before  # the popup closed itself
    settings.expect(SettingsLocators.owner).to_have_value("olga")
    settings = settings.save_and_continue("owner set")
    assert settings.owner() == "olga"


def test_the_report_frame_loads_under_its_own_overlay(settings) -> None:
    assert settings.report() == (2, 1, 2)


def test_deleting_every_case_asks_first(settings) -> None:
    assert settings.delete_all_cases(confirm=False) == "Delete all test cases of Shop?"
    assert settings.report() == (2, 1, 2)
    assert settings.delete_all_cases() == "Delete all test cases of Shop?"
    settings.expect(SettingsLocators.cleared).to_have_text("2 test cases deleted.")
    assert settings.report() == (0, 0, 0)


def test_the_cases_are_exported_as_csv(shop, as_admin, page) -> None:
    from pages.cases import ProjectPage

    project = page(ProjectPage).open_project(shop)
    file = project.export_csv()
    assert file.name == "Shop-cases.csv"
    with file.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["title"], r["description"], r["priority"]) for r in rows] == [
        ("Pay", "", "high"),
        ("Refund", 'Steps, with "quotes"\nand two lines', "low"),
    ]


def test_the_health_badge_in_a_shadow_root(shop, as_admin) -> None:
    as_admin.expect(DashboardLocators.health).to_have_text("1 projects · 2 cases")
    assert as_admin.health() == "1 projects · 2 cases"
