"""What a finished test leaves: failure artifacts (screenshot, HTML, console, action
log) attached to the terminal report and pytest-html's row, its trace (and HAR), a
flaky mark after a rerun, one sentence in front of a transport traceback, secrets
masked everywhere."""

from __future__ import annotations

import base64
import contextlib
import os
from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.remote.webdriver import WebDriver

from e2e.base.action_log import ActionLog
from e2e.base.masking import known_secrets, mask
from e2e.browser import xvfb
from e2e.browser.driver import unreachable
from e2e.plugin.artifacts import Artifacts, capture, drain_console
from e2e.plugin.results import attempt_of, relative_link, waits_of
from e2e.plugin.state import artifact_folder, run_of, test_state
from e2e.trace import Tracer


# -- reporting ----------------------------------------------------------------------
@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, Any, None]:
    outcome = yield
    report: pytest.TestReport = outcome.get_result()
    browser = getattr(item, "funcargs", {}).get("driver")
    log = test_state(item).log
    stored: frozenset[str] = run_of(item.config).secrets
    secrets = set(stored)
    if log:
        secrets |= log.secrets
    if browser is not None:
        secrets |= known_secrets(browser)
    state = test_state(item)
    if report.when == "call" and state.browser is not None:
        report.sections.append(("browser", state.browser))
    if report.when == "call" and state.notes:
        report.sections.append(("e2e", "\n".join(state.notes)))
    if report.when == "call" and (state.images or state.tables):
        _add_checks(item, report, state.images, state.tables)
    if report.failed and call.excinfo is not None:
        _explain(item, report, call.excinfo)
    artifacts: Artifacts | None = None
    if report.failed and browser is not None:
        try:
            artifacts = _attach_artifacts(item, report, browser, log, secrets)
        except Exception as exc:  # never lose the test's own failure to its artifacts
            report.sections.append(
                ("e2e", f"artifacts could not be taken: {type(exc).__name__}: {exc}")
            )
    # The xdist worker that ran it, for the run's history.
    report.e2e_worker = os.environ.get("PYTEST_XDIST_WORKER", "")  # type: ignore[attr-defined]
    if report.when == "call":
        report.e2e_waits = waits_of(log)  # type: ignore[attr-defined]
        attempt = attempt_of(item)
        if report.passed and attempt > 1:
            _mark_flaky(item, report, attempt)
    tracer = test_state(item).tracer
    if tracer is not None and report.when in ("setup", "call") and _keep_trace(item, report):
        try:
            _write_trace(item, report, tracer, artifacts, browser, secrets)
        except Exception as exc:  # a trace must never hide the failure either
            report.sections.append(
                ("e2e", f"the trace could not be written: {type(exc).__name__}: {exc}")
            )
    if secrets:
        _mask_report(report, secrets)


def _keep_trace(item: pytest.Item, report: pytest.TestReport) -> bool:
    mode = run_of(item.config).config.trace
    if report.failed:
        return True  # "on" or "retain-on-failure"
    return mode == "on" and report.when == "call"


def _write_trace(
    item: pytest.Item,
    report: pytest.TestReport,
    tracer: Tracer,
    artifacts: Artifacts | None,
    browser: WebDriver | None,
    secrets: set[str],
) -> None:
    if artifacts is not None:
        console, html = list(artifacts.console), artifacts.html
    else:  # a passing test kept with --tracing on: read the console now
        console, html = [], ""
        if browser is not None:
            with contextlib.suppress(Exception):
                console = drain_console(browser) or []
    path = artifact_folder(item, report.when) / "trace.html"
    failure = str(report.longrepr) if report.failed else ""
    tracer.attachments = list(test_state(item).images)
    tracer.write(
        path,
        test=item.nodeid,
        outcome="failed" if report.failed else "passed",
        failure=failure,
        console=console,
        html=html,
        secrets=secrets,
    )
    report.e2e_trace = str(path)  # type: ignore[attr-defined]
    report.sections.append(("e2e trace", str(path)))
    if item.config.pluginmanager.hasplugin("html"):
        from pytest_html import extras  # type: ignore[import-untyped]

        link = relative_link(path, getattr(item.config.option, "htmlpath", None))
        found = getattr(report, "extras", [])
        found.append(extras.url(link, name="Trace"))
        report.extras = found  # type: ignore[attr-defined]


def _mark_flaky(item: pytest.Item, report: pytest.TestReport, attempt: int) -> None:
    """A pass on a rerun is not a plain pass: say so in junit.xml, the report and the
    terminal summary."""
    note = f"flaky: passed on attempt {attempt} after {attempt - 1} failure(s)"
    report.e2e_flaky = attempt  # type: ignore[attr-defined]
    report.user_properties.append(("flaky", note))
    item.user_properties.append(("flaky", note))  # junitxml writes the teardown report's
    report.sections.append(("e2e", note))
    if item.config.pluginmanager.hasplugin("html"):
        from pytest_html import extras

        found = getattr(report, "extras", [])
        found.append(extras.html(f"<p class='flaky'><strong>FLAKY</strong>: {note}</p>"))
        report.extras = found  # type: ignore[attr-defined]


