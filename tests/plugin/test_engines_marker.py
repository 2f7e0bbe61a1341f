"""``@pytest.mark.engines(...)``: a test says which engines it runs on, by family, and is
skipped elsewhere with the reason (issue 33: the demo suites used a private helper)."""

from __future__ import annotations

import pytest

TESTS = """
import pytest

@pytest.mark.engines("chromium", reason="Firefox cannot throttle")
def test_chromium_only():
    pass

@pytest.mark.engines("firefox", "webkit")
def test_not_on_chromium():
    pass

def test_everywhere():
    pass
"""


@pytest.mark.parametrize(
    ("browser", "outcomes", "reason"),
    [
        ("firefox", {"passed": 2, "skipped": 1}, "Firefox cannot throttle"),
        ("chromium", {"passed": 2, "skipped": 1}, "runs on firefox or webkit; this run's"),
        ("webkit", {"passed": 2, "skipped": 1}, "Firefox cannot throttle"),
    ],
)
def test_a_test_runs_only_on_the_engines_it_names(
    pytester: pytest.Pytester, browser: str, outcomes: dict[str, int], reason: str
) -> None:
    pytester.makepyfile(TESTS)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--browser", browser, "-rs")
    result.assert_outcomes(**outcomes)
    assert reason in result.stdout.str()


def test_an_unknown_engine_is_a_usage_error(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.engines("safari")
        def test_x():
            pass
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert "names 'safari': give one or more of chromium, firefox, webkit" in result.stderr.str()
