"""The ``e2e`` command: ``e2e init``, ``e2e doctor``, ``e2e install``, ``e2e show-trace``.

Each subcommand is a module of this package with ``HELP`` (one line), ``EXAMPLES``,
``arguments(parser)`` and ``run(args) -> int``; :data:`COMMANDS` lists them. A module
imports only the standard library at its top, so that ``e2e --help`` stays fast: Selenium
is imported by the subcommand that needs it, when it runs.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import NoReturn

from e2e.version import __version__

__all__ = ["COMMANDS", "CommandError", "main"]

#: Subcommand -> its module.
COMMANDS = {
    "init": "e2e.cli.init",
    "doctor": "e2e.cli.doctor",
    "install": "e2e.cli.install",
    "show-trace": "e2e.cli.show_trace",
    "codegen": "e2e.cli.codegen",
    "history": "e2e.cli.history",
    "merge": "e2e.cli.merge",
}


class CommandError(Exception):
    """A subcommand cannot do what it was asked: the message says why and what to do.
    ``status`` is the exit status (2: a usage error, 1: the check or the work failed)."""

    def __init__(self, message: str, status: int = 2) -> None:
        super().__init__(message)
        self.status = status


class _Parser(argparse.ArgumentParser):
    """argparse, with a bad argument said in one sentence (and exit status 2)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message}. See `{self.prog} --help`.\n")


def _parser() -> tuple[_Parser, dict[str, ModuleType]]:
    parser = _Parser(
        prog="e2e",
        description="pagewright-e2e: start a test project, check this machine, install "
        "browsers, open traces. The tests themselves run with `pytest`.",
        epilog="examples:\n  e2e init myproject --base-url http://127.0.0.1:8000\n"
        "  e2e doctor\n  e2e install chromium firefox\n"
        "  e2e show-trace reports/artifacts/test_login/trace.html",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    modules = {}
    for name, path in COMMANDS.items():
        module = importlib.import_module(path)
        sub = commands.add_parser(
            name,
            help=module.HELP,
            description=module.HELP,
            epilog="examples:\n" + "\n".join(f"  {line}" for line in module.EXAMPLES),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        module.arguments(sub)
        modules[name] = module
    return parser, modules


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``e2e`` with ``argv`` (``sys.argv[1:]`` by default); return its exit status."""
    parser, modules = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    try:
        status: int = modules[args.command].run(args)
    except CommandError as exc:
        print(f"e2e {args.command}: {exc}", file=sys.stderr)
        return exc.status
    except KeyboardInterrupt:
        print(f"e2e {args.command}: interrupted", file=sys.stderr)
        return 130
    return status
