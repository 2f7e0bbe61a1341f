"""The pytest plugin: options -> one frozen Config -> fixtures -> page objects."""

from __future__ import annotations

import base64
import concurrent.futures
import contextlib
import os
import re
import threading
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

import pytest
from selenium.common.exceptions import InvalidSelectorException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from e2e import interrupts, preflight, processes
from e2e.actions import ActionLog
from e2e.channels import channel_of
from e2e.config import (
    BROWSERS,
    DRIVER_SOURCES,
    Config,
    ConfigError,
    parse_capability,
    parse_locator,
    parse_number,
    parse_window_size,
)
from e2e.downloads import set_download_folder
from e2e.driver import DriverError, build_driver, unreachable, uses_headless_shell
from e2e.engines import NEW_BROWSER, engine_of
from e2e.environment import (
    DEVICES,
    EmulationError,
    Environment,
    emulate,
    end_environment,
    parse_device,
    parse_geolocation,
    parse_permission,
)
from e2e.interrupts import Interrupts, leave_a_closed_terminal
from e2e.isolation import RESET, isolation_for
from e2e.isolation import release as release_isolation
from e2e.locators import Locator
from e2e.masking import mask, secret_problem
from e2e.network import Network, end_routes
from e2e.page import BasePage, _sets_own
from e2e.reporting import Artifacts, capture, drain_console, safe_dirname, unresponsive
from e2e.results import RunResults, attempt_of, relative_link, reruns_enabled, waits_of
from e2e.server import AppServer, ServerConfig, ServerError
from e2e.trace import MODES as TRACE_MODES
from e2e.trace import Tracer
from e2e.waits import network_script

P = TypeVar("P", bound=BasePage)

