"""The recorder (e2e.Recorder, behind `e2e codegen`), driven through Selenium on the demo
app: what it writes passes ruff and mypy, keeps no secret, runs green on every engine,
is the same when recorded again, and reuses the locators and pages a suite has."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By

from e2e import Recorder
from e2e.browser.engines import family_of
from e2e.recording import RecordingError
from pages.case_detail import CasePage
from pages.cases import ProjectPage
from pages.dashboard import DashboardPage
from pages.login import LoginPage
from pages.profile import ProfilePage
from pages.projects import ProjectsPage

ROOT = Path(__file__).parents[3]
PASSWORD = "admin-pass-1"


def toolbar(driver, mode: str) -> None:
    """Press one of the recorder toolbar's buttons, as a person would."""
    host = driver.find_element(By.CSS_SELECTOR, "e2e-recorder")
    host.shadow_root.find_element(By.CSS_SELECTOR, f"button[data-mode={mode}]").click()


def record_new_case(page, driver, tmp_path: Path) -> None:
    """Log in, create a project, open it, add a case with a two-line description, open
    the case, upload a file into its Dropzone, and assert its title."""
    login = page(LoginPage)
    login.type((By.ID, "username"), "admin")
    login.type((By.ID, "password"), PASSWORD, secret=True)
    login.click((By.CSS_SELECTOR, "button[type=submit]"))
    dashboard = login.to(DashboardPage)
    dashboard.click((By.LINK_TEXT, "Projects"))
    projects = dashboard.to(ProjectsPage)
    projects.create("Shop")
    projects.click((By.LINK_TEXT, "Shop"))
    project = projects.to(ProjectPage)
    project.add_case("Checkout", "Open the cart\nPay with a card", "high")
    project.click((By.LINK_TEXT, "Checkout"))
    case = project.to(CasePage)
    notes = tmp_path / "notes.txt"
    notes.write_text("steps\n")
    case.attach(notes)
    toolbar(driver, "text")
    case.click((By.CSS_SELECTOR, "#case-title"))


def run(command: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command,
        cwd=cwd,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture
def app(e2e_server) -> str:
    """The demo app of this worker (these tests' base_url is the fixture pages')."""
    if e2e_server is None:
        pytest.skip("records the embedded demo app (not with --base-url)")
    return str(e2e_server.root)


@pytest.fixture
def fresh(app: str):  # type: ignore[no-untyped-def]
    """``fresh()``: the demo app reset to a new instance."""
    from conftest import DemoApi

    api = DemoApi(app)
    api.reset()
    return api.reset


@pytest.fixture
def suite(tmp_path: Path) -> Path:
    out = tmp_path / "suite"
    out.mkdir()
    (out / "pyproject.toml").write_text('[tool.pytest.ini_options]\npythonpath = ["."]\n')
    return out


def test_webkit_cannot_record_and_says_so(driver, app, suite) -> None:
    if family_of(driver) != "webkit":
        pytest.skip("WebKitGTK's refusal; Chromium and Firefox record (below)")
    driver.get(app)
    with pytest.raises(RecordingError) as caught:
        Recorder(driver, suite, app).start()
    assert "cannot record actions: its WebDriver has neither WebDriver BiDi nor" in str(
        caught.value
    )
    assert "Record on Chromium or Firefox" in str(caught.value)


@pytest.mark.engines("chromium", "firefox", reason="WebKitGTK's driver has no BiDi or DevTools")
def test_a_recorded_flow_becomes_page_objects_and_a_test_that_pass(
    driver, page, fresh, app, suite, tmp_path
) -> None:
    driver.get(app + "/login")
    recorder = Recorder(driver, suite, app, name="new_case").start()
    record_new_case(page, driver, tmp_path)
    written = recorder.stop()
    names = sorted(str(p.relative_to(suite)) for p in written)
    assert "tests/test_new_case.py" in names
    assert "pages/login.py" in names
    assert recorder.secrets == ["E2E_PASSWORD"]
    texts = {n: (suite / n).read_text() for n in names}
    # No secret anywhere: not in a file, not in the events the recorder kept.
    assert [n for n, t in texts.items() if PASSWORD in t] == []
    assert PASSWORD not in repr(recorder.events)
    test = texts["tests/test_new_case.py"]
    assert 'os.environ["E2E_PASSWORD"]' in test
    assert '"Open the cart\\nPay with a card"' in test  # the multi-line description
    assert 'to_have_text("Checkout")' in test
    assert "sleep" not in "".join(texts.values())
    assert "wait" not in test
    project = texts["pages/project.py"]
    assert 'path = "/projects/{project_id}"' in project
    assert re.search(
        r"def add_test_case\(self, title: str, description: str, priority: str\)", project
    )
    assert '.within(Locator.role("dialog"' in texts["locators/project.py"]

    lint = run([sys.executable, "-m", "ruff", "check", "--no-cache", "."], suite)
    assert lint.returncode == 0, lint.stdout
    typed = run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "."],
        suite,
        MYPYPATH=str(ROOT),
    )
    assert typed.returncode == 0, typed.stdout

    for engine in ("chromium", "firefox", "webkit"):
        fresh()
        inner = run(
            [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--headless",
             "--base-url", app, "--browser", engine],
            suite,
            E2E_PASSWORD=PASSWORD,
        )  # fmt: skip
        assert inner.returncode == 0, f"{engine}:\n{inner.stdout[-4000:]}"

    # The same flow again, over its own output: no file changes.
    fresh()
    driver.get(app + "/login")
    again = Recorder(driver, suite, app, name="new_case").start()
    record_new_case(page, driver, tmp_path)
    assert again.stop() == []

    # A flow that reaches one new page adds that page's files and its test, nothing else.
    fresh()
    driver.get(app + "/login")
    third = Recorder(driver, suite, app, name="profile").start()
    login = page(LoginPage)
    login.type((By.ID, "username"), "admin")
    login.type((By.ID, "password"), PASSWORD, secret=True)
    login.click((By.CSS_SELECTOR, "button[type=submit]"))
    login.to(DashboardPage)
    driver.get(app + "/profile")
    profile = page(ProfilePage).wait_loaded()
    toolbar(driver, "visible")
    profile.click((By.CSS_SELECTOR, "h1"))
    added = sorted(str(p.relative_to(suite)) for p in third.stop())
    assert added == ["locators/profile.py", "pages/profile.py", "tests/test_profile.py"]


