"""The frozen configuration a run is built from."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from selenium.webdriver.common.by import By

from e2e.base.url_globs import check_globs
from e2e.browser.engines import ENGINES, engine_of
from e2e.emulation.environment import Environment
from e2e.locators import Locator
from e2e.queries import attribute_problem

__all__ = [
    "BROWSERS",
    "DRIVER_SOURCES",
    "Config",
    "ConfigError",
    "headless_default",
    "parse_locator",
]

#: The --browser choices, in the order errors list them (one row each in e2e.browser.engines).
BROWSERS = tuple(ENGINES)
#: Upper bounds that keep a typo from hanging a run (seconds; pixels).
MAX_TIMEOUT = 3600.0
MAX_SLOW_MO = 60.0
#: The longest "DOM quiet" period a page may have to show before it counts as settled.
MAX_SETTLE_QUIET = 10.0
MAX_WINDOW = (7680, 4320)
HEADLESS_SHELL_CHOICES = ("auto", "on", "off")
TRACE_CHOICES = ("off", "on", "retain-on-failure")
TRACE_SNAPSHOT_CHOICES = ("on", "off")
DRIVER_SOURCES = ("auto", "system", "selenium-manager", "webdriver-manager")


def headless_default() -> bool:
    """Headless unless told otherwise: always on CI, else when there is no display."""
    if os.environ.get("CI"):
        return True
    if os.name == "nt" or sys.platform == "darwin":  # a desktop session has its display
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


class ConfigError(ValueError):
    """A setting is wrong; the message says which and what the choices are."""


def _frozen(mapping: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(mapping))


#: The default of every wait, in seconds (``--wait-timeout`` sets the run's).
DEFAULT_TIMEOUT = 5.0
#: How long the settle check waits for a request the page started on its own (not in
#: answer to a click or key) before it stops waiting for it, in seconds
#: (``--settle-background-ms``): long enough for a page's own loads, and short of the
#: wait's default timeout (5 s), so that a long poll the page opened by itself never holds
#: an action for the whole timeout.
DEFAULT_BACKGROUND = 3.0


@dataclass(frozen=True)
class Config:
    browser: str = "chrome"
    headless: bool = True
    window_size: tuple[int, int] = (1280, 900)
    grid_url: str | None = None
    capabilities: Mapping[str, Any] = field(default_factory=dict)
    driver_path: str | None = None
    browser_binary: str | None = None
    driver_source: str = "auto"
    timeout: float = 5.0
    slow_mo: float = 0.0
    fresh_browser: bool = False
    sensitive_url: str | None = None
    secret_env: tuple[str, ...] = ()
    #: Traces: off, on, retain-on-failure.
    trace: str = "off"
    #: DOM snapshots before, at and after each step of a trace: on, off.
    trace_snapshots: str = "on"
    #: Keep Cookie, Set-Cookie and Authorization values in the trace's HAR.
    har_sensitive: bool = False
    #: Chromium's headless shell for headless runs: auto (when installed), on, off.
    headless_shell: str = "auto"
    #: Run-wide overlay and busy locators (empty: the page classes' own, or BlockUI/.busy).
    overlays: tuple[Locator, ...] = ()
    busy: tuple[Locator, ...] = ()
    #: A page is settled only after its DOM has not changed for this long (0: off).
    settle_quiet: float = 0.0
    #: URL globs of requests no settle check of the run waits for (a long poll, a stream).
    settle_ignore_requests: tuple[str, ...] = ()
    #: Seconds a settle check waits for a request the page started on its own.
    settle_background: float = DEFAULT_BACKGROUND
    #: The locale, time zone, position, permissions, colour scheme and device each test's
    #: context emulates (tests change it with ``@pytest.mark.emulate``).
    environment: Environment = field(default_factory=Environment)
    #: A saved sign-in state every test's context starts from (``--storage-state``).
    storage_state: str | None = None
    #: Write screenshots that are missing or differ as the new baselines.
    update_snapshots: bool = False
    #: axe-core rules ``expect_accessible`` leaves out in every test (ini ``e2e_axe_disable``).
    axe_disable: tuple[str, ...] = ()
    #: The attribute ``Locator.test_id`` matches (``--test-id-attribute``).
    test_id_attribute: str = "data-testid"
    #: Where each run is recorded (``--history``): a path, sqlite:///, postgresql://.
    history: str | None = None
    #: This job's part of the tests (``--shard 2/4`` is (2, 4)).
    shard: tuple[int, int] | None = None
    #: A file of flaky tests run as non-strict xfails (``--quarantine``).
    quarantine: str | None = None

    def __post_init__(self) -> None:
        problem = attribute_problem(self.test_id_attribute)
        if problem:
            raise ConfigError(f"--test-id-attribute {problem}")
        if not self.browser:
            raise ConfigError(f"--browser is empty; choose one of: {', '.join(BROWSERS)}")
        if self.browser not in BROWSERS:
            raise ConfigError(
                f"Unknown browser {self.browser!r}; choose one of: {', '.join(BROWSERS)}"
            )
        if self.trace not in TRACE_CHOICES:
            raise ConfigError(
                f"--tracing {self.trace!r}: choose one of: {', '.join(TRACE_CHOICES)}"
            )
        if self.shard is not None:
            index, total = self.shard
            if total < 1 or not 1 <= index <= total:
                raise ConfigError(
                    f"--shard {index}/{total}: the part must be from 1 to the number of "
                    f"parts, as in --shard 1/{max(total, 1)}"
                )
        if self.trace_snapshots not in TRACE_SNAPSHOT_CHOICES:
            raise ConfigError(
                f"--trace-snapshots {self.trace_snapshots!r}: choose one of: "
                f"{', '.join(TRACE_SNAPSHOT_CHOICES)}"
            )
        if self.headless_shell not in HEADLESS_SHELL_CHOICES:
            raise ConfigError(
                f"--headless-shell {self.headless_shell!r}: choose one of: "
                f"{', '.join(HEADLESS_SHELL_CHOICES)}"
            )
        if self.driver_source not in DRIVER_SOURCES:
            raise ConfigError(
                f"Unknown driver source {self.driver_source!r}; "
                f"choose one of: {', '.join(DRIVER_SOURCES)}"
            )
        if not (0 < self.timeout <= MAX_TIMEOUT):  # also refuses NaN
            raise ConfigError(
                f"--wait-timeout must be a number of seconds above 0 and at most "
                f"{MAX_TIMEOUT:g}, got {self.timeout!r}"
            )
        if not (0 <= self.slow_mo <= MAX_SLOW_MO):
            raise ConfigError(
                f"--slow-mo must be 0 to {MAX_SLOW_MO * 1000:g} milliseconds, "
                f"got {self.slow_mo * 1000!r}"
            )
        if not (0 <= self.settle_quiet <= MAX_SETTLE_QUIET):
            raise ConfigError(
                f"--settle-quiet-ms must be 0 (off) to {MAX_SETTLE_QUIET * 1000:g} "
                f"milliseconds, got {self.settle_quiet * 1000!r}"
            )
        if not (0 <= self.settle_background <= MAX_TIMEOUT):
            raise ConfigError(
                f"--settle-background-ms must be 0 to {MAX_TIMEOUT * 1000:.0f} milliseconds, "
                f"got {self.settle_background * 1000:g}"
            )
        check_globs(self.settle_ignore_requests, "--settle-ignore-requests")
        width, height = self.window_size
        if width < 200 or height < 200:
            raise ConfigError(f"Window size {width}x{height} is too small; use e.g. 1280x900")
        if width > MAX_WINDOW[0] or height > MAX_WINDOW[1]:
            raise ConfigError(
                f"Window size {width}x{height} does not fit a screen (at most "
                f"{MAX_WINDOW[0]}x{MAX_WINDOW[1]}); use e.g. 1920x1080"
            )
        if self.sensitive_url:
            try:
                re.compile(self.sensitive_url)
            except re.error as exc:
                raise ConfigError(
                    f"--sensitive-url {self.sensitive_url!r} is not a valid regular "
                    f"expression: {exc}"
                ) from exc
        object.__setattr__(self, "capabilities", _frozen(self.capabilities))

    @property
    def is_chromium_family(self) -> bool:
        return engine_of(self.browser).family == "chromium"


def parse_window_size(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"\s*(\d+)\s*[xX,]\s*(\d+)\s*", text)
    if not match:
        raise ConfigError(f"Window size {text!r} is not WIDTHxHEIGHT, e.g. 1280x900")
    return int(match.group(1)), int(match.group(2))


#: The W3C capabilities whose values can be checked before a browser starts.
_CAPABILITY_CHOICES = {
    "pageLoadStrategy": ("normal", "eager", "none"),
    "unhandledPromptBehavior": (
        "dismiss",
        "accept",
        "dismiss and notify",
        "accept and notify",
        "ignore",
    ),
}
_CAPABILITY_BOOLS = ("acceptInsecureCerts", "strictFileInteractability", "setWindowRect")


def parse_capability(text: str) -> tuple[str, Any]:
    key, sep, raw = text.partition("=")
    key = key.strip()
    if not sep or not key:
        raise ConfigError(f"Capability {text!r} is not KEY=VALUE, e.g. platformName=linux")
    value: Any = raw
    lowered = raw.strip().lower()
    if lowered in ("true", "false"):
        value = lowered == "true"
    elif re.fullmatch(r"-?\d+", raw.strip()):
        value = int(raw)
    choices = _CAPABILITY_CHOICES.get(key)
    if choices and value not in choices:
        raise ConfigError(f"--capability {text!r}: {key} must be one of: {', '.join(choices)}")
    if key in _CAPABILITY_BOOLS and not isinstance(value, bool):
        raise ConfigError(f"--capability {text!r}: {key} must be true or false")
    return key, value


def parse_number(text: str, option: str, unit: str) -> float:
    """A finite number from an option, ini key or environment variable, or a clear error."""
    try:
        value = float(text)
    except (TypeError, ValueError):
        raise ConfigError(f"{option} {text!r} is not a number of {unit}") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise ConfigError(f"{option} {text!r} is not a finite number of {unit}")
    return value


_KINDS = {
    "css": By.CSS_SELECTOR,
    "xpath": By.XPATH,
    "id": By.ID,
    "class": By.CLASS_NAME,
    "name": By.NAME,
    "tag": By.TAG_NAME,
}


def parse_locator(text: str, option: str) -> Locator:
    """``KIND=VALUE`` (kind one of css, xpath, id, class, name, tag) as a Locator."""
    kind, sep, value = text.partition("=")
    kind = kind.strip().lower()
    if not sep or kind not in _KINDS or not value.strip():
        raise ConfigError(
            f"{option} {text!r} is not KIND=VALUE with KIND one of "
            f"{', '.join(_KINDS)}; e.g. {option} 'css=.spinner'"
        )
    return Locator(_KINDS[kind], value.strip(), f"{option.lstrip('-')} {value.strip()}")
