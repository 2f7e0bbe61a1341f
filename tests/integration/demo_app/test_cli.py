"""``python -m demo_app``: its help, and a real start on 127.0.0.1."""

from __future__ import annotations

import subprocess
import sys
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_help_documents_every_option() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "demo_app", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    for option in ("--port", "--latency", "--jitter", "--data-dir", "--test-mode"):
        assert option in result.stdout


def test_it_serves_on_loopback_and_stops(tmp_path: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "demo_app", "--port", "0", "--data-dir", str(tmp_path)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line.startswith("Demo app on http://127.0.0.1:"), line
        url = line.split()[3]
        with urllib.request.urlopen(url + "/login", timeout=10) as response:
            assert b"Log in" in response.read()
        assert (tmp_path / "demo.sqlite3").exists()
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_a_negative_latency_is_refused_with_a_message() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "demo_app", "--latency", "-5"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 2
    assert "--latency must be from 0 to 10000 milliseconds, got -5" in result.stderr