@pytest.mark.engines("chromium", "firefox", reason="WebKitGTK's driver has no BiDi or DevTools")
def test_recording_over_the_demo_suite_reuses_its_locators(
    driver, page, fresh, app, tmp_path
) -> None:
    suite = tmp_path / "demo-suite"
    shutil.copytree(ROOT / "locators", suite / "locators")
    shutil.copytree(ROOT / "pages", suite / "pages")
    before = {p: p.read_text() for p in suite.rglob("*.py")}
    driver.get(app + "/login")
    recorder = Recorder(driver, suite, app, name="new_case").start()
    record_new_case(page, driver, tmp_path)
    recorder.stop()
    # Every element the demo's locators already find was given that locator.
    targets = [e["target"] for e in recorder.events if e.get("target")]
    known = [t for t in targets if t.get("known")]
    assert len(known) >= 5, [t["python"] for t in targets]
    login = (suite / "pages" / "login.py").read_text()
    assert "LoginLocators.username" in login.split("def log_in", 1)[1]
    new_locators = [
        line
        for path in suite.glob("locators/*.py")
        for line in set(path.read_text().splitlines()) - set(before.get(path, "").splitlines())
        if " = Locator" in line
    ]
    reused_elements = {t["python"] for t in known}
    assert [line for line in new_locators if line.split(" = ", 1)[1] in reused_elements] == []
    # Hand-written files only grew: every line they had is still there, in order.
    for path, text in before.items():
        now = path.read_text()
        kept = iter(now.splitlines())
        assert all(line in kept for line in text.splitlines()), path


CHOICES = {
    "testid": 'Locator.test_id("buy")',
    "role": 'Locator.role("button", "Export")',
    "label": 'Locator.role("textbox", "Email")',
    "placeholder": 'Locator.placeholder("Search the catalogue", exact=True)',
    "alt": 'Locator.role("img", "Company logo")',
    "title": 'Locator.title("Last saved at noon", exact=True)',
    "text": 'Locator.text("Nothing to show yet")',
    "id": 'Locator(By.ID, "totals", "totals")',
    # no named container holds it alone: the short CSS path
    "page-save": 'Locator(By.CSS_SELECTOR, "button:nth-of-type(3)", "save button")',
    "dialog-save": 'Locator.role("button", "Save").within(Locator.role("dialog", "Edit case"))',
    "delete-beta": 'Locator.role("button", "Delete").within(Locator.role("row", "Beta"))',
}


def test_the_chooser_writes_what_a_person_would(driver, open_page) -> None:
    """Test id, then role and name, then label...; several matches made unique inside
    the nearest named container (a row by its first cell), never by position; a
    generated id skipped for a CSS path."""
    from e2e.queries import engine_script

    open_page("choose.html")
    script = engine_script() + "\nreturn E2E_QUERIES.choose(arguments[0]);"
    chosen = {}
    for key in [*CHOICES, "generated", "delete-alpha"]:
        element = driver.find_element(By.CSS_SELECTOR, f"[data-c='{key}']")
        chosen[key] = driver.execute_script(script, element)
    got = {key: chosen[key]["python"] for key in CHOICES}
    assert got == CHOICES
    assert chosen["delete-beta"]["within"]["template"] == {"field": "Title", "value": "Beta"}
    assert chosen["delete-alpha"]["within"]["template"]["value"] == "Alpha"
    assert "ember1234" not in chosen["generated"]["python"]
    assert chosen["generated"]["kind"] == "css"
    assert not any(c.get("positional") for c in chosen.values())


@pytest.mark.engines("chromium", "firefox", reason="WebKitGTK's driver has no BiDi or DevTools")
def test_a_field_marked_secret_in_the_toolbar_is_never_sent_or_written(
    driver, page, fresh, app, suite
) -> None:
    driver.get(app + "/login")
    recorder = Recorder(driver, suite, app, name="sign_in").start()
    toolbar(driver, "secret")
    login = page(LoginPage)
    login.click((By.ID, "username"))  # marks it: the click is not an action
    login.type((By.ID, "username"), "admin-the-user")
    login.type((By.ID, "password"), PASSWORD, secret=True)
    login.click((By.CSS_SELECTOR, "button[type=submit]"))
    login.wait_for((By.ID, "login-error"))  # no such user: the form comes back
    written = recorder.stop()
    assert "admin-the-user" not in repr(recorder.events)
    assert PASSWORD not in repr(recorder.events)
    assert sorted(recorder.secrets) == ["E2E_PASSWORD", "E2E_USERNAME"]
    for path in written:
        text = path.read_text()
        assert "admin-the-user" not in text
        assert PASSWORD not in text
    test = (suite / "tests" / "test_sign_in.py").read_text()
    assert 'os.environ["E2E_USERNAME"], os.environ["E2E_PASSWORD"]' in test
