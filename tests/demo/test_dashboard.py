"""Dashboard widgets that load over AJAX behind busy spinners."""

import pytest

from locators.dashboard import DashboardLocators
from pages.dashboard import DashboardPage

SEED = {
    "projects": [
        {
            "name": "Web shop",
            "cases": [
                {"title": "Search", "runs": ["passed"]},
                {"title": "Basket", "runs": ["failed", "passed"]},
                {"title": "Old flow", "status": "closed"},
            ],
        }
    ]
}


@pytest.mark.smoke
@pytest.mark.nondestructive
def test_widgets_show_counts_once_loaded(demo, login_page) -> None:
    demo.seed(**SEED)
    dashboard = login_page.login("admin", "admin-pass-1")
    dashboard.expect(DashboardLocators.widget_value.format(name="open-cases")).to_have_text("2")
    dashboard.expect(DashboardLocators.widget_value.format(name="attachments")).to_have_text("0")


def test_last_runs_lists_newest_first(demo, login_page) -> None:
    demo.seed(**SEED)
    dashboard = login_page.login("admin", "admin-pass-1")
    assert dashboard.widget_items("last-runs") == [
        "Basket: passed",
        "Basket: failed",
        "Search: passed",
    ]


def test_refresh_picks_up_new_data(demo, as_admin: DashboardPage) -> None:
    assert as_admin.widget_value("open-cases") == "0"
    demo.seed(**SEED)
    as_admin.refresh_widgets()
    as_admin.expect(DashboardLocators.widget_value.format(name="open-cases")).to_have_text("2")
