"""The one frozen ``Config`` built from the settings (``settings.py`` declares them):
option, then environment variable (where one is named), then ini. Nothing after
``config_from_pytest`` reads an option again."""

from __future__ import annotations

from pathlib import Path

import pytest

from e2e.config import (
    DEFAULT_BACKGROUND,
    Config,
    headless_default,
    parse_capability,
    parse_locator,
    parse_number,
    parse_window_size,
)
from e2e.emulation.devices import parse_device
from e2e.emulation.environment import (
    Environment,
    parse_geolocation,
    parse_permission,
)
from e2e.locators import Locator
from e2e.plugin.settings import flag_of, lines_of, register, setting_of, sourced


def pytest_addoption(parser: pytest.Parser) -> None:
    register(parser)


def _browser_name(given: str | None) -> str:
    return "chrome" if given is None else given.strip().lower()


def _history(config: pytest.Config) -> str | None:
    """``--history``; a relative path in the ini is relative to the ini's folder (where
    ``e2e history`` finds it too)."""
    value, source = sourced(config, "e2e_history")
    if not value:
        return None
    url = str(value).strip()
    if source.startswith("ini") and "://" not in url and config.inipath is not None:
        path = Path(url).expanduser()
        if not path.is_absolute():
            return str(config.inipath.parent / path)
    return url


def _shard(given: str | None) -> tuple[int, int] | None:
    """``--shard I/N`` as (I, N); a usage error that shows the form otherwise."""
    if not given:
        return None
    index, sep, total = given.strip().partition("/")
    if not sep or not index.strip().isdigit() or not total.strip().isdigit():
        raise pytest.UsageError(
            f"--shard {given!r}: write the part and the number of parts, as in --shard 2/4"
        )
    return int(index), int(total)


def config_from_pytest(config: pytest.Config) -> Config:
    """Read options, ini and environment once, into the frozen :class:`Config`."""
    headless = flag_of(config, "e2e_headless")
    size = setting_of(config, "e2e_window_size")
    timeout, timeout_from = sourced(config, "e2e_wait_timeout")
    slow_mo, slow_mo_from = sourced(config, "e2e_slow_mo")
    quiet, quiet_from = sourced(config, "e2e_settle_quiet_ms")
    background, background_from = sourced(config, "e2e_settle_background_ms")
    secret_env = setting_of(config, "e2e_secret_env") or ""
    try:
        return Config(
            browser=_browser_name(setting_of(config, "e2e_browser")),
            headless=headless_default() if headless is None else headless,
            window_size=parse_window_size(size) if size else (1280, 900),
            grid_url=setting_of(config, "e2e_grid_url"),
            capabilities=dict(parse_capability(c) for c in lines_of(config, "e2e_capability")),
            driver_path=setting_of(config, "e2e_driver_path"),
            browser_binary=setting_of(config, "e2e_browser_binary"),
            driver_source=setting_of(config, "e2e_driver_source") or "auto",
            timeout=parse_number(timeout, timeout_from, "seconds") if timeout else 5.0,
            slow_mo=parse_number(slow_mo, slow_mo_from, "milliseconds") / 1000 if slow_mo else 0.0,
            fresh_browser=bool(flag_of(config, "e2e_fresh_browser")),
            sensitive_url=setting_of(config, "e2e_sensitive_url"),
            secret_env=tuple(n.strip() for n in secret_env.split(",") if n.strip()),
            trace=(setting_of(config, "e2e_tracing") or "off").lower(),
            trace_snapshots=(setting_of(config, "e2e_trace_snapshots") or "on").lower(),
            history=_history(config),
            shard=_shard(setting_of(config, "e2e_shard")),
            quarantine=setting_of(config, "e2e_quarantine") or None,
            har_sensitive=bool(flag_of(config, "e2e_har_sensitive")),
            headless_shell=(setting_of(config, "e2e_headless_shell") or "auto").lower(),
            overlays=_locators(config, "overlay"),
            busy=_locators(config, "busy"),
            settle_quiet=parse_number(quiet, quiet_from, "milliseconds") / 1000 if quiet else 0.0,
            settle_ignore_requests=tuple(lines_of(config, "e2e_settle_ignore_requests")),
            settle_background=(
                parse_number(background, background_from, "milliseconds") / 1000
                if background
                else DEFAULT_BACKGROUND
            ),
            environment=_environment(config),
            storage_state=setting_of(config, "e2e_storage_state"),
            update_snapshots=bool(flag_of(config, "e2e_update_snapshots")),
            axe_disable=tuple(lines_of(config, "e2e_axe_disable")),
            test_id_attribute=setting_of(config, "e2e_test_id_attribute") or "data-testid",
        )
    except ValueError as exc:  # ConfigError, or a number that is not one
        raise pytest.UsageError(str(exc)) from exc


def _environment(config: pytest.Config) -> Environment:
    """The run's environment options (``EmulationError`` names the bad one)."""
    position = setting_of(config, "e2e_geolocation")
    device = setting_of(config, "e2e_device")
    return Environment(
        locale=setting_of(config, "e2e_locale"),
        timezone=setting_of(config, "e2e_timezone"),
        geolocation=parse_geolocation(position) if position else None,
        permissions=tuple(parse_permission(p) for p in lines_of(config, "e2e_permission")),
        color_scheme=setting_of(config, "e2e_color_scheme"),
        device=parse_device(device) if device else None,
    )


def _locators(config: pytest.Config, kind: str) -> tuple[Locator, ...]:
    given = lines_of(config, f"e2e_{kind}_locator")
    return tuple(parse_locator(text, f"--{kind}-locator") for text in given)
