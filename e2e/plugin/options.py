"""The command-line options and ini keys of the plugin, and the one frozen ``Config``
built from them: option, then environment variable (where one is named), then ini.
Nothing after ``config_from_pytest`` reads an option again."""

from __future__ import annotations

import os
from typing import Any, TypeVar

import pytest

from e2e.config import (
    BROWSERS,
    DEFAULT_BACKGROUND,
    DRIVER_SOURCES,
    Config,
    parse_capability,
    parse_locator,
    parse_number,
    parse_window_size,
)
from e2e.emulation.devices import DEVICES, parse_device
from e2e.emulation.environment import (
    Environment,
    parse_geolocation,
    parse_permission,
)
from e2e.locators import Locator
from e2e.trace import MODES as TRACE_MODES


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
        "--settle-ignore-requests",
        dest="e2e_settle_ignore_requests",
        action="append",
        default=[],
        metavar="GLOB",
        help="a URL glob of requests the settle check never waits for, such as a long "
        "poll or a stream: '**/poll*' (repeatable; ** any characters, * any but /)",
    )
    parser.addini(
        "e2e_settle_ignore_requests",
        "URL globs of requests the settle check never waits for, one a line",
        "linelist",
    )
    add(
        "--settle-background-ms",
        "e2e_settle_background_ms",
        "how long the settle check waits for a request the page started on its own (no "
        "click or key in the second before), such as a long poll's first request "
        "(default 3000)",
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
    group.addoption(
        "--har-sensitive",
        dest="e2e_har_sensitive",
        action="store_true",
        default=None,
        help="keep Cookie, Set-Cookie and Authorization values in each trace's trace.har "
        "(masked by default: a HAR with them is a session anyone can use)",
    )
    parser.addini("e2e_har_sensitive", "keep Cookie/Authorization values in trace.har", type="bool")
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
        "--storage-state",
        "e2e_storage_state",
        "a saved sign-in state (page.save_storage_state) every test's context starts from",
        metavar="PATH",
    )
    group.addoption(
        "--update-snapshots",
        dest="e2e_update_snapshots",
        action="store_true",
        default=False,
        help="write each screenshot that is missing or differs as its new baseline "
        "(__screenshots__/<engine>-<platform>/<test>/ beside the test file)",
    )
    parser.addini(
        "e2e_axe_disable",
        "axe-core rule ids expect_accessible leaves out in every test, e.g. "
        "'color-contrast region'",
        type="args",
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


def setting_of(config: pytest.Config, name: str, env: str | None = None) -> Any:
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
    "e2e_settle_background_ms": "--settle-background-ms",
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
    har_sensitive = config.getoption("e2e_har_sensitive")
    if har_sensitive is None:
        har_sensitive = bool(config.getini("e2e_har_sensitive"))
    size = setting_of(config, "e2e_window_size")
    timeout, timeout_from = _sourced(config, "e2e_timeout", "E2E_TIMEOUT")
    slow_mo, slow_mo_from = _sourced(config, "e2e_slow_mo")
    quiet, quiet_from = _sourced(config, "e2e_settle_quiet_ms")
    background, background_from = _sourced(config, "e2e_settle_background_ms")
    ignore_requests = config.getoption("e2e_settle_ignore_requests") or config.getini(
        "e2e_settle_ignore_requests"
    )
    secret_env = setting_of(config, "e2e_secret_env", "E2E_SECRET_ENV") or ""
    try:
        return Config(
            browser=_browser_name(setting_of(config, "e2e_browser", "E2E_BROWSER")),
            headless=_headless_default() if headless is None else headless,
            window_size=parse_window_size(size) if size else (1280, 900),
            grid_url=setting_of(config, "e2e_grid_url", "E2E_GRID_URL"),
            capabilities=dict(parse_capability(c) for c in config.getoption("e2e_capabilities")),
            driver_path=setting_of(config, "e2e_driver_path"),
            browser_binary=setting_of(config, "e2e_browser_binary"),
            driver_source=setting_of(config, "e2e_driver_source") or "auto",
            timeout=parse_number(timeout, timeout_from, "seconds") if timeout else 5.0,
            slow_mo=parse_number(slow_mo, slow_mo_from, "milliseconds") / 1000 if slow_mo else 0.0,
            fresh_browser=fresh,
            sensitive_url=setting_of(config, "e2e_sensitive_url", "SENSITIVE_URL"),
            secret_env=tuple(n.strip() for n in secret_env.split(",") if n.strip()),
            trace=(setting_of(config, "e2e_trace", "E2E_TRACE") or "off").lower(),
            har_sensitive=har_sensitive,
            headless_shell=(
                setting_of(config, "e2e_headless_shell", "E2E_HEADLESS_SHELL") or "auto"
            ).lower(),
            overlays=_locators(config, "overlay"),
            busy=_locators(config, "busy"),
            settle_quiet=parse_number(quiet, quiet_from, "milliseconds") / 1000 if quiet else 0.0,
            settle_ignore_requests=tuple(g.strip() for g in ignore_requests if g.strip()),
            settle_background=(
                parse_number(background, background_from, "milliseconds") / 1000
                if background
                else DEFAULT_BACKGROUND
            ),
            environment=_environment(config),
            storage_state=setting_of(config, "e2e_storage_state"),
            update_snapshots=bool(config.getoption("e2e_update_snapshots")),
            axe_disable=tuple(config.getini("e2e_axe_disable")),
        )
    except ValueError as exc:  # ConfigError, or a number that is not one
        raise pytest.UsageError(str(exc)) from exc


def _environment(config: pytest.Config) -> Environment:
    """The run's environment options (``EmulationError`` names the bad one)."""
    position = setting_of(config, "e2e_geolocation")
    device = setting_of(config, "e2e_device")
    permissions = config.getoption("e2e_permissions") or config.getini("e2e_permissions")
    return Environment(
        locale=setting_of(config, "e2e_locale"),
        timezone=setting_of(config, "e2e_timezone"),
        geolocation=parse_geolocation(position) if position else None,
        permissions=tuple(parse_permission(p) for p in permissions if p.strip()),
        color_scheme=setting_of(config, "e2e_color_scheme"),
        device=parse_device(device) if device else None,
    )


def _locators(config: pytest.Config, kind: str) -> tuple[Locator, ...]:
    given = config.getoption(f"e2e_{kind}_locators") or config.getini(f"e2e_{kind}_locators")
    return tuple(parse_locator(text, f"--{kind}-locator") for text in given if text.strip())


N = TypeVar("N", int, float)


def ini_number(config: pytest.Config, key: str, kind: type[N], default: N) -> N:
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
