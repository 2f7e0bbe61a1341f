"""``e2e show-trace PATH``: open a kept trace in the user's browser.

A trace is one self-contained, offline HTML file (``trace.html``); PATH may be that file,
or a test's artifact folder holding it, or a folder of many (the newest is opened).
Where there is no display to open a browser on, the ``file://`` URL is printed instead.
"""

from __future__ import annotations

import argparse
import os
import sys
import webbrowser
from pathlib import Path

from e2e.cli import CommandError

HELP = "open a kept trace (trace.html) in your browser, or print its file:// URL"
EXAMPLES = (
    "e2e show-trace reports/artifacts/test_login.py_test_bad_password-call/trace.html",
    "e2e show-trace reports/artifacts          # the newest trace under it",
    "e2e show-trace trace.html --print         # only print the URL",
)


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", metavar="PATH", help="trace.html, or a folder that holds one")
    parser.add_argument(
        "--print",
        dest="print_only",
        action="store_true",
        help="print the file:// URL instead of opening a browser",
    )


def find_trace(path: Path) -> Path:
    """The trace at ``path``: the file itself, or the newest ``trace.html`` under a folder."""
    if not path.exists():
        raise CommandError(f"{str(path)!r} does not exist; give a trace.html or its folder")
    if path.is_file():
        if path.suffix.lower() not in (".html", ".htm"):
            raise CommandError(
                f"{str(path)!r} is not a trace: a trace is an HTML file (trace.html) that "
                "pytest --tracing keeps in the test's artifact folder"
            )
        return path.resolve()
    found = sorted(path.rglob("trace.html"), key=lambda p: p.stat().st_mtime, reverse=True)
    if not found:
        raise CommandError(
            f"no trace.html under {str(path)!r}; run the tests with `--tracing on` (or "
            "retain-on-failure) to keep traces"
        )
    return found[0].resolve()


def _has_display() -> bool:
    if sys.platform in ("darwin", "win32"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def run(args: argparse.Namespace) -> int:
    trace = find_trace(Path(args.path).expanduser())
    url = trace.as_uri()
    if args.print_only or not _has_display():
        if not args.print_only:
            print("No display to open a browser on; open this in a browser:", file=sys.stderr)
        print(url)
        return 0
    if not webbrowser.open(url):
        print("No browser could be opened; open this in a browser:", file=sys.stderr)
        print(url)
        return 0
    print(f"Opened {url}")
    return 0
