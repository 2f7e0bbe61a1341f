"""The application-server fixture against faults and bad input (issue 25, item 5): a taken
port, every shape of server process when pytest is SIGKILLed or stops cleanly, a server
that cannot start under xdist, bad ini values, a readiness URL that answers 500, and a
log too big to quote."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from e2e.base import processes
from tests.faults.conftest import inner_command

SERVE = "{python} -m http.server {port} --bind 127.0.0.1 --directory {tmp}"

#: Server shapes that outlived a SIGKILLed pytest before: behind a shell wrapper, one
#: that ignores SIGTERM, one that daemonises (double fork, new session, parent exits 0).
IGNORES_TERM = (
    "import signal, sys, http.server, functools\n"
    "signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
    "handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=sys.argv[2])\n"
    "http.server.ThreadingHTTPServer(('127.0.0.1', int(sys.argv[1])), handler).serve_forever()\n"
)
DAEMON = (
    "import os, sys, http.server, functools\n"
    "if os.fork(): os._exit(0)\n"
    "os.setsid()\n"
    "if os.fork(): os._exit(0)\n"
    "handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=sys.argv[2])\n"
    "http.server.ThreadingHTTPServer(('127.0.0.1', int(sys.argv[1])), handler).serve_forever()\n"
)
SHAPES = {
    "plain": SERVE,
    "shell-wrapper": "sh -c '" + SERVE + "'",
    "ignores-sigterm": "{python} ignores_term.py {port} {tmp}",
    "daemon": "{python} daemon.py {port} {tmp}",
}

RUNNING_TEST = """
import pathlib, time

def test_runs(driver, base_url, e2e_server):
    (e2e_server.tmp / "index.html").write_text("<title>served</title>")
    driver.get(base_url + "/index.html")
    assert driver.title == "served"
    pathlib.Path("served.txt").write_text(base_url + "\\n" + str(e2e_server.tmp))
    deadline = time.monotonic() + LINGER
    while time.monotonic() < deadline:  # killed from outside while here
        time.sleep(0.05)