_CONFIG = pytest.StashKey[Config]()
_ARTIFACTS = pytest.StashKey[Path]()
_LOG = pytest.StashKey[ActionLog]()
_SECRETS = pytest.StashKey[frozenset[str]]()
_BROWSER = pytest.StashKey[str]()
_REACHABLE = pytest.StashKey[dict[str, str | None]]()
_SERVER = pytest.StashKey["AppServer | _SharedServer"]()
_INTERRUPTS = pytest.StashKey[Interrupts]()
_TRACER = pytest.StashKey[Tracer]()
_RESULTS = pytest.StashKey[RunResults]()


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
        "--headless-shell",
        "e2e_headless_shell",
        "headless Chromium runs in chromium-headless-shell: auto (when installed, the "
        "default), on, off (the full browser, --headless=new); tests marked full_browser "
        "always get the full browser",
        "E2E_HEADLESS_SHELL",
        metavar="WHEN",
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
    add(
        "--settle-quiet-ms",
        "e2e_settle_quiet_ms",
        "a page is settled only once its DOM has not changed for MS milliseconds, for "
        "apps that show no other sign of work (default 0: off)",
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
    add(
        "--locale",
        "e2e_locale",
        "each test's locale and Accept-Language, e.g. ja-JP",
        metavar="TAG",
    )
    add("--timezone", "e2e_timezone", "each test's IANA time zone, e.g. Asia/Tokyo", metavar="ZONE")
    add(
        "--geolocation",
        "e2e_geolocation",
        "each test's position, LATITUDE,LONGITUDE (grants the geolocation permission)",
        metavar="LAT,LON",
    )
    group.addoption(
        "--permission",
        dest="e2e_permissions",
        action="append",
        default=[],
        metavar="NAME=STATE",
        help="a permission for each test, e.g. notifications=denied (repeatable; STATE: "
        "granted, denied, prompt)",
    )
    parser.addini("e2e_permissions", "permissions for each test, one NAME=STATE a line", "linelist")
    add(
        "--color-scheme",
        "e2e_color_scheme",
        "each test's prefers-color-scheme: light, dark",
        metavar="SCHEME",
    )
    add(
        "--device",
        "e2e_device",
        f"each test's device: {', '.join(d.name for d in DEVICES.values())}, or "
        "WIDTHxHEIGHT[@SCALE]",
        metavar="NAME",
    )
    add(
        "--tracing",
        "e2e_trace",
        f"record a trace of each test: {', '.join(TRACE_MODES)} (default off; "
        "retain-on-failure keeps the traces of failed tests)",
        "E2E_TRACE",
        metavar="MODE",
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
    return _sourced(config, name, env)[0]


def _sourced(config: pytest.Config, name: str, env: str | None = None) -> tuple[Any, str]:
    """A setting's value and where it came from, in words for an error message."""
    value = config.getoption(name)
    if value is not None:
        return value, _OPTION_NAMES.get(name, name)
    if env and os.environ.get(env):
        return os.environ[env], f"environment variable {env}="
    try:
        value = config.getini(name) or None
    except ValueError:
        value = None
    return value, f"ini {name} ="


_OPTION_NAMES = {
    "e2e_timeout": "--wait-timeout",
    "e2e_slow_mo": "--slow-mo",
    "e2e_settle_quiet_ms": "--settle-quiet-ms",
}


def _headless_default() -> bool:
    if os.environ.get("CI"):
        return True
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or os.name == "nt")


def _browser_name(given: str | None) -> str:
    return "chrome" if given is None else given.strip().lower()


def config_from_pytest(config: pytest.Config) -> Config:
    """Read options, ini and environment once, into the frozen :class:`Config`."""
    headless = config.getoption("e2e_headless")
    fresh = config.getoption("e2e_fresh_browser")
    if fresh is None:
        fresh = bool(config.getini("e2e_fresh_browser"))
    size = _setting(config, "e2e_window_size")
    timeout, timeout_from = _sourced(config, "e2e_timeout", "E2E_TIMEOUT")
    slow_mo, slow_mo_from = _sourced(config, "e2e_slow_mo")
    quiet, quiet_from = _sourced(config, "e2e_settle_quiet_ms")
    secret_env = _setting(config, "e2e_secret_env", "E2E_SECRET_ENV") or ""
    try:
        return Config(
            browser=_browser_name(_setting(config, "e2e_browser", "E2E_BROWSER")),
            headless=_headless_default() if headless is None else headless,
            window_size=parse_window_size(size) if size else (1280, 900),
            grid_url=_setting(config, "e2e_grid_url", "E2E_GRID_URL"),
            capabilities=dict(parse_capability(c) for c in config.getoption("e2e_capabilities")),
            driver_path=_setting(config, "e2e_driver_path"),
            browser_binary=_setting(config, "e2e_browser_binary"),
            driver_source=_setting(config, "e2e_driver_source") or "auto",
            timeout=parse_number(timeout, timeout_from, "seconds") if timeout else 5.0,
            slow_mo=parse_number(slow_mo, slow_mo_from, "milliseconds") / 1000 if slow_mo else 0.0,
            fresh_browser=fresh,
            sensitive_url=_setting(config, "e2e_sensitive_url", "SENSITIVE_URL"),
            secret_env=tuple(n.strip() for n in secret_env.split(",") if n.strip()),
            trace=(_setting(config, "e2e_trace", "E2E_TRACE") or "off").lower(),
            headless_shell=(
                _setting(config, "e2e_headless_shell", "E2E_HEADLESS_SHELL") or "auto"
            ).lower(),
            overlays=_locators(config, "overlay"),
            busy=_locators(config, "busy"),
            settle_quiet=parse_number(quiet, quiet_from, "milliseconds") / 1000 if quiet else 0.0,
            environment=_environment(config),
        )
    except ValueError as exc:  # ConfigError, or a number that is not one
        raise pytest.UsageError(str(exc)) from exc


def _environment(config: pytest.Config) -> Environment:
    """The run's environment options (``EmulationError`` names the bad one)."""
    position = _setting(config, "e2e_geolocation")
    device = _setting(config, "e2e_device")
    permissions = config.getoption("e2e_permissions") or config.getini("e2e_permissions")
    return Environment(
        locale=_setting(config, "e2e_locale"),
        timezone=_setting(config, "e2e_timezone"),
        geolocation=parse_geolocation(position) if position else None,
        permissions=tuple(parse_permission(p) for p in permissions if p.strip()),
        color_scheme=_setting(config, "e2e_color_scheme"),
        device=parse_device(device) if device else None,
    )


def _locators(config: pytest.Config, kind: str) -> tuple[Locator, ...]:
    given = config.getoption(f"e2e_{kind}_locators") or config.getini(f"e2e_{kind}_locators")
    return tuple(parse_locator(text, f"--{kind}-locator") for text in given if text.strip())


def server_config(config: pytest.Config) -> ServerConfig | None:
    """The ini's application server, or ``None`` when there is none or --base-url is given."""
    command = config.getini("e2e_server_command")
    if not command or config.getoption("base_url", None) or config.getini("base_url"):
        return None
    try:
        settings = ServerConfig(
            command=command,
            url=config.getini("e2e_server_url") or "http://127.0.0.1:{port}/",
            port=_ini_number(config, "e2e_server_port", int, 0),
            timeout=_ini_number(config, "e2e_server_timeout", float, 30.0),
            reuse=bool(config.getini("e2e_server_reuse")),
            scope=config.getini("e2e_server_scope") or "worker",
        )
    except ValueError as exc:
        raise pytest.UsageError(str(exc)) from None
    if settings.port and settings.scope == "worker" and _distributed(config):
        raise pytest.UsageError(
            f"e2e_server_port = {settings.port} with e2e_server_scope = worker under "
            "pytest-xdist: every worker would start its server on that one port. Set "
            "e2e_server_port = 0 (a free port each), or e2e_server_scope = shared."
        )
    return settings


N = TypeVar("N", int, float)


def _ini_number(config: pytest.Config, key: str, kind: type[N], default: N) -> N:
    text = str(config.getini(key) or "").strip()
    if not text:
        return default
    try:
        value = kind(text)
    except ValueError:
        what = "a whole number" if kind is int else "a number of seconds"
        raise ValueError(f"{key} = {text!r} is not {what}") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(f"{key} = {text!r} is not a finite number")
    return value


def _distributed(config: pytest.Config) -> bool:
    """Whether this process is an xdist controller that will start workers."""
    return not hasattr(config, "workerinput") and getattr(config.option, "dist", "no") != "no"


def _start_server(config: pytest.Config, settings: ServerConfig) -> None:
    worker = getattr(config, "workerinput", None)
    if worker is not None and "e2e_server_url" in worker:  # the controller's shared server
        config.option.base_url = worker["e2e_server_url"]
        config.stash[_SERVER] = _SharedServer(worker["e2e_server_url"], worker["e2e_server_tmp"])
        return
    if _distributed(config) and settings.scope == "worker":
        # Each worker starts its own. Start it once here first, so that a server that
        # cannot start is one usage error, not a crash of every worker in turn.
        trial = AppServer(settings, config.stash[_ARTIFACTS], "server-check", cwd=config.rootpath)
        try:
            trial.start()
        except ServerError as exc:
            raise pytest.UsageError(str(exc)) from None
        trial.stop()
        return
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


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:  # pytest-xdist, on the controller
    server = node.config.stash.get(_SERVER, None)
    if isinstance(server, AppServer):
        node.workerinput["e2e_server_url"] = server.root
        node.workerinput["e2e_server_tmp"] = str(server.tmp)


def pytest_unconfigure(config: pytest.Config) -> None:
    results = config.stash.get(_RESULTS, None)
    if results is not None and config.pluginmanager.is_registered(results):
        config.pluginmanager.unregister(results)
    server = config.stash.get(_SERVER, None)
    if isinstance(server, AppServer):
        server.stop()
    interrupts = config.stash.get(_INTERRUPTS, None)
    if interrupts is not None:
        interrupts.restore()


def _finish_on_signals(config: pytest.Config) -> None:
    """SIGINT, SIGTERM and SIGHUP end the run as Ctrl-C does (e2e.interrupts). In an
    xdist worker the signal's name goes back to the controller, so the test it stopped
    says which signal stopped it instead of "crashed"."""
    workeroutput = getattr(config, "workeroutput", None)

    def first(name: str, signum: int) -> bool:
        if workeroutput is not None:
            workeroutput["e2e_signal"] = name
            return False
        return _stop_workers(config, name, signum)

    interrupts = config.stash[_INTERRUPTS] = Interrupts(first, quiet=workeroutput is not None)
    interrupts.install()


def _stop_workers(config: pytest.Config, name: str, signum: int) -> bool:
    """On an xdist controller: pass the signal to each worker and keep listening to them
    until they have stopped, so that the tests they were running, and the reports of
    those that had finished, reach junit.xml and report.html. (Raising at once, as
    xdist's controller does on Ctrl-C, drops them.) ``False`` when there are none."""
    dsession = config.pluginmanager.getplugin("dsession")
    nodes = list(getattr(dsession, "_active_nodes", ()) or ())
    if dsession is None or not nodes:
        return False
    dsession.shouldstop = f"{name} received"
    for node in nodes:
        popen = getattr(getattr(getattr(node, "gateway", None), "_io", None), "popen", None)
        pid = getattr(popen, "pid", None)
        if isinstance(pid, int):
            with contextlib.suppress(OSError):
                os.kill(pid, signum)  # a worker that had it already takes it as a second
    return True


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_teardown(item: pytest.Item) -> None:
    interrupts = item.config.stash.get(_INTERRUPTS, None)
    if interrupts is not None:
        interrupts.deferring = True


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item) -> Generator[None, object, object]:
    """A signal during a test's teardown stops the run once the teardown is over and its
    report sent (pytest-html shows a test only once its teardown report has come)."""
    try:
        return (yield)
    finally:
        interrupts = item.config.stash.get(_INTERRUPTS, None)
        pending = interrupts.stop_deferring() if interrupts is not None else None
        if pending:
            item.session.shouldstop = f"{pending} received"


