"""Every feature of the demo app, driven in the browser, checked on screen and in storage."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from e2e.waiting import waits
from locators.dashboard import DashboardLocators
from pages.case_detail import CasePage
from pages.cases import ProjectPage
from pages.customizations import CustomizationsPage
from pages.projects import ProjectsPage
from pages.users import UsersPage

COUNT_BLOCKS = """
window.__maxBlocks = 0;
new MutationObserver(function () {
  var n = document.querySelectorAll('.blockUI.blockOverlay').length;
  if (n > window.__maxBlocks) window.__maxBlocks = n;
}).observe(document.body, {childList: true, subtree: true});
"""


def test_dashboard_widgets_show_busy_spinners_then_the_stored_counts(demo, login, driver) -> None:
    demo.seed(
        projects=[
            {
                "name": "P",
                "cases": [
                    {"title": "a", "runs": ["passed"]},
                    {"title": "b", "status": "closed"},
                    {"title": "c"},
                ],
            }
        ]
    )
    dashboard = login()
    dashboard.refresh_widgets()
    assert waits.any_elements_displayed(driver.find_elements(*DashboardLocators.spinners))
    assert dashboard.widget_value("open-cases") == "2"
    assert dashboard.widget_value("last-runs") == "1"
    assert dashboard.widget_items("last-runs") == ["a: passed"]
    assert dashboard.widget_value("attachments") == "0"


def test_projects_are_created_renamed_and_deleted(login, page, rows) -> None:
    login()
    projects = page(ProjectsPage).open()
    projects.create("Checkout")
    projects.create("Search")
    assert projects.names() == ["Checkout", "Search"]
    projects.create("Search")
    assert projects.create_error() == "A project called 'Search' exists already."
    projects.rename("Search", "Site search")
    projects.delete("Checkout")
    assert projects.names() == ["Site search"]
    assert [r["name"] for r in rows("SELECT name FROM projects")] == ["Site search"]


def test_a_case_made_in_the_modal_is_stored_under_overlapping_overlays(
    demo, login, page, driver, rows
) -> None:
    ids = demo.seed(projects=[{"name": "Shop"}])
    login()
    project = page(ProjectPage).open_project(ids["projects"]["Shop"])
    driver.execute_script(COUNT_BLOCKS)
    project.add_case("Pay by card", "Line one\nLine two — ü", "high")
    assert project.titles() == ["Pay by card"]
    assert project.summary() == (1, 1)
    assert driver.execute_script("return window.__maxBlocks") >= 2
    [case] = rows("SELECT title, description, priority FROM cases")
    assert case == {
        "title": "Pay by card",
        "description": "Line one\nLine two — ü",
        "priority": "high",
    }


def test_editing_a_case_starts_from_its_description_and_replaces_it(
    demo, login, page, rows
) -> None:
    ids = demo.seed(
        projects=[
            {
                "name": "Shop",
                "cases": [
                    {"title": "Refund", "description": "Old text\nsecond line", "priority": "low"}
                ],
            }
        ]
    )
    login()
    project = page(ProjectPage).open_project(ids["projects"]["Shop"])
    project.start_editing("Refund")
    assert project.description_in_editor() == "Old text\nsecond line"
    project.modal.page.click(project.modal.save_button)  # unchanged save is harmless
    project.edit_case("Refund", description="New text", priority="medium")
    assert project.priority_of("Refund") == "medium"
    assert rows("SELECT description, priority FROM cases") == [
        {"description": "New text", "priority": "medium"}
    ]


def test_a_case_is_deleted_after_confirmation(demo, login, page, rows) -> None:
    ids = demo.seed(projects=[{"name": "Shop", "cases": [{"title": "Gone"}, {"title": "Kept"}]}])
    login()
    project = page(ProjectPage).open_project(ids["projects"]["Shop"])
    project.delete_case("Gone")
    assert project.titles() == ["Kept"]
    assert [r["title"] for r in rows("SELECT title FROM cases")] == ["Kept"]


def test_users_admin_adds_a_user_and_shows_validation_inline(login, page, rows) -> None:
    login()
    users = page(UsersPage).open()
    users.add_user("bob", "not-an-email", "tester", password="short")
    assert users.modal.is_open()
    assert users.modal.error("email") == "Enter an e-mail address like name@example.com."
    assert users.modal.error("password") == "The password needs at least 8 characters."
    users.open()
    users.add_user("bob", "bob@example.test", "tester", password="long-enough-1")
    assert "bob" in users.usernames()
    assert users.role_of("bob") == "tester"
    [bob] = rows("SELECT email, role, password_hash FROM users WHERE username = 'bob'")
    assert (bob["email"], bob["role"]) == ("bob@example.test", "tester")
    assert "long-enough-1" not in bob["password_hash"]


def test_custom_fields_are_added_edited_and_deleted(login, page, rows) -> None:
    login()
    fields = page(CustomizationsPage).open()
    fields.add_field("Browser", "Which browser\nthe case runs in")
    fields.add_field("OS", "")
    fields.edit_field("Browser", description="Browser and version")
    assert fields.description_of("Browser") == "Browser and version"
    fields.delete_field("OS")
    assert fields.names() == ["Browser"]
    assert rows("SELECT name, description FROM fields") == [
        {"name": "Browser", "description": "Browser and version"}
    ]


def test_dropzone_attachments_are_stored_with_their_sha256(
    demo, login, page, rows, e2e_server, tmp_path: Path
) -> None:
    ids = demo.seed(projects=[{"name": "Shop", "cases": [{"title": "Receipt"}]}])
    login()
    case = page(CasePage).open_case(ids["cases"]["Receipt"])
    files = [tmp_path / "log.txt", tmp_path / "shot.png"]
    files[0].write_text("step 1 ok\n")
    files[1].write_bytes(os.urandom(30_000))
    for file in files:
        assert case.attach(file).accepted
    digests = {f.name: hashlib.sha256(f.read_bytes()).hexdigest() for f in files}
    assert {name: case.sha256_of(name) for name in digests} == digests
    stored = rows("SELECT filename, sha256, stored_as FROM attachments")
    assert {r["filename"]: r["sha256"] for r in stored} == digests
    for record in stored:
        on_disk = e2e_server.tmp / "uploads" / record["stored_as"]
        assert hashlib.sha256(on_disk.read_bytes()).hexdigest() == record["sha256"]


def test_dropzone_refuses_a_wrong_type_and_a_too_large_file_visibly(
    demo, login, page, rows, tmp_path: Path
) -> None:
    ids = demo.seed(projects=[{"name": "Shop", "cases": [{"title": "Receipt"}]}])
    login()
    case = page(CasePage).open_case(ids["cases"]["Receipt"])
    script = tmp_path / "run.exe"
    script.write_bytes(b"MZ")
    huge = tmp_path / "huge.bin"
    huge.write_bytes(b"\0" * (13 * 1024 * 1024))
    wrong = case.attach(script)
    big = case.attach(huge)
    assert (wrong.accepted, wrong.error) == (False, "Files of this type are not accepted.")
    assert not big.accepted
    assert "the limit is 12 MiB" in (big.error or "")
    assert case.upload_errors() == [wrong.error, big.error]
    assert rows("SELECT * FROM attachments") == []


def test_csv_import_through_the_hidden_input_reports_bad_rows_by_line(
    demo, login, page, rows, tmp_path: Path
) -> None:
    ids = demo.seed(projects=[{"name": "Shop"}])
    login()
    project = page(ProjectPage).open_project(ids["projects"]["Shop"])
    csv = tmp_path / "cases.csv"
    csv.write_text(
        "title,description,priority\n"
        "Login works,Happy path,high\n"
        ",missing title,low\n"
        '"Multi, comma","two\nlines",medium\n'
        "Bad priority,,urgent\n",
        encoding="utf-8",
    )
    summary, problems = project.import_csv(csv)
    assert summary == "Imported 2 test cases."
    assert problems == [
        "Line 3: A test case needs a title.",
        "Line 6: Priority must be one of: low, medium, high.",
    ]
    assert project.titles() == ["Login works", "Multi, comma"]
    assert [r["title"] for r in rows("SELECT title FROM cases ORDER BY id")] == [
        "Login works",
        "Multi, comma",
    ]
