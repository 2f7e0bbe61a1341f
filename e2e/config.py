"""The frozen configuration a run is built from."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from selenium.webdriver.common.by import By

from e2e.locators import Locator

__all__ = ["BROWSERS", "DRIVER_SOURCES", "Config", "ConfigError", "parse_locator"]

BROWSERS = ("chrome", "chromium", "firefox", "edge")
DRIVER_SOURCES = ("auto", "system", "selenium-manager", "webdriver-manager")


class ConfigError(ValueError):
    """A setting is wrong; the message says which and what the choices are."""


def _frozen(mapping: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(mapping))


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
    #: Run-wide overlay and busy locators (empty: the page classes' own, or BlockUI/.busy).
    overlays: tuple[Locator, ...] = ()
    busy: tuple[Locator, ...] = ()

    def __post_init__(self) -> None:
        if self.browser not in BROWSERS:
            raise ConfigError(
                f"Unknown browser {self.browser!r}; choose one of: {', '.join(BROWSERS)}"
            )
        if self.driver_source not in DRIVER_SOURCES:
            raise ConfigError(
                f"Unknown driver source {self.driver_source!r}; "
                f"choose one of: {', '.join(DRIVER_SOURCES)}"
            )
        if self.timeout <= 0:
            raise ConfigError(f"The timeout must be positive seconds, got {self.timeout!r}")
        if self.slow_mo < 0:
            raise ConfigError(f"--slow-mo must be zero or more, got {self.slow_mo!r}")
        width, height = self.window_size
        if width < 200 or height < 200:
            raise ConfigError(f"Window size {width}x{height} is too small; use e.g. 1280x900")
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
        return self.browser in ("chrome", "chromium", "edge")


def parse_window_size(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"\s*(\d+)\s*[xX,]\s*(\d+)\s*", text)
    if not match:
        raise ConfigError(f"Window size {text!r} is not WIDTHxHEIGHT, e.g. 1280x900")
    return int(match.group(1)), int(match.group(2))


def parse_capability(text: str) -> tuple[str, Any]:
    key, sep, raw = text.partition("=")
    if not sep or not key.strip():
        raise ConfigError(f"Capability {text!r} is not KEY=VALUE, e.g. platformName=linux")
    value: Any = raw
    lowered = raw.strip().lower()
    if lowered in ("true", "false"):
        value = lowered == "true"
    elif re.fullmatch(r"-?\d+", raw.strip()):
        value = int(raw)
    return key.strip(), value


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