@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish(session: pytest.Session) -> None:
    """After SIGHUP the terminal may be gone: the summary must not die writing to it
    (the reports are written after this, by pytest-html and junitxml)."""
    interrupts = session.config.stash.get(_INTERRUPTS, None)
    if interrupts is not None and interrupts.received == "SIGHUP":
        leave_a_closed_terminal()


@pytest.hookimpl(optionalhook=True)
def pytest_handlecrashitem(crashitem: str, report: pytest.TestReport, sched: Any) -> None:
    """pytest-xdist, on the controller: a worker that a signal stopped did not crash."""
    node = getattr(report, "node", None)
    name = (getattr(node, "workeroutput", None) or {}).get("e2e_signal")
    if name:
        worker = getattr(getattr(node, "gateway", None), "id", "?")
        report.longrepr = (
            f"worker {worker!r} received {name} while running {crashitem!r}: the test was "
            "stopped before it finished, and the run with it, as Ctrl-C does."
        )


@pytest.fixture(scope="session")
def e2e_server(pytestconfig: pytest.Config) -> AppServer | _SharedServer | None:
    """The application server the ini starts (``.root``, ``.tmp``), or ``None``."""
    return pytestconfig.stash.get(_SERVER, None)


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "nondestructive: safe to run against a sensitive URL")
    config.addinivalue_line("markers", "smoke: a quick check of the main paths")
    config.addinivalue_line("markers", "browser(*names): run only on these browsers")
    config.addinivalue_line(
        "markers", "full_browser: needs the full Chromium, not the headless shell"
    )
    config.addinivalue_line(
        "markers",
        "emulate(locale=, timezone=, geolocation=, permissions=, color_scheme=, device=): "
        "the test's context emulates these, over the run's options",
    )
    config.stash[_CONFIG] = config_from_pytest(config)
    config.stash[_ARTIFACTS] = Path(_setting(config, "e2e_artifacts_dir") or "reports/artifacts")
    names = config.stash[_CONFIG].secret_env
    config.stash[_SECRETS] = _secrets(names)
    config.stash[_REACHABLE] = {}
    # The end-of-run summaries: a plugin object of this run, so its hooks see this
    # run's results and nothing module-wide (pytester runs sessions inside sessions).
    results = config.stash[_RESULTS] = RunResults()
    config.pluginmanager.register(results, "e2e-results")
    if not hasattr(config, "workerinput"):  # the controller (or only process) checks once
        url = config.getoption("base_url", None) or config.getini("base_url")
        reports = {
            "--junitxml": getattr(config.option, "xmlpath", None),
            "--html": getattr(config.option, "htmlpath", None),
        }
        found = preflight.problems(config.stash[_CONFIG], url, config.stash[_ARTIFACTS], reports)
        if found:
            raise pytest.UsageError("\n".join(found))
        _try_run_locators(config.stash[_CONFIG])
    settings = server_config(config)
    if settings is not None:
        _start_server(config, settings)
    processes.run_tag()  # one tag for the run, inherited by xdist workers
    _finish_on_signals(config)
    metadata = _metadata(config)
    if metadata is not None:
        e2e = config.stash[_CONFIG]
        metadata["Browser"] = e2e.browser
        metadata["Headless"] = str(e2e.headless)
        if e2e.grid_url:
            metadata["Grid"] = e2e.grid_url


