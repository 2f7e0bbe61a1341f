"""Secrets in every form a page or a report gives them (issue 25, item 1): typed with
``secret=True`` or named in ``--secret-env``, sent in a GET form's address, echoed into
the page, the title and the console, then a failure. No artifact, trace, report, junit
file or terminal line may show the secret in any encoding."""

from __future__ import annotations

import base64
import html
import json
import re
from urllib.parse import quote, quote_plus

import pytest

from e2e.base.masking import MASK, mask, mask_data

#: Every character class the first round leaked on: & @ / " < \ and non-ASCII.
SECRET = 'Tr0ub4dor&3@x/é"<\\'

ECHO_TEST = """
import os

from selenium.webdriver.common.by import By

from e2e import BasePage, Locator

QUERY = Locator(By.ID, "q", "query field")
GO = Locator(By.ID, "go", "go button")
ECHO = Locator(By.ID, "echo", "echo")


class Echo(BasePage):
    path = "/echo.html"


def test_echoes_the_secret(page, driver):
    echo = page(Echo).open()
    echo.type(QUERY, os.environ["APP_PASSWORD"], secret=SECRET_FLAG)
    echo.click(GO)
    shown = echo.text_of(ECHO)
    print("captured stdout:", shown, repr(shown), driver.current_url)
    assert repr(shown) == "'something else'"
"""


def _encodings(secret: str) -> dict[str, str]:
    """The forms a leak would take, written independently of the code under test."""
    return {
        "raw": secret,
        "url": quote(secret, safe=""),
        "url-path": quote(secret),
        "url-plus": quote_plus(secret),
        "html": html.escape(secret),
        "html-noquote": html.escape(secret, quote=False),
        "json": json.dumps(secret)[1:-1],
        "repr": repr(secret)[1:-1],
        "repr-twice": repr(repr(secret))[1:-1],
        "base64": base64.b64encode(secret.encode()).decode().rstrip("="),
        # The plain-ASCII head of the secret survives every encoding but base64.
        "head": "Tr0ub4dor",
    }


@pytest.mark.parametrize("how", ["secret=True", "--secret-env"])
def test_a_secret_leaks_in_no_encoding_anywhere(pytester, fault_run, monkeypatch, how) -> None:
    monkeypatch.setenv("APP_PASSWORD", SECRET)
    flag = "True" if how == "secret=True" else "False"
    pytester.makepyfile(ECHO_TEST.replace("SECRET_FLAG", flag))
    args = ["--tracing", "retain-on-failure"]
    if how == "--secret-env":
        args += ["--secret-env", "APP_PASSWORD"]
    run = fault_run(*args)
    run.result.assert_outcomes(failed=1)
    artifacts = sorted((run.path / "reports" / "artifacts").rglob("*"))
    names = {p.name for p in artifacts}
    assert {"url.txt", "page.html", "console.log", "trace.html"} <= names, names
    places = {
        "terminal": run.text,
        "junit.xml": run.junit(),
        "report.html (raw)": (run.path / "report.html").read_text(encoding="utf-8"),
        "report.html (shown)": run.report(),
    }
    for path in artifacts:
        if path.is_file() and path.suffix != ".png":
            places[path.name] = path.read_text(encoding="utf-8")
    # The trace's data as the viewer reads it (its JSON escapes <, > and &), and its DOM
    # snapshots: the field's value, the echoed text, title and attribute, the address.
    [trace] = [p for p in artifacts if p.name == "trace.html"]
    data = json.loads(re.search(r"var TRACE = (.*?);\n", trace.read_text()).group(1))
    snapshots = json.dumps(data["snapshots"], ensure_ascii=False)
    assert len(data["snapshots"]["list"]) >= 4
    assert MASK in snapshots
    places["trace.html (data)"] = json.dumps(data, ensure_ascii=False)
    places["trace.html (snapshots)"] = snapshots
    leaks = [
        f"{form} in {where}"
        for where, text in places.items()
        for form, encoded in _encodings(SECRET).items()
        if encoded in text
    ]
    assert not leaks, leaks
    assert MASK in places["url.txt"]  # the address held it, masked
    assert MASK in places["console.log"]
    assert "assert" in run.text  # the failure's own text still reaches the terminal


def test_a_short_secret_env_value_is_a_usage_error(pytester, fault_run, monkeypatch) -> None:
    monkeypatch.setenv("API_PIN", "e1")
    pytester.makepyfile("def test_nothing():\n    pass\n")
    run = fault_run("--secret-env", "API_PIN")
    assert run.result.ret == pytest.ExitCode.USAGE_ERROR
    assert "The value of API_PIN (named in --secret-env) is 2 character(s) long" in run.text
    assert "shorter than 4 characters cannot be masked" in run.text


def test_typing_a_short_secret_says_why_it_is_refused(pytester, fault_run) -> None:
    pytester.makepyfile(
        """
        from selenium.webdriver.common.by import By
        from e2e import BasePage, Locator

        class Echo(BasePage):
            path = "/echo.html"

        def test_types_a_pin(page):
            page(Echo).open().type(Locator(By.ID, "q", "pin"), "123", secret=True)
        """
    )
    run = fault_run()
    run.result.assert_outcomes(failed=1)
    assert "The text typed with secret=True is 3 character(s) long" in run.text
    assert "Use a longer secret, or do not mark it secret" in run.text


def test_masking_keeps_json_whole_and_short_words_alone() -> None:
    entries = [{"level": "SEVERE", "message": f"x={SECRET} y=1", "source": "console-api"}]
    masked = mask_data(entries, {SECRET})
    assert masked == [{"level": "SEVERE", "message": f"x={MASK} y=1", "source": "console-api"}]
    assert mask("every e and 1 stays", {"secret-token"}) == "every e and 1 stays"
    token = base64.b64encode(b"prefix:" + SECRET.encode() + b":suffix").decode()
    masked = mask(token, {SECRET})
    assert masked.startswith("cHJlZml4O")
    assert MASK in masked
