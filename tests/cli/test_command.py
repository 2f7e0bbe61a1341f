"""The ``e2e`` command itself: help, version, bad arguments, and what it imports."""

from __future__ import annotations

import re
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

from e2e.cli import COMMANDS

ROOT = Path(__file__).parents[2]


def test_help_lists_every_command_and_each_has_an_example(e2e) -> None:
    status, out, _ = e2e("--help")
    assert status == 0
    for name in COMMANDS:
        assert re.search(rf"^\s+{re.escape(name)}\b", out, re.MULTILINE), name
        status, sub, _ = e2e(name, "--help")
        assert status == 0
        assert f"e2e {name}" in sub.split("examples:")[1], name


def test_version_is_the_package_s_and_the_changelog_s() -> None:
    answer = subprocess.run(
        [sys.executable, "-m", "e2e", "--version"], capture_output=True, text=True, check=True
    )
    assert answer.stdout.strip() == f"e2e {version('pagewright-e2e')}"
    changelog = (ROOT / "CHANGELOG.md").read_text()
    assert f"## [{version('pagewright-e2e')}]" in changelog


def test_help_imports_no_selenium() -> None:
    """`e2e --help` stays fast: Selenium is imported by a subcommand that runs."""
    script = (
        "import sys\nfrom e2e.cli import main\ntry:\n    main(['--help'])\n"
        "except SystemExit:\n    pass\nprint('SELENIUM', 'selenium' in sys.modules)\n"
    )
    answer = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert "SELENIUM False" in answer.stdout, answer.stdout + answer.stderr


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("init", "--bogus"), "unrecognized arguments: --bogus"),
        (("install", "opera"), "unknown engine 'opera'; choose from: chromium, firefox, webkit"),
        (("doctor", "--browser", "opera"), "unknown engine 'opera' in --browser"),
        (("frobnicate",), "invalid choice: 'frobnicate'"),
        (("show-trace", "/nowhere/trace.html"), "'/nowhere/trace.html' does not exist"),
    ],
)
def test_a_bad_argument_is_one_sentence_and_exit_status_2(e2e, args, said) -> None:
    status, out, err = e2e(*args)
    assert status == 2
    assert said in err
    assert len(err.strip().splitlines()) == 1, err
    assert out == ""


def test_safari_elsewhere_than_macos_says_so(e2e, only_tools) -> None:
    if sys.platform == "darwin":
        pytest.skip("this machine is a Mac: Safari is its own engine here")
    status, out, _ = e2e("doctor", "--browser", "safari")
    assert status == 1
    flat = " ".join(out.split())
    assert "--browser safari (Safari) runs on macOS only, and this machine runs" in flat


def test_codegen_without_a_display_says_how_to_record(e2e, monkeypatch) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    if not sys.platform.startswith("linux"):
        pytest.skip("a desktop has its display")
    status, out, err = e2e("codegen", "http://127.0.0.1:9/")
    assert status == 2
    assert "there is no display (DISPLAY is not set): run it under `xvfb-run e2e codegen" in err
    assert "e2e.Recorder" in err
    assert out == ""


def test_codegen_refuses_an_address_it_cannot_open(e2e) -> None:
    status, _, err = e2e("codegen", "localhost:8000")
    assert status == 2
    assert "'localhost:8000' is not an http:// or https:// address to record on" in err


@pytest.mark.parametrize("name", list(COMMANDS))
def test_each_command_s_help_runs_as_a_user_runs_it(name) -> None:
    """`python -m e2e NAME --help` in a process of its own, as a shell runs it."""
    answer = subprocess.run(
        [sys.executable, "-m", "e2e", name, "--help"], capture_output=True, text=True, timeout=60
    )
    assert answer.returncode == 0, answer.stderr
    assert f"usage: e2e {name}" in answer.stdout
    assert f"e2e {name} " in answer.stdout.split("examples:")[1]
