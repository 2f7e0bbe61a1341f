"""``e2e init``: the files it writes, and the files it will not touch."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).parents[2]
URL = "http://127.0.0.1:9/login"  # nothing answers: init says so, and writes anyway


def tree(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_init_writes_a_project_that_ruff_accepts(e2e, tmp_path: Path) -> None:
    status, out, _ = e2e(
        "init", str(tmp_path / "p"), "--base-url", URL, "--yes", "--browser", "firefox"
    )
    assert status == 0
    files = tree(tmp_path / "p")
    assert set(files) == {
        ".github/workflows/e2e.yml",
        ".github/workflows/nightly.yml",
        ".gitignore",
        "conftest.py",
        "locators/__init__.py",
        "locators/home.py",
        "pages/__init__.py",
        "pages/home.py",
        "pyproject.toml",
        "requirements.txt",
        "tests/test_home.py",
    }
    pyproject = files["pyproject.toml"].decode()
    assert 'base_url = "http://127.0.0.1:9"' in pyproject
    assert 'e2e_browser = "firefox"' in pyproject
    assert 'path = "/login"' in files["pages/home.py"].decode()
    for workflow in ("e2e", "nightly"):
        parsed = yaml.safe_load(files[f".github/workflows/{workflow}.yml"])
        assert parsed["jobs"]["e2e"]["strategy"]["matrix"]["browser"] == ["firefox"]
    assert "--reruns 1" in files[".github/workflows/nightly.yml"].decode()
    assert "pagewright-e2e[reruns,firefox]~=0.2.0" in files["requirements.txt"].decode()
    # what to do next, and that the application did not answer
    assert "The base URL http://127.0.0.1:9/login is unreachable" in out
    assert out.rstrip().endswith("pytest")
    assert "cd " in out
    assert "e2e install firefox" in out
    lint = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "."],
        cwd=tmp_path / "p",
        capture_output=True,
        text=True,
    )
    assert lint.returncode == 0, lint.stdout
    fmt = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--check", "--no-cache", "."],
        cwd=tmp_path / "p",
        capture_output=True,
        text=True,
    )
    assert fmt.returncode == 0, fmt.stdout


def test_init_over_a_conftest_refuses_and_changes_nothing(e2e, tmp_path: Path) -> None:
    (tmp_path / "conftest.py").write_text("HERE = 'mine'\n")
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "mine"\n')
    (tmp_path / ".gitignore").write_text("build/\n")
    before = tree(tmp_path)
    status, out, err = e2e("init", str(tmp_path), "--base-url", URL, "--yes")
    assert status == 1
    assert f"e2e init: {tmp_path} already has conftest.py: nothing was written." in err
    assert "Use --force to overwrite them" in err
    assert out == ""
    assert tree(tmp_path) == before


def test_force_overwrites_and_keeps_what_it_adds_to(e2e, tmp_path: Path) -> None:
    (tmp_path / "conftest.py").write_text("HERE = 'mine'\n")
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "mine"\n')
    (tmp_path / ".gitignore").write_text("build/\n")
    status, _, _ = e2e("init", str(tmp_path), "--base-url", URL, "--yes", "--force")
    assert status == 0
    assert "HERE = 'mine'" not in (tmp_path / "conftest.py").read_text()
    pyproject = (tmp_path / "pyproject.toml").read_text()
    assert pyproject.startswith('[project]\nname = "mine"\n\n[tool.pytest.ini_options]\n')
    assert (tmp_path / ".gitignore").read_text().startswith("build/\nreports/\n")


def test_an_existing_pytest_section_is_a_clash_and_force_adds_only_missing_keys(
    e2e, tmp_path: Path
) -> None:
    original = '[tool.pytest.ini_options]\nbase_url = "http://mine"\nmarkers = ["slow"]\n'
    (tmp_path / "pyproject.toml").write_text(original)
    status, _, err = e2e("init", str(tmp_path), "--base-url", URL, "--yes")
    assert status == 1
    assert "pyproject.toml (it has a [tool.pytest.ini_options] section already)" in err
    assert (tmp_path / "pyproject.toml").read_text() == original
    assert e2e("init", str(tmp_path), "--base-url", URL, "--yes", "--force")[0] == 0
    merged = (tmp_path / "pyproject.toml").read_text()
    assert merged.count("base_url") == 1
    assert 'base_url = "http://mine"' in merged
    assert 'markers = ["slow"]' in merged
    assert 'e2e_browser = "chromium"' in merged


def test_init_twice_changes_nothing(e2e, tmp_path: Path) -> None:
    assert e2e("init", str(tmp_path), "--base-url", URL, "--yes")[0] == 0
    first = tree(tmp_path)
    assert e2e("init", str(tmp_path), "--base-url", URL, "--yes")[0] == 0
    assert tree(tmp_path) == first


def test_without_a_terminal_init_needs_the_url(e2e, tmp_path: Path) -> None:
    status, _, err = e2e("init", str(tmp_path))
    assert status == 2
    assert "give --base-url URL (there is no terminal to ask on)" in err
    assert list(tmp_path.iterdir()) == []


def test_a_bad_url_or_engine_is_refused_before_writing(e2e, tmp_path: Path) -> None:
    status, _, err = e2e("init", str(tmp_path), "--base-url", "localhost:8000", "--yes")
    assert status == 2
    assert "--base-url 'localhost:8000' is not an http:// or https:// address" in err
    status, _, err = e2e("init", str(tmp_path), "--base-url", URL, "--browser", "opera", "--yes")
    assert status == 2
    assert "unknown engine 'opera'" in err
    assert list(tmp_path.iterdir()) == []


def test_the_first_test_passes_against_a_static_page(e2e, tmp_path: Path, static_site) -> None:
    assert e2e("init", str(tmp_path), "--base-url", static_site, "--yes")[0] == 0
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--headless"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert "1 passed" in run.stdout
