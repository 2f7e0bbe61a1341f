"""The user a test plays: locale, time zone, position, permissions, colour scheme and
device, applied to the test's own isolated context before its first page loads.

Set them for a run (``--locale``, ``--timezone``, ``--geolocation``, ``--permission``,
``--color-scheme``, ``--device``, or the ``e2e_*`` ini keys), for one test
(``@pytest.mark.emulate(locale="ja-JP", ...)``), or from the library
(``e2e.emulate(driver, Environment(...))``). Where each runs:

- **WebDriver BiDi** (Firefox; Chromium given ``webSocketUrl``; a Grid): ``emulation.*``,
  ``browsingContext.setViewport`` and ``permissions.setPermission`` on the test's user
  context, so every tab it opens has them too. The colour scheme has no BiDi command:
  Chromium takes it over DevTools, Firefox through its content preference (which needs
  the browser started with ``-remote-allow-system-access``, as the framework does).
- **local Chromium**: DevTools ``Emulation.*`` on the test's tab (and each tab opened
  with ``switch_to.new_window``), permissions on its browser context.
- **WebKitGTK** has neither, and says so.

Everything ends with the test's context; Firefox's colour-scheme preference, which is
the browser's, is put back by :func:`end_environment`.
"""

from __future__ import annotations

import difflib
import re
import time
import weakref
import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlsplit

from selenium.webdriver.remote.webdriver import WebDriver

from e2e.browser import cdp
from e2e.browser.bidi_or_devtools import bidi_call, bidi_scope, label_of, lacking
from e2e.browser.engines import family_of
from e2e.browser.isolation import current_user_context, isolation_for_existing
from e2e.emulation.devices import DEVICES, Device, DeviceError, parse_device

__all__ = [
    "DEVICES",
    "Device",
    "EmulationError",
    "Environment",
    "emulate",
    "end_environment",
    "parse_device",
    "parse_geolocation",
    "parse_permission",
]


class EmulationError(ValueError):
    """An environment option that is not valid, or that this engine cannot apply."""


def parse_geolocation(text: str) -> tuple[float, float]:
    """``LATITUDE,LONGITUDE`` in degrees, e.g. ``35.6812,139.7671``."""
    parts = text.split(",")
    try:
        latitude, longitude = (float(p) for p in parts)
    except ValueError:
        raise EmulationError(
            f"Geolocation {text!r} is not LATITUDE,LONGITUDE in degrees, e.g. 35.6812,139.7671"
        ) from None
    return _position((latitude, longitude))


def _position(given: Any) -> tuple[float, float]:
    try:
        latitude, longitude = (float(v) for v in given)
    except (TypeError, ValueError):
        raise EmulationError(
            f"Geolocation {given!r} is not (latitude, longitude) in degrees, e.g. "
            "(35.6812, 139.7671)"
        ) from None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise EmulationError(
            f"Geolocation {latitude:g},{longitude:g} is off the globe: latitude -90 to 90, "
            "longitude -180 to 180 (did you swap them?)"
        )
    return latitude, longitude


#: Permission names as the Permissions API spells them; the states a test can set.
PERMISSIONS = ("geolocation", "notifications", "clipboard-read", "clipboard-write", "camera")
STATES = ("granted", "denied", "prompt")
COLOR_SCHEMES = ("light", "dark")


def parse_permission(text: str) -> tuple[str, str]:
    """``NAME=STATE``, e.g. ``notifications=denied``."""
    name, sep, state = text.partition("=")
    if not sep:
        raise EmulationError(
            f"Permission {text!r} is not NAME=STATE, e.g. notifications=denied (NAME: "
            f"{', '.join(PERMISSIONS)}; STATE: {', '.join(STATES)})"
        )
    return _permission(name.strip(), state.strip())


def _permission(name: str, state: str) -> tuple[str, str]:
    if name not in PERMISSIONS:
        raise EmulationError(f"Unknown permission {name!r}: use one of {', '.join(PERMISSIONS)}")
    if state not in STATES:
        raise EmulationError(
            f"Permission {name}={state!r}: the state is one of {', '.join(STATES)}"
        )
    return name, state


def _permissions(given: Any) -> tuple[tuple[str, str], ...]:
    """Permissions as ``{"notifications": "denied"}``, ``["notifications=denied"]`` or
    ``[("notifications", "denied")]``, checked."""
    if isinstance(given, Mapping):
        given = list(given.items())
    if isinstance(given, str) or not isinstance(given, (list, tuple)):
        raise EmulationError(
            f"permissions={given!r}: give a dict such as {{'notifications': 'denied'}} or a "
            "list such as ['notifications=denied']"
        )
    out = []
    for item in given:
        if isinstance(item, str):
            out.append(parse_permission(item))
        elif (
            isinstance(item, (list, tuple))
            and len(item) == 2
            and all(isinstance(v, str) for v in item)
        ):
            out.append(_permission(item[0], item[1]))
        else:
            raise EmulationError(
                f"Permission {item!r} is not NAME=STATE, e.g. 'notifications=denied'"
            )
    return tuple(out)