def _secrets(names: tuple[str, ...]) -> frozenset[str]:
    """The values of the --secret-env variables; a usage error for one too short to mask."""
    values = {name: os.environ[name] for name in names if os.environ.get(name)}
    for name, value in values.items():
        problem = secret_problem(value, f"The value of {name} (named in --secret-env)")
        if problem:
            raise pytest.UsageError(problem)
    return frozenset(values.values())


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
            isolation_for(self.driver).end()
            drain_console(self.driver)  # the next test's log holds its own entries only
        except Exception:  # a browser that cannot be reset is replaced
            self.close()

    def close(self) -> None:
        if self.driver is not None:
            _quit(self.driver)
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
        self._quitting.append(self._quitter.submit(_quit, driver))

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
                _quit(spare.result(timeout=30))
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


def _try_run_locators(config: Config) -> None:
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
        _quit(driver)


def _quit(driver: WebDriver) -> None:
    """Quit a browser, dead or alive, and kill whatever is left of it. A driver that
    does not answer is given a few seconds, then killed with its browser by their tag."""
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
        release_isolation(driver)
        processes.release(driver)


@pytest.fixture(scope="session")
def _e2e_pool(e2e_config: Config) -> Iterator[_Pools]:
    pools = _Pools(e2e_config)
    yield pools
    pools.close()


