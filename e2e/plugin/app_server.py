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

from e2e.base import processes

__all__ = ["AppServer", "ServerConfig", "ServerError", "SharedServer"]

SCOPES = ("worker", "shared")
#: The placeholders of ``e2e_server_command``.
PLACEHOLDERS = ("port", "python", "tmp")
#: The longest wait for a server to answer: longer means a setting gone wrong.
TIMEOUT_MAX = 3600.0
#: How much of a log's end goes into a message: lines, characters per line, bytes read.
_TAIL_LINES, _TAIL_WIDTH, _TAIL_BYTES = 15, 300, 64 * 1024


class ServerError(RuntimeError):
    """The application server could not be started, or stopped answering."""


def _expand(template: str, key: str, names: tuple[str, ...], **values: object) -> str:
    """``template`` with its placeholders filled; a ``ValueError`` naming ``key`` when it
    has a brace that is not one of ``names``."""
    try:
        return template.format(**values)
    except KeyError as exc:
        problem = f"the placeholder {{{exc.args[0]}}} is not one of"
    except (ValueError, IndexError) as exc:
        problem = f"it has a brace that is not a placeholder ({exc}); its placeholders are"
    shown = ", ".join("{" + n + "}" for n in names)
    raise ValueError(
        f"{key} = {template!r}: {problem} {shown}. Write a literal brace as {{{{ or }}}}."
    ) from None


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
        if not (0 < self.timeout <= TIMEOUT_MAX):
            raise ValueError(
                f"e2e_server_timeout must be more than 0 and at most {TIMEOUT_MAX:g} seconds, "
                f"got {self.timeout!r}"
            )
        if not 0 <= self.port <= 65535:
            raise ValueError(f"e2e_server_port must be 0 (any free port) to 65535, got {self.port}")
        if self.reuse and not self.port:
            raise ValueError(
                "e2e_server_reuse needs a fixed e2e_server_port: a running server is found "
                "at its address"
            )
        text = _expand(
            self.command, "e2e_server_command", PLACEHOLDERS, port=1, python="python", tmp="/t"
        )
        try:
            shlex.split(text)
        except ValueError as exc:
            raise ValueError(
                f"e2e_server_command = {self.command!r} cannot be split into words: {exc} "
                "(a quote that is not closed?)"
            ) from None
        url = _expand(self.url, "e2e_server_url", ("port",), port=1)
        try:
            parts = urlsplit(url)
            parts.port  # noqa: B018 - raises ValueError for a port that is not a number
        except ValueError as exc:
            raise ValueError(f"e2e_server_url = {self.url!r} is not a valid URL: {exc}") from None
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(
                f"e2e_server_url = {self.url!r} is not an http:// or https:// address; give "
                "the URL that answers once the server is up, e.g. http://127.0.0.1:{port}/health"
            )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _taken(port: int) -> str | None:
    """Why ``port`` cannot be listened on, or ``None`` when it is free."""
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError as exc:
            return exc.strerror or str(exc)
    return None


def _status(url: str) -> int | None:
    """The HTTP status ``url`` answers with, or ``None`` when nothing answers."""
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)
    except (OSError, ValueError):
        return None


def _ready(status: int | None) -> bool:
    """Up: any answer but a server error (a 401 or 404 at a health URL is still an app)."""
    return status is not None and status < 500


def _die_with_parent() -> None:  # pragma: no cover - runs in the child
    os.setsid()
    with contextlib.suppress(Exception):
        import ctypes

        ctypes.CDLL("libc.so.6").prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _signal_group(process: subprocess.Popen[bytes], *, hard: bool) -> None:
    """SIGTERM (or, ``hard``, SIGKILL) to the server's process group; on Windows, which
    has no process groups to signal, ``terminate`` or ``kill`` the process itself."""
    if os.name == "posix":
        os.killpg(process.pid, signal.SIGKILL if hard else signal.SIGTERM)
    elif hard:  # pragma: no cover - Windows
        process.kill()
    else:  # pragma: no cover - Windows
        process.terminate()


