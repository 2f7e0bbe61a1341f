"""What stops a test before it starts: a destructive test against a ``--sensitive-url``
(skipped, as pytest-selenium's safety guard does), or an application that does not
answer (failed with the reason, asked again before later tests)."""

from __future__ import annotations

import re

import pytest

from e2e.browser.driver import unreachable
from e2e.config import (
    Config,
)
from e2e.plugin.state import run_of


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


def check_reachable(config: pytest.Config, base_url: str | None) -> None:
    """Fail fast when the application is not there. A URL that answered is not asked
    again; one that did not (at first, or when a test saw it stop) is asked again before
    each test, so a run goes on once the application is back."""
    if not base_url or not base_url.startswith(("http://", "https://")):
        return
    seen = run_of(config).reachable
    if base_url not in seen or seen[base_url]:
        seen[base_url] = unreachable(base_url, timeout=_REACHABLE_AGAIN_SECONDS)
    problem = seen[base_url]
    if problem:
        pytest.fail(problem, pytrace=False)


#: How long a test waits for an application that stopped answering to answer again.
_REACHABLE_AGAIN_SECONDS = 5.0
