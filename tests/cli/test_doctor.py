"""``e2e doctor`` and ``e2e install --dry-run``: what is found, what is missing."""

from __future__ import annotations

import socket

import pytest


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_every_engine_present_is_ready(e2e, only_tools, monkeypatch) -> None:
    only_tools()
    monkeypatch.chdir(only_tools())  # no project around
    status, out, _ = e2e(
        "doctor", "--browser", "chrome", "--browser", "firefox", "--browser", "webkit"
    )
    assert status == 0, out
    for row in ("chrome browser", "chrome driver", "firefox driver", "webkit display"):
        line = next(line for line in out.splitlines() if line.startswith(row))
        assert line.split()[2] == "ok", line
    assert "Ready." in out


def test_a_hidden_driver_is_named_with_what_to_install(e2e, only_tools, monkeypatch) -> None:
    monkeypatch.chdir(only_tools("chromedriver"))
    status, out, _ = e2e("doctor", "--browser", "chromium", "--browser", "firefox")
    assert status == 1
    flat = " ".join(out.split())
    assert "chromium driver missing No chromedriver found for --browser chromium" in flat
    assert "Install it (Debian/Ubuntu: `apt-get install chromium chromium-driver`)" in flat
    assert "firefox driver ok" in flat
    assert "Not ready: chromium." in out


def test_webkit_without_xvfb_says_to_install_it(e2e, only_tools, monkeypatch) -> None:
    monkeypatch.chdir(only_tools("Xvfb"))
    monkeypatch.setenv("CI", "true")  # a headless run
    status, out, _ = e2e("doctor", "--browser", "webkit")
    assert status == 1
    assert "Xvfb is not installed (Debian/Ubuntu: `apt-get install xvfb`)" in " ".join(out.split())


def test_engines_come_from_the_environment_then_the_project(e2e, tmp_path, monkeypatch) -> None:
    (tmp_path / "pytest.ini").write_text("[pytest]\ne2e_browser = firefox\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("E2E_ENGINES", raising=False)
    monkeypatch.delenv("E2E_BROWSER", raising=False)
    _, out, _ = e2e("doctor")
    assert "a local run of firefox" in out
    assert "chrome browser" not in out
    monkeypatch.setenv("E2E_ENGINES", "webkit")
    _, out, _ = e2e("doctor")
    assert "a local run of webkit" in out


def test_an_unreachable_grid_and_base_url_fail(e2e, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    port = closed_port()
    status, out, _ = e2e(
        "doctor",
        "--grid-url",
        f"http://127.0.0.1:{port}",
        "--base-url",
        f"http://127.0.0.1:{port}/",
    )
    assert status == 1
    flat = " ".join(out.split())
    assert f"grid unreachable Selenium Grid at http://127.0.0.1:{port} is unreachable" in flat
    assert f"base URL unreachable The base URL http://127.0.0.1:{port}/ is unreachable" in flat


def test_the_project_s_base_url_is_checked(e2e, tmp_path, monkeypatch, static_site) -> None:
    (tmp_path / "pyproject.toml").write_text(
        f'[tool.pytest.ini_options]\nbase_url = "{static_site}"\ne2e_browser = "chromium"\n'
    )
    monkeypatch.chdir(tmp_path)
    status, out, _ = e2e("doctor")
    assert status == 0, out
    assert f"{static_site} answers" in out
    assert f"settings from {tmp_path / 'pyproject.toml'}" in out


def test_install_dry_run_names_the_packages(e2e, only_tools) -> None:
    only_tools("chromedriver", "WebKitWebDriver")
    status, out, _ = e2e("install", "--dry-run", "chromium", "firefox", "webkit")
    assert status == 1
    assert "missing: chromium driver: No chromedriver found" in out
    assert "missing: webkit driver: No WebKitWebDriver found" in out
    assert "would install: apt-get install chromium-driver webkit2gtk-driver" in out
    assert "firefox" not in out.split("would install:")[1]


def test_install_with_everything_present_does_nothing(e2e, only_tools) -> None:
    only_tools()
    status, out, _ = e2e("install", "--dry-run", "chrome", "firefox")
    assert status == 0
    assert "chromium, firefox: everything is installed." in out


@pytest.mark.parametrize("engine", ["edge", "safari"])
def test_install_says_where_edge_and_safari_come_from(e2e, engine) -> None:
    status, _, err = e2e("install", engine)
    assert status == 2
    assert {"edge": "microsoft.com", "safari": "safaridriver --enable"}[engine] in err
