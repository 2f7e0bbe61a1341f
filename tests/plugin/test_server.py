"""Your application's server as a fixture: started from ini, waited for, stopped, its log
kept when it dies. The application here is Python's own http.server."""

from __future__ import annotations

import os
import socket
import time

import pytest

SERVE = "{python} -m http.server {port} --bind 127.0.0.1 --directory {tmp}"


def ini(pytester: pytest.Pytester, **keys: str) -> None:
    lines = "\n".join(f"e2e_server_{k} = {v}" for k, v in keys.items())
    pytester.makeini(f"[pytest]\n{lines}\n")


def gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_the_server_is_started_used_as_base_url_and_stopped(pytester, inner) -> None:
    ini(pytester, command=SERVE)
    pytester.makepyfile(
        """
        def test_it(driver, base_url, e2e_server, tmp_path_factory):
            (e2e_server.tmp / "index.html").write_text("<title>served</title>")
            assert base_url == e2e_server.root
            driver.get(base_url + "/index.html")
            assert driver.title == "served"
            with open("pid.txt", "w") as out:
                out.write(str(e2e_server.process.pid))
        """
    )
    inner(base_url=None).assert_outcomes(passed=1)
    pid = int((pytester.path / "pid.txt").read_text())
    assert gone(pid), "the server outlived the run"
    assert not list((pytester.path / "reports" / "artifacts").glob("server-*.log"))


def test_one_shared_server_for_all_workers(pytester, inner) -> None:
    ini(pytester, command=SERVE, scope="shared")
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.parametrize("n", range(4))
        def test_it(base_url, n, worker_id):
            with open(f"url-{n}.txt", "w") as out:
                out.write(base_url)
        """
    )
    inner("-n", "2", base_url=None).assert_outcomes(passed=4)
    urls = {(pytester.path / f"url-{n}.txt").read_text() for n in range(4)}
    assert len(urls) == 1
    assert urls.pop().startswith("http://127.0.0.1:")


def test_a_server_that_exits_at_once_is_one_clear_error_with_its_log(pytester, inner) -> None:
    ini(pytester, command="{python} -c \"print('boom: no config'); raise SystemExit(3)\"")
    pytester.makepyfile("def test_x(base_url): pass")
    result = inner(base_url=None)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        [
            "*The application server exited with code 3 before answering at http://127.0.0.1:*",
            "*boom: no config*",
        ]
    )


def test_a_server_that_never_answers_times_out_naming_the_setting(pytester, inner) -> None:
    ini(pytester, command='{python} -c "import time; time.sleep(60)"', timeout="1")
    pytester.makepyfile("def test_x(base_url): pass")
    started = time.monotonic()
    result = inner(base_url=None)
    assert time.monotonic() - started < 30
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        ["*did not answer at http://127.0.0.1:* within 1 s (e2e_server_timeout)*"]
    )


def test_a_server_that_dies_mid_run_fails_the_next_tests_and_keeps_its_log(pytester, inner) -> None:
    ini(pytester, command=SERVE)
    pytester.makepyfile(
        """
        import os, signal

        def test_kills_it(e2e_server):
            os.killpg(e2e_server.process.pid, signal.SIGKILL)
            e2e_server.process.wait()

        def test_after(driver):
            pass
        """
    )
    result = inner(base_url=None)
    result.assert_outcomes(passed=1, errors=1)  # the next test's setup says why
    result.stdout.fnmatch_lines(["*The application server stopped during the run (exit code -9)*"])
    assert list((pytester.path / "reports" / "artifacts").glob("server-*.log"))


def test_a_running_server_is_reused(pytester, inner) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        # Not an HTTP server: "reuse" must not take it for one.
        ini(pytester, command=SERVE, port=str(port), reuse="true", timeout="3")
        pytester.makepyfile("def test_x(base_url): pass")
        result = inner(base_url=None)
    assert result.ret == pytest.ExitCode.USAGE_ERROR  # the port was taken by a non-server
    ini(pytester, command='{python} -c "raise SystemExit(1)"', port=str(port), reuse="true")
    pytester.makepyfile("def test_x(base_url): pass")
    import subprocess
    import sys

    other = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.05)  # waiting for the helper server to listen
        # The command would fail; reusing the running server, it is never run.
        inner(base_url=None).assert_outcomes(passed=1)
        assert other.poll() is None, "a reused server must not be stopped"
    finally:
        other.kill()
        other.wait()


def test_bad_server_settings_are_usage_errors(pytester, inner) -> None:
    ini(pytester, command=SERVE, scope="everywhere")
    pytester.makepyfile("def test_x(): pass")
    result = inner(base_url=None)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*e2e_server_scope 'everywhere' is not one of: worker, shared*"])
