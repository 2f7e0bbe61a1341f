"""Faults injected into real runs. After each: only the affected test fails, the reports
exist with the failure's text, and no browser or driver of that run is left."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time

import pytest

from tests.engines import marks

# Kill the chromium processes this driver started (its children), not the driver.
KILL_BROWSER = """
import os, signal
from pathlib import Path

def children(pid):
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(entry.name))
    return out

def kill_browser(driver):
    for pid in children(driver.service.process.pid):
        os.kill(pid, signal.SIGKILL)
"""


def test_chromedriver_killed_mid_test(pytester, fault_run) -> None:
    pytester.makepyfile(
        """
        def test_a_driver_dies(driver, base_url):
            driver.get(base_url)
            driver.service.process.kill()
            driver.service.process.wait()
            driver.get(base_url + "/broken.html")

        def test_b_next_test_gets_a_new_browser(driver, base_url):
            driver.get(base_url)
            assert driver.title == "home"
        """
    )
    run = fault_run()
    run.result.assert_outcomes(passed=1, failed=1)
    sentence = "driver stopped answering during this test"
    assert sentence in run.text
    assert sentence in run.junit()
    assert sentence in run.report()
    assert run.leftovers() == []


def test_the_browser_killed_mid_test(pytester, fault_run) -> None:
    pytester.makepyfile(
        KILL_BROWSER
        + """
def test_a_browser_dies(driver, base_url):
    driver.get(base_url)
    kill_browser(driver)
    driver.get(base_url + "/broken.html")

def test_b_next_test_gets_a_new_browser(driver, base_url):
    driver.get(base_url)
    assert driver.title == "home"
