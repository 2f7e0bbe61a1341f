"""Your application's server for the tests: start it, wait until it answers, stop it.

Configured in ini (see docs/options.md), like Playwright Test's ``webServer``::

    [tool.pytest.ini_options]
    e2e_server_command = "{python} -m myapp --port {port} --data {tmp}"
    e2e_server_url = "http://127.0.0.1:{port}/health"

The command runs in its own process group, so stopping it stops everything it started;
on Linux it is also told to stop if the test process dies without stopping it. Its output
goes to a log file, which is kept (and quoted) when it dies.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

__all__ = ["AppServer", "ServerConfig", "ServerError"]

SCOPES = ("worker", "shared")


class ServerError(RuntimeError):
    """The application server could not be started, or stopped answering."""


@dataclass(frozen=True)
class ServerConfig:
    command: str
    url: str = "http://127.0.0.1:{port}/"
    port: int = 0
    timeout: float = 30.0
    reuse: bool = False
    scope: str = "worker"

    def __post_init__(self) -> None:
        if not self.command.strip():
            raise ValueError("e2e_server_command is empty: give the command that starts the app")
        if self.scope not in SCOPES:
            raise ValueError(f"e2e_server_scope {self.scope!r} is not one of: {', '.join(SCOPES)}")
        if not (self.timeout > 0 and self.timeout < float("inf")):
            raise ValueError(f"e2e_server_timeout must be positive seconds, got {self.timeout!r}")
        if not 0 <= self.port <= 65535:
            raise ValueError(f"e2e_server_port must be 0 (any free port) to 65535, got {self.port}")
        if self.reuse and not self.port:
            raise ValueError(
                "e2e_server_reuse needs a fixed e2e_server_port: a running server is found "
                "at its address"
            )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2):
            return True
    except urllib.error.HTTPError:
        return True  # any HTTP answer means the server is up
    except (OSError, ValueError):
        return False


def _die_with_parent() -> None:  # pragma: no cover - runs in the child
    os.setsid()
    with contextlib.suppress(Exception):
        import ctypes

        ctypes.CDLL("libc.so.6").prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


class AppServer:
    """One running instance of the application (or a running one, reused)."""

    def __init__(
        self, config: ServerConfig, log_dir: Path, name: str = "server", cwd: Path | None = None
    ) -> None:
        self.config = config
        self.port = config.port or _free_port()
        self.tmp = Path(tempfile.mkdtemp(prefix="e2e-app-"))
        self.log = log_dir / f"{name}.log"
        self.cwd = cwd
        self.url = config.url.format(port=self.port)
        parts = urlsplit(self.url)
        #: The base URL the tests use: scheme, host and port of ``url``.
        self.root = f"{parts.scheme}://{parts.netloc}"
        self.process: subprocess.Popen[bytes] | None = None
        self.reused = False

    def argv(self) -> list[str]:
        text = self.config.command.format(
            port=self.port, python=shlex.quote(sys.executable), tmp=shlex.quote(str(self.tmp))
        )
        return shlex.split(text)

    def start(self) -> AppServer:
        if self.config.reuse and _answers(self.url):
            self.reused = True
            return self
        self.log.parent.mkdir(parents=True, exist_ok=True)
        argv = self.argv()
        with self.log.open("wb") as out:
            try:
                self.process = subprocess.Popen(
                    argv,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    stdin=subprocess.DEVNULL,
                    cwd=self.cwd,
                    preexec_fn=_die_with_parent if os.name == "posix" else None,
                )
            except OSError as exc:
                raise ServerError(
                    f"Could not run the application server command {argv[0]!r}: {exc}. "
                    "Check e2e_server_command."
                ) from None
        deadline = time.monotonic() + self.config.timeout
        while not _answers(self.url):
            if self.process.poll() is not None:
                raise ServerError(
                    f"The application server exited with code {self.process.returncode} "
                    f"before answering at {self.url}. {self._log_tail()}"
                )
            if time.monotonic() > deadline:
                self.stop(keep_log=True)
                raise ServerError(
                    f"The application server did not answer at {self.url} within "
                    f"{self.config.timeout:g} s (e2e_server_timeout). {self._log_tail()}"
                )
            time.sleep(0.1)  # polling the server's URL while it starts
        return self

    def died(self) -> str | None:
        """Why the server is gone, if it is: one sentence with the end of its log."""
        if self.process is None or self.process.poll() is None:
            return None
        return (
            f"The application server stopped during the run (exit code "
            f"{self.process.returncode}). {self._log_tail()}"
        )

    def _log_tail(self, lines: int = 15) -> str:
        try:
            text = self.log.read_text(errors="replace").rstrip().splitlines()[-lines:]
        except OSError:
            return f"Its log {self.log} could not be read."
        if not text:
            return f"Its log {self.log} is empty."
        return f"Its log is kept in {self.log}; it ends:\n" + "\n".join(text)

    def stop(self, *, keep_log: bool = False) -> None:
        """Stop the server and everything it started; keep its log if it had died."""
        process, self.process = self.process, None
        died = process is not None and process.poll() is not None
        if process is not None and process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        shutil.rmtree(self.tmp, ignore_errors=True)
        if not (keep_log or died):
            with contextlib.suppress(OSError):
                self.log.unlink()