class _Pools:
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
    _e2e_pool: _Pools,
    base_url: str | None,
) -> Generator[WebDriver, None, None]:
    """A browser for this test: one per worker, each test in a fresh user context (or
    reset after it) by default; a new one per test with --fresh-browser."""
    server = request.config.stash.get(_SERVER, None)
    gone = server.died() if server is not None else None
    if gone:
        pytest.fail(gone, pytrace=False)
    _check_reachable(request.config, base_url)
    environment = _test_environment(request, e2e_config)
    pool = _e2e_pool.for_test(request)
    if e2e_config.fresh_browser:
        fresh = _started(lambda: build_driver(pool.config))
        version = str(fresh.capabilities.get("browserVersion", ""))
        _record_browser(request, pool.config, version, base_url, "a new browser")
        try:
            _emulate(fresh, environment, base_url, "fresh")
            yield fresh
        finally:
            end_routes(fresh)
            _quit(fresh)
        return
    browser = _started(pool.get)
    _record_browser(request, pool.config, pool.version, base_url, pool.isolation)
    try:
        _emulate(browser, environment, base_url, pool.isolation)
        yield browser
    finally:
        end_routes(browser)  # the next test sees the real network
        if not environment.empty:
            with contextlib.suppress(Exception):  # a dead browser is replaced anyway
                end_environment(browser)
        pool.reset()


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


def _check_reachable(config: pytest.Config, base_url: str | None) -> None:
    """Fail fast when the application is not there. A URL that answered is not asked
    again; one that did not (at first, or when a test saw it stop) is asked again before
    each test, so a run goes on once the application is back."""
    if not base_url or not base_url.startswith(("http://", "https://")):
        return
    seen = config.stash[_REACHABLE]
    if base_url not in seen or seen[base_url]:
        seen[base_url] = unreachable(base_url, timeout=_REACHABLE_AGAIN_SECONDS)
    problem = seen[base_url]
    if problem:
        pytest.fail(problem, pytrace=False)