#: Driver and browser failures that say the browser or its driver is gone.
_BROWSER_GONE = (
    "invalid session id",
    "session deleted",
    "chrome not reachable",
    "disconnected: not connected to devtools",
    "tab crashed",
    "browser has closed",
    "no such window: target window already closed",
    "failed to decode response from marionette",
    "tried to run command without establishing a connection",
)


def _explain(
    item: pytest.Item, report: pytest.TestReport, excinfo: pytest.ExceptionInfo[Any]
) -> None:
    """Put one sentence, naming what to do, in front of a failure whose raw form is a
    transport traceback: the driver died, the browser died, the application stopped."""
    exc = excinfo.value
    text = (getattr(exc, "msg", None) or str(exc) or type(exc).__name__).strip()
    first = text.splitlines()[0][:300] if text else type(exc).__name__
    sentence = None
    if _is_transport_error(exc):
        sentence = (
            f"The browser's driver stopped answering during this test ({type(exc).__name__}: "
            f"{first[:160]}): it crashed or was killed. The next test gets a new browser."
        )
    elif isinstance(exc, WebDriverException) and any(m in text.lower() for m in _BROWSER_GONE):
        sentence = (
            f"The browser died during this test ({first}): it crashed or was killed. "
            "The next test gets a new browser."
        )
    elif isinstance(exc, WebDriverException) and "net::ERR_" in text:
        base_url = item.funcargs.get("base_url") if hasattr(item, "funcargs") else None
        problem = unreachable(base_url) if isinstance(base_url, str) else None
        if problem and isinstance(base_url, str):
            run_of(item.config).reachable[base_url] = problem  # later tests ask again
            sentence = f"The application stopped answering during the run. {problem}"
    if isinstance(exc, WebDriverException) and xvfb.has_died():
        sentence = (
            "The X display (Xvfb) the browser ran on died during this test, and the browser "
            "with it. The next test gets a new display and a new browser."
        )
    if sentence:
        report.longrepr = f"{sentence}\n\n(raised: {type(exc).__name__}: {first})"


def _is_transport_error(exc: BaseException) -> bool:
    try:
        from urllib3.exceptions import HTTPError as Urllib3Error
    except ImportError:  # pragma: no cover - Selenium depends on urllib3
        return False
    return isinstance(exc, (Urllib3Error, ConnectionError))


def _attach_artifacts(
    item: pytest.Item,
    report: pytest.TestReport,
    browser: WebDriver,
    log: ActionLog | None,
    secrets: set[str],
) -> Artifacts:
    artifacts = capture(browser, secrets)
    folder = artifact_folder(item, report.when)
    written, unwritten = artifacts.write(folder)
    lines = [f"artifacts: {folder}" + ("" if written else " (none could be kept)")]
    report.sections.append(("e2e", "\n".join(lines + list(artifacts.problems) + unwritten)))
    if log and log.actions:
        report.sections.append(("page actions", log.render()))
    _add_html_extras(item, report, artifacts, log)
    return artifacts


def _mask_report(report: pytest.TestReport, secrets: set[str]) -> None:
    if isinstance(report.longrepr, tuple):
        # A skip's (path, line, reason): reporters (junitxml) need it to stay a tuple.
        path, line, reason = report.longrepr
        report.longrepr = (path, line, mask(reason, secrets))
    elif report.longrepr:
        report.longrepr = mask(str(report.longrepr), secrets)
    report.sections = [(title, mask(text, secrets)) for title, text in report.sections]
    extras = getattr(report, "extras", None)
    if extras:
        for extra in extras:
            if extra.get("format_type") in ("text", "html", "url", "json"):
                extra["content"] = mask(str(extra["content"]), secrets)


def _add_html_extras(
    item: pytest.Item, report: pytest.TestReport, artifacts: Artifacts, log: ActionLog | None
) -> None:
    if not item.config.pluginmanager.hasplugin("html"):
        return
    from pytest_html import extras

    found = getattr(report, "extras", [])
    if artifacts.url:
        found.append(extras.url(artifacts.url, name="URL at failure"))
    if artifacts.screenshot_png:
        encoded = base64.b64encode(artifacts.screenshot_png).decode()
        found.append(extras.png(encoded, name="Screenshot"))
    if artifacts.html:
        found.append(extras.text(artifacts.html, name="Page HTML"))
    if artifacts.console:
        found.append(extras.text(artifacts.console_text(), name="Browser console"))
    if log and log.actions:
        found.append(extras.text(log.render(), name="Page actions"))
    report.extras = found  # type: ignore[attr-defined]  # pytest-html reads it


def _add_checks(
    item: pytest.Item, report: pytest.TestReport, images: list[tuple[str, Path]], tables: list[str]
) -> None:
    """A screenshot mismatch's images and the accessibility violations, in the report
    row (pytest-html) and as file paths in the terminal's report section."""
    if images:
        report.sections.append(("e2e images", "\n".join(f"{label}: {p}" for label, p in images)))
    if not item.config.pluginmanager.hasplugin("html"):
        return
    from pytest_html import extras

    found = getattr(report, "extras", [])
    for label, path in images:
        with contextlib.suppress(OSError):
            found.append(extras.png(base64.b64encode(path.read_bytes()).decode(), name=label))
    for table in tables:
        found.append(extras.html(table))
    report.extras = found  # type: ignore[attr-defined]  # pytest-html reads it
