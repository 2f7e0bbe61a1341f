"""The pytest plugin: options -> one frozen Config -> fixtures -> page objects."""

from __future__ import annotations

import base64
import os
import re
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest
from selenium.webdriver.remote.webdriver import WebDriver

from e2e import processes
from e2e.actions import ActionLog, mask
from e2e.config import (
    BROWSERS,
    DRIVER_SOURCES,
    Config,
    parse_capability,
    parse_locator,
    parse_window_size,
)
from e2e.downloads import set_download_folder
from e2e.driver import DriverError, build_driver, unreachable
from e2e.locators import Locator
from e2e.page import BasePage, _sets_own
from e2e.reporting import Artifacts, capture, drain_console, safe_dirname
from e2e.server import AppServer, ServerConfig, ServerError

P = TypeVar("P", bound=BasePage)

_CONFIG = pytest.StashKey[Config]()
_ARTIFACTS = pytest.StashKey[Path]()
_LOG = pytest.StashKey[ActionLog]()
_SECRETS = pytest.StashKey[frozenset[str]]()
_BROWSER = pytest.StashKey[str]()
_REACHABLE = pytest.StashKey[dict[str, str | None]]()
_SERVER = pytest.StashKey["AppServer | _SharedServer"]()

_RESET_SCRIPT = """
try { window.localStorage.clear(); } catch (e) {}
try { window.sessionStorage.clear(); } catch (e) {}
"""


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("e2e", "end-to-end browser tests (e2e)")

    def add(name: str, ini: str, help: str, env: str | None = None, **kwargs: Any) -> None:
        if env:
            help += f" (env {env})"
        group.addoption(name, dest=ini, help=help, **kwargs)
        parser.addini(ini, help=help)

    add(
        "--browser",
        "e2e_browser",
        f"browser: {', '.join(BROWSERS)} (default chrome)",
        "E2E_BROWSER",
        metavar="NAME",
    )
    group.addoption(
        "--headless",
        dest="e2e_headless",
        action="store_true",
        default=None,
        help="run the browser without a window (default when CI is set or no display)",
    )
    group.addoption(
        "--headed", dest="e2e_headless", action="store_false", help="show the browser window"
    )
    add(
        "--window-size",
        "e2e_window_size",
        "browser window WIDTHxHEIGHT (default 1280x900)",
        metavar="WxH",
    )
    add(
        "--grid-url",
        "e2e_grid_url",
        "run on the Selenium Grid at URL",
        "E2E_GRID_URL",
        metavar="URL",
    )
    group.addoption(
        "--capability",
        dest="e2e_capabilities",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="extra capability for the browser (repeatable)",
    )
    add("--driver-path", "e2e_driver_path", "the driver executable to use", metavar="PATH")
    add("--browser-binary", "e2e_browser_binary", "the browser executable to use", metavar="PATH")
    add(
        "--driver-source",
        "e2e_driver_source",
        f"where the driver comes from: {', '.join(DRIVER_SOURCES)} (default auto: "
        "PATH first, then Selenium Manager's cache, offline)",
        metavar="SOURCE",
    )
    add(
        "--wait-timeout",
        "e2e_timeout",
        "default seconds for waits (default 5)",
        "E2E_TIMEOUT",
        metavar="SECONDS",
    )
    add(
        "--slow-mo",
        "e2e_slow_mo",
        "pause MS after each page action, for watching a run",
        metavar="MS",
    )
    group.addoption(
        "--fresh-browser",
        dest="e2e_fresh_browser",
        action="store_true",
        default=None,
        help="a new browser for every test instead of one per worker",
    )
    parser.addini("e2e_fresh_browser", "a new browser for every test", type="bool")
    add(
        "--sensitive-url",
        "e2e_sensitive_url",
        "regex: against a matching base URL, tests not marked nondestructive are skipped",
        "SENSITIVE_URL",
        metavar="REGEX",
    )
    add(
        "--secret-env",
        "e2e_secret_env",
        "comma-separated environment variables whose values are masked in logs and reports",
        "E2E_SECRET_ENV",
        metavar="NAMES",
    )
    for kind, what in (
        ("overlay", "an overlay that blocks the page"),
        ("busy", "a busy indicator"),
    ):
        group.addoption(
            f"--{kind}-locator",
            dest=f"e2e_{kind}_locators",
            action="append",
            default=[],
            metavar="KIND=VALUE",
            help=f"{what}, for every page of the run (repeatable; KIND: css, xpath, id, "
            "class, name, tag); replaces the default unless a page class sets its own",
        )
        parser.addini(
            f"e2e_{kind}_locators", f"{what}s for the whole run, one KIND=VALUE a line", "linelist"
        )
    server = "application server the run starts: "
    parser.addini("e2e_server_command", server + "the command, with {port}, {python}, {tmp}")
    parser.addini("e2e_server_url", server + "URL that answers once it is up, with {port}")
    parser.addini("e2e_server_port", server + "fixed port (default 0: a free one)")
    parser.addini("e2e_server_timeout", server + "seconds to wait for it (default 30)")
    parser.addini("e2e_server_reuse", server + "reuse one already answering", "bool")
    parser.addini("e2e_server_scope", server + "worker (default) or shared")
    add(
        "--artifacts-dir",
        "e2e_artifacts_dir",
        "where failure artifacts go (default reports/artifacts)",
        metavar="DIR",
    )


