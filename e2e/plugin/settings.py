"""Every setting of the plugin, declared once: its command-line option, the ini key of the
same name (``--wait-timeout`` and ``e2e_wait_timeout``), its environment variable where it
has one, and the names it had before. Registration, reading and the error messages'
"where it came from" all derive from this table, so an option and its ini key cannot
drift apart; ``docs/options.md`` is checked against it (tests/plugin/test_public_api.py).

Precedence: option, then environment variable, then ini key, then the renamed ini key."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

import pytest

from e2e.config import BROWSERS, DRIVER_SOURCES
from e2e.emulation.devices import DEVICES
from e2e.trace import MODES as TRACE_MODES

Kind = Literal["value", "flag", "lines", "words"]


@dataclass(frozen=True)
class Setting:
    option: str
    help: str
    metavar: str | None = None
    #: ``value``: one string; ``flag``: on/off (ini bool); ``lines``: repeatable option,
    #: ini one a line; ``words``: repeatable option, ini separated by spaces.
    kind: Kind = "value"
    env: str | None = None
    #: the ini key and environment variable this setting had before (still read, with a
    #: DeprecationWarning that names the new one).
    renamed_from: str | None = None
    renamed_env: str | None = None
    #: the option that turns a flag off (``--headed`` for ``--headless``).
    negative: str | None = None
    negative_help: str = ""

    @property
    def ini(self) -> str:
        return "e2e_" + self.option.removeprefix("--").replace("-", "_")


_SERVER = "application server the run starts: "

SETTINGS: tuple[Setting, ...] = (
    Setting(
        "--browser",
        f"browser: {', '.join(BROWSERS)} (default chrome)",
        "NAME",
        env="E2E_BROWSER",
    ),
    Setting(
        "--headless",
        "run the browser without a window (default when CI is set or no display)",
        kind="flag",
        negative="--headed",
        negative_help="show the browser window",
    ),
    Setting(
        "--headless-shell",
        "headless Chromium runs in chromium-headless-shell: auto (when installed, the "
        "default), on, off (the full browser, --headless=new); tests marked full_browser "
        "always get the full browser",
        "WHEN",
        env="E2E_HEADLESS_SHELL",
    ),
    Setting("--window-size", "browser window WIDTHxHEIGHT (default 1280x900)", "WxH"),
    Setting("--grid-url", "run on the Selenium Grid at URL", "URL", env="E2E_GRID_URL"),
    Setting(
        "--capability",
        "extra capability for the browser (repeatable; ini: one a line)",
        "KEY=VALUE",
        kind="lines",
    ),
    Setting("--driver-path", "the driver executable to use", "PATH"),
    Setting("--browser-binary", "the browser executable to use", "PATH"),
    Setting(
        "--driver-source",
        f"where the driver comes from: {', '.join(DRIVER_SOURCES)} (default auto: PATH "
        "first, then Selenium Manager's cache, offline)",
        "SOURCE",
    ),
    Setting(
        "--wait-timeout",
        "default seconds for waits (default 5)",
        "SECONDS",
        env="E2E_WAIT_TIMEOUT",
        renamed_from="e2e_timeout",
        renamed_env="E2E_TIMEOUT",
    ),
    Setting("--slow-mo", "pause MS after each page action, for watching a run", "MS"),
    Setting(
        "--settle-quiet-ms",
        "a page is settled only once its DOM has not changed for MS milliseconds, for apps "
        "that show no other sign of work (default 0: off)",
        "MS",
    ),
    Setting(
        "--settle-ignore-requests",
        "a URL glob of requests the settle check never waits for, such as a long poll or a "
        "stream: '**/poll*' (repeatable; ini: one a line; ** any characters, * any but /)",
        "GLOB",
        kind="lines",
    ),
    Setting(
        "--settle-background-ms",
        "how long the settle check waits for a request the page started on its own (no "
        "click or key in the second before), such as a long poll's first request "
        "(default 3000)",
        "MS",
    ),
    Setting(
        "--fresh-browser", "a new browser for every test instead of one per worker", kind="flag"
    ),
    Setting(
        "--har-sensitive",
        "keep Cookie, Set-Cookie and Authorization values in each trace's trace.har "
        "(masked by default: a HAR with them is a session anyone can use)",
        kind="flag",
    ),
    Setting(
        "--sensitive-url",
        "regex: against a matching base URL, tests not marked nondestructive are skipped",
        "REGEX",
        env="SENSITIVE_URL",
    ),
    Setting(
        "--secret-env",
        "comma-separated environment variables whose values are masked in logs and reports",
        "NAMES",
        env="E2E_SECRET_ENV",
    ),
    Setting(
        "--overlay-locator",
        "an overlay that blocks the page, for every page of the run (repeatable; ini: one a "
        "line; KIND: css, xpath, id, class, name, tag); replaces the default unless a page "
        "class sets its own",
        "KIND=VALUE",
        kind="lines",
        renamed_from="e2e_overlay_locators",
    ),
    Setting(
        "--busy-locator",
        "a busy indicator, for every page of the run (repeatable; ini: one a line; KIND: "
        "css, xpath, id, class, name, tag); replaces the default unless a page class sets "
        "its own",
        "KIND=VALUE",
        kind="lines",
        renamed_from="e2e_busy_locators",
    ),
    Setting("--locale", "each test's locale and Accept-Language, e.g. ja-JP", "TAG"),
    Setting("--timezone", "each test's IANA time zone, e.g. Asia/Tokyo", "ZONE"),
    Setting(
        "--geolocation",
        "each test's position, LATITUDE,LONGITUDE (grants the geolocation permission)",
        "LAT,LON",
    ),
    Setting(
        "--permission",
        "a permission for each test, e.g. notifications=denied (repeatable; ini: one a "
        "line; STATE: granted, denied, prompt)",
        "NAME=STATE",
        kind="lines",
        renamed_from="e2e_permissions",
    ),
    Setting("--color-scheme", "each test's prefers-color-scheme: light, dark", "SCHEME"),
    Setting(
        "--device",
        f"each test's device: {', '.join(d.name for d in DEVICES.values())}, or "
        "WIDTHxHEIGHT[@SCALE]",
        "NAME",
    ),
    Setting(
        "--storage-state",
        "a saved sign-in state (page.save_storage_state) every test's context starts from",
        "PATH",
    ),
    Setting(
        "--update-snapshots",
        "write each screenshot that is missing or differs as its new baseline "
        "(__screenshots__/<engine>-<platform>/<test>/ beside the test file)",
        kind="flag",
    ),
    Setting(
        "--axe-disable",
        "an axe-core rule id expect_accessible leaves out in every test, e.g. "
        "color-contrast (repeatable; ini: separated by spaces)",
        "RULE",
        kind="words",
    ),
    Setting(
        "--test-id-attribute",
        "the attribute Locator.test_id matches (default data-testid)",
        "NAME",
    ),
    Setting(
        "--tracing",
        f"record a trace of each test: {', '.join(TRACE_MODES)} (default off; "
        "retain-on-failure keeps the traces of failed tests)",
        "MODE",
        env="E2E_TRACING",
        renamed_from="e2e_trace",
        renamed_env="E2E_TRACE",
    ),
    Setting(
        "--trace-snapshots",
        "DOM snapshots of the page before, at and after each step of a trace, to inspect "
        "and try locators on: on (the default) or off (screenshots only)",
        "WHEN",
        env="E2E_TRACE_SNAPSHOTS",
    ),
    Setting(
        "--history",
        "record each run in this history: a path or sqlite:///path (SQLite), or "
        "postgresql://user@host/db (shared); e2e history reads it",
        "URL",
        env="E2E_HISTORY",
    ),
    Setting(
        "--shard",
        "run one part of the tests: I/N (1/4 .. 4/4), every test in exactly one part; "
        "balanced by recorded durations with --history, else by count",
        "I/N",
        env="E2E_SHARD",
    ),
    Setting(
        "--quarantine",
        "a file of flaky tests (e2e history quarantine writes it): each runs as a "
        "non-strict xfail, its flake rate and last failure in the reason",
        "FILE",
    ),
    Setting(
        "--server-command",
        _SERVER + "the command, with {port}, {python}, {tmp}",
        "COMMAND",
    ),
    Setting("--server-url", _SERVER + "URL that answers once it is up, with {port}", "URL"),
    Setting("--server-port", _SERVER + "fixed port (default 0: a free one)", "PORT"),
    Setting("--server-timeout", _SERVER + "seconds to wait for it (default 30)", "SECONDS"),
    Setting("--server-reuse", _SERVER + "reuse one already answering", kind="flag"),
    Setting("--server-scope", _SERVER + "worker (default) or shared", "SCOPE"),
    Setting("--artifacts-dir", "where failure artifacts go (default reports/artifacts)", "DIR"),
)

BY_INI = {s.ini: s for s in SETTINGS}

_INI_TYPES: dict[Kind, Literal["string", "bool", "linelist", "args"]] = {
    "value": "string",
    "flag": "bool",
    "lines": "linelist",
    "words": "args",
}


def register(parser: pytest.Parser) -> None:
    group = parser.getgroup("e2e", "end-to-end browser tests (e2e)")
    for s in SETTINGS:
        help = s.help + (f" (env {s.env})" if s.env else "")
        if s.kind == "flag":
            group.addoption(s.option, dest=s.ini, action="store_true", default=None, help=help)
            if s.negative:
                group.addoption(s.negative, dest=s.ini, action="store_false", help=s.negative_help)
        elif s.kind in ("lines", "words"):
            group.addoption(
                s.option, dest=s.ini, action="append", default=[], metavar=s.metavar, help=help
            )
        else:
            group.addoption(s.option, dest=s.ini, metavar=s.metavar, help=help)
        parser.addini(s.ini, help, _INI_TYPES[s.kind], default=None)
        if s.renamed_from:
            parser.addini(s.renamed_from, f"renamed to {s.ini}", _INI_TYPES[s.kind], default=None)


def sourced(config: pytest.Config, ini: str) -> tuple[Any, str]:
    """A setting's value and where it came from, in words for an error message
    (``--wait-timeout``, ``environment variable E2E_WAIT_TIMEOUT=``, ``ini
    e2e_wait_timeout =``); ``(None, "")`` when it is not set anywhere."""
    s = BY_INI[ini]
    given = config.getoption(ini)
    if given not in (None, []):
        return given, s.option
    if s.env and os.environ.get(s.env):
        return os.environ[s.env], f"environment variable {s.env}="
    if s.renamed_env and os.environ.get(s.renamed_env):
        _renamed(config, f"The environment variable {s.renamed_env} is now {s.env}")
        return os.environ[s.renamed_env], f"environment variable {s.renamed_env}="
    value = config.getini(ini)
    if value not in (None, []):
        return value, f"ini {ini} ="
    if s.renamed_from:
        value = config.getini(s.renamed_from)
        if value not in (None, []):
            _renamed(config, f"The ini key {s.renamed_from} is now {ini}")
            return value, f"ini {s.renamed_from} ="
    return None, ""


def setting_of(config: pytest.Config, ini: str) -> Any:
    """A setting's value from the option, environment or ini, or ``None``."""
    return sourced(config, ini)[0]


