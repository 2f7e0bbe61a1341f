"""How the demo pages look, and whether they are usable with a screen reader and a
keyboard: screenshot baselines (``__screenshots__/<engine>-<platform>/`` beside this file;
``--update-snapshots`` rewrites them) and an axe-core scan of every page."""

from __future__ import annotations

import pytest

from locators.attachments import CaseDetailLocators
from locators.dashboard import DashboardLocators
from pages.case_detail import CasePage
from pages.cases import ProjectPage
from pages.customizations import CustomizationsPage
from pages.profile import ProfilePage
from pages.projects import ProjectsPage
from pages.settings import SettingsPage
from pages.users import UsersPage

RUN = {"result": "passed", "at": "2026-01-15T09:30:00Z"}


@pytest.fixture
def case(demo, as_admin, page) -> CasePage:
    pay = {"title": "Pay", "description": "1. Pay\n2. See the receipt", "runs": [RUN]}
    seeded = demo.seed(projects=[{"name": "Shop", "cases": [pay]}])
    return page(CasePage).open_case(seeded["cases"]["Pay"])


def test_the_dashboard_looks_as_it_did(as_admin) -> None:
    # The time the widgets loaded changes on every run: masked.
    as_admin.expect_viewport().to_match_screenshot("dashboard", mask=[DashboardLocators.updated])


def test_a_case_page_looks_as_it_did(case) -> None:
    # Run times are shown in the reader's own time zone and format: masked.
    case.expect_viewport().to_match_screenshot("case", mask=[CaseDetailLocators.run_times])


def test_the_log_in_page_is_accessible(login_page) -> None:
    login_page.expect_accessible(impact="minor")


@pytest.mark.parametrize(
    "page_class",
    [ProjectsPage, ProfilePage, UsersPage, CustomizationsPage],
    ids=lambda c: c.__name__,
)
def test_each_page_is_accessible(as_admin, page, page_class) -> None:
    page(page_class).open().expect_accessible(impact="minor")


def test_the_dashboard_is_accessible(as_admin) -> None:
    as_admin.expect_accessible(impact="minor")


def test_a_project_and_its_settings_are_accessible(demo, as_admin, page) -> None:
    seeded = demo.seed(projects=[{"name": "Shop", "cases": [{"title": "Pay"}]}])
    project = page(ProjectPage).open_project(seeded["projects"]["Shop"])
    project.expect_accessible(impact="minor")
    page(SettingsPage).open_settings(seeded["projects"]["Shop"]).expect_accessible(impact="minor")


def test_a_case_page_is_accessible(case) -> None:
    case.expect_accessible(impact="minor")
