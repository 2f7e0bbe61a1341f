"""Sessions, passwords, roles and CSRF of the demo app."""

from __future__ import annotations

import pytest

from demo_app import create_app
from demo_app.settings import Settings
from pages.base import AppPage

FETCH = """
const done = arguments[arguments.length - 1];
fetch(arguments[0], {method: arguments[1], headers: arguments[2], body: arguments[3]})
  .then(r => r.text().then(t => done({status: r.status, body: t})));
"""


def test_session_cookie_is_httponly_and_samesite(login, driver) -> None:
    login()
    [cookie] = [c for c in driver.get_cookies() if c["name"] == "session"]
    assert cookie["httpOnly"] is True
    assert cookie["sameSite"] == "Lax"
    assert driver.execute_script("return document.cookie").find("session=") == -1


def test_passwords_are_stored_as_salted_hashes(demo, rows) -> None:
    demo.seed(
        users=[
            {"username": "a1", "password": "same-pass-1"},
            {"username": "a2", "password": "same-pass-1"},
        ]
    )
    hashes = [
        r["password_hash"] for r in rows("SELECT password_hash FROM users WHERE username LIKE 'a_'")
    ]
    assert all(h.startswith(("scrypt:", "pbkdf2:")) and "same-pass-1" not in h for h in hashes)
    assert hashes[0] != hashes[1]


def test_a_tester_gets_403_on_admin_pages_and_apis(demo, login, driver, base_url, page) -> None:
    demo.seed(users=[{"username": "tina", "password": "tester-pass-1", "role": "tester"}])
    login("tina", "tester-pass-1")
    assert driver.find_elements("id", "nav-users") == []
    screen = page(AppPage).open("/admin/users")
    assert (screen.error_code(), screen.error_message()) == (
        "403",
        "You do not have permission to see this page.",
    )
    answer = driver.execute_async_script(FETCH, "/api/users", "GET", {}, None)
    assert answer["status"] == 403


def test_a_post_without_csrf_token_is_refused(login, driver, rows) -> None:
    login()
    headers = {"Content-Type": "application/json"}
    answer = driver.execute_async_script(FETCH, "/api/projects", "POST", headers, '{"name": "x"}')
    assert answer["status"] == 400
    assert "CSRF token is missing" in answer["body"]
    assert rows("SELECT * FROM projects") == []
    token = driver.execute_script("return $('meta[name=csrf-token]').attr('content')")
    headers["X-CSRFToken"] = token
    answer = driver.execute_async_script(FETCH, "/api/projects", "POST", headers, '{"name": "x"}')
    assert answer["status"] == 201
    assert [r["name"] for r in rows("SELECT * FROM projects")] == ["x"]


def test_logout_ends_the_session(login, driver, base_url) -> None:
    login().logout()
    driver.get(base_url + "/projects")
    assert driver.current_url.startswith(base_url + "/login")


def test_errors_show_pages_without_tracebacks(login, driver, page) -> None:
    login()
    missing = page(AppPage).open("/no/such/page")
    assert (missing.error_code(), missing.error_message()) == (
        "404",
        "There is nothing at this address.",
    )
    crashed = page(AppPage).open("/test/crash")
    assert crashed.error_code() == "500"
    assert "Traceback" not in driver.page_source
    assert "secret internals" not in driver.page_source
    answer = driver.execute_async_script(FETCH, "/api/test/crash", "GET", {}, None)
    assert answer["status"] == 500
    assert "secret internals" not in answer["body"]
    assert "error" in answer["body"]


def test_test_routes_do_not_exist_outside_test_mode(tmp_path) -> None:
    app = create_app(Settings.from_env(data_dir=tmp_path, test_mode=False))
    client = app.test_client()
    for path in ("/api/test/reset", "/api/test/seed", "/api/test/latency"):
        assert client.post(path).status_code == 404, path
    assert client.get("/test/crash").status_code == 404


@pytest.mark.parametrize("latency", [300])
def test_ajax_endpoints_honour_the_latency_setting(tmp_path, latency) -> None:
    import time

    app = create_app(Settings.from_env(data_dir=tmp_path, latency_ms=latency, jitter_ms=0))
    app.config["WTF_CSRF_ENABLED"] = False
    client = app.test_client()
    client.post("/login", data={"username": "admin", "password": "admin-pass-1"})
    started = time.monotonic()
    assert client.get("/api/projects").status_code == 200
    assert time.monotonic() - started >= latency / 1000