class AppServer:
    """One running instance of the application (or a running one, reused).

    The command runs in a process group of its own, with a tag in its environment
    (``e2e.base.processes``) that every process it starts inherits, daemons included. A
    watchdog kills whatever carries the tag, and removes the server's temporary folder,
    when the test process ends in any way, SIGKILL included; a clean stop does the same
    at once.
    """

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
        #: The command exited with 0 and what it left behind answers: a daemon.
        self.daemonised = False
        self._tag = ""
        self._guard: processes.BrowserGuard | None = None

    def argv(self) -> list[str]:
        text = self.config.command.format(
            port=self.port, python=shlex.quote(sys.executable), tmp=shlex.quote(str(self.tmp))
        )
        return shlex.split(text)

    def start(self) -> AppServer:
        try:
            return self._start()
        except BaseException:
            self.stop(keep_log=True)  # the whole tree, and its temporary folder
            raise

    def _start(self) -> AppServer:
        if self.config.reuse and _ready(_status(self.url)):
            self.reused = True
            return self
        if self.config.port:
            taken = _taken(self.port)
            if taken:
                raise ServerError(
                    f"e2e_server_port {self.port} is taken ({taken}): another program "
                    "listens there, so the application server could not, and the tests "
                    "would run against whatever answers. Stop that program, set "
                    "e2e_server_port = 0 for a free port, or set e2e_server_reuse = true "
                    "to test the server already running there."
                )
        self.log.parent.mkdir(parents=True, exist_ok=True)
        argv = self.argv()
        self._tag = tag = processes.browser_tag()
        self._guard = processes.BrowserGuard.start(tag, self.tmp)
        environment = {**os.environ, processes.TAG_VARIABLE: tag, "PORT": str(self.port)}
        with self.log.open("wb") as out:
            try:
                self.process = subprocess.Popen(
                    argv,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    stdin=subprocess.DEVNULL,
                    cwd=self.cwd,
                    env=environment,
                    preexec_fn=_die_with_parent if os.name == "posix" else None,
                )
            except OSError as exc:
                raise ServerError(
                    f"Could not run the application server command {argv[0]!r}: {exc}. "
                    "Check e2e_server_command."
                ) from None
        deadline = time.monotonic() + self.config.timeout
        status = None
        while True:
            exited = self._exited(argv)
            if exited:
                raise ServerError(exited)
            status = _status(self.url)
            if _ready(status):
                break
            if time.monotonic() > deadline:
                said = (
                    f"; it answered HTTP {status}, a server error, so it was not taken as up"
                    if status is not None
                    else ""
                )
                raise ServerError(
                    f"The application server did not answer at {self.url} within "
                    f"{self.config.timeout:g} s (e2e_server_timeout){said}. "
                    f"Command: {shlex.join(argv)}.{self._port_hint()} {self._log_tail()}"
                )
            time.sleep(0.1)  # polling the server's URL while it starts
        exited = self._exited(argv)  # answered, but was it this server that answered?
        if exited:
            raise ServerError(exited)
        self.daemonised = self.process is not None and self.process.poll() == 0
        return self

    def _exited(self, argv: list[str]) -> str | None:
        """Why the server cannot be up: its command failed. A command that exits with 0
        may have left a daemon behind, which is looked for by its tag."""
        if self.process is None or self.process.poll() is None:
            return None
        if self.process.returncode == 0 and processes.tagged_pids(self._tag):
            return None  # daemonised: the URL tells whether it is up
        return (
            f"The application server exited with code {self.process.returncode} before "
            f"answering at {self.url}. Command: {shlex.join(argv)}.{self._port_hint()} "
            f"{self._log_tail()}"
        )

    def _port_hint(self) -> str:
        if self.config.port or "{port}" in self.config.command:
            return ""
        return (
            f" The command has no {{port}}: the fixture chose port {self.port} and told the "
            "server only through the PORT environment variable. Add {port} to the command "
            "(e.g. --port {port}), or set e2e_server_port to the port the server listens on."
        )

    def died(self) -> str | None:
        """Why the server is gone, if it is: one sentence with the end of its log."""
        if self.process is None or self.process.poll() is None:
            return None
        if self.daemonised:
            if processes.tagged_pids(self._tag):
                return None
            return (
                f"The application server (a daemon started by its command) stopped during "
                f"the run. {self._log_tail()}"
            )
        return (
            f"The application server stopped during the run (exit code "
            f"{self.process.returncode}). {self._log_tail()}"
        )

    def _log_tail(self) -> str:
        """The end of the log, bounded: a 5 MB line must not become the message."""
        try:
            with self.log.open("rb") as log:
                log.seek(0, os.SEEK_END)
                size = log.tell()
                log.seek(max(0, size - _TAIL_BYTES))
                data = log.read()
        except OSError:
            return f"Its log {self.log} could not be read."
        lines = data.decode(errors="replace").rstrip().splitlines()[-_TAIL_LINES:]
        if not lines:
            return f"Its log {self.log} is empty."
        shown = [
            line if len(line) <= _TAIL_WIDTH else line[:_TAIL_WIDTH] + f"… ({len(line)} chars)"
            for line in lines
        ]
        return f"Its log is kept in {self.log}; it ends:\n" + "\n".join(shown)

    def stop(self, *, keep_log: bool = False) -> None:
        """Stop the server and everything it started; keep its log if it had died."""
        process, self.process = self.process, None
        died = process is not None and process.poll() is not None
        if process is not None and process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                _signal_group(process, hard=False)
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:  # it ignores SIGTERM
                with contextlib.suppress(ProcessLookupError):
                    _signal_group(process, hard=True)
                process.wait(timeout=10)
        guard, self._guard = self._guard, None
        if guard is not None:
            guard.release()  # what left the group (daemons), by the tag they carry
        shutil.rmtree(self.tmp, ignore_errors=True)
        if not (keep_log or died):
            with contextlib.suppress(OSError):
                self.log.unlink()


@dataclass(frozen=True)
class SharedServer:
    """A worker's view of the server the controller started."""

    root: str
    tmp: Path

    def died(self) -> str | None:
        return None
