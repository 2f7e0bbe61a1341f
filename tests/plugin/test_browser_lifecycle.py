"""Reuse, reset, fresh browsers and recovery from a dead one."""

from __future__ import annotations


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