def _setting(config: pytest.Config, name: str, env: str | None = None) -> Any:
    value = config.getoption(name)
    if value is None and env:
        value = os.environ.get(env) or None
    if value is None:
        try:
            value = config.getini(name) or None
        except ValueError:
            value = None
    return value


def _headless_default() -> bool:
    if os.environ.get("CI"):
        return True
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or os.name == "nt")


def config_from_pytest(config: pytest.Config) -> Config:
    """Read options, ini and environment once, into the frozen :class:`Config`."""
    headless = config.getoption("e2e_headless")
    fresh = config.getoption("e2e_fresh_browser")
    if fresh is None:
        fresh = bool(config.getini("e2e_fresh_browser"))
    size = _setting(config, "e2e_window_size")
    timeout = _setting(config, "e2e_timeout", "E2E_TIMEOUT")
    slow_mo = _setting(config, "e2e_slow_mo")
    secret_env = _setting(config, "e2e_secret_env", "E2E_SECRET_ENV") or ""
    try:
        return Config(
            browser=(_setting(config, "e2e_browser", "E2E_BROWSER") or "chrome").lower(),
            headless=_headless_default() if headless is None else headless,
            window_size=parse_window_size(size) if size else (1280, 900),
            grid_url=_setting(config, "e2e_grid_url", "E2E_GRID_URL"),
            capabilities=dict(parse_capability(c) for c in config.getoption("e2e_capabilities")),
            driver_path=_setting(config, "e2e_driver_path"),
            browser_binary=_setting(config, "e2e_browser_binary"),
            driver_source=_setting(config, "e2e_driver_source") or "auto",
            timeout=float(timeout) if timeout else 5.0,
            slow_mo=float(slow_mo) / 1000 if slow_mo else 0.0,
            fresh_browser=fresh,
            sensitive_url=_setting(config, "e2e_sensitive_url", "SENSITIVE_URL"),
            secret_env=tuple(n.strip() for n in secret_env.split(",") if n.strip()),
            overlays=_locators(config, "overlay"),
            busy=_locators(config, "busy"),
        )
    except ValueError as exc:  # ConfigError, or a number that is not one
        raise pytest.UsageError(str(exc)) from exc


def _locators(config: pytest.Config, kind: str) -> tuple[Locator, ...]:
    given = config.getoption(f"e2e_{kind}_locators") or config.getini(f"e2e_{kind}_locators")
    return tuple(parse_locator(text, f"--{kind}-locator") for text in given if text.strip())


def server_config(config: pytest.Config) -> ServerConfig | None:
    """The ini's application server, or ``None`` when there is none or --base-url is given."""
    command = config.getini("e2e_server_command")
    if not command or config.getoption("base_url", None):
        return None
    try:
        return ServerConfig(
            command=command,
            url=config.getini("e2e_server_url") or "http://127.0.0.1:{port}/",
            port=int(config.getini("e2e_server_port") or 0),
            timeout=float(config.getini("e2e_server_timeout") or 30),
            reuse=bool(config.getini("e2e_server_reuse")),
            scope=config.getini("e2e_server_scope") or "worker",
        )
    except ValueError as exc:
        raise pytest.UsageError(str(exc)) from None