def flag_of(config: pytest.Config, ini: str) -> bool | None:
    value = setting_of(config, ini)
    return None if value is None else bool(value)


def lines_of(config: pytest.Config, ini: str) -> list[str]:
    """A repeatable setting: the options given, else the ini's lines (blank ones left out)."""
    return [str(v).strip() for v in setting_of(config, ini) or () if str(v).strip()]


N = TypeVar("N", int, float)


def number_of(config: pytest.Config, ini: str, kind: Callable[[str], N], default: N) -> N:
    """A whole number or a finite number of seconds, or a ValueError naming the setting."""
    value, where = sourced(config, ini)
    text = str(value or "").strip()
    if not text:
        return default
    try:
        number = kind(text)
    except ValueError:
        what = "a whole number" if kind is int else "a number of seconds"
        raise ValueError(f"{where} {text!r} is not {what}") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueError(f"{where} {text!r} is not a finite number")
    return number


_WARNED: pytest.StashKey[set[str]] = pytest.StashKey()


def _renamed(config: pytest.Config, text: str) -> None:
    """One DeprecationWarning per renamed name a run uses, from the controller only (each
    xdist worker reads the same ini)."""
    if hasattr(config, "workerinput"):
        return
    warned = config.stash.setdefault(_WARNED, set())
    if text in warned:
        return
    warned.add(text)
    config.issue_config_time_warning(
        DeprecationWarning(f"{text}; rename it: the old name goes in version 0.3."),
        stacklevel=2,
    )