#: How long a test waits for an application that stopped answering to answer again.
_REACHABLE_AGAIN_SECONDS = 5.0


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
    _e2e_trace: Tracer | None,
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
            settle_quiet=e2e_config.settle_quiet,
            **kwargs,
        )

    return make


@pytest.fixture
def _e2e_trace(
    request: pytest.FixtureRequest, driver: WebDriver, e2e_actions: ActionLog, e2e_config: Config
) -> Iterator[Tracer | None]:
    """Records this test's trace (--tracing on / retain-on-failure)."""
    if e2e_config.trace == "off":
        yield None
        return
    tracer = Tracer(driver, e2e_actions).start()
    if channel_of(driver) is not None:  # the traffic with bodies, as trace.har
        with contextlib.suppress(Exception):  # a trace without it is still a trace
            tracer.har = Network(driver).record_har()
    request.node.stash[_TRACER] = tracer
    try:
        yield tracer
    finally:
        tracer.stop()


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
    if report.failed and call.excinfo is not None:
        _explain(item, report, call.excinfo)
    artifacts: Artifacts | None = None
    if report.failed and browser is not None:
        try:
            artifacts = _attach_artifacts(item, report, browser, log, secrets)
        except Exception as exc:  # never lose the test's own failure to its artifacts
            report.sections.append(
                ("e2e", f"artifacts could not be taken: {type(exc).__name__}: {exc}")
            )
    if report.when == "call":
        report.e2e_waits = waits_of(log)  # type: ignore[attr-defined]
        attempt = attempt_of(item)
        if report.passed and attempt > 1:
            _mark_flaky(item, report, attempt)
    tracer = item.stash.get(_TRACER, None)
    if tracer is not None and report.when in ("setup", "call") and _keep_trace(item, report):
        try:
            _write_trace(item, report, tracer, artifacts, browser, secrets)
        except Exception as exc:  # a trace must never hide the failure either
            report.sections.append(
                ("e2e", f"the trace could not be written: {type(exc).__name__}: {exc}")
            )
    if secrets:
        _mask_report(report, secrets)


def _keep_trace(item: pytest.Item, report: pytest.TestReport) -> bool:
    mode = item.config.stash[_CONFIG].trace
    if report.failed:
        return True  # "on" or "retain-on-failure"
    return mode == "on" and report.when == "call"


def _artifact_folder(item: pytest.Item, when: str) -> Path:
    """This test's artifact folder; with reruns, one per attempt (``-attempt2``)."""
    name = f"{item.nodeid}-{when}"
    if reruns_enabled(item.config):
        name += f"-attempt{attempt_of(item)}"
    return item.config.stash[_ARTIFACTS] / safe_dirname(name)


def _write_trace(
    item: pytest.Item,
    report: pytest.TestReport,
    tracer: Tracer,
    artifacts: Artifacts | None,
    browser: WebDriver | None,
    secrets: set[str],
) -> None:
    if artifacts is not None:
        console, html = list(artifacts.console), artifacts.html
    else:  # a passing test kept with --tracing on: read the console now
        console, html = [], ""
        if browser is not None:
            with contextlib.suppress(Exception):
                console = drain_console(browser) or []
    path = _artifact_folder(item, report.when) / "trace.html"
    failure = str(report.longrepr) if report.failed else ""
    tracer.write(
        path,
        test=item.nodeid,
        outcome="failed" if report.failed else "passed",
        failure=failure,
        console=console,
        html=html,
        secrets=secrets,
    )
    report.e2e_trace = str(path)  # type: ignore[attr-defined]
    report.sections.append(("e2e trace", str(path)))
    if item.config.pluginmanager.hasplugin("html"):
        from pytest_html import extras  # type: ignore[import-untyped]

        link = relative_link(path, getattr(item.config.option, "htmlpath", None))
        found = getattr(report, "extras", [])
        found.append(extras.url(link, name="Trace"))
        report.extras = found  # type: ignore[attr-defined]


