"""Devices to emulate: a few common phones and tablets (viewport in CSS pixels, pixel
ratio, touch, user agent), and custom sizes (``390x844@3``). ``e2e.emulation.environment`` applies
them."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass

__all__ = ["DEVICES", "Device", "DeviceError", "parse_device"]


class DeviceError(ValueError):
    """A device that is neither a preset nor a size (``Environment`` raises it again as
    an ``EmulationError``)."""


@dataclass(frozen=True)
class Device:
    """A screen to emulate: CSS pixels, device pixel ratio, touch and user agent."""

    name: str
    width: int
    height: int
    scale: float = 1.0
    touch: bool = False
    user_agent: str | None = None


_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"
)
_IPAD = _IPHONE.replace("iPhone; CPU iPhone OS", "iPad; CPU OS")
_ANDROID = (
    "Mozilla/5.0 (Linux; Android 14; {model}) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 {mobile}Safari/537.36"
)

#: A few common phones and tablets (CSS viewport, as the browsers' own device tools list).
DEVICES: Mapping[str, Device] = {
    d.name.lower(): d
    for d in (
        Device("iPhone SE", 375, 667, 2, True, _IPHONE),
        Device("iPhone 15", 393, 852, 3, True, _IPHONE),
        Device(
            "Pixel 7", 412, 915, 2.625, True, _ANDROID.format(model="Pixel 7", mobile="Mobile ")
        ),
        Device(
            "Galaxy S23", 360, 780, 3, True, _ANDROID.format(model="SM-S911B", mobile="Mobile ")
        ),
        Device("iPad Mini", 768, 1024, 2, True, _IPAD),
        Device("iPad Pro 11", 834, 1194, 2, True, _IPAD),
        Device("Galaxy Tab S9", 800, 1280, 2, True, _ANDROID.format(model="SM-X710", mobile="")),
    )
}

_SIZE = re.compile(r"^\s*(\d+)\s*[xX]\s*(\d+)\s*(?:@\s*(\d+(?:\.\d+)?)\s*)?$")


def parse_device(text: str) -> Device:
    """A preset's name (any case) or a custom ``WIDTHxHEIGHT[@SCALE]``, e.g. ``390x844@3``."""
    found = DEVICES.get(text.strip().lower())
    if found is not None:
        return found
    size = _SIZE.match(text)
    if size is None:
        names = ", ".join(d.name for d in DEVICES.values())
        close = difflib.get_close_matches(text.strip().lower(), list(DEVICES), 1)
        hint = f" (did you mean {DEVICES[close[0]].name!r}?)" if close else ""
        raise DeviceError(
            f"Unknown device {text!r}{hint}: use one of {names}, or a size such as 390x844@3"
        )
    width, height = int(size[1]), int(size[2])
    scale = float(size[3]) if size[3] else 1.0
    if not (100 <= width <= 7680 and 100 <= height <= 4320) or not (0.5 <= scale <= 5):
        raise DeviceError(
            f"Device size {text!r} is out of range: width and height 100 to 7680x4320 CSS "
            "pixels, scale 0.5 to 5"
        )
    return Device(f"{width}x{height}@{scale:g}", width, height, scale)