def _start_server(config: pytest.Config, settings: ServerConfig) -> None:
    worker = getattr(config, "workerinput", None)
    if worker is not None and "e2e_server_url" in worker:  # the controller's shared server
        config.option.base_url = worker["e2e_server_url"]
        config.stash[_SERVER] = _SharedServer(worker["e2e_server_url"], worker["e2e_server_tmp"])
        return
    controls_workers = worker is None and getattr(config.option, "dist", "no") != "no"
    if controls_workers and settings.scope == "worker":
        return  # each worker starts its own
    name = "server-" + (worker["workerid"] if worker else "main")
    server = AppServer(settings, config.stash[_ARTIFACTS], name, cwd=config.rootpath)
    try:
        server.start()
    except ServerError as exc:
        raise pytest.UsageError(str(exc)) from None
    config.stash[_SERVER] = server
    config.option.base_url = server.root


@dataclass(frozen=True)
class _SharedServer:
    """A worker's view of the server the controller started."""

    root: str
    tmp: Path

    def died(self) -> str | None:
        return None


def pytest_configure_node(node: Any) -> None:  # pytest-xdist, on the controller
    server = node.config.stash.get(_SERVER, None)
    if isinstance(server, AppServer):
        node.workerinput["e2e_server_url"] = server.root
        node.workerinput["e2e_server_tmp"] = str(server.tmp)


def pytest_unconfigure(config: pytest.Config) -> None:
    server = config.stash.get(_SERVER, None)
    if isinstance(server, AppServer):
        server.stop()


@pytest.fixture(scope="session")
def e2e_server(pytestconfig: pytest.Config) -> AppServer | _SharedServer | None:
    """The application server the ini starts (``.root``, ``.tmp``), or ``None``."""
    return pytestconfig.stash.get(_SERVER, None)


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "nondestructive: safe to run against a sensitive URL")
    config.addinivalue_line("markers", "smoke: a quick check of the main paths")
    config.addinivalue_line("markers", "browser(*names): run only on these browsers")
    config.stash[_CONFIG] = config_from_pytest(config)
    config.stash[_ARTIFACTS] = Path(_setting(config, "e2e_artifacts_dir") or "reports/artifacts")
    names = config.stash[_CONFIG].secret_env
    config.stash[_SECRETS] = frozenset(os.environ[n] for n in names if os.environ.get(n))
    config.stash[_REACHABLE] = {}
    settings = server_config(config)
    if settings is not None:
        _start_server(config, settings)
    metadata = _metadata(config)
    if metadata is not None:
        e2e = config.stash[_CONFIG]
        metadata["Browser"] = e2e.browser
        metadata["Headless"] = str(e2e.headless)
        if e2e.grid_url:
            metadata["Grid"] = e2e.grid_url


def _metadata(config: pytest.Config) -> dict[str, Any] | None:
    try:
        from pytest_metadata.plugin import metadata_key  # type: ignore[import-untyped]
    except ImportError:
        return None
    return config.stash.get(metadata_key, None)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    browser = config.stash[_CONFIG].browser
    for item in items:
        marker = item.get_closest_marker("browser")
        if marker and browser not in marker.args:
            item.add_marker(
                pytest.mark.skip(reason=f"runs on {', '.join(marker.args)}, not on {browser}")
            )


# -- fixtures -----------------------------------------------------------------------
@pytest.fixture(scope="session")
def e2e_config(pytestconfig: pytest.Config) -> Config:
    """The run's frozen configuration."""
    return pytestconfig.stash[_CONFIG]


