"""Attachments through Dropzone and through a button whose file input is never in the page,
CSV import through a hidden file input, and a code editor that must keep text exactly."""

import hashlib
from pathlib import Path

import pytest

from pages.case_detail import CasePage
from pages.cases import ProjectPage

DATA = Path(__file__).parent / "data"


@pytest.fixture
def case_page(demo, as_admin, page) -> CasePage:
    ids = demo.seed(projects=[{"name": "Shop", "cases": [{"title": "Receipt"}]}])
    return page(CasePage).open_case(ids["cases"]["Receipt"])


@pytest.fixture
def project(demo, as_admin, page) -> ProjectPage:
    ids = demo.seed(projects=[{"name": "Shop"}])
    return page(ProjectPage).open_project(ids["projects"]["Shop"])


@pytest.mark.smoke
def test_an_attachment_is_listed_with_its_sha256(case_page) -> None:
    file = DATA / "steps.txt"
    assert case_page.attach(file).accepted
    assert case_page.sha256_of("steps.txt") == hashlib.sha256(file.read_bytes()).hexdigest()


def test_several_files_are_attached_one_after_another(case_page) -> None:
    for name in ("steps.txt", "screenshot.png", "cases.csv"):
        assert case_page.attach(DATA / name).accepted, name
    assert case_page.attachment_names() == ["steps.txt", "screenshot.png", "cases.csv"]


def test_a_file_of_a_refused_type_shows_why(case_page) -> None:
    result = case_page.attach(DATA / "tool.exe")
    assert result.error == "Files of this type are not accepted."
    assert case_page.upload_errors() == ["Files of this type are not accepted."]
    assert case_page.attachment_names() == []


def test_a_file_over_the_size_limit_shows_why(case_page, tmp_path) -> None:
    big = tmp_path / "big.bin"
    big.write_bytes(b"\0" * (13 * 1024 * 1024))
    result = case_page.attach(big)
    assert not result.accepted
    assert "the limit is 12 MiB" in (result.error or "")
    assert case_page.attachment_names() == []


def test_a_good_csv_creates_its_cases(project) -> None:
    summary, problems = project.import_csv(DATA / "cases.csv")
    assert summary == "Imported 3 test cases."
    assert problems == []
    assert project.titles() == ["Log in", "Search, with filters", "Check out"]


def test_a_csv_with_bad_rows_reports_their_lines(project) -> None:
    summary, problems = project.import_csv(DATA / "cases_bad.csv")
    assert summary == "Imported 1 test case."
    assert problems == [
        "Line 3: Priority must be one of: low, medium, high.",
        "Line 4: A test case needs a title.",
    ]


def test_a_csv_without_the_right_header_is_refused(project, tmp_path) -> None:
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("name,level\nx,high\n", encoding="utf-8")
    summary, _ = project.import_csv(wrong)
    assert summary.startswith("The header must name the columns title, description, priority")
    assert project.titles() == []


@pytest.mark.engines(
    "chromium", "firefox", reason="WebKit cannot intercept a file chooser (no BiDi, no DevTools)"
)
def test_files_go_up_through_a_button_whose_input_is_never_in_the_page(
    case_page, driver, tmp_path
) -> None:
    empty = tmp_path / "empty.log"
    empty.write_bytes(b"")
    case_page.upload_with_button(DATA / "steps.txt", empty)
    assert sorted(case_page.attachment_names()) == ["empty.log", "steps.txt"]


CODE = (
    "def test_login(page):\n"
    "    if page.ready:\n"
    '        page.click("#login")\n'
    '    return {"ok": [1, 2]}\n'
)


def test_the_automation_script_is_kept_exactly_as_written(case_page) -> None:
    case_page.set_script(CODE)
    case_page.refresh()
    assert case_page.script() == CODE
