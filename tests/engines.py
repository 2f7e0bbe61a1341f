"""The engines the framework's own tests run on, as pytest parameters.

An engine whose browser or driver is missing is skipped with the reason, except under
CI (CI=true), where the set-up has installed all three and a missing one must fail."""

from __future__ import annotations

import os

import pytest

from e2e import Config
from e2e.browser.driver import DriverError, browser_binary, find_driver

NAMES = ("chrome", "firefox", "webkit")


def missing(browser: str) -> str | None:
    """Why ``browser`` cannot run here, or ``None``."""
    config = Config(browser=browser, headless=True)
    try:
        if browser_binary(config) is None:
            return f"no {browser} browser installed"
        find_driver(config)
    except DriverError as exc:
        return exc.msg
    return None


def marks(browser: str) -> list[pytest.MarkDecorator]:
    """A skip, with the reason, for an engine missing here (never under CI)."""
    reason = None if os.environ.get("CI") else missing(browser)
    return [pytest.mark.skip(reason=reason)] if reason else []


def param(browser: str) -> object:
    return pytest.param(browser, marks=marks(browser), id=browser)


ENGINES = [param(name) for name in NAMES]


#: The three ways a pytester test reaches past WebDriver, as (browser, webSocketUrl)
#: parameters: Chromium over DevTools, Chromium over BiDi, Firefox (BiDi).
CHANNELS = [
    pytest.param("chrome", "false", id="chromium-devtools"),
    pytest.param("chrome", "true", id="chromium-bidi"),
    pytest.param("firefox", None, id="firefox"),
]


def run_on(
    pytester: pytest.Pytester, browser: str, bidi: str | None, *args: str, timeout: float = 180
) -> pytest.RunResult:
    """An inner pytest run of ``pytester``'s files, headless on ``browser`` (its
    ``webSocketUrl`` capability set to ``bidi`` when given), verbose, in file order."""
    capability = ["--capability", f"webSocketUrl={bidi}"] if bidi else []
    return pytester.runpytest_subprocess(
        "-p", "no:cacheprovider", "--headless", "--browser", browser, *capability,
        "-v", "-p", "no:randomly", *args, timeout=timeout,
    )  # fmt: skip