def _mark_flaky(item: pytest.Item, report: pytest.TestReport, attempt: int) -> None:
    """A pass on a rerun is not a plain pass: say so in junit.xml, the report and the
    terminal summary."""
    note = f"flaky: passed on attempt {attempt} after {attempt - 1} failure(s)"
    report.e2e_flaky = attempt  # type: ignore[attr-defined]
    report.user_properties.append(("flaky", note))
    item.user_properties.append(("flaky", note))  # junitxml writes the teardown report's
    report.sections.append(("e2e", note))
    if item.config.pluginmanager.hasplugin("html"):
        from pytest_html import extras

        found = getattr(report, "extras", [])
        found.append(extras.html(f"<p class='flaky'><strong>FLAKY</strong>: {note}</p>"))
        report.extras = found  # type: ignore[attr-defined]


#: Driver and browser failures that say the browser or its driver is gone.
_BROWSER_GONE = (
    "invalid session id",
    "session deleted",
    "chrome not reachable",
    "disconnected: not connected to devtools",
    "tab crashed",
    "browser has closed",
    "no such window: target window already closed",
)


def _explain(
    item: pytest.Item, report: pytest.TestReport, excinfo: pytest.ExceptionInfo[Any]
) -> None:
    """Put one sentence, naming what to do, in front of a failure whose raw form is a
    transport traceback: the driver died, the browser died, the application stopped."""
    exc = excinfo.value
    text = (getattr(exc, "msg", None) or str(exc) or type(exc).__name__).strip()
    first = text.splitlines()[0][:300] if text else type(exc).__name__
    sentence = None
    if _is_transport_error(exc):
        sentence = (
            f"The browser's driver stopped answering during this test ({type(exc).__name__}: "
            f"{first[:160]}): it crashed or was killed. The next test gets a new browser."
        )
    elif isinstance(exc, WebDriverException) and any(m in text.lower() for m in _BROWSER_GONE):
        sentence = (
            f"The browser died during this test ({first}): it crashed or was killed. "
            "The next test gets a new browser."
        )
    elif isinstance(exc, WebDriverException) and "net::ERR_" in text:
        base_url = item.funcargs.get("base_url") if hasattr(item, "funcargs") else None
        problem = unreachable(base_url) if isinstance(base_url, str) else None
        if problem and isinstance(base_url, str):
            item.config.stash[_REACHABLE][base_url] = problem  # later tests ask again
            sentence = f"The application stopped answering during the run. {problem}"
    if sentence:
        report.longrepr = f"{sentence}\n\n(raised: {type(exc).__name__}: {first})"


def _is_transport_error(exc: BaseException) -> bool:
    try:
        from urllib3.exceptions import HTTPError as Urllib3Error
    except ImportError:  # pragma: no cover - Selenium depends on urllib3
        return False
    return isinstance(exc, (Urllib3Error, ConnectionError))


def _attach_artifacts(
    item: pytest.Item,
    report: pytest.TestReport,
    browser: WebDriver,
    log: ActionLog | None,
    secrets: set[str],
) -> Artifacts:
    artifacts = capture(browser, secrets)
    folder = _artifact_folder(item, report.when)
    written, unwritten = artifacts.write(folder)
    lines = [f"artifacts: {folder}" + ("" if written else " (none could be kept)")]
    report.sections.append(("e2e", "\n".join(lines + list(artifacts.problems) + unwritten)))
    if log and log.actions:
        report.sections.append(("page actions", log.render()))
    _add_html_extras(item, report, artifacts, log)
    return artifacts


def _mask_report(report: pytest.TestReport, secrets: set[str]) -> None:
    if isinstance(report.longrepr, tuple):
        # A skip's (path, line, reason): reporters (junitxml) need it to stay a tuple.
        path, line, reason = report.longrepr
        report.longrepr = (path, line, mask(reason, secrets))
    elif report.longrepr:
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
    from pytest_html import extras

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
