"""The demo app against a hostile tester, at the HTTP level (Flask's test client, or a real
threaded server where concurrency matters). Browser-level checks are in
``tests/demo/test_security.py``."""

from __future__ import annotations

import http.cookiejar
import io
import json
import os
import signal
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from demo_app import create_app, security
from demo_app.server import DemoServer
from demo_app.settings import (
    CSV_MAX_BYTES,
    CSV_MAX_ROWS,
    DESCRIPTION_MAX,
    TITLE_MAX,
    Settings,
)

ROOT = Path(__file__).resolve().parents[3]
ADMIN = {"username": "admin", "password": "admin-pass-1"}


@pytest.fixture
def app(tmp_path: Path) -> Flask:
    app = create_app(Settings(data_dir=tmp_path, latency_ms=0, jitter_ms=0, test_mode=True))
    app.config["WTF_CSRF_ENABLED"] = False  # CSRF has its own test; here it is noise
    return app


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def logged_in(app: Flask, user: dict[str, str] = ADMIN) -> FlaskClient:
    client = app.test_client()
    answer = client.post("/login", data=user)
    assert answer.status_code == 302, answer.text
    return client


def seed(client: FlaskClient, **data: Any) -> dict[str, Any]:
    answer = client.post("/api/test/seed", json=data)
    assert answer.status_code == 201, answer.text
    result: dict[str, Any] = answer.json  # type: ignore[assignment]
    return result


# -- headers ------------------------------------------------------------------------------
@pytest.mark.parametrize("path", ["/login", "/static/app.js", "/vendor/jquery.js", "/api/projects"])
def test_every_response_carries_the_security_headers(app: Flask, path: str) -> None:
    answer = logged_in(app).get(path)
    assert answer.status_code == 200
    csp = answer.headers["Content-Security-Policy"]
    assert "script-src 'self';" in csp
    assert "unsafe-inline" not in csp.split("script-src", 1)[1].split(";", 1)[0]
    assert "frame-ancestors 'self'" in csp
    assert answer.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert answer.headers["Referrer-Policy"] == "same-origin"


def test_no_template_holds_an_inline_script_or_handler() -> None:
    for template in (ROOT / "demo_app" / "templates").glob("*.html"):
        text = template.read_text(encoding="utf-8")
        assert "<script>" not in text, template.name
        for handler in ("onclick=", "onload=", "onerror=", "onsubmit=", "javascript:"):
            assert handler not in text.lower(), (template.name, handler)


# -- open redirect ------------------------------------------------------------------------
@pytest.mark.parametrize(
    "target",
    [
        "/\t/evil.example/phish",
        "/\n/evil.example",
        "//evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        " //evil.example",
        "https://evil.example/",
        "javascript:alert(1)",
    ],
)
def test_login_never_redirects_off_site(client: FlaskClient, target: str) -> None:
    answer = client.post("/login", query_string={"next": target}, data=ADMIN)
    assert answer.status_code == 302
    location = answer.headers["Location"]
    # What the browser will make of it: the same rules the app applies, and no host.
    assert security.safe_next(location) == location, location
    assert "evil.example" not in location


def test_login_keeps_a_same_site_next_path(client: FlaskClient) -> None:
    answer = client.post("/login", query_string={"next": "/projects?x=1"}, data=ADMIN)
    assert answer.headers["Location"] == "/projects?x=1"


# -- log-in throttling, timing and sessions ------------------------------------------------
def test_an_account_is_locked_after_five_failures_even_for_the_right_password(
    client: FlaskClient,
) -> None:
    for _ in range(5):
        assert client.post("/login", data={**ADMIN, "password": "wrong"}).status_code == 401
    answer = client.post("/login", data=ADMIN)
    assert answer.status_code == 429
    assert "Too many failed log-ins. Try again in 5 minutes." in answer.text
    assert int(answer.headers["Retry-After"]) > 200


def test_an_address_is_locked_after_failures_across_accounts(app: Flask) -> None:
    app.extensions["login_throttle"].reset(security.ThrottleRules(per_address=3))
    client = app.test_client()
    for name in ("amy", "bob", "cat"):
        assert client.post("/login", data={"username": name, "password": "x"}).status_code == 401
    assert client.post("/login", data=ADMIN).status_code == 429


def test_the_test_api_sets_and_clears_the_throttle(client: FlaskClient) -> None:
    answer = client.post("/api/test/throttle", json={"per_account": 2, "lockout_s": 60})
    assert answer.json == {
        "per_account": 2,
        "per_address": 20,
        "window_s": 900.0,
        "lockout_s": 60.0,
    }
    for _ in range(2):
        client.post("/login", data={**ADMIN, "password": "wrong"})
    assert client.post("/login", data=ADMIN).status_code == 429
    assert client.post("/api/test/reset", json={}).status_code == 200
    assert client.post("/login", data=ADMIN).status_code == 302
    bad = client.post("/api/test/throttle", json={"per_account": "many"})
    assert (bad.status_code, bad.json) == (
        400,
        {"error": "'per_account' must be a number of at least 1, got 'many'."},
    )


