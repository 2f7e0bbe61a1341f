"""What the page check makes of a driver's odd answers, without a browser."""

from __future__ import annotations

from typing import Any

from e2e.waiting.waits import PageSettled, settle

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


GLOB_CASES = [
    ("**/poll*", "http://h:1/poll?ms=3", True),
    ("**/poll*", "http://h:1/api/poll/x", False),
    ("**/api/**", "http://h:1/api/a/b", True),
    ("**/api/**", "http://h:1/api", False),
    ("http://h:1/a?b", "http://h:1/a?b", True),
    ("http://h:1/a?b", "http://h:1/a/b", False),
    ("**/a.b(c)", "http://h/a.b(c)", True),
    ("**/a.b(c)", "http://h/aXb(c)", False),
    ("**", "", True),
    ("*", "a/b", False),
    ("***", "a/b", True),
    ("*/**", "a/b/c", True),
    ("**a**b", "xaybz", False),
    ("**a**b", "xayb", True),
    ("**" + "a**" * 12 + "!", "http://h/" + "a" * 2000, False),
]


def test_url_globs_match_the_same_in_python_and_in_javascript() -> None:
    import json
    import re
    import subprocess
    from pathlib import Path

    from e2e.base.url_globs import url_glob, url_glob_js

    for glob, url, expected in GLOB_CASES:
        assert url_glob(glob).matches(url) is expected, glob
        regex = "".join(
            {"**": ".*", "*": "[^/]*", "?": "[^/]"}.get(t, re.escape(t)) for t in url_glob_js(glob)
        )
        if len(url) < 100:  # the regex reading, for what it can answer in time
            assert bool(re.fullmatch(regex, url, re.DOTALL)) is expected, glob
    source = (Path(__file__).parents[2] / "e2e" / "waiting" / "_page_state.js").read_text()
    function = re.search(r"function globMatches.*?\n}\n", source, re.DOTALL)
    assert function is not None
    cases = [[url_glob_js(g), u] for g, u, _ in GLOB_CASES]
    script = function.group(0) + (
        f"console.log(JSON.stringify({json.dumps(cases)}.map(c => globMatches(c[0], c[1]))));"
    )
    out = subprocess.run(["node", "-e", script], capture_output=True, text=True, timeout=30)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == [e for _, _, e in GLOB_CASES]


def test_a_backtracking_glob_cannot_hold_the_process() -> None:
    """Issue 32: ``"**a" * 12 + "**!"`` against a long URL held the GIL for minutes as a
    regex (no timeout fired, SIGTERM was ignored). Run in a child so a regression is a
    failure within 20 s, not a frozen run."""
    import subprocess
    import sys

    code = (
        "from e2e.base.url_globs import url_glob\n"
        "import time\n"
        "g = url_glob('**' + 'a**' * 12 + '!')\n"
        "url = 'http://h/' + 'a' * 2000\n"
        "t = time.perf_counter()\n"
        "assert not g.matches(url)\n"
        "print(time.perf_counter() - t)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=20)
    assert out.returncode == 0, out.stderr
    assert float(out.stdout) < 1.0, out.stdout


def test_a_url_named_in_a_message_has_its_credentials_masked() -> None:
    from e2e.base.masking import MASK, mask_url

    assert mask_url("http://qa:hunter22@app:8000/poll?since=3&access_token=abc&x=1#top") == (
        f"http://qa:{MASK}@app:8000/poll?since=3&access_token={MASK}&x=1#top"
    )
    assert mask_url("/api?API_KEY=k1&password=p&sig=s&q=plain") == (
        f"/api?API_KEY={MASK}&password={MASK}&sig={MASK}&q=plain"
    )
    assert mask_url("http://app/plain?q=1") == "http://app/plain?q=1"
    assert mask_url("http://user@app/") == "http://user@app/"


def test_test_ids_map_to_folders_one_to_one() -> None:
    """Issue 32: ids "a b" and "a_b", or ids that differ only after 150 characters,
    shared one baseline folder, so one of the two tests always failed."""
    from e2e.plugin.artifacts import safe_dirname

    ids = [
        "test_x[a b]",
        "test_x[a_b]",
        "test_x[a/b]",
        "test_x[a-b]",
        "test_x[" + "y" * 200 + "1]",
        "test_x[" + "y" * 200 + "2]",
        "test_" + "z" * 160,
        "test_" + "z" * 161,
        "tests/demo/test_a.py::test_b",
    ]
    names = [safe_dirname(i) for i in ids]
    assert len(set(names)) == len(ids), names
    assert all(len(n) <= 150 and "/" not in n for n in names)
    assert safe_dirname("test_the_dashboard_looks_as_it_did") == (
        "test_the_dashboard_looks_as_it_did"  # plain names keep their folder
    )
    assert safe_dirname("tests/demo/test_a.py::test_b") == "tests_demo_test_a.py_test_b"


def test_screenshot_names_map_to_files_one_to_one() -> None:
    from e2e.checks.visual import _safe

    names = ["home page", "home-page", "home_page", "home/page", "x" * 120, "x" * 121]
    files = [_safe(n) for n in names]
    assert len(set(files)) == len(names), files
    assert _safe("dashboard") == "dashboard"
