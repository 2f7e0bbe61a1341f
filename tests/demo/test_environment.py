"""The user a test plays: each environment option, and what the demo app shows for it.
WebKit has no way to emulate them (no WebDriver BiDi, no DevTools): these tests run on
Chromium and Firefox (docs/network.md)."""

import pytest

from locators.common import NavLocators
from locators.profile import ProfileLocators
from pages.case_detail import CasePage
from pages.profile import ProfilePage

pytestmark = pytest.mark.browser("chrome", "chromium", "edge", "firefox")


def _emulating(**environment):  # type: ignore[no-untyped-def]
    return pytest.mark.emulate(**environment)


@pytest.fixture
def case(demo, as_admin, page) -> CasePage:
    seeded = demo.seed(
        projects=[{"name": "Shop", "cases": [{"title": "Pay", "runs": [
            {"result": "passed", "at": "2026-01-15T09:30:00Z"}
        ]}]}]
    )  # fmt: skip
    return page(CasePage).open_case(seeded["cases"]["Pay"])


@pytest.mark.parametrize(
    "shown",
    [
        pytest.param("15.01.2026, 09:30", marks=_emulating(locale="de-DE"), id="de-DE"),
        pytest.param("15 Jan 2026, 09:30", marks=_emulating(locale="en-GB"), id="en-GB"),
    ],
)
@pytest.mark.emulate(timezone="UTC")
def test_run_times_are_written_in_the_readers_language(case, shown) -> None:
    assert case.run_times() == [shown]


@pytest.mark.parametrize(
    "shown",
    [
        pytest.param("15.01.2026, 18:30", marks=_emulating(timezone="Asia/Tokyo"), id="Tokyo"),
        pytest.param(
            "15.01.2026, 04:30", marks=_emulating(timezone="America/New_York"), id="New-York"
        ),
    ],
)
@pytest.mark.emulate(locale="de-DE")
def test_run_times_are_in_the_readers_time_zone(case, shown) -> None:
    assert case.run_times() == [shown]


@pytest.mark.emulate(timezone="Asia/Tokyo", locale="ja-JP")
def test_the_profile_says_which_zone_and_language_times_are_in(as_admin, page) -> None:
    profile = page(ProfilePage).open()
    assert profile.times_shown_in() == "Times are shown in Asia/Tokyo, for ja-JP."


@pytest.mark.emulate(geolocation=(52.52, 13.405))
def test_use_my_location_fills_the_office_from_the_browser(as_admin, page) -> None:
    profile = page(ProfilePage).open()
    profile.use_my_location()
    profile.expect(ProfileLocators.office).to_have_value("52.5200, 13.4050")


@pytest.mark.emulate(geolocation=(52.52, 13.405), permissions={"geolocation": "denied"})
def test_a_denied_location_is_explained(as_admin, page) -> None:
    profile = page(ProfilePage).open()
    profile.use_my_location()
    profile.expect(ProfileLocators.location_problem).to_have_text(
        "The browser does not let TestDesk see your location."
    )
    assert profile.office_location() == ""


@pytest.mark.emulate(permissions={"notifications": "denied"})
def test_blocked_notifications_say_where_to_change_them(as_admin, page) -> None:
    profile = page(ProfilePage).open()
    profile.expect(ProfileLocators.notifications).to_have_text(
        "Notifications are blocked in this browser's settings."
    )


@pytest.mark.emulate(permissions={"notifications": "granted"})
def test_granted_notifications_are_on(as_admin, page) -> None:
    profile = page(ProfilePage).open()
    profile.turn_on_notifications()
    profile.expect(ProfileLocators.notifications).to_have_text("Notifications are on.")


@pytest.mark.parametrize(
    "background",
    [
        pytest.param("rgb(18, 21, 28)", marks=_emulating(color_scheme="dark"), id="dark"),
        pytest.param("rgb(244, 245, 247)", marks=_emulating(color_scheme="light"), id="light"),
    ],
)
def test_the_app_follows_the_colour_scheme(as_admin, background) -> None:
    assert as_admin.background_colour() == background


@pytest.mark.parametrize(
    "device",
    [
        pytest.param("390x844@3", marks=_emulating(device="390x844@3")),
        pytest.param(
            "Pixel 7",
            # Firefox's BiDi has no touch emulation: a phone preset is refused there.
            marks=[_emulating(device="Pixel 7"), pytest.mark.browser("chrome", "chromium")],
        ),
    ],
)
def test_on_a_phone_the_menu_folds_behind_a_button(as_admin, device) -> None:
    dashboard = as_admin
    assert dashboard.is_displayed(NavLocators.menu)
    assert not dashboard.is_displayed(NavLocators.projects)
    assert dashboard.go_to_projects().names() == []


def test_on_a_wide_screen_the_menu_is_open(as_admin) -> None:
    assert not as_admin.is_displayed(NavLocators.menu)
    assert as_admin.go_to_projects().names() == []
