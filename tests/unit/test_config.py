from __future__ import annotations

import pytest

from e2e import Config, ConfigError
from e2e.base.action_log import ActionLog, mask
from e2e.config import parse_capability, parse_window_size


def test_an_unknown_browser_lists_the_choices() -> None:
    with pytest.raises(
        ConfigError,
        match="Unknown browser 'opera'; choose one of: chrome, chromium, firefox, webkit, edge",
    ):
        Config(browser="opera")


def test_the_config_is_frozen_capabilities_included() -> None:
    config = Config(capabilities={"a": 1})
    with pytest.raises(AttributeError):
        config.browser = "firefox"  # type: ignore[misc]
    with pytest.raises(TypeError):
        config.capabilities["b"] = 2  # type: ignore[index]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"driver_source": "magic"}, "Unknown driver source 'magic'; choose one of: auto"),
        ({"timeout": 0}, "--wait-timeout must be a number of seconds above 0"),
        ({"window_size": (10, 10)}, "too small"),
        ({"sensitive_url": "("}, "not a valid regular expression"),
    ],
)
def test_bad_settings_say_what_is_wrong(kwargs: dict, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        Config(**kwargs)


def test_parsers_read_the_command_line_forms() -> None:
    assert parse_window_size("1024x768") == (1024, 768)
    assert parse_capability("se:recordVideo=true") == ("se:recordVideo", True)
    assert parse_capability("acceptInsecureCerts=false") == ("acceptInsecureCerts", False)
    assert parse_capability("se:timeZone=Europe/Paris") == ("se:timeZone", "Europe/Paris")
    with pytest.raises(ConfigError, match="WIDTHxHEIGHT"):
        parse_window_size("big")
    with pytest.raises(ConfigError, match="KEY=VALUE"):
        parse_capability("novalue")


def test_secrets_are_masked_in_the_action_log() -> None:
    log = ActionLog(secrets={"hunter2"})
    with log.action("type", "hunter2 into password"):
        pass
    assert "hunter2" not in log.render()
    assert mask("a hunter2 b", {"hunter2"}) == "a •••••• b"
