"""Key chords, read before any browser is touched."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from selenium.webdriver.common.keys import Keys

from e2e.page.key_chords import is_mac, parse_chords


def test_control_or_meta_is_meta_on_macos_only() -> None:
    [mac] = parse_chords("ControlOrMeta+A", mac=True)
    [other] = parse_chords("ControlOrMeta+A")
    assert (mac.modifiers, mac.key) == ((Keys.META,), "a")
    assert (other.modifiers, other.key) == ((Keys.CONTROL,), "a")


@pytest.mark.parametrize(
    ("platform", "mac"), [("mac", True), ("macOS", True), ("linux", False), (None, False)]
)
def test_is_mac_reads_the_session_platform(platform, mac) -> None:
    driver = SimpleNamespace(caps={"platformName": platform})
    assert is_mac(driver) is mac  # type: ignore[arg-type]


def test_a_modifier_alone_before_a_key_must_be_one() -> None:
    with pytest.raises(ValueError, match="'Enter' in 'Enter\\+A' is not a modifier"):
        parse_chords("Enter+A")
