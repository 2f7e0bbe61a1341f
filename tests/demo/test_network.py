"""What the server rarely does, made to happen: a 500, an empty list, a slow widget, and
a watcher on the CSV export. Routes end with each test (docs/network.md)."""

import pytest

from locators.common import NavLocators
from locators.projects import ProjectsLocators
from pages.cases import ProjectPage
from pages.projects import ProjectsPage

pytestmark = pytest.mark.engines(
    "chromium", "firefox", reason="WebKit cannot route or watch requests (no BiDi, no DevTools)"
)


@pytest.fixture
def projects(demo, as_admin, page) -> ProjectsPage:
    demo.seed(projects=[{"name": "Billing"}, {"name": "Search"}])
    return page(ProjectsPage)


def test_the_projects_list_says_when_the_server_fails(projects) -> None:
    with projects.network.route(
        "**/api/projects", status=500, json={"error": "The database is down."}
    ) as route:
        projects.open()
        projects.expect(NavLocators.flash).to_have_text("The database is down.")
    assert [call.method for call in route.calls] == ["GET"]
    projects.refresh()  # the route has gone: the real list again
    projects.expect(ProjectsLocators.names).to_have_texts(["Billing", "Search"])


def test_an_empty_projects_list_shows_its_note(projects) -> None:
    projects.network.route("**/api/projects", json={"projects": []})
    projects.open()
    projects.expect(ProjectsLocators.empty).to_be_visible()
    assert projects.names() == []


def test_a_slow_widget_is_waited_for_behind_its_spinner(demo, as_admin) -> None:
    demo.seed(projects=[{"name": "Shop", "cases": [{"title": "Refund"}]}])
    as_admin.network.route("**/api/widgets/open-cases", delay=2)
    dashboard = as_admin.open()
    # The read waits for the busy spinner and the held request: no sleep, no retry.
    assert dashboard.widget_value("open-cases") == "1"


def test_the_csv_export_requests_the_projects_cases(demo, as_admin, page) -> None:
    ids = demo.seed(projects=[{"name": "Shop", "cases": [{"title": "Refund"}]}])
    project = page(ProjectPage).open_project(ids["projects"]["Shop"])
    with project.network.expect_response("**/projects/*/export.csv") as export:
        file = project.export_csv()
    assert export.value.status == 200
    headers = {k.lower(): v for k, v in export.value.headers.items()}
    assert headers["content-type"].startswith("text/csv")
    assert file.name == "Shop-cases.csv"


def test_the_projects_list_answers_from_a_recorded_har(projects, demo, tmp_path) -> None:
    har = tmp_path / "projects.har"
    recording = projects.network.record_har(har, "**/api/projects")
    projects.open()
    projects.expect(ProjectsLocators.names).to_have_texts(["Billing", "Search"])
    recording.save()
    demo.seed(projects=[{"name": "Checkout"}])  # the server moves on
    projects.network.route_from_har(har, "**/api/projects")  # the backend, frozen
    projects.refresh()
    projects.expect(ProjectsLocators.names).to_have_texts(["Billing", "Search"])


@pytest.mark.engines(
    "chromium", reason="Firefox cannot throttle (WebDriver BiDi has no throttling; it says so)"
)
def test_a_slow_line_still_loads_the_dashboard(demo, as_admin) -> None:
    demo.seed(projects=[{"name": "Shop", "cases": [{"title": "Refund"}]}])
    as_admin.network.throttle(latency=0.4, download_kbps=400)  # a slow 3G line
    dashboard = as_admin.open()
    assert dashboard.widget_value("open-cases") == "1"
