from __future__ import annotations

from collections.abc import Iterator

import pytest
from selenium.webdriver.remote.webdriver import WebDriver

from tests.integration.library.fixture_server import FixtureServer


@pytest.fixture(scope="session")
def fixture_server() -> Iterator[FixtureServer]:
    server = FixtureServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def base_url(fixture_server: FixtureServer) -> str:
    """These tests run against the fixture pages, not the demo app."""
    return fixture_server.url


@pytest.fixture
def open_page(driver: WebDriver, fixture_server: FixtureServer):  # type: ignore[no-untyped-def]
    """Open one fixture page: ``open_page("overlays.html")``."""
    fixture_server.clear()

    def go(name: str) -> WebDriver:
        driver.get(f"{fixture_server.url}/{name}")
        return driver

    return go


class CommandCounter:
    """Counts the WebDriver commands a piece of code sends (its browser round trips)."""

    def __init__(self, driver: WebDriver) -> None:
        self.driver = driver
        self.commands: list[str] = []

    def __enter__(self) -> CommandCounter:
        executor = self.driver.command_executor
        self._original = executor.execute

        def counting(command: str, params: dict) -> dict:  # type: ignore[type-arg]
            self.commands.append(command)
            return self._original(command, params)

        executor.execute = counting  # type: ignore[method-assign]
        return self

    def __exit__(self, *exc: object) -> None:
        self.driver.command_executor.execute = self._original  # type: ignore[method-assign]


@pytest.fixture
def count_commands(driver: WebDriver):  # type: ignore[no-untyped-def]
    return lambda: CommandCounter(driver)
