"""The run's beginning and end: markers, the ``Run`` (state.py), the checks made once
before any test (preflight, run-wide locators), the server, signals (SIGINT, SIGTERM and
SIGHUP end a run as Ctrl-C does, reports written), and the ``browser`` marker."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest

from e2e.base import processes
from e2e.base.masking import secret_problem
from e2e.browser.engines import ENGINE_FAMILIES, engine_of
from e2e.history.quarantine import read_quarantine
from e2e.plugin import preflight
from e2e.plugin.app_server import AppServer
from e2e.plugin.history import HistoryRecorder
from e2e.plugin.interrupts import Interrupts, leave_a_closed_terminal
from e2e.plugin.options import config_from_pytest
from e2e.plugin.pool import try_run_locators
from e2e.plugin.results import RunResults
from e2e.plugin.server import server_config, start_server
from e2e.plugin.settings import setting_of
from e2e.plugin.shards import durations_from_history, shard_of
from e2e.plugin.state import Run, begin_run, run_of, started_run
from e2e.queries import set_test_id_attribute


def pytest_unconfigure(config: pytest.Config) -> None:
    run = started_run(config)
    if run is None:
        return
    if config.pluginmanager.is_registered(run.results):
        config.pluginmanager.unregister(run.results)
    if isinstance(run.server, AppServer):
        run.server.stop()
    if run.interrupts is not None:
        run.interrupts.restore()


def _finish_on_signals(config: pytest.Config) -> None:
    """SIGINT, SIGTERM and SIGHUP end the run as Ctrl-C does (e2e.plugin.interrupts). In an
    xdist worker the signal's name goes back to the controller, so the test it stopped
    says which signal stopped it instead of "crashed"."""
    workeroutput = getattr(config, "workeroutput", None)

    def first(name: str, signum: int) -> bool:
        if workeroutput is not None:
            workeroutput["e2e_signal"] = name
            return False
        return _stop_workers(config, name, signum)

    interrupts = run_of(config).interrupts = Interrupts(first, quiet=workeroutput is not None)
    interrupts.install()


def _stop_workers(config: pytest.Config, name: str, signum: int) -> bool:
    """On an xdist controller: pass the signal to each worker and keep listening to them
    until they have stopped, so that the tests they were running, and the reports of
    those that had finished, reach junit.xml and report.html. (Raising at once, as
    xdist's controller does on Ctrl-C, drops them.) ``False`` when there are none."""
    dsession = config.pluginmanager.getplugin("dsession")
    nodes = list(getattr(dsession, "_active_nodes", ()) or ())
    if dsession is None or not nodes:
        return False
    dsession.shouldstop = f"{name} received"
    for node in nodes:
        popen = getattr(getattr(getattr(node, "gateway", None), "_io", None), "popen", None)
        pid = getattr(popen, "pid", None)
        if isinstance(pid, int):
            with contextlib.suppress(OSError):
                os.kill(pid, signum)  # a worker that had it already takes it as a second
    return True


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_teardown(item: pytest.Item) -> None:
    interrupts = _interrupts(item.config)
    if interrupts is not None:
        interrupts.deferring = True


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item) -> Generator[None, object, object]:
    """A signal during a test's teardown stops the run once the teardown is over and its
    report sent (pytest-html shows a test only once its teardown report has come)."""
    try:
        return (yield)
    finally:
        interrupts = _interrupts(item.config)
        pending = interrupts.stop_deferring() if interrupts is not None else None
        if pending:
            item.session.shouldstop = f"{pending} received"


@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish(session: pytest.Session) -> None:
    """After SIGHUP the terminal may be gone: the summary must not die writing to it
    (the reports are written after this, by pytest-html and junitxml)."""
    interrupts = _interrupts(session.config)
    if interrupts is not None and interrupts.received == "SIGHUP":
        leave_a_closed_terminal()
    # An xdist worker that a signal stopped ends as interrupted, whatever the test it
    # stopped had reached: pytest-xdist's controller then takes the worker down as
    # stopped (naming the test, pytest_handlecrashitem) instead of asserting, as it
    # does for a worker that finished with a test still unreported (an INTERNALERROR).
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None and interrupts is not None and interrupts.received:
        workeroutput["exitstatus"] = int(pytest.ExitCode.INTERRUPTED)


@pytest.hookimpl(optionalhook=True)
def pytest_handlecrashitem(crashitem: str, report: pytest.TestReport, sched: Any) -> None:
    """pytest-xdist, on the controller: a worker that a signal stopped did not crash."""
    node = getattr(report, "node", None)
    name = (getattr(node, "workeroutput", None) or {}).get("e2e_signal")
    if name:
        worker = getattr(getattr(node, "gateway", None), "id", "?")
        report.longrepr = (
            f"worker {worker!r} received {name} while running {crashitem!r}: the test was "
            "stopped before it finished, and the run with it, as Ctrl-C does."
        )


@pytest.hookimpl(tryfirst=True)
def _quarantine(path: str, items: list[pytest.Item]) -> None:
    """Each test the quarantine file names runs as a non-strict xfail, with why."""
    try:
        listed = read_quarantine(Path(path))
    except OSError as exc:
        raise pytest.UsageError(
            f"--quarantine {path}: cannot read it ({exc.strerror or exc}); write it with "
            "`e2e history quarantine --out FILE`, or leave --quarantine out"
        ) from None
    for item in items:
        reason = listed.get(item.nodeid)
        if reason is not None:
            item.add_marker(pytest.mark.xfail(strict=False, reason=f"quarantined: {reason}"))


