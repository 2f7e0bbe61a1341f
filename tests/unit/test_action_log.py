"""The action log tells a trace when the page is about to change, and only then."""

from __future__ import annotations

from e2e.base.action_log import ActionLog


def test_before_change_runs_on_entry_to_actions_that_change_the_page_only() -> None:
    log = ActionLog()
    calls: list[str] = []
    log.before_change.append(lambda: calls.append("changing"))
    with log.action("open", "http://127.0.0.1/"):  # changes the page at once
        calls.append("open")
    for looks in ("find", "read text", "expect", "wait", "to"):
        with log.action(looks, "x"):
            calls.append(looks)
    with log.action("click", "x"):  # waits for its element; the page object calls later
        calls.append("click waits")
        log.changing()
        calls.append("click acts")
    assert calls == [
        "changing",
        "open",
        "find",
        "read text",
        "expect",
        "wait",
        "to",
        "click waits",
        "changing",
        "click acts",
    ]
