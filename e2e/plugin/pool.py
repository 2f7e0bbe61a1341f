"""The worker's browsers: one reused across tests, each test in a fresh context
(isolation.py), replaced when it dies; on WebKitGTK a new one per test, started while
the test before runs; a full Chromium for tests marked ``full_browser``."""

from __future__ import annotations

import concurrent.futures
import contextlib
import threading
from collections.abc import Iterator
from dataclasses import replace

import pytest
from selenium.common.exceptions import InvalidSelectorException
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from e2e.base import processes
from e2e.browser import xvfb
from e2e.browser.bidi_or_devtools import close_bidi
from e2e.browser.driver import DriverError, build_driver
from e2e.browser.engines import NEW_BROWSER, engine_of
from e2e.browser.isolation import isolation_for
from e2e.browser.isolation import release as release_isolation
from e2e.config import (
    Config,
    ConfigError,
)
from e2e.plugin import interrupts
from e2e.plugin.artifacts import drain_console, unresponsive
from e2e.waiting.settle import network_script


class _BrowserPool:
    """One browser per worker, reused across tests and replaced when it dies. On an
    engine with no isolation inside one browser (WebKitGTK: no user contexts), each test
    gets a new browser instead, started in the background while the test before runs."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.driver: WebDriver | None = None
        self.version = ""
        self.failure: DriverError | None = None
        self.per_test = engine_of(config.browser).isolation == NEW_BROWSER
        self._spare: concurrent.futures.Future[WebDriver] | None = None
        self._starter: concurrent.futures.ThreadPoolExecutor | None = None
        #: Browsers of finished tests being quit in the background (per-test browsers).
        self._quitting: list[concurrent.futures.Future[None]] = []
        self._quitter: concurrent.futures.ThreadPoolExecutor | None = None

    def get(self) -> WebDriver:
        """The worker's browser, in a clean state for a new test (started if needed)."""
        if self.failure is not None:  # the same setup error: say it again, at once
            raise self.failure
        if self.driver is not None:
            try:
                isolation_for(self.driver).begin()  # fails on a dead browser
                return self.driver
            except Exception:  # a dead browser is replaced
                self.close()
        if xvfb.alive() is False:  # the X display died: the spare died on it too
            self._drop_spare()
        try:
            self.driver = self._take_spare() or build_driver(self.config)
        except DriverError as exc:
            self.failure = exc
            raise
        self.version = str(self.driver.capabilities.get("browserVersion", ""))
        isolation_for(self.driver, network_script()).begin()
        if self.per_test:
            self._start_spare()
        return self.driver

    def _start_spare(self) -> None:
        if self._starter is None:
            self._starter = concurrent.futures.ThreadPoolExecutor(1, "e2e-next-browser")
        self._spare = self._starter.submit(build_driver, self.config)

    def _drop_spare(self) -> None:
        spare, self._spare = self._spare, None
        if spare is not None:
            with contextlib.suppress(Exception):
                quit_browser(spare.result(timeout=120))

    def _take_spare(self) -> WebDriver | None:
        spare, self._spare = self._spare, None
        if spare is None:
            return None
        try:
            return spare.result()
        except Exception:  # it did not start: start one now, and say why if that fails
            return None

    @property
    def isolation(self) -> str:
        if self.per_test:
            return NEW_BROWSER
        return isolation_for(self.driver).mode if self.driver is not None else ""

    def reset(self) -> None:
        """End the test's user context (or clear its state); drain the console log."""
        if self.driver is None:
            return
        if self.per_test and not interrupts.signalled():
            self._quit_later()
            return
        if self.per_test or unresponsive(self.driver):
            self.close()
            return
        try:
            drain_console(self.driver, ending=True)  # the next test's log: its own only
            isolation_for(self.driver).end()
        except Exception:  # a browser that cannot be reset is replaced
            self.close()

    def close(self) -> None:
        if self.driver is not None:
            quit_browser(self.driver)
            self.driver = None

    def _quit_later(self) -> None:
        """Quit the finished test's browser in the background: the next test's, started
        ahead, is not held up by it."""
        driver, self.driver = self.driver, None
        if driver is None:
            return
        if self._quitter is None:
            self._quitter = concurrent.futures.ThreadPoolExecutor(1, "e2e-quit-browser")
        self._quitting = [f for f in self._quitting if not f.done()]
        self._quitting.append(self._quitter.submit(quit_browser, driver))

    def shutdown(self) -> None:
        """The end of the run: the browser, one started for a next test, and those still
        being quit."""
        self.close()
        if self._quitter is not None:
            concurrent.futures.wait(self._quitting, timeout=30)
            self._quitter.shutdown(wait=False)
            self._quitter = None
        spare, self._spare = self._spare, None
        if spare is not None:
            spare.cancel()
            with contextlib.suppress(Exception):
                quit_browser(spare.result(timeout=30))
        if self._starter is not None:
            self._starter.shutdown(wait=False)
            self._starter = None


