"""The package as a user gets it: the sdist and wheel `python -m build` makes, installed
into a fresh virtual environment on a PATH with no npm, then `e2e --help`, `e2e doctor`,
`e2e init` and `pytest` in the project it writes, against a static page and a login form.
Nothing here imports the checkout: the inner runs start in a folder outside it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from e2e.version import __version__

ROOT = Path(__file__).parents[2]
WHEEL = f"pagewright_e2e-{__version__}-py3-none-any.whl"
#: Files the library injects or reads at run time: a wheel without one is broken.
CARRIED = (
    "e2e/checks/vendor/node_modules/axe-core/axe.min.js",
    "e2e/queries/vendor/queries.js",
    "e2e/queries/vendor/roles.json",
    "e2e/trace/_trace_viewer.html",
    "e2e/waiting/_page_state.js",
    "e2e/cli/templates/conftest.py.tmpl",
    "e2e/recording/recorder.js",
    "e2e/py.typed",
)


NODE = ("node", "nodejs", "npm", "npx", "corepack")


def run(
    command: list[str], cwd: Path, env: dict[str, str], timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sdist and wheel: those `make dist` made (E2E_DIST), else built here."""
    if os.environ.get("E2E_DIST"):
        return Path(os.environ["E2E_DIST"])
    out = tmp_path_factory.mktemp("dist")
    built = run(
        [sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)],
        cwd=out,
        env=dict(os.environ),
        timeout=600,
    )
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    checked = run(
        [sys.executable, "-m", "twine", "check", "--strict", *map(str, out.iterdir())],
        out,
        dict(os.environ),
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    return out


@pytest.fixture(scope="module")
def installed(dist: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A fresh venv with the wheel; the environment of a user's shell in it (no npm)."""
    home = tmp_path_factory.mktemp("user")
    venv = home / "venv"
    made = run([sys.executable, "-m", "venv", str(venv)], home, dict(os.environ))
    assert made.returncode == 0, made.stderr
    pip = run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", str(dist / WHEEL)],
        home,
        dict(os.environ),
        timeout=600,
    )
    assert pip.returncode == 0, pip.stdout[-3000:] + pip.stderr[-3000:]
    # The system's programs, less Node.js: a machine where npm was never installed.
    tools = home / "tools"
    tools.mkdir()
    for folder in ("/usr/local/bin", "/usr/bin", "/bin"):
        for program in Path(folder).iterdir() if Path(folder).is_dir() else ():
            if program.name not in NODE and not (tools / program.name).exists():
                (tools / program.name).symlink_to(program)
    assert (tools / "chromedriver").exists(), "chromedriver is needed (make setup installs it)"
    path = f"{venv / 'bin'}{os.pathsep}{tools}"
    assert shutil.which("npm", path=path) is None
    assert shutil.which("node", path=path) is None
    env = {
        "PATH": path,
        "HOME": str(home),
        "CI": "true",
        "SE_AVOID_STATS": "true",
        "SE_OFFLINE": "true",
        "LANG": "C.UTF-8",
    }
    where = run([str(venv / "bin" / "python"), "-c", "import e2e; print(e2e.__file__)"], home, env)
    assert where.stdout.startswith(str(venv)), where.stdout + where.stderr
    return {**env, "HOME_DIR": str(home)}


def test_the_sdist_and_wheel_carry_every_injected_file(dist: Path) -> None:
    wheel = set(zipfile.ZipFile(dist / WHEEL).namelist())
    assert [name for name in CARRIED if name not in wheel] == []
    with tarfile.open(dist / f"pagewright_e2e-{__version__}.tar.gz") as sdist:
        names = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    assert [name for name in CARRIED if name not in names] == []
    assert "CHANGELOG.md" in names
    entry_points = zipfile.ZipFile(dist / WHEEL).read(
        f"pagewright_e2e-{__version__}.dist-info/entry_points.txt"
    )
    assert b"e2e = e2e.cli:main" in entry_points


INSTALLED_TESTS = """
from e2e import Locator

from pages.home import HomePage


def test_the_query_engine_and_axe_come_with_the_wheel(home: HomePage) -> None:
    home.expect(Locator.role("heading", "A static page")).to_be_visible()
    home.expect_accessible()
"""


def test_from_pip_install_to_a_green_suite(installed: dict[str, str], static_site: str) -> None:
    env = {k: v for k, v in installed.items() if k != "HOME_DIR"}
    home = Path(installed["HOME_DIR"])
    helped = run(["e2e", "--help"], home, env)
    assert helped.returncode == 0
    assert "init" in helped.stdout
    assert run(["e2e", "--version"], home, env).stdout.strip() == f"e2e {__version__}"
    doctor = run(["e2e", "doctor", "--browser", "chromium"], home, env)
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr
    init = run(["e2e", "init", "myproj", "--base-url", static_site, "--yes"], home, env)
    assert init.returncode == 0, init.stdout + init.stderr
    project = home / "myproj"
    (project / "tests" / "test_installed.py").write_text(INSTALLED_TESTS)
    tests = run(["pytest", "--tracing", "on"], project, env)
    assert tests.returncode == 0, tests.stdout[-4000:] + tests.stderr[-2000:]
    assert "2 passed" in tests.stdout
    shown = run(["e2e", "show-trace", "reports/artifacts", "--print"], project, env)
    assert shown.returncode == 0, shown.stderr
    trace = Path(shown.stdout.strip().removeprefix("file://"))
    assert trace.name == "trace.html"
    assert trace.is_file()


def test_the_first_test_passes_against_a_login_form(
    installed: dict[str, str], base_url: str
) -> None:
    env = {k: v for k, v in installed.items() if k != "HOME_DIR"}
    home = Path(installed["HOME_DIR"])
    login = base_url.rstrip("/").rsplit("/login", 1)[0] + "/login"
    init = run(["e2e", "init", "login-app", "--base-url", login, "--yes"], home, env)
    assert init.returncode == 0, init.stdout + init.stderr
    tests = run(["pytest"], home / "login-app", env)
    assert tests.returncode == 0, tests.stdout[-4000:] + tests.stderr[-2000:]
    assert "1 passed" in tests.stdout


def test_doctor_names_a_hidden_driver(installed: dict[str, str]) -> None:
    env = {k: v for k, v in installed.items() if k != "HOME_DIR"}
    home = Path(installed["HOME_DIR"])
    hidden = home / "hidden"
    if not hidden.exists():
        tools = Path(env["PATH"].split(os.pathsep)[1])
        hidden.mkdir()
        for program in tools.iterdir():
            if program.name != "chromedriver":
                (hidden / program.name).symlink_to(program.resolve())
    env["PATH"] = env["PATH"].split(os.pathsep)[0] + os.pathsep + str(hidden)
    doctor = run(["e2e", "doctor", "--browser", "chromium"], home, env)
    assert doctor.returncode == 1
    flat = " ".join(doctor.stdout.split())
    assert "No chromedriver found for --browser chromium" in flat
    assert "apt-get install chromium chromium-driver" in flat
