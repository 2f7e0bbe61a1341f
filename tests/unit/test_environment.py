"""Environment options: what each accepts, and the sentence for what it does not."""

from __future__ import annotations

import pytest

from e2e import EmulationError, Environment
from e2e.emulation.devices import DEVICES, DeviceError, parse_device
from e2e.emulation.environment import parse_geolocation, parse_permission


def test_a_preset_is_found_in_any_case_and_a_size_is_parsed() -> None:
    assert parse_device("pixel 7") is DEVICES["pixel 7"]
    custom = parse_device("390x844@3")
    assert (custom.width, custom.height, custom.scale, custom.touch) == (390, 844, 3.0, False)
    assert parse_device("1024X768").scale == 1.0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("iPhone 51", r"^Unknown device 'iPhone 51' \(did you mean 'iPhone 15'\?\): use one of "),
        ("Nokia 3310", r"^Unknown device 'Nokia 3310': use one of iPhone SE, .*390x844@3$"),
        ("50x50", r"^Device size '50x50' is out of range"),
        ("400x800@9", r"^Device size '400x800@9' is out of range: .* scale 0.5 to 5$"),
    ],
)
def test_a_bad_device_says_what_would_do(text: str, message: str) -> None:
    with pytest.raises(DeviceError, match=message):
        parse_device(text)
    with pytest.raises(EmulationError, match=message):  # the same, from an Environment
        Environment(device=text)  # type: ignore[arg-type]


def test_a_geolocation_is_latitude_then_longitude() -> None:
    assert parse_geolocation("35.6812, 139.7671") == (35.6812, 139.7671)
    with pytest.raises(EmulationError, match=r"is not LATITUDE,LONGITUDE in degrees"):
        parse_geolocation("Tokyo")
    with pytest.raises(EmulationError, match=r"off the globe: .*\(did you swap them\?\)"):
        parse_geolocation("139.7671,35.6812")


def test_a_permission_is_name_equals_state() -> None:
    assert parse_permission("notifications = denied") == ("notifications", "denied")
    with pytest.raises(EmulationError, match=r"^Permission 'notifications' is not NAME=STATE"):
        parse_permission("notifications")
    with pytest.raises(EmulationError, match=r"^Unknown permission 'notification': use one of"):
        parse_permission("notification=denied")
    with pytest.raises(EmulationError, match=r"the state is one of granted, denied, prompt$"):
        parse_permission("camera=allowed")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"locale": "Japanese"}, r"^Locale 'Japanese' is not a BCP 47 language tag"),
        ({"timezone": "Asia/Tokio"}, r"^Unknown time zone 'Asia/Tokio' \(did you mean"),
        ({"color_scheme": "dim"}, r"^Colour scheme 'dim': use one of light, dark$"),
        ({"geolocation": "north"}, r"Geolocation 'north' is not LATITUDE,LONGITUDE in degrees"),
        ({"geolocation": ("north", 1)}, r"is not \(latitude, longitude\) in degrees"),
    ],
)
def test_a_bad_environment_is_refused(kwargs: dict[str, str], message: str) -> None:
    with pytest.raises(EmulationError, match=message):
        Environment(**kwargs)  # type: ignore[arg-type]


def test_a_marker_overrides_the_run_and_adds_permissions() -> None:
    run = Environment(locale="en-GB", permissions=(("notifications", "granted"),))
    test = run.over(locale="ja-JP", permissions={"camera": "denied"}, device="ipad mini")
    assert test.locale == "ja-JP"
    assert dict(test.permissions) == {"notifications": "granted", "camera": "denied"}
    assert test.device is DEVICES["ipad mini"]
    assert run.locale == "en-GB"
    with pytest.raises(EmulationError, match=r"does not know colour_scheme: use locale"):
        run.over(colour_scheme="dark")


def test_a_geolocation_grants_its_permission_unless_told_otherwise() -> None:
    assert dict(Environment(geolocation=(1, 2)).granted()) == {"geolocation": "granted"}
    denied = Environment(geolocation=(1, 2), permissions={"geolocation": "denied"})  # type: ignore[arg-type]
    assert dict(denied.granted()) == {"geolocation": "denied"}
    assert Environment().empty
    assert not Environment(timezone="UTC").empty