def _check_run_locators(driver: WebDriver, config: Config) -> None:
    """The run-wide overlay and busy locators, tried in ``driver``: only a browser knows
    every CSS and XPath it accepts."""
    for locator in (*config.overlays, *config.busy):
        if locator.by not in (By.CSS_SELECTOR, By.XPATH):
            continue
        try:
            driver.find_elements(*locator)
        except InvalidSelectorException as exc:
            option, _, value = locator.name.partition(" ")
            kind = "css" if locator.by == By.CSS_SELECTOR else "xpath"
            first = (exc.msg or "").splitlines()[0][:200]
            raise ConfigError(
                f"--{option} {kind}={value!r} is not a valid "
                f"{'CSS' if kind == 'css' else 'XPath'} selector "
                f"({first}); fix it (e.g. --{option} 'css=.blockUI') or leave it out"
            ) from None


def try_run_locators(config: Config) -> None:
    """Run-wide CSS and XPath locators, tried once before the run in a browser of its
    own (only a browser knows every selector it accepts): a bad one is a usage error.
    Costs a browser start, only when such locators are given."""
    if not any(loc.by in (By.CSS_SELECTOR, By.XPATH) for loc in (*config.overlays, *config.busy)):
        return
    try:
        driver = build_driver(config)
    except DriverError:
        return  # every test will say why the browser does not start
    try:
        _check_run_locators(driver, config)
    except ConfigError as exc:
        raise pytest.UsageError(str(exc)) from None
    finally:
        quit_browser(driver)


def quit_browser(driver: WebDriver) -> None:
    """Quit a browser, dead or alive, and kill whatever is left of it. A driver that
    does not answer is given a few seconds, then killed with its browser by their tag.
    The isolation's background work ends first: a BiDi command the quit cut off would
    never be answered."""
    with contextlib.suppress(Exception):
        release_isolation(driver)
        close_bidi(driver)
    try:
        if unresponsive(driver) or interrupts.signalled():
            quitting = threading.Thread(target=driver.quit, name="e2e-quit", daemon=True)
            quitting.start()
            quitting.join(5)
        else:
            driver.quit()
    except Exception:
        pass
    finally:
        processes.release(driver)


@pytest.fixture(scope="session")
def _e2e_pool(e2e_config: Config) -> Iterator[Pools]:
    pools = Pools(e2e_config)
    yield pools
    pools.close()


class Pools:
    """The worker's browsers: the usual one, and a full Chromium started only for tests
    marked ``full_browser`` when the usual one is the headless shell."""

    def __init__(self, config: Config) -> None:
        self.usual = _BrowserPool(config)
        self._full_config = replace(config, headless_shell="off")
        self._full: _BrowserPool | None = None

    def for_test(self, request: pytest.FixtureRequest) -> _BrowserPool:
        if request.node.get_closest_marker("full_browser") is None:
            return self.usual
        if self._full is None:
            self._full = _BrowserPool(self._full_config)
        return self._full

    def close(self) -> None:
        self.usual.shutdown()
        if self._full is not None:
            self._full.shutdown()
