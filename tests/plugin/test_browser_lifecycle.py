"""Reuse, reset, fresh browsers and recovery from a dead one."""

from __future__ import annotations

import socket

import pytest

from tests.engines import ENGINES


def test_the_browser_is_reused_but_reset_between_tests(pytester, inner) -> None:
    pytester.makepyfile(
        """
        seen = []

        def test_first(driver, base_url):
            driver.get(base_url)
            driver.add_cookie({"name": "leak", "value": "1"})
            driver.execute_script("localStorage.setItem('leak', '1'); window.open('about:blank')")
            seen.append(driver.session_id)

        def test_second(driver, base_url):
            driver.get(base_url)
            assert driver.get_cookies() == []
            assert driver.execute_script("return localStorage.getItem('leak')") is None
            assert len(driver.window_handles) == 1
            assert driver.session_id == seen[0]
        """
    )
    inner("-p", "no:randomly").assert_outcomes(passed=2)


def test_fresh_browser_gives_every_test_its_own(pytester, inner) -> None:
    pytester.makepyfile(
        """
        seen = []

        def test_first(driver):
            seen.append(driver.session_id)

        def test_second(driver):
            assert driver.session_id != seen[0]
        """
    )
    inner("--fresh-browser").assert_outcomes(passed=2)


def test_a_killed_browser_fails_only_the_test_it_was_in(pytester, inner) -> None:
    pytester.makepyfile(
        """
        import os, signal
        from pathlib import Path

        def children(pid):
            found = []
            for task in Path(f"/proc/{pid}/task").iterdir():
                found += [int(c) for c in (task / "children").read_text().split()]
            return found

        def test_browser_dies(driver, base_url):
            driver.get(base_url)
            for pid in children(driver.service.process.pid):
                os.kill(pid, signal.SIGKILL)
            driver.get(base_url)

        def test_next_one_gets_a_new_browser(driver, base_url):
            driver.get(base_url)
            assert driver.title == "home"
        """
    )
    result = inner("-p", "no:randomly")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*FAILED*test_browser_dies*"])


@pytest.mark.parametrize("browser", ENGINES)
def test_a_refused_navigation_fails_its_test_in_one_sentence_and_not_the_next(
    pytester, inner, browser
) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        gone = s.getsockname()[1]
    pytester.makepyfile(
        f"""
        from e2e import BasePage

        def test_the_app_is_gone(page):
            page(BasePage).open("http://127.0.0.1:{gone}/lost")

        def test_the_next_test_is_untouched(page):
            assert page(BasePage).open("/index.html").driver.title == "home"
        """
    )
    result = inner("--browser", browser, "-v", "-p", "no:randomly")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        [
            "*test_the_next_test_is_untouched PASSED*",
            f"E * could not load http://127.0.0.1:{gone}/lost: *. Nothing answers at that address*",
        ]
    )
    output = result.stdout.str()
    assert "Reached error page" not in output
    assert "#7 0x" not in output
