"""``e2e init [DIR]``: a new test project for the user's own application.

It writes a pytest configuration (a ``[tool.pytest.ini_options]`` section, added to an
existing ``pyproject.toml``), ``conftest.py``, ``locators/`` and ``pages/`` with a first
page object, ``tests/`` with a first test that passes against the URL given, a
``.gitignore`` and GitHub workflows for pull requests and a nightly run. It never
overwrites a file without ``--force``: a clash is said before anything is written.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

from e2e.cli import CommandError

HELP = "write a new test project for your application (config, page object, test, CI)"
EXAMPLES = (
    "e2e init                                  # asks for the URL and the engines",
    "e2e init myproject --base-url http://127.0.0.1:8000 --yes",
    "e2e init . --base-url https://staging.example.com/login --browser chromium "
    "--browser firefox --yes",
)

ENGINES = ("chromium", "firefox", "webkit", "chrome", "edge", "safari")
SECTION = "[tool.pytest.ini_options]"


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("dir", nargs="?", default=".", metavar="DIR", help="default: here")
    parser.add_argument("--base-url", metavar="URL", help="the application's address")
    parser.add_argument(
        "--browser",
        action="append",
        metavar="ENGINE",
        help=f"an engine to run on (repeatable): {', '.join(ENGINES)}; default chromium",
    )
    parser.add_argument("--yes", "-y", action="store_true", help="ask nothing; take defaults")
    parser.add_argument("--force", action="store_true", help="overwrite files that exist")


@dataclass(frozen=True)
class Answers:
    base_url: str
    engines: tuple[str, ...]


def _check_url(url: str) -> str:
    from e2e.plugin.preflight import base_url  # the run's own check of --base-url

    problem = base_url(url.strip())
    if problem:
        raise CommandError(problem)
    return url.strip()


def _check_engines(names: list[str]) -> tuple[str, ...]:
    chosen: list[str] = []
    for name in (n.strip().lower() for n in names):
        if name not in ENGINES:
            raise CommandError(f"unknown engine {name!r}; choose from: {', '.join(ENGINES)}")
        if name not in chosen:
            chosen.append(name)
    return tuple(chosen) or ("chromium",)


def _ask(args: argparse.Namespace) -> Answers:
    """The answers from the arguments, asking on a terminal for what is missing."""
    engines = _check_engines(args.browser or [])
    if args.yes or not sys.stdin.isatty():
        if not args.base_url:
            reason = "--yes asks nothing" if args.yes else "there is no terminal to ask on"
            raise CommandError(f"give --base-url URL ({reason}): the application's address")
        return Answers(_check_url(args.base_url), engines)
    default = args.base_url or "http://127.0.0.1:8000"
    url = _check_url(input(f"The application's base URL [{default}]: ") or default)
    if not args.browser:
        said = input(f"Engines to run on ({', '.join(ENGINES[:3])}) [chromium]: ")
        engines = _check_engines(said.replace(",", " ").split())
    return Answers(url, engines)


def _template(name: str) -> str:
    return (resources.files("e2e.cli") / "templates" / name).read_text(encoding="utf-8")


def _fill(text: str, values: dict[str, str]) -> str:
    for key, value in values.items():
        text = text.replace(f"@{key}@", value)
    return text


def _values(answers: Answers) -> dict[str, str]:
    from e2e.version import __version__

    parts = urlsplit(answers.base_url)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    extras = ["reruns"]
    extras += [e for e in ("firefox", "webkit") if e in answers.engines]
    return {
        "ORIGIN": f"{parts.scheme}://{parts.netloc}",
        "PATH": path,
        "BROWSER": answers.engines[0],
        "ENGINES": ", ".join(answers.engines),
        "ENGINE_LIST": ", ".join(answers.engines),
        "EXTRAS": ",".join(extras),
        "VERSION": ".".join(__version__.split(".")[:3]),
    }


#: Written file -> template.
FILES: dict[str, str | tuple[str, str]] = {
    "conftest.py": "conftest.py.tmpl",
    "requirements.txt": "requirements.txt.tmpl",
    "locators/__init__.py": ("package_init.py.tmpl", "Locator classes, one module per page."),
    "locators/home.py": "locators_home.py.tmpl",
    "pages/__init__.py": ("package_init.py.tmpl", "Page objects, one module per page."),
    "pages/home.py": "pages_home.py.tmpl",
    "tests/test_home.py": "test_home.py.tmpl",
    ".github/workflows/e2e.yml": "workflow_pr.yml.tmpl",
    ".github/workflows/nightly.yml": "workflow_nightly.yml.tmpl",
}


def plan(folder: Path, answers: Answers, force: bool) -> dict[Path, str]:
    """Every file to write and its text; :class:`CommandError` naming each clash (without
    ``force``) before anything is written."""
    values = _values(answers)
    out: dict[Path, str] = {}
    clashes: list[str] = []
    for name, source in FILES.items():
        if isinstance(source, tuple):
            text = _fill(_template(source[0]), {"WHAT": source[1]})
        else:
            text = _fill(_template(source), values)
        target = folder / name
        if target.exists() and target.read_text(encoding="utf-8", errors="replace") != text:
            clashes.append(name)
        out[target] = text
    section = _fill(_template("pyproject.toml.tmpl"), values)
    pyproject = folder / "pyproject.toml"
    if pyproject.exists():
        existing = pyproject.read_text(encoding="utf-8")
        if SECTION in existing:
            merged = _merged(existing, section)
            if merged != existing and not force:
                clashes.append(f"pyproject.toml (it has a {SECTION} section already)")
            out[pyproject] = merged
        else:
            out[pyproject] = existing.rstrip("\n") + "\n\n" + section
    else:
        out[pyproject] = section
    ignore = folder / ".gitignore"
    wanted = _template("gitignore.tmpl")
    if ignore.exists():
        have = ignore.read_text(encoding="utf-8")
        missing = [
            line
            for line in wanted.splitlines()
            if line and not line.startswith("#") and line not in have.splitlines()
        ]
        if missing:
            out[ignore] = have.rstrip("\n") + "\n" + "\n".join(missing) + "\n"
    else:
        out[ignore] = wanted
    if clashes and not force:
        raise CommandError(
            f"{folder} already has {', '.join(clashes)}: nothing was written. Use --force "
            "to overwrite them, or init another folder.",
            status=1,
        )
    return out


def _merged(existing: str, section: str) -> str:
    """``existing`` with the keys of ``section`` its pytest section lacks, added under the
    section's header (``--force`` over an existing configuration)."""
    import re

    have = set(re.findall(r"(?m)^\s*([A-Za-z_][\w-]*)\s*=", existing.split(SECTION, 1)[1]))
    lines = [
        line
        for line in section.splitlines()[1:]
        if "=" in line and not line.startswith("#") and line.split("=")[0].strip() not in have
    ]
    head, tail = existing.split(SECTION, 1)
    return head + SECTION + "\n" + "\n".join(lines) + ("\n" if lines else "") + tail.lstrip("\n")


def run(args: argparse.Namespace) -> int:
    folder = Path(args.dir).expanduser()
    if folder.exists() and not folder.is_dir():
        raise CommandError(f"{str(folder)!r} is a file; give a folder for the project")
    answers = _ask(args)
    files = plan(folder, answers, args.force)
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    from e2e.browser.driver import unreachable

    problem = unreachable(answers.base_url, timeout=5.0)
    shown = str(folder)
    print(f"Wrote a test project for {answers.base_url} in {shown}:")
    for path in sorted(files):
        print(f"  {path.relative_to(folder)}")
    if problem:
        print(f"\nNote: {problem}")
    install = " ".join(e for e in answers.engines if e in ("chromium", "firefox", "webkit"))
    print("\nNext:")
    if shown != ".":
        print(f"  cd {shown}")
    print(f"  e2e install {install or ''}".rstrip() + "   # the browsers; `e2e doctor` checks them")
    print("  pytest")
    return 0
