"""A build from a checkout where `make setup` has not run, on a machine with no npm: it
stops with a sentence, rather than making a wheel without axe-core."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[2]


def test_a_build_without_the_vendored_scripts_or_npm_stops_and_says_why(tmp_path: Path) -> None:
    for name in ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md"):
        shutil.copy(ROOT / name, tmp_path / name)
    shutil.copytree(
        ROOT / "e2e",
        tmp_path / "e2e",
        ignore=shutil.ignore_patterns("node_modules", "queries.js", "roles.json", "__pycache__"),
    )
    env = {k: v for k, v in os.environ.items() if k.startswith("PIP_")}  # the index
    built = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", "out", "."],
        cwd=tmp_path,
        env={**env, "PATH": str(tmp_path / "no-programs"), "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode != 0
    assert (
        "e2e/checks/vendor/node_modules/axe-core/axe.min.js is missing and npm is not "
        "installed to make it: install Node.js and npm, or run `make setup` first"
    ) in built.stdout + built.stderr
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []
