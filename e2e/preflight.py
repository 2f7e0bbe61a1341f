"""What can be known to be wrong before any test runs: each check returns one sentence
saying what is wrong and what to do, or ``None``. The plugin turns them into usage
errors; they are plain functions so that other runners can call them too."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

from e2e.config import Config

__all__ = ["problems"]

_DRIVER_WORDS = ("chromedriver", "geckodriver", "msedgedriver", "safaridriver", "webdriver")


def base_url(url: str | None) -> str | None:
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return (
            f"--base-url {url!r} is not an http:// or https:// address; "
            "give the application's address, e.g. http://127.0.0.1:8000"
        )
    return None


def artifacts_dir(folder: Path) -> str | None:
    if folder.exists() and not folder.is_dir():
        return (
            f"--artifacts-dir {str(folder)!r} is a file, not a folder: failure screenshots "
            "and logs go into a folder; give another path"
        )
    return None


def _executable(path: str, option: str, what: str) -> str | None:
    file = Path(path)
    if not file.is_file():
        return f"{option} {path!r} does not exist; give the path of {what}"
    if not os.access(file, os.X_OK):
        return f"{option} {path!r} is not executable (chmod +x it, or fix the path)"
    return None


def driver_path(path: str | None, timeout: float = 10.0) -> str | None:
    """A driver path must be an executable that says it is a WebDriver driver, quickly."""
    if not path:
        return None
    problem = _executable(path, "--driver-path", "chromedriver or similar")
    if problem:
        return problem
    file = Path(path)
    try:
        answer = subprocess.run(
            [str(file), "--version"], capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        return f"--driver-path {path!r} did not answer `--version` within {timeout:g} s"
    except OSError as exc:
        return f"--driver-path {path!r} cannot be run: {exc.strerror or exc}"
    said = (answer.stdout + answer.stderr).strip()
    if not any(word in said.lower() for word in _DRIVER_WORDS):
        shown = said.splitlines()[0][:80] if said else "nothing"
        return (
            f"--driver-path {path!r} is not a WebDriver driver: `--version` printed "
            f"{shown!r}; give the path of chromedriver, geckodriver or msedgedriver"
        )
    return None


def browser_binary(path: str | None) -> str | None:
    return _executable(path, "--browser-binary", "the browser's executable") if path else None


def display(config: Config) -> str | None:
    """A headed local browser needs a display that answers."""
    if config.headless or config.grid_url or os.name == "nt":
        return None
    if os.environ.get("WAYLAND_DISPLAY"):
        return None
    value = os.environ.get("DISPLAY", "")
    if not value:
        return (
            "--headed needs a display, but DISPLAY is not set: use --headless, or run under "
            "a virtual display (`xvfb-run pytest ...`)"
        )
    host, _, number = value.rpartition(":")
    if host in ("", "unix"):  # a local X server listens on a socket named after it
        socket = Path("/tmp/.X11-unix") / f"X{number.split('.')[0]}"
        if not socket.exists():
            return (
                f"--headed needs a display, but no X server answers at DISPLAY={value} "
                f"({socket} is missing): start it, use --headless, or run under xvfb-run"
            )
    return None


def problems(config: Config, url: str | None, artifacts: Path) -> list[str]:
    """Every problem found, in the order a user would fix them."""
    found = [
        base_url(url),
        artifacts_dir(artifacts),
        driver_path(config.driver_path) if not config.grid_url else None,
        browser_binary(config.browser_binary) if not config.grid_url else None,
        display(config),
    ]
    return [p for p in found if p]
