"""Fault injection: each test runs an inner pytest session with one fault in it, then
checks what the user is left with: which tests failed, the reports and their text, and
processes left over. Leftovers are found by the run's tag in the environment of every
browser and driver the inner run starts (e2e.base.processes), never by a process name."""

from __future__ import annotations

import html
import json
import re
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from e2e.base import processes
from tests.plugin.conftest import inner, site  # noqa: F401 - the static site, shared

REPORTS = ("--junitxml=junit.xml", "--html=report.html", "--self-contained-html")


def inner_command(*args: str) -> list[str]:
    """The command line of an inner pytest run started by hand (headless, no cache)."""
    return [
        sys.executable,
        "-m",
        "pytest",
        "-p",
        "no:cacheprovider",
        "-p",
        "no:randomly",
        "--headless",
        *args,
    ]


@dataclass
class Run:
    result: pytest.RunResult
    tag: str
    path: Path

    @property
    def text(self) -> str:
        return self.result.stdout.str() + self.result.stderr.str()

    def junit(self) -> str:
        return (self.path / "junit.xml").read_text(encoding="utf-8")

    def report(self) -> str:
        """What the HTML report shows: its summary and its tests' data, unescaped."""
        page = (self.path / "report.html").read_text(encoding="utf-8")
        blob = re.search(r'data-jsonblob="([^"]*)"', page)
        assert blob, "no data blob in report.html"
        data = json.loads(html.unescape(blob.group(1)))
        logs = "\n".join(
            html.unescape(html.unescape(r.get("log", "")))
            for runs in data["tests"].values()
            for r in runs
        )
        summary = html.unescape(html.unescape(page.split("data-jsonblob")[0]))
        return "\n".join([summary, *data["tests"], logs])

    def leftovers(self, within: float = 10.0) -> list[int]:
        """Processes of this run still alive, after giving the watchdogs ``within`` s."""
        deadline = time.monotonic() + within
        while True:
            left = processes.tagged_pids(self.tag, prefix=True)
            if not left or time.monotonic() > deadline:
                return left
            time.sleep(0.1)  # the watchdogs work asynchronously; poll them, bounded


@pytest.fixture
def fault_run(pytester: pytest.Pytester, site: str, monkeypatch: pytest.MonkeyPatch) -> Any:  # noqa: F811
    """Run an inner session (headless, against the static site, with both reports)."""

    def run(*args: str, base_url: str | None = site, timeout: float = 300) -> Run:
        tag = f"fault-{uuid.uuid4().hex[:10]}"
        monkeypatch.setenv(processes.RUN_VARIABLE, tag)
        options = ["-p", "no:cacheprovider", "--headless", *REPORTS]
        if base_url:
            options += ["--base-url", base_url]
        result = pytester.runpytest_subprocess(*options, *args, timeout=timeout)
        return Run(result, tag, pytester.path)

    return run
