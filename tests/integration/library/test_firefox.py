"""The same helpers in Firefox, where geckodriver exists."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from e2e import BasePage, Config, Locator, build_driver, waits

pytestmark = pytest.mark.skipif(
    shutil.which("geckodriver") is None
    or (shutil.which("firefox") is None and shutil.which("firefox-esr") is None),
    reason="geckodriver not installed",
)


@pytest.fixture(scope="module")
def firefox() -> Iterator[WebDriver]:
    driver = build_driver(Config(browser="firefox", headless=True))
    yield driver
    driver.quit()


def test_blockui_wait_and_textarea_clearing_in_firefox(firefox, fixture_server) -> None:
    firefox.get(f"{fixture_server.url}/overlays.html")
    firefox.execute_script("blockStaggered([100, 200, 300])")
    waits.wait_for_blockui_to_close(firefox, timeout=5)
    assert firefox.execute_script("return window.released") == 3
    firefox.get(f"{fixture_server.url}/text.html")
    page = BasePage(firefox, fixture_server.url)
    page.clear_textarea(Locator(By.ID, "notes"))
    assert page.find(Locator(By.ID, "notes")).get_property("value") == ""
    assert page.text_of(Locator(By.ID, "events")) != "0"