def _shard(config: pytest.Config, shard: tuple[int, int], items: list[pytest.Item]) -> None:
    """Keep this shard's tests; the others are deselected (and say so)."""
    workerinput = getattr(config, "workerinput", None)
    durations = (
        workerinput.get("e2e_durations") if workerinput else run_of(config).durations
    ) or None
    keep = shard_of([item.nodeid for item in items], shard[0], shard[1], durations)
    deselected = [item for item in items if item.nodeid not in keep]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if item.nodeid in keep]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "nondestructive: safe to run against a sensitive URL")
    config.addinivalue_line("markers", "smoke: a quick check of the main paths")
    config.addinivalue_line("markers", "browser(*names): run only on these browsers")
    config.addinivalue_line(
        "markers",
        "engines(*families, reason=None): run only on these engines (chromium, firefox, "
        "webkit), whichever --browser starts them; skipped elsewhere with the reason",
    )
    config.addinivalue_line(
        "markers", "full_browser: needs the full Chromium, not the headless shell"
    )
    config.addinivalue_line(
        "markers",
        "emulate(locale=, timezone=, geolocation=, permissions=, color_scheme=, device=): "
        "the test's context emulates these, over the run's options",
    )
    config.addinivalue_line(
        "markers",
        "storage_state(name): the test's context starts from this saved sign-in state: a "
        "file path, or the name of a fixture that returns one (or an e2e_signed_in role)",
    )
    e2e = config_from_pytest(config)
    set_test_id_attribute(e2e.test_id_attribute)
    run = begin_run(
        config,
        Run(
            config=e2e,
            artifacts=Path(setting_of(config, "e2e_artifacts_dir") or "reports/artifacts"),
            secrets=_secrets(e2e.secret_env),
            # The end-of-run summaries: a plugin object of this run, so its hooks see
            # this run's results and nothing module-wide (pytester nests sessions).
            results=RunResults(),
        ),
    )
    config.pluginmanager.register(run.results, "e2e-results")
    if not hasattr(config, "workerinput"):  # the controller (or only process) checks once
        url = config.getoption("base_url", None) or config.getini("base_url")
        reports = {
            "--junitxml": getattr(config.option, "xmlpath", None),
            "--html": getattr(config.option, "htmlpath", None),
        }
        found = preflight.problems(e2e, url, run.artifacts, reports)
        if found:
            raise pytest.UsageError("\n".join(found))
        try_run_locators(e2e)
        if e2e.shard and e2e.history:  # read once here, handed to the workers
            run.durations = durations_from_history(e2e.history, e2e.browser)
        shard = f"{e2e.shard[0]}/{e2e.shard[1]}" if e2e.shard else ""
        recorder = HistoryRecorder(config, e2e.history, e2e.browser, shard, run.artifacts.parent)
        config.pluginmanager.register(recorder, "e2e-history")
    settings = server_config(config)
    if settings is not None:
        start_server(config, settings)
    processes.run_tag()  # one tag for the run, inherited by xdist workers
    _finish_on_signals(config)
    metadata = _metadata(config)
    if metadata is not None:
        metadata["Browser"] = e2e.browser
        metadata["Headless"] = str(e2e.headless)
        if e2e.grid_url:
            metadata["Grid"] = e2e.grid_url


def _secrets(names: tuple[str, ...]) -> frozenset[str]:
    """The values of the --secret-env variables; a usage error for one too short to mask."""
    values = {name: os.environ[name] for name in names if os.environ.get(name)}
    for name, value in values.items():
        problem = secret_problem(value, f"The value of {name} (named in --secret-env)")
        if problem:
            raise pytest.UsageError(problem)
    return frozenset(values.values())


def _interrupts(config: pytest.Config) -> Interrupts | None:
    run = started_run(config)
    return run.interrupts if run is not None else None


def _metadata(config: pytest.Config) -> dict[str, Any] | None:
    try:
        from pytest_metadata.plugin import metadata_key  # type: ignore[import-untyped]
    except ImportError:
        return None
    return config.stash.get(metadata_key, None)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    e2e = run_of(config).config
    if e2e.quarantine:
        _quarantine(e2e.quarantine, items)
    if e2e.shard:
        _shard(config, e2e.shard, items)
    browser = e2e.browser
    family = engine_of(browser).family
    for item in items:
        marker = item.get_closest_marker("browser")
        if marker and browser not in marker.args:
            item.add_marker(
                pytest.mark.skip(reason=f"runs on {', '.join(marker.args)}, not on {browser}")
            )
        engines = item.get_closest_marker("engines")
        if engines is None:
            continue
        unknown = [name for name in engines.args if name not in ENGINE_FAMILIES]
        if unknown or not engines.args:
            raise pytest.UsageError(
                f"{item.nodeid}: @pytest.mark.engines({', '.join(map(repr, engines.args))}) "
                f"names {'no engine' if not engines.args else repr(unknown[0])}: give one or "
                f"more of {', '.join(ENGINE_FAMILIES)}"
            )
        if family not in engines.args:
            why = engines.kwargs.get("reason")
            needs = " or ".join(engines.args)
            item.add_marker(
                pytest.mark.skip(
                    reason=why or f"runs on {needs}; this run's --browser {browser} is {family}"
                )
            )