def test_an_unknown_user_costs_a_password_check_too(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    import demo_app.auth

    checked: list[str] = []
    original = demo_app.auth.check_password_hash

    def spy(stored: str, password: str) -> bool:
        checked.append(password)
        return original(stored, password)

    monkeypatch.setattr(demo_app.auth, "check_password_hash", spy)
    assert client.post("/login", data={"username": "nobody", "password": "p1"}).status_code == 401
    assert client.post("/login", data={"username": "admin", "password": "p2"}).status_code == 401
    assert checked == ["p1", "p2"]  # the same work, whether or not the user exists


def test_a_session_cookie_is_dead_after_logout(app: Flask) -> None:
    client = logged_in(app)
    cookie = client.get_cookie("session")
    assert cookie is not None
    assert client.post("/logout").status_code == 302
    thief = app.test_client()
    thief.set_cookie("session", cookie.value)
    assert thief.get("/api/projects").status_code == 401
    assert thief.get("/projects").status_code == 302


def test_a_password_change_ends_every_other_session(app: Flask) -> None:
    laptop, phone = logged_in(app), logged_in(app)
    answer = laptop.post(
        "/api/account/password", json={"current": "admin-pass-1", "new": "new-pass-123"}
    )
    assert answer.status_code == 200, answer.text
    assert phone.get("/api/projects").status_code == 401
    assert laptop.get("/api/projects").status_code == 200  # this client got a new session
    wrong = laptop.post("/api/account/password", json={"current": "nope", "new": "x" * 9})
    assert (wrong.status_code, wrong.json) == (403, {"error": "The current password is wrong."})


# -- limits and 4xx instead of 500 --------------------------------------------------------
def test_titles_and_descriptions_have_limits(app: Flask) -> None:
    client = logged_in(app)
    project = seed(client, projects=[{"name": "P"}])["projects"]["P"]
    url = f"/api/projects/{project}/cases"
    long_title = client.post(url, json={"title": "t" * (TITLE_MAX + 1)})
    assert long_title.status_code == 422
    assert long_title.json["fields"] == {"title": f"Keep the title under {TITLE_MAX} characters."}
    long_text = client.post(url, json={"title": "ok", "description": "d" * (DESCRIPTION_MAX + 1)})
    assert long_text.status_code == 422
    assert "description" in long_text.json["fields"]
    assert client.post(url, json={"title": "t" * TITLE_MAX}).status_code == 201


def _import(client: FlaskClient, project: int, data: bytes) -> Any:
    return client.post(
        f"/api/projects/{project}/import",
        data={"file": (io.BytesIO(data), "cases.csv")},
        content_type="multipart/form-data",
    )


def test_a_csv_import_has_row_size_and_cell_limits(app: Flask) -> None:
    client = logged_in(app)
    project = seed(client, projects=[{"name": "P"}])["projects"]["P"]
    rows = b"title,priority\n" + b"x,low\n" * (CSV_MAX_ROWS + 1)
    too_many = _import(client, project, rows)
    assert too_many.status_code == 413
    assert too_many.json == {
        "error": f"The file has more than {CSV_MAX_ROWS} rows; split it into smaller files."
    }
    too_big = _import(client, project, b"title,priority\n" + b"," * (CSV_MAX_BYTES + 1))
    assert too_big.status_code == 413
    huge_cell = _import(client, project, b'title,priority\n"' + b"y" * 200_000 + b'",low\n')
    assert huge_cell.status_code == 400
    assert huge_cell.json["error"].startswith("Line 2: this is not valid CSV (field larger than")
    ok = _import(client, project, b"title,priority\n" + b"x,low\n" * CSV_MAX_ROWS)
    assert (ok.status_code, ok.json["imported"]) == (200, CSV_MAX_ROWS)


@pytest.mark.parametrize("case_id", [2**63, 10**30, 0])
def test_an_id_out_of_range_is_a_404(app: Flask, case_id: int) -> None:
    client = logged_in(app)
    assert client.get(f"/api/cases/{case_id}").status_code == 404
    assert client.get(f"/cases/{case_id}").status_code == 404


@pytest.fixture
def live(tmp_path: Path) -> Iterator[DemoServer]:
    """A real threaded server, for races; CSRF off as above."""
    server = DemoServer(Settings(data_dir=tmp_path, latency_ms=0, jitter_ms=0, test_mode=True))
    server.app.config["WTF_CSRF_ENABLED"] = False
    server.start()
    yield server
    server.stop()


def _opener(server: DemoServer) -> urllib.request.OpenerDirector:
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    body = b"username=admin&password=admin-pass-1"
    opener.open(urllib.request.Request(server.url + "/login", data=body), timeout=30)
    return opener


@pytest.mark.parametrize(
    ("path", "payload"),
    [
        ("/api/projects", {"name": "Same"}),
        ("/api/fields", {"name": "Same"}),
        ("/api/users", {"username": "same", "email": "s@example.test", "password": "p" * 9}),
    ],
    ids=["project", "field", "user"],
)
def test_twenty_concurrent_creates_of_one_name_never_give_a_500(
    live: DemoServer, path: str, payload: dict[str, str]
) -> None:
    opener = _opener(live)
    statuses: list[int] = []
    start = threading.Barrier(20)

    def create() -> None:
        request = urllib.request.Request(
            live.url + path,
            data=json.dumps(payload).encode(),
            headers={"Content-Type": "application/json"},
        )
        start.wait()
        try:
            with opener.open(request, timeout=60) as answer:
                statuses.append(answer.status)
        except urllib.error.HTTPError as error:
            statuses.append(error.code)

    threads = [threading.Thread(target=create) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)
    assert len(statuses) == 20
    assert statuses.count(201) == 1, statuses
    assert set(statuses) <= {201, 409, 422}, statuses


# -- the test API -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("headers", "status", "error"),
    [
        ({"Content-Type": "text/plain"}, 415, "The test API takes a JSON body"),
        ({"Origin": "http://evil.example"}, 403, "cross-origin request from 'http://evil.example'"),
        ({"Sec-Fetch-Site": "cross-site"}, 403, "a request started by another site"),
        ({"Host": "evil.example"}, 403, "answers only on a loopback host, not 'evil.example'"),
    ],
    ids=["text-plain", "origin", "sec-fetch-site", "host"],
)
def test_the_test_api_refuses_what_a_foreign_page_could_send(
    client: FlaskClient, headers: dict[str, str], status: int, error: str
) -> None:
    seed(client, projects=[{"name": "Keep me"}])
    kind = headers.pop("Content-Type", "application/json")
    answer = client.post("/api/test/reset", data="{}", content_type=kind, headers=headers)
    assert answer.status_code == status
    assert error in answer.json["error"]
    # Nothing was wiped: the project is still there.
    assert "Keep me" in logged_in(client.application).get("/api/projects").text


