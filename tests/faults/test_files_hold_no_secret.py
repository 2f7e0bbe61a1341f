"""Issue 32, secrets: no file a run writes holds a session cookie, an ``Authorization``
value, a ``credentials()`` password, a ``--secret-env`` value or text typed with
``secret=True`` (HAR files included: the October 2023 Okta breach was session tokens in
HAR files uploaded for support), and every such file is owner-only.

Each engine runs a test that signs in to the fixture server's ``/vault`` (HTTP Basic, an
HttpOnly session cookie, a fetch with a bearer token), types a secret and fails, with
``--tracing on`` and its own ``record_har``; then every file under the run's folder is
read and searched for each secret, in the forms a HAR would hold it."""

from __future__ import annotations

import base64
import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from e2e.base.masking import MASK
from tests.engines import ENGINES
from tests.integration.library.fixture_server import (
    VAULT_COOKIE,
    VAULT_PASSWORD,
    VAULT_TOKEN,
    FixtureServer,
)

TYPED = "Typed-S3cret-7781"
#: A token in the address, as JupyterLab's ?token= (no one declared it a secret).
ADDRESSED = "Addr-T0ken-4411"
FROM_ENV = "Env-S3cret-5530"

INNER = """
import os

import pytest
from selenium.webdriver.common.by import By

from e2e import BasePage, Locator

PIN = Locator(By.ID, "pin", "pin field")
GOT = Locator(By.ID, "got", "fetched text")
CHALLENGE = CHALLENGE_FLAG


class Vault(BasePage):
    path = "/vault?session_token=ADDRESSED" + ("" if CHALLENGE else "&guest=1")


def test_vault(page):
    vault = page(Vault)
    if CHALLENGE:
        vault.network.record_har("traffic/all.har")
        vault.network.credentials("qa", os.environ["VAULT_PW"])
    vault.open()
    vault.expect(GOT).to_have_text("the data")
    vault.type(PIN, "TYPED", secret=True)
    vault.type(PIN, os.environ["FROM_ENV_NAME"])
    assert vault.text_of(GOT) == "something else"
"""


@pytest.fixture(scope="module")
def vault_server() -> Iterator[FixtureServer]:
    server = FixtureServer().start()
    yield server
    server.stop()


def _forms() -> dict[str, str]:
    """Each secret, and the form an Authorization header would carry it in."""
    basic = base64.b64encode(f"qa:{VAULT_PASSWORD}".encode()).decode()
    return {
        "session cookie": VAULT_COOKIE,
        "bearer token": VAULT_TOKEN,
        "credentials() password": VAULT_PASSWORD,
        "Basic Authorization": basic.rstrip("="),
        "secret=True text": TYPED,
        "--secret-env value": FROM_ENV,
        "token in the address": ADDRESSED,
    }


@pytest.mark.parametrize("browser", ENGINES)
def test_no_file_of_a_traced_run_holds_a_secret_and_each_is_owner_only(
    pytester: pytest.Pytester,
    vault_server: FixtureServer,
    monkeypatch: pytest.MonkeyPatch,
    browser: str,
) -> None:
    challenge = browser != "webkit"  # WebKitGTK answers no challenge and records no HAR
    monkeypatch.setenv("VAULT_ENV_SECRET", FROM_ENV)
    monkeypatch.setenv("VAULT_PW", VAULT_PASSWORD)
    pytester.makepyfile(
        INNER.replace("CHALLENGE_FLAG", str(challenge))
        .replace("TYPED", TYPED)
        .replace("ADDRESSED", ADDRESSED)
        .replace("FROM_ENV_NAME", "VAULT_ENV_SECRET")
    )
    result = pytester.runpytest_subprocess(
        "-p", "no:cacheprovider", "--headless", "--browser", browser,
        "--base-url", vault_server.url, "--tracing", "on", "--secret-env", "VAULT_ENV_SECRET",
        "--junitxml=junit.xml", "--html=report.html", "--self-contained-html",
        timeout=240,
    )  # fmt: skip
    result.assert_outcomes(failed=1)
    written = [
        p for p in pytester.path.rglob("*") if p.is_file() and p.suffix not in (".py", ".pyc")
    ]
    names = {p.name for p in written}
    expected = {"trace.html", "page.html", "url.txt", "junit.xml", "report.html"}
    if challenge:
        expected |= {"trace.har", "all.har"}
    assert expected <= names, sorted(names)
    found = []
    for path in written:
        text = path.read_bytes().decode("utf-8", errors="replace")
        found += [
            f"{what} in {path.relative_to(pytester.path)}"
            for what, form in _forms().items()
            if form in text
        ]
    assert not found, found
    if challenge:  # the HAR still says the header was there, masked
        har = json.loads((pytester.path / "traffic" / "all.har").read_text(encoding="utf-8"))
        sent = {
            h["name"].lower(): h["value"]
            for e in har["log"]["entries"]
            if e["request"]["url"].endswith("/vault/data")
            for h in e["request"]["headers"]
        }
        assert sent.get("authorization") == MASK, sent
    private = [p for p in written if p.suffix in (".har", ".html", ".png", ".log", ".txt")]
    private = [  # pytest-html writes report.html; the browser its own files under HOME
        p
        for p in private
        if p.name != "report.html"
        and not any(part.startswith(".") for part in p.relative_to(pytester.path).parts)
    ]
    loose = [
        f"{p.relative_to(pytester.path)} {stat.filemode(p.stat().st_mode)}"
        for p in private
        if p.stat().st_mode & 0o077
    ]
    assert not loose, loose
    artifacts = pytester.path / "reports" / "artifacts"
    folders = [artifacts, *(p for p in artifacts.rglob("*") if p.is_dir())]
    open_folders = [str(p) for p in folders if os.stat(p).st_mode & 0o077]
    assert not open_folders, open_folders


