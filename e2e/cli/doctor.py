"""``e2e doctor``: what a run on this machine would use, and what is missing, in one table.

The engine rows are the checks the plugin's preflight runs before any test
(:mod:`e2e.browser.readiness`): one set of checks, shown two ways.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
from dataclasses import dataclass
from pathlib import Path

from e2e.cli import CommandError
from e2e.cli.project import ini_file, ini_values

HELP = "show each engine's browser and driver, the display, Java, the Grid and the base URL"
EXAMPLES = (
    "e2e doctor                                 # this platform's engines",
    "e2e doctor --browser chromium --browser firefox",
    "e2e doctor --grid-url http://127.0.0.1:4444 --base-url http://127.0.0.1:8000",
)

#: The engines checked when none is named: those this platform's browsers provide.
DEFAULT_ENGINES = {
    "Linux": ("chrome", "firefox", "webkit"),
    "Darwin": ("chrome", "firefox", "safari"),
    "Windows": ("chrome", "firefox", "edge"),
}


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--browser",
        action="append",
        metavar="NAME",
        help="an engine to check (repeatable); default: E2E_ENGINES, else the project's "
        "e2e_browser, else this platform's engines",
    )
    parser.add_argument("--base-url", metavar="URL", help="check that the application answers")
    parser.add_argument("--grid-url", metavar="URL", help="check the Selenium Grid at URL")
    parser.add_argument(
        "--headed",
        action="store_true",
        help="check for a headed run (a display) rather than the default of a run here",
    )


@dataclass(frozen=True)
class Row:
    what: str
    status: str  # "ok", "missing", "absent" (not needed), "unreachable", "not set"
    detail: str
    fails: bool = False


def _engines(args: argparse.Namespace, ini: dict[str, str]) -> tuple[str, ...]:
    from e2e.config import BROWSERS

    if args.browser:
        names = tuple(name.strip().lower() for name in args.browser)
        source = "--browser"
    elif os.environ.get("E2E_ENGINES"):
        names = tuple(os.environ["E2E_ENGINES"].split())
        source = "E2E_ENGINES"
    elif os.environ.get("E2E_BROWSER") or ini.get("e2e_browser"):
        names = ((os.environ.get("E2E_BROWSER") or ini["e2e_browser"]).strip().lower(),)
        source = "the project's e2e_browser"
    else:
        return DEFAULT_ENGINES.get(platform.system(), ("chrome", "firefox"))
    for name in names:
        if name not in BROWSERS:
            raise CommandError(
                f"unknown engine {name!r} in {source}; choose from: {', '.join(BROWSERS)}"
            )
    return names


def _engine_rows(name: str, headless: bool, ini: dict[str, str]) -> list[Row]:
    from e2e.browser.readiness import check_engine
    from e2e.config import Config

    config = Config(
        browser=name,
        headless=headless,
        driver_path=ini.get("e2e_driver_path") or None,
        browser_binary=ini.get("e2e_browser_binary") or None,
    )
    readiness = check_engine(config, versions=True)
    rows = []
    for part in readiness.parts:
        what = f"{name} {part.what}"
        if part.problem:
            rows.append(Row(what, "missing", part.problem, fails=True))
        else:
            detail = f"{part.path} ({part.version})" if part.version else str(part.path)
            rows.append(Row(what, "ok", detail))
    return rows


def _java() -> Row:
    from e2e.browser.readiness import version_of

    java = shutil.which("java")
    if java is None:
        return Row(
            "java (local Grid)",
            "absent",
            "needed only for a local Selenium Grid (make grid-start): Debian/Ubuntu "
            "`apt-get install default-jre-headless`",
        )
    version = version_of(java)
    return Row("java (local Grid)", "ok", f"{java} ({version})" if version else java)


def _grid(url: str | None) -> list[Row]:
    if not url:
        return [Row("grid", "not set", "local browsers (--grid-url, E2E_GRID_URL or e2e_grid_url)")]
    from e2e.browser.driver import GridError, grid_status

    try:
        status = grid_status(url)
    except GridError as exc:
        return [Row("grid", "unreachable", exc.msg or str(exc), fails=True)]
    nodes = status.get("nodes")
    offered = sorted(
        {
            str(slot.get("stereotype", {}).get("browserName", "?"))
            for node in (nodes if isinstance(nodes, list) else [])
            if isinstance(node, dict)
            for slot in node.get("slots", []) or []
            if isinstance(slot, dict)
        }
    )
    if not status.get("ready"):
        return [
            Row("grid", "not ready", f"{url}: {status.get('message', 'no message')}", fails=True)
        ]
    return [Row("grid", "ok", f"{url} ready; browsers: {', '.join(offered) or 'none'}")]


def _base_url(url: str | None) -> Row:
    if not url:
        return Row("base URL", "not set", "--base-url, or base_url in the pytest ini file")
    from e2e.browser.driver import unreachable
    from e2e.plugin.preflight import base_url

    problem = base_url(url) or unreachable(url, timeout=5.0)
    if problem:
        return Row("base URL", "unreachable", problem, fails=True)
    return Row("base URL", "ok", f"{url} answers")


def table(rows: list[Row]) -> str:
    """The rows as aligned columns, long details wrapped under their own column."""
    import textwrap

    first = max(len("WHAT"), *(len(r.what) for r in rows))
    second = max(len("STATUS"), *(len(r.status) for r in rows))
    indent = " " * (first + second + 4)
    width = max(40, shutil.get_terminal_size((120, 24)).columns - len(indent))
    lines = [f"{'WHAT'.ljust(first)}  {'STATUS'.ljust(second)}  DETAIL"]
    for row in rows:
        wrapped = textwrap.wrap(row.detail, width) or [""]
        lines.append(f"{row.what.ljust(first)}  {row.status.ljust(second)}  {wrapped[0]}")
        lines.extend(indent + more for more in wrapped[1:])
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    from e2e.config import headless_default

    here = Path.cwd()
    ini = ini_values(here)
    engines = _engines(args, ini)
    grid_url = args.grid_url or os.environ.get("E2E_GRID_URL") or ini.get("e2e_grid_url")
    base_url = args.base_url or ini.get("base_url")
    headless = False if args.headed else headless_default()
    rows: list[Row] = []
    if grid_url:
        rows += _grid(grid_url)
    else:
        for name in engines:
            rows += _engine_rows(name, headless, ini)
        rows.append(_java())
        rows += _grid(None)
    rows.append(_base_url(base_url))
    source = ini_file(here)
    print(
        f"e2e doctor: {'a Grid run' if grid_url else 'a local run'} of "
        f"{', '.join(engines) if not grid_url else 'the Grid'} "
        f"({'headless' if headless else 'headed'}); settings from "
        f"{source if source else 'no pytest ini file'}\n"
    )
    print(table(rows))
    failing = [row for row in rows if row.fails]
    if failing:
        names = sorted({row.what.split()[0] for row in failing})
        print(f"\nNot ready: {', '.join(names)}. `e2e install` sets up browsers on Debian/Ubuntu.")
        return 1
    print("\nReady.")
    return 0
