"""One name per setting: each option has the ini key of the same name, the names from
before the rename still work with a warning that names the new one, and the settings
that were ini-only or option-only are both now."""

from __future__ import annotations

import pytest

CONFIG_TEST = """
def test_config(e2e_config):
    env = e2e_config.environment
    with open("seen.txt", "w") as out:
        out.write(repr((e2e_config.timeout, e2e_config.trace, dict(env.permissions),
                        [l.value for l in e2e_config.overlays],
                        [l.value for l in e2e_config.busy])))
"""


def seen(pytester: pytest.Pytester) -> object:
    return eval((pytester.path / "seen.txt").read_text())


def test_the_renamed_ini_keys_still_work_and_say_their_new_names(pytester, inner) -> None:
    pytester.makeini(
        """
        [pytest]
        e2e_timeout = 7.5
        e2e_trace = retain-on-failure
        e2e_permissions =
            notifications=denied
        e2e_overlay_locators =
            css=.old-overlay
        e2e_busy_locators =
            css=.old-spinner
        """
    )
    pytester.makepyfile(CONFIG_TEST)
    result = inner("-W", "default::DeprecationWarning")
    result.assert_outcomes(passed=1)
    assert seen(pytester) == (
        7.5,
        "retain-on-failure",
        {"notifications": "denied"},
        [".old-overlay"],
        [".old-spinner"],
    )
    out = result.stdout.str()
    for old, new in [
        ("e2e_timeout", "e2e_wait_timeout"),
        ("e2e_trace", "e2e_tracing"),
        ("e2e_permissions", "e2e_permission"),
        ("e2e_overlay_locators", "e2e_overlay_locator"),
        ("e2e_busy_locators", "e2e_busy_locator"),
    ]:
        assert f"The ini key {old} is now {new}; rename it" in out
        assert out.count(f"The ini key {old} is now") == 1, "one warning each"


def test_the_new_ini_key_wins_over_the_old_one(pytester, inner) -> None:
    pytester.makeini("[pytest]\ne2e_timeout = 7.5\ne2e_wait_timeout = 9\n")
    pytester.makepyfile(CONFIG_TEST)
    result = inner()
    result.assert_outcomes(passed=1)
    assert seen(pytester)[0] == 9.0  # type: ignore[index]
    assert "e2e_timeout is now" not in result.stdout.str()


def test_the_renamed_environment_variables_still_work(pytester, inner, monkeypatch) -> None:
    monkeypatch.setenv("E2E_TIMEOUT", "6")
    monkeypatch.setenv("E2E_TRACE", "on")
    pytester.makepyfile(CONFIG_TEST)
    result = inner("-W", "default::DeprecationWarning")
    result.assert_outcomes(passed=1)
    assert seen(pytester)[:2] == (6.0, "on")  # type: ignore[index]
    out = result.stdout.str()
    assert "The environment variable E2E_TIMEOUT is now E2E_WAIT_TIMEOUT" in out
    assert "The environment variable E2E_TRACE is now E2E_TRACING" in out


def test_new_names_do_not_warn(pytester, inner, monkeypatch) -> None:
    monkeypatch.setenv("E2E_TRACING", "on")
    pytester.makeini(
        """
        [pytest]
        e2e_wait_timeout = 4
        e2e_permission =
            camera=granted
        e2e_overlay_locator =
            css=.new-overlay
        """
    )
    pytester.makepyfile(CONFIG_TEST)
    result = inner("-W", "error::DeprecationWarning")
    result.assert_outcomes(passed=1)
    assert seen(pytester)[:4] == (4.0, "on", {"camera": "granted"}, [".new-overlay"])  # type: ignore[index]


def test_settings_that_were_ini_only_or_option_only_are_both(pytester, inner) -> None:
    pytester.makeini(
        """
        [pytest]
        e2e_update_snapshots = true
        e2e_axe_disable = region color-contrast
        e2e_capability =
            acceptInsecureCerts=true
        """
    )
    pytester.makepyfile(
        """
        def test_config(e2e_config):
            assert e2e_config.update_snapshots is True
            assert e2e_config.axe_disable == ("region", "color-contrast")
            assert e2e_config.capabilities == {"acceptInsecureCerts": True}
        """
    )
    inner().assert_outcomes(passed=1)
    pytester.makepyfile(
        """
        def test_config(e2e_config):
            assert e2e_config.axe_disable == ("landmark-one-main",)  # the option wins
        """
    )
    inner("--axe-disable", "landmark-one-main").assert_outcomes(passed=1)


def test_the_application_server_can_be_given_on_the_command_line(pytester, inner) -> None:
    pytester.makepyfile(
        """
        def test_it(base_url, e2e_server):
            assert base_url == e2e_server.root
            assert e2e_server.process.poll() is None
        """
    )
    serve = "{python} -m http.server {port} --bind 127.0.0.1 --directory {tmp}"
    inner("--server-command", serve, "--server-timeout", "20", base_url=None).assert_outcomes(
        passed=1
    )


def test_a_bad_server_setting_on_the_command_line_names_the_option(pytester, inner) -> None:
    pytester.makepyfile("def test_it(): pass")
    result = inner("--server-command", "true", "--server-port", "eighty", base_url=None)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--server-port 'eighty' is not a whole number*"])


def test_the_test_id_attribute_comes_from_the_option_or_the_ini(pytester, inner) -> None:
    pytester.makepyfile(
        """
        from e2e import Locator
        from e2e.queries import find_elements

        def test_it(driver, base_url):
            driver.get(base_url + "/testid.html")
            [found] = find_elements(driver, *Locator.test_id("go"))
            with open("found.txt", "w") as out:
                out.write(found.text)
        """
    )
    inner().assert_outcomes(passed=1)
    assert (pytester.path / "found.txt").read_text() == "by data-testid"
    inner("--test-id-attribute", "data-qa").assert_outcomes(passed=1)
    assert (pytester.path / "found.txt").read_text() == "by data-qa"
    pytester.makeini("[pytest]\ne2e_test_id_attribute = data-qa\n")
    inner().assert_outcomes(passed=1)
    assert (pytester.path / "found.txt").read_text() == "by data-qa"


def test_a_bad_test_id_attribute_is_a_usage_error(pytester, inner) -> None:
    pytester.makepyfile("def test_it(): pass")
    result = inner("--test-id-attribute", "data qa")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--test-id-attribute 'data qa' is not an attribute name*"])