@pytest.mark.parametrize(
    ("payload", "error"),
    [
        ({"latency_ms": 100_000_000, "jitter_ms": 0}, "each from 0 to 10000"),
        ({"latency_ms": "5", "jitter_ms": 0}, "each from 0 to 10000"),
        ({"latency_ms": -1, "jitter_ms": 0}, "each from 0 to 10000"),
    ],
)
def test_latency_stays_within_its_bound(client: FlaskClient, payload: Any, error: str) -> None:
    answer = client.post("/api/test/latency", json=payload)
    assert answer.status_code == 400
    assert error in answer.json["error"]


@pytest.mark.parametrize(
    ("payload", "error"),
    [
        ([1, 2], "The body must be a JSON object."),
        ({"users": "bob"}, "'users' must be a list of objects."),
        (
            {"users": [{"username": "bob", "password": "p", "role": "root"}]},
            "'role' must be one of",
        ),
        ({"users": [{"username": 5, "password": "p"}]}, "'username' must be a non-empty string"),
        ({"projects": [{"name": "P", "cases": [{"title": 7}]}]}, "'title' must be a non-empty"),
        ({"projects": [{"name": "P", "cases": [{"title": "t", "priority": "x"}]}]}, "'priority'"),
        ({"projects": [{"name": "P"}, {"name": "P"}]}, "clashes with stored data"),
        (
            {"projects": [{"name": "P", "cases": [{"title": "t", "runs": ["done"]}]}]},
            "runs: a result must be passed, failed or blocked: 'done'",
        ),
        (
            {
                "projects": [
                    {
                        "name": "P",
                        "cases": [
                            {"title": "t", "runs": [{"result": "passed", "at": "15/01/2026"}]}
                        ],
                    }
                ]
            },
            "runs: 'at' must be a UTC time like 2026-01-15T09:30:00Z: '15/01/2026'",
        ),
    ],
    ids=[
        "not-object",
        "users-not-list",
        "role",
        "username-type",
        "title-type",
        "priority",
        "dup",
        "run-result",
        "run-time",
    ],
)
def test_a_bad_seed_is_a_400_saying_what_is_wrong(
    client: FlaskClient, payload: Any, error: str
) -> None:
    answer = client.post("/api/test/seed", json=payload)
    assert answer.status_code == 400, answer.text
    assert error in answer.json["error"]


# -- temporary data -----------------------------------------------------------------------
def test_a_server_without_a_data_folder_removes_its_temporary_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("DEMO_DATA_DIR", raising=False)
    server = DemoServer(Settings.from_env(latency_ms=0, jitter_ms=0))
    folder = server.settings.data_dir
    assert (folder / "demo.sqlite3").exists()
    server.start()
    server.stop()
    assert not folder.exists()


def test_the_command_removes_its_temporary_folder_on_sigterm() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "demo_app", "--port", "0"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env={k: v for k, v in os.environ.items() if k != "DEMO_DATA_DIR"},
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        folder = Path(line.split("(data in ", 1)[1].split(")", 1)[0])
        assert folder.exists()
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=20) == 0
        assert not folder.exists()
    finally:
        if process.poll() is None:
            process.kill()
