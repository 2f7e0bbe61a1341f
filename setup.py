"""The one build step pyproject.toml cannot say: a wheel must carry the JavaScript the
library injects (axe-core from npm, the bundled query engine). Building from a checkout
where `make setup` has not run makes them with npm first; where npm is missing too, the
build stops with a sentence saying so, rather than making a wheel without them. An sdist
carries them already, so a wheel built from it needs no npm."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.errors import SetupError

ROOT = Path(__file__).parent
#: Folder -> the files made in it, and the commands that make them.
VENDORED = {
    "e2e/checks/vendor": (
        ("node_modules/axe-core/axe.min.js",),
        (("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"),),
    ),
    "e2e/queries/vendor": (
        ("queries.js", "roles.json"),
        (("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"), ("node", "build.mjs")),
    ),
}


class BuildPy(build_py):
    def run(self) -> None:
        if not getattr(self, "editable_mode", False):  # an editable install reads the tree
            for folder, (files, commands) in VENDORED.items():
                where = ROOT / folder
                if all((where / name).is_file() for name in files):
                    continue
                if shutil.which("npm") is None or shutil.which("node") is None:
                    raise SetupError(
                        f"{folder}/{files[0]} is missing and npm is not installed to make it: "
                        "install Node.js and npm, or run `make setup` first (a wheel without "
                        "it would fail at run time)"
                    )
                for program, *args in commands:
                    # The full path: on Windows, npm is npm.cmd, which only a path runs.
                    subprocess.run([shutil.which(program) or program, *args], cwd=where, check=True)
        super().run()


setup(cmdclass={"build_py": BuildPy})