def test_a_har_recorded_with_sensitive_keeps_the_headers_and_masks_declared_secrets(
    tmp_path: Path,
) -> None:
    """The explicit way back to the raw headers, for a user who needs them: the headers'
    values stay, and what the run declared secret is masked even so."""
    from e2e.network import Request, Response
    from e2e.network.har import HarRecorder

    request = Request("GET", "http://h/x", {"Cookie": f"vault_sid={VAULT_COOKIE}"})
    response = Response(
        "GET", "http://h/x", 200, {"Set-Cookie": "a=b", "X-Echo": TYPED}, b"hi", request
    )
    for sensitive in (False, True):
        recorder = HarRecorder(tmp_path / f"{sensitive}.har", sensitive=sensitive, secrets={TYPED})
        recorder.add(response)
        text = str(json.loads(recorder.save().read_text(encoding="utf-8")))
        assert (VAULT_COOKIE in text) is sensitive
        assert ("a=b" in text) is sensitive
        assert TYPED not in text
        assert MASK in text
        assert stat.S_IMODE(recorder.save().stat().st_mode) == 0o600


SIGNED_IN = """
import os
import pathlib
import time

import pytest

from e2e import BasePage


@pytest.fixture(scope="session")
def member(e2e_signed_in):
    return e2e_signed_in("member", lambda page: page(BasePage).open("/signin"))


@pytest.mark.storage_state("member")
def test_signed_in(driver, base_url):
    driver.get(base_url + "/whoami")
    assert "ok" in driver.page_source
    pathlib.Path("signed-in").touch()
    if os.environ.get("HOLD"):  # killed from outside while it waits here
        deadline = time.monotonic() + 60
        while not pathlib.Path("never").exists() and time.monotonic() < deadline:
            time.sleep(0.05)
"""


@pytest.mark.parametrize("end", ["finished", "killed"])
def test_the_saved_sign_in_state_is_gone_when_the_run_ends_however_it_ends(
    pytester: pytest.Pytester,
    vault_server: FixtureServer,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    end: str,
) -> None:
    """Nineteen /tmp/e2e-signed-in-* folders, each with session cookies, had built up on
    one machine."""
    import signal
    import subprocess
    import time

    from tests.faults.conftest import inner_command

    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))
    pytester.makepyfile(SIGNED_IN)
    command = inner_command("--base-url", vault_server.url)
    if end == "finished":
        done = subprocess.run(command, cwd=pytester.path, capture_output=True, timeout=120)
        assert done.returncode == 0, done.stdout.decode()[-2000:]
    else:
        env = {**os.environ, "HOLD": "1"}
        inner = subprocess.Popen(
            command, cwd=pytester.path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
        )
        try:
            deadline = time.monotonic() + 60
            while not (pytester.path / "signed-in").exists():
                assert time.monotonic() < deadline, "never signed in"
                assert inner.poll() is None, "the inner run ended before signing in"
                time.sleep(0.05)
            saved = list(scratch.glob("e2e-signed-in-*"))
            assert saved, "the state was not where this test looks for it"
            assert stat.S_IMODE(saved[0].stat().st_mode) == 0o700
            inner.send_signal(signal.SIGKILL)
            inner.wait(timeout=30)
        finally:
            if inner.poll() is None:
                inner.kill()
    deadline = time.monotonic() + 10  # the watchdog works on its own: poll it, bounded
    while list(scratch.glob("e2e-signed-in-*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not list(scratch.glob("e2e-signed-in-*"))


def test_a_credential_in_the_address_is_masked_in_the_har_and_replayed_for_any_value(
    tmp_path: Path,
) -> None:
    """JupyterLab and many APIs take ?token= in the address: the HAR must not keep it,
    and route_from_har must still answer the same request with another token."""
    from e2e.network import Request, Response
    from e2e.network.har import HarRecorder, HarReplay

    url = f"http://h/api/contents?access_token={VAULT_TOKEN}&page=2"
    request = Request("GET", url, {})
    recorder = HarRecorder(tmp_path / "t.har")
    recorder.add(Response("GET", url, 200, {}, b'{"n": 1}', request))
    text = recorder.save().read_text(encoding="utf-8")
    assert VAULT_TOKEN not in text
    replay = HarReplay(tmp_path / "t.har")
    other = "http://h/api/contents?access_token=tok-other&page=2"
    assert replay.answer(Request("GET", other, {})) == {
        "status": 200,
        "headers": {},
        "body": b'{"n": 1}',
    }
    assert replay.answer(Request("GET", other.replace("page=2", "page=3"), {})) == {"abort": True}
    keeps = HarRecorder(tmp_path / "s.har", sensitive=True)
    keeps.add(Response("GET", url, 200, {}, b"", request))
    assert VAULT_TOKEN in keeps.save().read_text(encoding="utf-8")
