"""The recorder's Python side without a browser: names from URLs and labels, and the
events of a recording folded into visits and methods."""

from __future__ import annotations

import pytest

from e2e.recording.flow import build_flow
from e2e.recording.naming import identifier, page_pattern


@pytest.mark.parametrize(
    ("path", "pattern", "cls", "module"),
    [
        ("/", "/", "HomePage", "home"),
        ("/login", "/login", "LoginPage", "login"),
        ("/projects/3", "/projects/{project_id}", "ProjectPage", "project"),
        (
            "/projects/3/cases/17",
            "/projects/{project_id}/cases/{case_id}",
            "ProjectCasePage",
            "project_case",
        ),
        ("/admin/users", "/admin/users", "AdminUsersPage", "admin_users"),
        (
            "/orders/6f1c2a34-1b2c-4d5e-8f90-1234567890ab",
            "/orders/{order_id}",
            "OrderPage",
            "order",
        ),
        (
            "/categories/12/edit",
            "/categories/{category_id}/edit",
            "CategoryEditPage",
            "category_edit",
        ),
    ],
)
def test_a_url_path_names_its_page(path, pattern, cls, module) -> None:
    found = page_pattern(path)
    assert (found.path, found.cls, found.module) == (pattern, cls, module)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("log in button", "log_in_button"),
        ("E-mail address field", "e_mail_address_field"),
        ("3 items", "element_3_items"),
        ("class", "class_"),
        ("Ünïcode naïve", "unicode_naive"),
    ],
)
def test_identifiers_are_python(text, name) -> None:
    assert identifier(text) == name


def target(human: str, python: str, **more: object) -> dict[str, object]:
    return {"human": human, "python": python, "kind": "role", "args": ["x", human], **more}


def test_typing_is_one_fill_and_the_run_ending_click_names_the_method() -> None:
    user = target("username field", "u")
    password = target("password field", "p")
    events = [
        {"type": "page", "url": "http://h/login", "top": True, "navigation": "navigate"},
        {"type": "fill", "target": user, "value": "a"},
        {"type": "fill", "target": user, "value": "ad"},
        {"type": "fill", "target": user, "value": "admin"},
        {"type": "fill", "target": password, "secret": True},
        {"type": "click", "target": target("log in button", "b")},
        {"type": "page", "url": "http://h/", "top": True, "referrer": "http://h/login"},
    ]
    login, home = build_flow(events)
    (method,) = login.methods
    assert method.name == "log_in"
    assert [(a.kind, a.value, a.secret) for a in method.actions] == [
        ("fill", "admin", False),
        ("fill", "", True),
        ("click", "", False),
    ]
    assert method.leads_to is home
    assert home.how == "navigate"


def test_back_and_forward_are_told_apart_and_a_double_click_replaces_its_clicks() -> None:
    row = target("case row", "r")
    events = [
        {"type": "page", "url": "http://h/a", "top": True},
        {"type": "click", "target": target("b link", "l", link=True)},
        {"type": "page", "url": "http://h/b", "top": True, "referrer": "http://h/a"},
        {"type": "click", "target": row},
        {"type": "click", "target": row},
        {"type": "dblclick", "target": row},
        {"type": "page", "url": "http://h/a", "top": True, "navigation": "back_forward"},
        {"type": "page", "url": "http://h/b", "top": True, "navigation": "back_forward"},
        {"type": "page", "url": "http://h/b", "top": False, "navigation": "navigate"},
    ]
    a, b, back, forward = build_flow(events)
    assert a.methods[0].name == "open_b"
    assert [x.kind for x in b.actions] == ["dblclick"]
    assert b.methods[0].name == "double_click_case_row"
    assert (back.how, forward.how) == ("back", "forward")


def test_a_click_that_opens_a_dialog_and_its_fields_make_one_method() -> None:
    events = [
        {"type": "page", "url": "http://h/projects/3", "top": True},
        {"type": "click", "target": target("add case button", "a")},
        {"type": "fill", "target": target("title field", "t"), "value": "Checkout"},
        {"type": "fill", "target": target("description field", "d"), "value": "one\ntwo"},
        {"type": "click", "target": target("save button", "s")},
        {
            "type": "assert",
            "mode": "text",
            "target": target("checkout link", "c"),
            "text": "Checkout",
        },
    ]
    (visit,) = build_flow(events)
    (method,) = visit.methods
    assert method.name == "add_case"
    assert [a.value for a in method.actions if a.kind == "fill"] == ["Checkout", "one\ntwo"]
    assert [(i, c.mode) for i, c in visit.checks] == [(1, "text")]


def test_an_address_typed_is_an_open_not_the_last_method_s_result() -> None:
    events = [
        {"type": "page", "url": "http://h/a", "top": True},
        {"type": "click", "target": target("menu button", "m")},
        {"type": "page", "url": "http://h/b", "top": True, "referrer": ""},
    ]
    a, b = build_flow(events)
    assert a.methods[0].leads_to is None
    assert b.how == "navigate"


def test_a_button_in_a_row_named_by_its_text_is_a_template_and_a_parameter(tmp_path) -> None:
    from e2e.recording.suite import read_suite
    from e2e.recording.writer import plan_files

    row = {"kind": "role", "args": ["row", "Beta"], "template": {"field": "Title", "value": "Beta"}}
    delete = target("delete button", "d", args=["button", "Delete"], within=row)
    events = [
        {"type": "page", "url": "http://h/cases", "top": True},
        {"type": "click", "target": delete},
    ]
    plan, _ = plan_files(tmp_path, read_suite(tmp_path), build_flow(events), "delete")
    files = {str(p.relative_to(tmp_path)): t for p, t in plan.files.items()}
    assert (
        'delete_button = Locator.role("button", "Delete").within(Locator.role("row", "{title}"))'
        in files["locators/cases.py"]
    )
    assert "def delete(self, title: str) -> None:" in files["pages/cases.py"]
    assert "self.click(CasesLocators.delete_button.format(title=title))" in files["pages/cases.py"]
    assert 'cases.delete("Beta")' in files["tests/test_delete.py"]
