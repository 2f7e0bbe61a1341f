"""What the page check makes of a driver's odd answers, without a browser."""

from __future__ import annotations

from typing import Any

from e2e.waits import PageSettled, settle

SETTLED = {"counts": [], "settled": True, "ready": True, "target": None, "document": "d1"}


class Answers:
    """A stand-in driver that answers each async script with the next of ``answers``."""

    def __init__(self, *answers: Any) -> None:
        self.answers = list(answers)
        self.asked = 0

    def execute_async_script(self, *args: Any) -> Any:
        self.asked += 1
        return self.answers.pop(0)


def test_no_answer_from_a_replaced_document_is_looked_past() -> None:
    # Firefox answers null when the document is replaced under the script (a form posted
    # after a confirm): the wait looks again instead of failing with a TypeError.
    driver = Answers(None, dict(SETTLED))
    condition = PageSettled([], network=True, timeout=2)
    state = settle(driver, condition, condition, 2)  # type: ignore[arg-type]
    assert state["ready"] is True
    assert driver.asked == 2


def test_ignore_requests_refuses_a_single_string_and_says_how_to_write_it() -> None:
    import pytest

    with pytest.raises(ValueError, match=r"got the single string '\*\*/poll\*': write"):
        PageSettled((), network=True, ignore_requests="**/poll*")
    with pytest.raises(ValueError, match=r"3 is not a URL glob"):
        PageSettled((), network=True, ignore_requests=["**/a", 3])  # type: ignore[list-item]


def test_a_page_class_with_a_bad_ignore_requests_is_refused_when_built() -> None:
    import pytest

    from e2e import BasePage

    class Inbox(BasePage):
        ignore_requests = "**/poll*"

    with pytest.raises(ValueError, match=r"Inbox\.ignore_requests takes a list of URL globs"):
        Inbox(None, "http://app")  # type: ignore[arg-type]
    page = BasePage(None, "http://app")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="was given no URL glob"), page.ignoring_requests():
        pass


def test_url_globs_match_the_same_in_python_and_in_javascript_sources() -> None:
    import re

    from e2e.url_globs import url_glob, url_glob_js

    for glob, url, expected in [
        ("**/poll*", "http://h:1/poll?ms=3", True),
        ("**/poll*", "http://h:1/api/poll/x", False),
        ("**/api/**", "http://h:1/api/a/b", True),
        ("http://h:1/a?b", "http://h:1/a?b", True),
        ("**/a.b(c)", "http://h/a.b(c)", True),
        ("**/a.b(c)", "http://h/aXb(c)", False),
    ]:
        assert bool(url_glob(glob).fullmatch(url)) is expected, glob
        assert bool(re.search(url_glob_js(glob), url)) is expected, glob


def test_a_url_named_in_a_message_has_its_credentials_masked() -> None:
    from e2e.masking import MASK, mask_url

    assert mask_url("http://qa:hunter22@app:8000/poll?since=3&access_token=abc&x=1#top") == (
        f"http://qa:{MASK}@app:8000/poll?since=3&access_token={MASK}&x=1#top"
    )
    assert mask_url("/api?API_KEY=k1&password=p&sig=s&q=plain") == (
        f"/api?API_KEY={MASK}&password={MASK}&sig={MASK}&q=plain"
    )
    assert mask_url("http://app/plain?q=1") == "http://app/plain?q=1"
    assert mask_url("http://user@app/") == "http://user@app/"