"""


def ini(pytester: pytest.Pytester, **keys: str) -> None:
    lines = "\n".join(f"e2e_server_{k} = {v}" for k, v in keys.items())
    pytester.makeini(f"[pytest]\n{lines}\n")


def listening(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _served(path: Path) -> tuple[int, Path]:
    url, tmp = (path / "served.txt").read_text().splitlines()
    return int(url.rsplit(":", 1)[1]), Path(tmp)


def _gone_within(check: object, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not check():  # type: ignore[operator]
            return True
        time.sleep(0.1)  # the watchdog works asynchronously; bounded
    return not check()  # type: ignore[operator]


@pytest.mark.parametrize("ending", ["SIGKILL", "clean"])
@pytest.mark.parametrize("shape", list(SHAPES))
def test_every_server_shape_ends_with_the_run(pytester, monkeypatch, shape, ending) -> None:
    tag = f"fault-server-{shape}-{ending}-{os.getpid()}"
    monkeypatch.setenv(processes.RUN_VARIABLE, tag)
    (pytester.path / "ignores_term.py").write_text(IGNORES_TERM)
    (pytester.path / "daemon.py").write_text(DAEMON)
    ini(pytester, command=SHAPES[shape])
    linger = "60" if ending == "SIGKILL" else "0"
    pytester.makepyfile(RUNNING_TEST.replace("LINGER", linger))
    run = subprocess.Popen(
        inner_command(),
        cwd=pytester.path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 90
        while not (pytester.path / "served.txt").exists():
            if run.poll() is not None:
                pytest.fail(run.stdout.read().decode() if run.stdout else "exited")
            assert time.monotonic() < deadline, "the server never served"
            time.sleep(0.05)  # polling for the marker file, bounded
        if ending == "SIGKILL":
            run.kill()  # pytest alone: no clean-up code of ours runs
        out = run.communicate(timeout=90)[0].decode()
    finally:
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGKILL)
            run.wait()
    if ending == "clean":
        assert run.returncode == 0, out
    port, tmp = _served(pytester.path)
    assert _gone_within(lambda: listening(port)), f"{shape}: the server outlived pytest"
    assert _gone_within(lambda: processes.tagged_pids(tag, prefix=True)), "processes left"
    assert _gone_within(tmp.exists), f"{shape}: its temporary folder {tmp} was left"


def test_a_taken_fixed_port_is_refused_before_starting(pytester, inner) -> None:
    other = subprocess.Popen(
        [sys.executable, "-m", "http.server", "0", "--bind", "127.0.0.1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert other.stdout is not None
        port = other.stdout.readline().split("port ")[1].split()[0]
        ini(pytester, command=SERVE, port=port)
        pytester.makepyfile("def test_x(driver): pass")
        result = inner(base_url=None)
    finally:
        other.kill()
        other.wait()
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    text = result.stdout.str() + result.stderr.str()
    assert f"e2e_server_port {port} is taken" in text
    assert "e2e_server_reuse = true" in text
    assert "passed" not in text


def test_a_server_that_cannot_start_under_xdist_is_one_usage_error(pytester, inner) -> None:
    command = "{python} -c \"print('db: connection refused'); raise SystemExit(3)\" {port}"
    ini(pytester, command=command)
    pytester.makepyfile("def test_x(base_url): pass\ndef test_y(base_url): pass")
    result = inner("-n", "2", base_url=None)
    text = result.stdout.str() + result.stderr.str()
    assert result.ret == pytest.ExitCode.USAGE_ERROR, text[-3000:]
    assert text.count("exited with code 3") == 1, text[-3000:]
    assert "db: connection refused" in text
    assert "Command: " in text
    assert "crashed" not in text
    assert "Traceback" not in text
    assert len(text) < 10_000


def test_a_huge_log_line_is_quoted_bounded(pytester, inner) -> None:
    command = "{python} -c \"print('x' * 5_000_000); raise SystemExit(1)\" {port}"
    ini(pytester, command=command)
    pytester.makepyfile("def test_x(base_url): pass")
    result = inner(base_url=None)
    text = result.stdout.str() + result.stderr.str()
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert "exited with code 1" in text
    assert "chars)" in text  # the line is cut, and says how long it was
    assert len(text) < 10_000


def test_a_failed_start_leaves_no_temporary_folder(pytester, inner) -> None:
    command = (
        "{python} -c \"import sys; open('tmp.txt', 'w').write(sys.argv[1]); "
        'raise SystemExit(2)" {tmp} {port}'
    )
    ini(pytester, command=command)
    pytester.makepyfile("def test_x(base_url): pass")
    result = inner(base_url=None)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    tmp = Path((pytester.path / "tmp.txt").read_text())
    assert tmp.name.startswith("e2e-app-")
    assert not tmp.exists()


def test_a_readiness_url_that_answers_500_is_not_ready(pytester, inner) -> None:
    (pytester.path / "broken.py").write_text(
        "import sys, http.server\n"
        "class H(http.server.BaseHTTPRequestHandler):\n"
        "    def do_GET(self):\n"
        "        self.send_response(500); self.end_headers(); self.wfile.write(b'db down')\n"
        "http.server.HTTPServer(('127.0.0.1', int(sys.argv[1])), H).serve_forever()\n"
    )
    ini(pytester, command="{python} broken.py {port}", timeout="2")
    pytester.makepyfile("def test_x(base_url): pass")
    result = inner(base_url=None)
    text = result.stdout.str() + result.stderr.str()
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert "it answered HTTP 500, a server error, so it was not taken as up" in text


@pytest.mark.parametrize(
    ("keys", "said"),
    [
        ({"command": SERVE.replace("{port}", "{prot}")}, "the placeholder {prot} is not one of"),
        ({"command": SERVE + " {"}, "a brace that is not a placeholder"),
        ({"command": SERVE + " '--flag"}, "cannot be split into words"),
        ({"command": SERVE, "url": "http://127.0.0.1:{prt}/"}, "e2e_server_url"),
        ({"command": SERVE, "url": "http://[::1/"}, "is not a valid URL"),
        ({"command": SERVE, "port": "eighty"}, "e2e_server_port = 'eighty' is not a whole"),
        ({"command": SERVE, "timeout": "soon"}, "e2e_server_timeout = 'soon' is not a number"),
        ({"command": SERVE, "timeout": "1e9"}, "at most 3600 seconds"),
        ({"command": SERVE, "timeout": "nan"}, "e2e_server_timeout = 'nan' is not a finite"),
    ],
)
def test_bad_server_settings_are_usage_errors_naming_the_key(pytester, inner, keys, said) -> None:
    ini(pytester, **keys)
    pytester.makepyfile("def test_x(base_url): pass")
    result = inner(base_url=None)
    text = result.stdout.str() + result.stderr.str()
    assert result.ret == pytest.ExitCode.USAGE_ERROR, text[-2000:]
    assert said in text
    assert "INTERNALERROR" not in text
    assert "Traceback" not in text


def test_a_command_without_port_gets_a_hint_when_it_never_answers(pytester, inner) -> None:
    ini(pytester, command='{python} -c "import time; time.sleep(30)"', timeout="1")
    pytester.makepyfile("def test_x(base_url): pass")
    result = inner(base_url=None)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    text = result.stderr.str()
    assert "did not answer at http://127.0.0.1:" in text
    assert "The command has no {port}" in text
    assert "Add {port} to the command" in text


def test_a_fixed_port_with_a_server_per_worker_is_refused(pytester, inner) -> None:
    ini(pytester, command=SERVE, port="8123")
    pytester.makepyfile("def test_x(base_url): pass")
    result = inner("-n", "2", base_url=None)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert "every worker would start its server on that one port" in result.stderr.str()