_LOCALE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


@dataclass(frozen=True)
class Environment:
    """What a test's browser context pretends to be; ``None`` leaves the browser's own."""

    locale: str | None = None
    timezone: str | None = None
    geolocation: tuple[float, float] | None = None
    #: ``(name, state)`` pairs; a geolocation implies ``("geolocation", "granted")``.
    permissions: tuple[tuple[str, str], ...] = ()
    color_scheme: str | None = None
    device: Device | None = None

    def __post_init__(self) -> None:
        for name in ("locale", "timezone", "color_scheme"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, str):
                raise EmulationError(
                    f"{name}={value!r} ({type(value).__name__}) is not text: give e.g. "
                    + {"locale": "'ja-JP'", "timezone": "'Asia/Tokyo'", "color_scheme": "'dark'"}[
                        name
                    ]
                )
        if self.device is not None and not isinstance(self.device, (str, Device)):
            raise EmulationError(
                f"device={self.device!r}: give a device name such as 'iPhone 13' or a size "
                "such as '390x844@3' (or an e2e.Device)"
            )
        if isinstance(self.geolocation, str):
            object.__setattr__(self, "geolocation", parse_geolocation(self.geolocation))
        object.__setattr__(self, "permissions", _permissions(self.permissions))
        if self.locale is not None and not _LOCALE.match(self.locale):
            raise EmulationError(
                f"Locale {self.locale!r} is not a BCP 47 language tag such as en-GB or ja-JP"
            )
        if self.timezone is not None and self.timezone not in _zones():
            close = difflib.get_close_matches(self.timezone, sorted(_zones()), 1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise EmulationError(
                f"Unknown time zone {self.timezone!r}{hint}: use an IANA name such as "
                "Asia/Tokyo or America/New_York"
            )
        if self.geolocation is not None:
            object.__setattr__(self, "geolocation", _position(self.geolocation))
        if self.color_scheme is not None and self.color_scheme not in COLOR_SCHEMES:
            raise EmulationError(
                f"Colour scheme {self.color_scheme!r}: use one of {', '.join(COLOR_SCHEMES)}"
            )
        if isinstance(self.device, str):
            try:
                object.__setattr__(self, "device", parse_device(self.device))
            except DeviceError as exc:
                raise EmulationError(str(exc)) from None

    @property
    def empty(self) -> bool:
        return self == Environment()

    def over(self, **changes: Any) -> Environment:
        """This environment with ``changes`` (a test's marker over the run's options);
        ``permissions`` add to this one's."""
        unknown = set(changes) - {
            "locale",
            "timezone",
            "geolocation",
            "permissions",
            "color_scheme",
            "device",
        }
        if unknown:
            raise EmulationError(
                f"emulate() does not know {', '.join(sorted(unknown))}: use locale, timezone, "
                "geolocation, permissions, color_scheme or device"
            )
        if "permissions" in changes:
            pairs = _permissions(changes["permissions"])
            changes["permissions"] = tuple(dict([*self.permissions, *pairs]).items())
        return replace(self, **changes)

    def granted(self) -> tuple[tuple[str, str], ...]:
        """The permissions to set: a geolocation grants its permission unless one is given."""
        chosen = dict(self.permissions)
        if self.geolocation is not None:
            chosen.setdefault("geolocation", "granted")
        return tuple(chosen.items())


_ZONES: set[str] = set()


#: Names in the system's zone database that are not time zones a browser knows: the
#: machine's own link, tzdata's placeholder, and its build rules.
_NOT_ZONES = {"localtime", "Factory", "posixrules"}


def _zones() -> set[str]:
    if not _ZONES:
        _ZONES.update(
            zone
            for zone in zoneinfo.available_timezones()
            if zone not in _NOT_ZONES and not zone.startswith(("posix/", "right/", "SystemV/"))
        )
        _ZONES.add("UTC")
    return _ZONES


# -- applying -------------------------------------------------------------------------
#: Firefox drivers whose colour-scheme preference a test changed (put back at its end).
_FIREFOX_SCHEME: weakref.WeakSet[WebDriver] = weakref.WeakSet()
_FIREFOX_SCHEME_PREF = "layout.css.prefers-color-scheme.content-override"


def emulate(driver: WebDriver, environment: Environment, *, origin: str | None = None) -> None:
    """Apply ``environment`` to the test's context (every tab of it with BiDi; the
    current tab, and those opened with ``switch_to.new_window``, on local Chromium).
    ``origin`` is the site permissions are granted on (default: the current page's);
    BiDi grants permissions per origin."""
    if environment.empty:
        return
    if environment.locale:
        _check_locale(driver, environment.locale)
    if driver.caps.get("webSocketUrl"):
        _bidi(driver, environment, origin)
    elif cdp.chromium_cdp(driver) is not None:
        _devtools(driver, environment)
        isolation = isolation_for_existing(driver)
        if isolation is not None:  # tabs the test opens get the same
            isolation.on_new_tab = lambda: _devtools(driver, environment, per_tab_only=True)
    else:
        raise EmulationError(
            lacking(
                driver,
                f"emulate {_what(environment)}",
                "Run these tests on Chromium or Firefox (mark them "
                "@pytest.mark.browser('chrome', 'firefox')).",
            )
        )


def _check_locale(driver: WebDriver, locale: str) -> None:
    """Refuse a locale the browser has no data for (``xx-YY``): it would format dates
    and numbers in its own default, silently. A tag is well-formed or not in Python; only
    the browser knows which languages it carries."""
    resolved = driver.execute_script(
        "try { return Intl.DateTimeFormat(arguments[0]).resolvedOptions().locale; }"
        " catch (e) { return 'error: ' + e.message; }",
        locale,
    )
    wanted = locale.split("-")[0].lower()
    if not isinstance(resolved, str) or resolved.split("-")[0].lower() != wanted:
        raise EmulationError(
            f"{family_of(driver).capitalize()} has no locale data for {locale!r} (it would "
            f"format dates and numbers as {resolved!r}): check the language code, e.g. "
            "'de-DE', 'ja-JP', 'pt-BR'"
        )


def _what(environment: Environment) -> str:
    names = [
        name
        for name, value in (
            ("a locale", environment.locale),
            ("a time zone", environment.timezone),
            ("a geolocation", environment.geolocation),
            ("permissions", environment.permissions),
            ("a colour scheme", environment.color_scheme),
            ("a device", environment.device),
        )
        if value
    ]
    return " or ".join(names) if names else "an environment"


def _devtools(driver: WebDriver, env: Environment, *, per_tab_only: bool = False) -> None:
    execute = cdp.chromium_cdp(driver)
    assert execute is not None
    if env.timezone:
        execute("Emulation.setTimezoneOverride", {"timezoneId": env.timezone})
    if env.locale:
        execute("Emulation.setLocaleOverride", {"locale": env.locale})
    if env.locale or (env.device and env.device.user_agent):
        agent = (env.device and env.device.user_agent) or _user_agent(driver)
        params: dict[str, Any] = {"userAgent": agent}
        if env.locale:  # navigator.language and Accept-Language
            params["acceptLanguage"] = env.locale
        execute("Emulation.setUserAgentOverride", params)
    if env.geolocation:
        latitude, longitude = env.geolocation
        execute(
            "Emulation.setGeolocationOverride",
            {"latitude": latitude, "longitude": longitude, "accuracy": 10},
        )
    if env.color_scheme:
        execute(
            "Emulation.setEmulatedMedia",
            {"features": [{"name": "prefers-color-scheme", "value": env.color_scheme}]},
        )
    if env.device:
        device = env.device
        execute(
            "Emulation.setDeviceMetricsOverride",
            {
                "width": device.width,
                "height": device.height,
                "deviceScaleFactor": device.scale,
                "mobile": device.touch,
            },
        )
        execute(
            "Emulation.setTouchEmulationEnabled",
            {"enabled": device.touch, "maxTouchPoints": 5 if device.touch else 1},
        )
    if per_tab_only:
        return
    isolation = isolation_for_existing(driver)
    for name, state in env.granted():
        params = {"permission": {"name": name}, "setting": state}
        if isolation is not None and isolation.cdp is not None and isolation.context:
            isolation.cdp.call(
                "Browser.setPermission", {**params, "browserContextId": isolation.context}
            )
        else:
            execute("Browser.setPermission", params)


def _user_agent(driver: WebDriver) -> str:
    execute = cdp.chromium_cdp(driver)
    assert execute is not None
    return str(execute("Browser.getVersion", {})["userAgent"])


def _bidi(driver: WebDriver, env: Environment, origin: str | None) -> None:
    user_context = current_user_context(driver)
    where = bidi_scope(driver)
    family = family_of(driver)
    label = label_of(driver)

    def call(method: str, params: dict[str, Any]) -> None:
        try:
            bidi_call(driver, method, params)
        except Exception as exc:
            detail = str(getattr(exc, "msg", None) or exc).strip().splitlines()[0]
            raise EmulationError(
                f"{label} refused {method} over WebDriver BiDi: {detail}"
            ) from None

    if env.locale:
        call("emulation.setLocaleOverride", {"locale": env.locale, **where})
    if env.timezone:
        call("emulation.setTimezoneOverride", {"timezone": env.timezone, **where})
    if env.geolocation:
        latitude, longitude = env.geolocation
        coordinates = {"latitude": latitude, "longitude": longitude, "accuracy": 10}
        call("emulation.setGeolocationOverride", {"coordinates": coordinates, **where})
    if env.device:
        device = env.device
        if device.touch and family == "firefox":
            raise EmulationError(
                f"Firefox cannot emulate the touch screen of {device.name!r}: its WebDriver "
                "BiDi has no emulation.setTouchOverride. Use a size without touch "
                f"(--device {device.width}x{device.height}@{device.scale:g}) or run this "
                "test on Chromium"
            )
        viewport = {"width": device.width, "height": device.height}
        call(
            "browsingContext.setViewport",
            {"viewport": viewport, "devicePixelRatio": device.scale, **where},
        )
        if device.user_agent:
            call("emulation.setUserAgentOverride", {"userAgent": device.user_agent, **where})
        if device.touch:
            call("emulation.setTouchOverride", {"maxTouchPoints": 5, **where})
    if env.color_scheme:
        _bidi_color_scheme(driver, env.color_scheme, label)
    granted = env.granted()
    if granted:
        site = _origin(origin or driver.current_url)
        if site is None:
            raise EmulationError(
                f"Permissions over WebDriver BiDi are granted per site, and the page is "
                f"{driver.current_url!r}: set --base-url, or pass origin='https://…'"
            )
        for name, state in granted:
            params = {"descriptor": {"name": name}, "state": state, "origin": site}
            if user_context is not None:
                params["userContext"] = user_context
            call("permissions.setPermission", params)


def _bidi_color_scheme(driver: WebDriver, scheme: str, label: str) -> None:
    execute = cdp.chromium_cdp(driver)
    if execute is not None:  # Chromium: DevTools, on the test's tab
        execute(
            "Emulation.setEmulatedMedia",
            {"features": [{"name": "prefers-color-scheme", "value": scheme}]},
        )
        return
    if family_of(driver) == "firefox":
        _firefox_pref(driver, 0 if scheme == "dark" else 1)
        _FIREFOX_SCHEME.add(driver)
        _until_the_page_sees(driver, scheme)
        return
    raise EmulationError(
        f"{label} cannot emulate prefers-color-scheme: WebDriver BiDi has no command for "
        "it. Run this test on a local Chromium or Firefox"
    )


def _until_the_page_sees(driver: WebDriver, scheme: str, within: float = 2.0) -> None:
    """Firefox restyles its pages after a preference changes, not at once: until the
    current page's media query says ``scheme``, a read right after ``emulate`` could see
    the old one (seen in CI). Bounded; a page that cannot be asked is not waited for."""
    query = "return matchMedia('(prefers-color-scheme: dark)').matches"
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            if bool(driver.execute_script(query)) == (scheme == "dark"):
                return
        except Exception:  # a dialog open, the window gone: nothing to wait for
            return
        time.sleep(0.02)  # polling the page's own answer, bounded by ``within``


def _firefox_pref(driver: WebDriver, value: int) -> None:
    try:
        with driver.context(driver.CONTEXT_CHROME):  # type: ignore[attr-defined]
            driver.execute_script(
                f"Services.prefs.setIntPref('{_FIREFOX_SCHEME_PREF}', arguments[0])", value
            )
    except Exception as exc:
        detail = str(getattr(exc, "msg", None) or exc).strip().splitlines()[0]
        raise EmulationError(
            "Firefox cannot emulate prefers-color-scheme here: WebDriver BiDi has no command "
            "for it, and its preference needs the browser started with "
            f"-remote-allow-system-access ({detail})"
        ) from None


def end_environment(driver: WebDriver) -> None:
    """After a test: put back what outlives its context (Firefox's colour scheme)."""
    if driver in _FIREFOX_SCHEME:
        _FIREFOX_SCHEME.discard(driver)
        _firefox_pref(driver, 2)  # 2: follow the browser's theme, Firefox's default
    isolation = isolation_for_existing(driver)
    if isolation is not None:
        isolation.on_new_tab = None


def _origin(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}"