"""
    )
    run = fault_run()
    run.result.assert_outcomes(passed=1, failed=1)
    assert "The browser died during this test" in run.text
    assert "The browser died during this test" in run.junit()
    assert run.leftovers() == []


@pytest.mark.parametrize(
    ("how", "browser"),
    [
        ("SIGKILL", "chrome"),
        ("crash", "chrome"),
        pytest.param("SIGKILL", "firefox", marks=marks("firefox"), id="SIGKILL-firefox"),
        # WebKit: its Xvfb too is left by the killed worker, and must go with it.
        pytest.param("SIGKILL", "webkit", marks=marks("webkit"), id="SIGKILL-webkit"),
    ],
)
def test_an_xdist_worker_killed_mid_test(pytester, fault_run, monkeypatch, how, browser) -> None:
    temporary = pytester.path / "tmp"  # where the browsers' profile folders are made
    temporary.mkdir()
    monkeypatch.setenv("TMPDIR", str(temporary))
    kill = "os.kill(os.getpid(), signal.SIGKILL)" if how == "SIGKILL" else "os._exit(70)"
    pytester.makepyfile(
        f"""
        import os, signal, pytest

        def test_dies(driver, base_url):
            driver.get(base_url)
            {kill}

        @pytest.mark.parametrize("n", range(3))
        def test_others(driver, base_url, n):
            driver.get(base_url)
            assert driver.title == "home"
        """
    )
    run = fault_run("-n", "2", "--max-worker-restart", "2", "--browser", browser)
    run.result.assert_outcomes(passed=3, failed=1)
    assert "test_dies" in run.junit()
    assert "crashed" in run.junit()
    assert "crashed" in run.report()
    assert run.leftovers() == []
    deadline = time.monotonic() + 10
    while list(temporary.glob("e2e-profile-*")) and time.monotonic() < deadline:
        time.sleep(0.1)  # the watchdog removes the killed worker's profile; bounded
    assert not list(temporary.glob("e2e-profile-*")), "a browser profile was left"


@pytest.mark.parametrize("sig", ["SIGTERM", "SIGINT"])
def test_a_signal_to_pytest_finishes_like_ctrl_c(pytester, fault_run, sig) -> None:
    pytester.makepyfile(
        f"""
        import os, signal

        def test_a_passes(driver, base_url):
            driver.get(base_url)

        def test_b_is_interrupted(driver, base_url):
            driver.get(base_url)
            os.kill(os.getpid(), signal.{sig})

        def test_c_never_runs(driver):
            pass
        """
    )
    run = fault_run()
    assert run.result.ret == pytest.ExitCode.INTERRUPTED
    assert "KeyboardInterrupt" in run.text
    assert 'name="test_a_passes"' in run.junit()  # the reports were written
    assert "test_a_passes" in run.report()
    assert "test_c_never_runs" not in run.junit()
    assert run.leftovers() == []


def test_sigterm_to_the_whole_run_from_outside(pytester, site, monkeypatch) -> None:
    """What a CI cancel does: SIGTERM to pytest while a test is running, under xdist."""
    from e2e.base import processes

    tag = "fault-outside-" + str(os.getpid())
    monkeypatch.setenv(processes.RUN_VARIABLE, tag)
    pytester.makepyfile(
        """
        import pathlib, time

        def test_waits_to_be_cancelled(driver, base_url):
            driver.get(base_url)
            pathlib.Path("started").touch()
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:  # a long test, cancelled from outside
                driver.title
        """
    )
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "--headless",
            "--base-url",
            site,
            "--junitxml=junit.xml",
            "--html=report.html",
            "--self-contained-html",
        ],
        cwd=pytester.path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while not (pytester.path / "started").exists():
            assert time.monotonic() < deadline, "the inner test never started"
            assert process.poll() is None, process.stdout.read() if process.stdout else ""
            time.sleep(0.05)  # polling for the marker file, bounded
        process.send_signal(signal.SIGTERM)
        out, _ = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == pytest.ExitCode.INTERRUPTED, out.decode()
    assert (pytester.path / "junit.xml").exists()
    assert (pytester.path / "report.html").exists()
    deadline = time.monotonic() + 10
    while processes.tagged_pids(tag, prefix=True) and time.monotonic() < deadline:
        time.sleep(0.1)  # watchdogs are asynchronous; bounded
    assert processes.tagged_pids(tag, prefix=True) == []


@pytest.mark.parametrize("fault", ["not-a-folder", "disk-full"])
def test_artifacts_that_cannot_be_written_never_hide_the_failure(
    pytester, fault_run, fault
) -> None:
    if fault == "disk-full":
        pytester.makeconftest(
            """
            import errno, os

            original = os.write

            def full(fd, data):  # the disk is full for the files of the artifacts folder
                if "artifacts" in os.readlink(f"/proc/self/fd/{fd}"):
                    raise OSError(errno.ENOSPC, "No space left on device")
                return original(fd, data)

            os.write = full
            """
        )
        args: tuple[str, ...] = ()
    else:
        (pytester.path / "a-file").write_text("not a folder")
        args = ("--artifacts-dir", "a-file/artifacts")
    pytester.makepyfile(
        """
        def test_a_fails(driver, base_url):
            driver.get(base_url)
            assert driver.title == "the failure's own text"

        def test_b_still_runs(driver, base_url):
            driver.get(base_url)
        """
    )
    run = fault_run(*args)
    run.result.assert_outcomes(passed=1, failed=1)
    assert run.result.ret == pytest.ExitCode.TESTS_FAILED  # not an internal error
    assert "INTERNALERROR" not in run.text
    for where in (run.text, run.junit(), run.report()):
        assert "the failure's own text" in where
    reason = "No space left on device" if fault == "disk-full" else "Not a directory"
    assert "could not be written to" in run.text
    assert reason in run.text
    assert not list(pytester.path.rglob("*.partial")), "a half-written file was left"
    assert run.leftovers() == []


def test_the_application_stopping_mid_run_is_one_sentence(pytester, fault_run) -> None:
    (pytester.path / "www").mkdir()
    (pytester.path / "www" / "index.html").write_text("<title>home</title>")
    app = subprocess.Popen(
        [
            sys.executable,
            "-u",
            "-m",
            "http.server",
            "0",
            "--bind",
            "127.0.0.1",
            "--directory",
            str(pytester.path / "www"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert app.stdout is not None
        port = app.stdout.readline().split("port ")[1].split()[0]
        url = f"http://127.0.0.1:{port}"
        pytester.makepyfile(
            f"""
            import os, signal

            def test_a_passes(driver, base_url):
                driver.get(base_url + "/index.html")

            def test_b_app_stops(driver, base_url):
                os.kill({app.pid}, signal.SIGKILL)
                driver.get(base_url + "/index.html")

            def test_c_later(driver, base_url):
                driver.get(base_url + "/index.html")
            """
        )
        run = fault_run(base_url=url)
    finally:
        app.kill()
        app.wait()
    run.result.assert_outcomes(passed=1, failed=1, errors=1)
    sentence = "The application stopped answering during the run. The base URL"
    assert sentence in run.text
    assert sentence in run.junit()
    assert "is unreachable" in run.text
    assert "C++" not in run.text
    assert "#0 0x" not in run.text
    assert run.leftovers() == []


def test_an_application_that_comes_back_is_used_again(pytester, fault_run) -> None:
    """Unreachable is not remembered for the run: the app stops during test_a and is back
    for test_b, which passes."""
    (pytester.path / "www").mkdir()
    (pytester.path / "www" / "index.html").write_text("<title>home</title>")
    pytester.makepyfile(
        app="""
        import pathlib, subprocess, sys, time, urllib.request

        def start(port):
            process = subprocess.Popen(
                [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                 "--directory", "www"],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )
            pathlib.Path("app.pid").write_text(str(process.pid))
            deadline = time.monotonic() + 30
            while True:  # until it answers, bounded
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/index.html", timeout=1)
                    return process
                except OSError:
                    assert time.monotonic() < deadline, "the app did not start"
                    time.sleep(0.05)
        """
    )
    pytester.makepyfile(
        """
        import os, signal
        from app import start

        def test_a_app_stops(driver, base_url, request):
            driver.get(base_url + "/index.html")
            os.kill(int(open("app.pid").read()), signal.SIGKILL)
            request.addfinalizer(lambda: start(int(base_url.rsplit(":", 1)[1])))
            # A new URL: the same one may come from the HTTP cache (a just-written file is
            # heuristically fresh for a moment) and never reach the stopped server.
            driver.get(base_url + "/index.html?after-the-kill")

        def test_b_app_is_back(driver, base_url):
            driver.get(base_url + "/index.html")
            assert driver.title == "home"
        """
    )
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    sys.path.insert(0, str(pytester.path))
    try:
        import app  # the inner run's own helper, to start the first instance

        first = app.start(port)
    finally:
        sys.path.remove(str(pytester.path))
        sys.modules.pop("app", None)
    try:
        run = fault_run(base_url=f"http://127.0.0.1:{port}")
    finally:
        first.kill()
        first.wait()
        pid = int((pytester.path / "app.pid").read_text())
        if pid != first.pid:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
    run.result.assert_outcomes(passed=1, failed=1)
    assert "The application stopped answering during the run" in run.text
    assert "test_b_app_is_back PASSED" in run.text or "1 passed" in run.text
    assert run.leftovers() == []


def test_a_page_that_never_returns_cannot_hold_up_the_report(pytester, fault_run) -> None:
    """A page script in an endless loop blocks the browser's screenshot for ever: the
    failure's own text still comes, the artifacts say why they are missing, and the next
    test gets a new browser."""
    pytester.makepyfile(
        """
        import threading

        def test_a_page_hangs(driver, base_url):
            driver.get(base_url)
            title = driver.title
            sent = threading.Event()

            def hang():
                sent.set()
                driver.execute_script("for (;;) {}")  # never answers

            threading.Thread(target=hang, daemon=True).start()
            sent.wait(5)
            assert title == "the failure's own text"

        def test_b_next_test_gets_a_new_browser(driver, base_url):
            driver.get(base_url)
            assert driver.title == "home"
        """
    )
    started = time.monotonic()
    run = fault_run()
    run.result.assert_outcomes(passed=1, failed=1)
    assert time.monotonic() - started < 90  # it hung for ever before
    assert "the failure's own text" in run.text
    assert "the failure's own text" in run.junit()
    assert "the browser did not answer within 10 s" in run.text
    assert run.leftovers() == []
