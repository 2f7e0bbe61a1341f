"""What can be known to be wrong before any test runs: each check returns one sentence
saying what is wrong and what to do, or ``None``. The plugin turns them into usage
errors; they are plain functions so that other runners can call them too."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

from e2e.browser.readiness import check_engine, display_problem
from e2e.config import Config

__all__ = ["problems"]

_DRIVER_WORDS = ("chromedriver", "geckodriver", "msedgedriver", "safaridriver", "webdriver")


def _address(url: str, option: str, example: str) -> str | None:
    """An http(s) address with a host and, if any, a numeric port."""
    problem = ""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError as exc:
        problem = f" ({exc})"
    else:
        if parts.scheme in ("http", "https") and parts.hostname:
            return None
    return f"{option} {url!r} is not an http:// or https:// address{problem}; give {example}"


def base_url(url: str | None) -> str | None:
    if not url:
        return None
    return _address(url, "--base-url", "the application's address, e.g. http://127.0.0.1:8000")


def grid_url(url: str | None) -> str | None:
    if not url:
        return None
    return _address(
        url, "--grid-url", "the Grid's hub or standalone server, e.g. http://127.0.0.1:4444"
    )


def report_path(path: str | None, option: str) -> str | None:
    """A report file pytest will write at the end: a file (not a folder) in a folder that
    exists or can be made, and that can be written to."""
    if not path:
        return None
    file = Path(path).expanduser()
    if file.is_dir():
        return f"{option} {path!r} is a folder; give a file name, e.g. {option}=reports/out"
    if file.exists() and not os.access(file, os.W_OK):
        return (
            f"{option} {path!r} cannot be written (no write permission): fix it or choose another"
        )
    folder = file.absolute().parent
    while not folder.exists():
        folder = folder.parent
    if not folder.is_dir():
        return f"{option} {path!r} cannot be made: {str(folder)!r} is a file, not a folder"
    if not os.access(folder, os.W_OK | os.X_OK):
        return (
            f"{option} {path!r} cannot be written: no write permission in {str(folder)!r}; "
            "give a path in a folder you can write to"
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
    """A headed local browser needs a display that answers (and WebKitGTK's headless
    one, Xvfb)."""
    return display_problem(config)


def engine(config: Config) -> list[str]:
    """The browser and driver a local run would start, when one is missing (the checks
    ``e2e doctor`` shows as a table)."""
    if config.grid_url or config.driver_path or config.browser_binary:
        return []  # a Grid brings its own; the paths given are checked above
    if config.driver_source not in ("auto", "system"):
        return []  # a driver that may be downloaded: found when the first test asks
    return check_engine(config).problems


def problems(
    config: Config, url: str | None, artifacts: Path, reports: dict[str, str | None] | None = None
) -> list[str]:
    """Every problem found, in the order a user would fix them. ``reports`` maps a
    report option (``--junitxml``) to the path given for it."""
    found = [
        base_url(url),
        grid_url(config.grid_url),
        *(report_path(path, option) for option, path in (reports or {}).items()),
        artifacts_dir(artifacts),
        driver_path(config.driver_path) if not config.grid_url else None,
        browser_binary(config.browser_binary) if not config.grid_url else None,
        display(config),
        *engine(config),
    ]
    unique = [p for p in found if p]
    return [p for i, p in enumerate(unique) if p not in unique[:i]]
