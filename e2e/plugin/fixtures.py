"""The fixtures a test asks for: ``e2e_config``, ``driver`` (a clean context per test,
with the test's environment options applied), ``page`` (page objects wired to the run),
``e2e_actions``, ``e2e_downloads``, and the trace recorder behind ``--tracing``."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import TypeVar, cast

import pytest
from selenium.webdriver.remote.webdriver import WebDriver

from e2e.base.action_log import ActionLog
from e2e.base.masking import known_secrets
from e2e.browser import xvfb
from e2e.browser.driver import DriverError, build_driver, uses_headless_shell
from e2e.browser.isolation import RESET
from e2e.checks.accessibility import AxeOptions
from e2e.checks.visual import Baselines, baselines_of_test, platform_folder
from e2e.config import (
    Config,
)
from e2e.emulation.environment import (
    EmulationError,
    Environment,
    emulate,
    end_environment,
)
from e2e.emulation.storage import end_storage_state
from e2e.network import Network, end_routes
from e2e.page import BasePage, PageFactory
from e2e.page.downloads import set_download_folder
from e2e.plugin.artifacts import safe_dirname
from e2e.plugin.guard import check_reachable
from e2e.plugin.pool import Pools, quit_browser
from e2e.plugin.signin import pages_for, start_from, storage_state_of
from e2e.plugin.state import artifact_folder, run_of, started_run, test_state
from e2e.trace import Tracer

#: Kept for code that imported it before the page fixture was typed as PageFactory.
P = TypeVar("P", bound=BasePage)


# -- fixtures -----------------------------------------------------------------------
@pytest.fixture(scope="session")
def e2e_config(pytestconfig: pytest.Config) -> Config:
    """The run's frozen configuration."""
    return run_of(pytestconfig).config


@pytest.fixture
def e2e_actions(e2e_config: Config, request: pytest.FixtureRequest) -> ActionLog:
    """The page-object action log of this test (attached to the report on failure)."""
    stored: frozenset[str] = run_of(request.config).secrets
    log = ActionLog(slow_mo=e2e_config.slow_mo, secrets=set(stored))
    test_state(request.node).log = log
    return log


@pytest.fixture
def driver(
    request: pytest.FixtureRequest,
    e2e_config: Config,
    _e2e_pool: Pools,
    base_url: str | None,
) -> Generator[WebDriver, None, None]:
    """A browser for this test: one per worker, each test in a fresh user context (or
    reset after it) by default; a new one per test with --fresh-browser."""
    server = run_of(request.config).server
    gone = server.died() if server is not None else None
    if gone:
        pytest.fail(gone, pytrace=False)
    check_reachable(request.config, base_url)
    environment = _test_environment(request, e2e_config)
    state = storage_state_of(request, e2e_config)  # before the test's browser: it may sign in
    pool = _e2e_pool.for_test(request)
    if e2e_config.fresh_browser:
        fresh = _started(lambda: build_driver(pool.config))
        known_secrets(fresh).update(run_of(request.config).secrets)
        version = str(fresh.capabilities.get("browserVersion", ""))
        _record_browser(request, pool.config, version, base_url, "a new browser")
        try:
            _emulate(fresh, environment, base_url, "fresh")
            if state is not None:
                start_from(fresh, state, base_url)
            yield fresh
        finally:
            problem = end_routes(fresh)
            quit_browser(fresh)
        if problem:
            pytest.fail(problem, pytrace=False)
        return
    browser = _started(pool.get)
    test_state(request.node).notes.extend(xvfb.take_notes())  # a display that died
    known_secrets(browser).update(run_of(request.config).secrets)
    _record_browser(request, pool.config, pool.version, base_url, pool.isolation)
    try:
        _emulate(browser, environment, base_url, pool.isolation)
        if state is not None:
            start_from(browser, state, base_url)
        yield browser
    finally:
        problem = end_routes(browser)  # the next test sees the real network
        if state is not None:
            with contextlib.suppress(Exception):  # a dead browser is replaced anyway
                end_storage_state(browser)
        # Always: a test may have called e2e.emulate() itself, with no marker or option.
        with contextlib.suppress(Exception):  # a dead browser is replaced anyway
            end_environment(browser)
        pool.reset()
    if problem:  # a route handler that raised, a HAR that could not be written
        pytest.fail(problem, pytrace=False)


def _test_environment(request: pytest.FixtureRequest, config: Config) -> Environment:
    """The run's environment with the test's ``emulate`` markers over it (the closest
    marker last, so it wins)."""
    environment = config.environment
    problem = None
    try:
        for marker in reversed(list(request.node.iter_markers("emulate"))):
            if marker.args:
                raise EmulationError(
                    "@pytest.mark.emulate takes names, e.g. emulate(locale='ja-JP'), "
                    f"not {marker.args!r}"
                )
            environment = environment.over(**marker.kwargs)
    except EmulationError as exc:
        problem = f"EmulationError: {exc}"
    if problem:
        pytest.fail(problem, pytrace=False)
    return environment