class _BrowserPool:
    """One browser per worker, reused across tests and replaced when it dies."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.driver: WebDriver | None = None
        self.version = ""
        self.failure: DriverError | None = None

    def get(self) -> WebDriver:
        if self.failure is not None:  # the same setup error: say it again, at once
            raise self.failure
        if self.driver is not None and not _alive(self.driver):
            self.close()
        if self.driver is None:
            try:
                self.driver = build_driver(self.config)
            except DriverError as exc:
                self.failure = exc
                raise
            self.version = str(self.driver.capabilities.get("browserVersion", ""))
        return self.driver

    def reset(self) -> None:
        """Leave the browser as a new one: no cookies, storage or extra windows."""
        if self.driver is None:
            return
        try:
            _reset(self.driver)
        except Exception:  # a browser that cannot be reset is replaced
            self.close()

    def close(self) -> None:
        if self.driver is not None:
            _quit(self.driver)
            self.driver = None


def _quit(driver: WebDriver) -> None:
    """Quit a browser, dead or alive, and kill whatever is left of it."""
    try:
        driver.quit()
    except Exception:
        pass
    finally:
        processes.release(driver)


def _alive(driver: WebDriver) -> bool:
    try:
        driver.current_window_handle  # noqa: B018 - a cheap round trip
    except Exception:
        return False
    return True


def _reset(driver: WebDriver) -> None:
    handles = driver.window_handles
    for handle in handles[1:]:
        driver.switch_to.window(handle)
        driver.close()
    driver.switch_to.window(handles[0])
    if driver.current_url.startswith(("http://", "https://")):
        driver.execute_script(_RESET_SCRIPT)
    driver.delete_all_cookies()
    execute_cdp = getattr(driver, "execute_cdp_cmd", None)
    if execute_cdp is not None:  # Chromium: the other origins' cookies too
        execute_cdp("Network.clearBrowserCookies", {})
    driver.get("about:blank")
    drain_console(driver)  # the next test's console log holds its own entries only


@pytest.fixture(scope="session")
def _e2e_pool(e2e_config: Config) -> Iterator[_BrowserPool]:
    pool = _BrowserPool(e2e_config)
    yield pool
    pool.close()


@pytest.fixture(autouse=True)
def _e2e_sensitive(request: pytest.FixtureRequest, e2e_config: Config) -> None:
    """Skip destructive tests against a sensitive base URL, browser or not."""
    if e2e_config.sensitive_url:
        base_url = request.getfixturevalue("base_url")
        _check_sensitive(request, e2e_config, base_url)


def _check_sensitive(request: pytest.FixtureRequest, config: Config, base_url: str | None) -> None:
    if not (config.sensitive_url and base_url):
        return
    if re.search(config.sensitive_url, base_url) and not request.node.get_closest_marker(
        "nondestructive"
    ):
        pytest.skip(
            f"destructive test skipped: the base URL {base_url} matches --sensitive-url "
            f"{config.sensitive_url!r}; mark the test nondestructive if it changes nothing"
        )


@pytest.fixture
def e2e_actions(e2e_config: Config, request: pytest.FixtureRequest) -> ActionLog:
    """The page-object action log of this test (attached to the report on failure)."""
    stored: frozenset[str] = request.config.stash[_SECRETS]
    log = ActionLog(slow_mo=e2e_config.slow_mo, secrets=set(stored))
    request.node.stash[_LOG] = log
    return log


@pytest.fixture
def driver(
    request: pytest.FixtureRequest,
    e2e_config: Config,
    _e2e_pool: _BrowserPool,
    base_url: str | None,
) -> Generator[WebDriver, None, None]:
    """A browser for this test: reused and reset by default, new with --fresh-browser."""
    server = request.config.stash.get(_SERVER, None)
    gone = server.died() if server is not None else None
    if gone:
        pytest.fail(gone, pytrace=False)
    _check_reachable(request.config, base_url)
    if e2e_config.fresh_browser:
        fresh = _started(lambda: build_driver(e2e_config))
        _record_browser(
            request, e2e_config, str(fresh.capabilities.get("browserVersion", "")), base_url
        )
        try:
            yield fresh
        finally:
            _quit(fresh)
        return
    browser = _started(_e2e_pool.get)
    _record_browser(request, e2e_config, _e2e_pool.version, base_url)
    yield browser
    _e2e_pool.reset()


def _started(start: Callable[[], WebDriver]) -> WebDriver:
    """Start a browser; a setup problem fails the test with its message alone."""
    try:
        return start()
    except DriverError as exc:
        pytest.fail(f"{type(exc).__name__}: {exc.msg}", pytrace=False)


def _check_reachable(config: pytest.Config, base_url: str | None) -> None:
    """Fail fast, once per URL, when the application is not there."""
    if not base_url or not base_url.startswith(("http://", "https://")):
        return
    seen = config.stash[_REACHABLE]
    if base_url not in seen:
        seen[base_url] = unreachable(base_url)
    problem = seen[base_url]
    if problem:
        pytest.fail(problem, pytrace=False)


def _record_browser(
    request: pytest.FixtureRequest, config: Config, version: str, base_url: str | None
) -> None:
    mode = "headless" if config.headless else "headed"
    where = f" on {config.grid_url}" if config.grid_url else ""
    text = f"{config.browser} {version} ({mode}){where}; base URL {base_url}"
    request.node.user_properties.append(("browser", text))
    request.node.stash[_BROWSER] = text


@pytest.fixture
def e2e_downloads(driver: WebDriver, tmp_path_factory: pytest.TempPathFactory) -> Path | None:
    """This test's own download folder (local Chromium; ``None`` where the browser's
    download folder cannot be set per test: Firefox, a Grid)."""
    folder = tmp_path_factory.mktemp("downloads")
    return folder if set_download_folder(driver, folder) else None


@pytest.fixture
def page(
    driver: WebDriver,
    base_url: str | None,
    e2e_config: Config,
    e2e_actions: ActionLog,
    e2e_downloads: Path | None,
) -> Callable[[type[P]], P]:
    """A factory: ``login = page(LoginPage)`` gives a page object wired to this test."""

    def make(page_class: type[P]) -> P:
        kwargs: dict[str, Any] = {}
        if e2e_config.overlays and not _sets_own(page_class, "overlays"):
            kwargs["overlays"] = e2e_config.overlays
        if e2e_config.busy and not _sets_own(page_class, "busy"):
            kwargs["busy"] = e2e_config.busy
        return page_class(
            driver,
            base_url or "",
            timeout=e2e_config.timeout,
            log=e2e_actions,
            downloads=e2e_downloads,
            **kwargs,
        )

    return make


# -- reporting ----------------------------------------------------------------------
@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, Any, None]:
    outcome = yield
    report: pytest.TestReport = outcome.get_result()
    browser = getattr(item, "funcargs", {}).get("driver")
    log = item.stash.get(_LOG, None)
    stored: frozenset[str] = item.config.stash[_SECRETS]
    secrets = set(stored)
    if log:
        secrets |= log.secrets
    if report.when == "call" and _BROWSER in item.stash:
        report.sections.append(("browser", item.stash[_BROWSER]))
    if report.failed and browser is not None:
        _attach_artifacts(item, report, browser, log, secrets)
    if secrets:
        _mask_report(report, secrets)


def _attach_artifacts(
    item: pytest.Item,
    report: pytest.TestReport,
    browser: WebDriver,
    log: ActionLog | None,
    secrets: set[str],
) -> None:
    artifacts = capture(browser, secrets)
    folder = item.config.stash[_ARTIFACTS] / safe_dirname(f"{item.nodeid}-{report.when}")
    written = artifacts.write(folder)
    lines = [f"artifacts: {folder}" + ("" if written else " (none could be taken)")]
    report.sections.append(("e2e", "\n".join(lines + list(artifacts.problems))))
    if log and log.actions:
        report.sections.append(("page actions", log.render()))
    _add_html_extras(item, report, artifacts, log)


def _mask_report(report: pytest.TestReport, secrets: set[str]) -> None:
    if report.longrepr:
        report.longrepr = mask(str(report.longrepr), secrets)
    report.sections = [(title, mask(text, secrets)) for title, text in report.sections]
    extras = getattr(report, "extras", None)
    if extras:
        for extra in extras:
            if extra.get("format_type") in ("text", "html", "url", "json"):
                extra["content"] = mask(str(extra["content"]), secrets)


def _add_html_extras(
    item: pytest.Item, report: pytest.TestReport, artifacts: Artifacts, log: ActionLog | None
) -> None:
    if not item.config.pluginmanager.hasplugin("html"):
        return
    from pytest_html import extras  # type: ignore[import-untyped]

    found = getattr(report, "extras", [])
    if artifacts.url:
        found.append(extras.url(artifacts.url, name="URL at failure"))
    if artifacts.screenshot_png:
        encoded = base64.b64encode(artifacts.screenshot_png).decode()
        found.append(extras.png(encoded, name="Screenshot"))
    if artifacts.html:
        found.append(extras.text(artifacts.html, name="Page HTML"))
    if artifacts.console:
        found.append(extras.text(artifacts.console_text(), name="Browser console"))
    if log and log.actions:
        found.append(extras.text(log.render(), name="Page actions"))
    report.extras = found  # type: ignore[attr-defined]  # pytest-html reads it