def _emulate(driver: WebDriver, environment: Environment, base_url: str | None, mode: str) -> None:
    """Apply the test's environment to its fresh context; one that cannot be applied
    fails the test with the sentence saying why."""
    if environment.empty:
        return
    if mode == RESET:
        pytest.fail(
            "EmulationError: this browser has no context per test (isolation: reset), so "
            "an emulated locale, device or permission would reach the next test; use a "
            "local Chromium, Firefox, or a Grid with --capability webSocketUrl=true",
            pytrace=False,
        )
    problem = None
    try:
        emulate(driver, environment, origin=base_url)
    except EmulationError as exc:
        problem = f"EmulationError: {exc}"
    if problem:
        pytest.fail(problem, pytrace=False)


def _started(start: Callable[[], WebDriver]) -> WebDriver:
    """Start a browser; a setup problem fails the test with its message alone."""
    try:
        return start()
    except DriverError as exc:
        pytest.fail(f"{type(exc).__name__}: {exc.msg}", pytrace=False)


def _record_browser(
    request: pytest.FixtureRequest,
    config: Config,
    version: str,
    base_url: str | None,
    isolation: str,
) -> None:
    mode = "headless" if config.headless else "headed"
    if uses_headless_shell(config):
        mode = "headless shell"
    where = f" on {config.grid_url}" if config.grid_url else ""
    text = (
        f"{config.browser} {version} ({mode}){where}; base URL {base_url}; isolation: {isolation}"
    )
    request.node.user_properties.append(("browser", text))
    test_state(request.node).browser = text


@pytest.fixture
def e2e_downloads(driver: WebDriver, tmp_path_factory: pytest.TempPathFactory) -> Path | None:
    """This test's own download folder (local Chromium; ``None`` where the browser's
    download folder cannot be set per test: Firefox, a Grid)."""
    folder = tmp_path_factory.mktemp("downloads")
    return folder if set_download_folder(driver, folder) else None


@pytest.fixture
def page(
    request: pytest.FixtureRequest,
    driver: WebDriver,
    base_url: str | None,
    e2e_config: Config,
    e2e_actions: ActionLog,
    e2e_downloads: Path | None,
    _e2e_trace: Tracer | None,
) -> PageFactory:
    """A factory: ``login = page(LoginPage)`` gives a page object wired to this test
    (typed as :class:`e2e.PageFactory`)."""
    baselines = _baselines(request, driver, e2e_config)
    tables = test_state(request.node).tables
    axe = AxeOptions(e2e_config.axe_disable, report=tables.append)
    factory = pages_for(driver, base_url, e2e_config, e2e_actions, e2e_downloads, baselines, axe)
    return cast(PageFactory, factory)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Generator[None, object, object]:
    """A page object built directly in a fixture or a test (``BasePage(driver, url)``)
    finds this test's baselines as the ``page`` fixture's do."""
    with _test_baselines(item):
        return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, object, object]:
    with _test_baselines(item):
        return (yield)


def _test_baselines(item: pytest.Item) -> contextlib.AbstractContextManager[None]:
    run = started_run(item.config)
    if run is None:
        return contextlib.nullcontext()
    config = run.config
    return baselines_of_test(lambda driver: _baselines_of(item, driver, config))


def _baselines(request: pytest.FixtureRequest, driver: WebDriver, config: Config) -> Baselines:
    return _baselines_of(request.node, driver, config)


def _baselines_of(item: pytest.Item, driver: WebDriver, config: Config) -> Baselines:
    """This test's screenshot baselines: beside its file, per engine and platform."""
    engine = platform_folder(driver)
    hint = f"pytest '{item.nodeid}' --update-snapshots"
    if config.browser != "chrome":
        hint += f" --browser {config.browser}"
    state = test_state(item)
    return Baselines(
        Path(item.path).parent / "__screenshots__" / engine / safe_dirname(item.name),
        update=config.update_snapshots,
        artifacts=artifact_folder(item, "call"),
        attach=lambda label, path: state.images.append((label, path)),
        update_hint=hint,
    )


@pytest.fixture
def _e2e_trace(
    request: pytest.FixtureRequest, driver: WebDriver, e2e_actions: ActionLog, e2e_config: Config
) -> Iterator[Tracer | None]:
    """Records this test's trace (--tracing on / retain-on-failure)."""
    if e2e_config.trace == "off":
        yield None
        return
    snapshots = e2e_config.trace_snapshots == "on"
    tracer = Tracer(driver, e2e_actions, dom_snapshots=snapshots).start()
    # The traffic with bodies, as trace.har; none where the engine cannot watch the
    # network (WebKitGTK: a NetworkError) or anything else goes wrong: a trace without
    # it is still a trace.
    with contextlib.suppress(Exception):
        tracer.har = Network(driver).record_har(sensitive=e2e_config.har_sensitive)
    test_state(request.node).tracer = tracer
    try:
        yield tracer
    finally:
        tracer.stop()
