"""The application server an ini starts (``e2e_server_command``): one per xdist worker,
or one the controller starts and shares (``e2e_server_scope = shared``)."""

from __future__ import annotations

from typing import Any

import pytest

from e2e.plugin.app_server import AppServer, ServerConfig, ServerError, SharedServer
from e2e.plugin.settings import flag_of, number_of, setting_of
from e2e.plugin.state import run_of


def server_config(config: pytest.Config) -> ServerConfig | None:
    """The ini's application server, or ``None`` when there is none or --base-url is given."""
    command = setting_of(config, "e2e_server_command")
    if not command or config.getoption("base_url", None) or config.getini("base_url"):
        return None
    try:
        settings = ServerConfig(
            command=command,
            url=setting_of(config, "e2e_server_url") or "http://127.0.0.1:{port}/",
            port=number_of(config, "e2e_server_port", int, 0),
            timeout=number_of(config, "e2e_server_timeout", float, 30.0),
            reuse=bool(flag_of(config, "e2e_server_reuse")),
            scope=setting_of(config, "e2e_server_scope") or "worker",
        )
    except ValueError as exc:
        raise pytest.UsageError(str(exc)) from None
    if settings.port and settings.scope == "worker" and _distributed(config):
        raise pytest.UsageError(
            f"e2e_server_port = {settings.port} with e2e_server_scope = worker under "
            "pytest-xdist: every worker would start its server on that one port. Set "
            "e2e_server_port = 0 (a free port each), or e2e_server_scope = shared."
        )
    return settings


def _distributed(config: pytest.Config) -> bool:
    """Whether this process is an xdist controller that will start workers."""
    return not hasattr(config, "workerinput") and getattr(config.option, "dist", "no") != "no"


def start_server(config: pytest.Config, settings: ServerConfig) -> None:
    worker = getattr(config, "workerinput", None)
    if worker is not None and "e2e_server_url" in worker:  # the controller's shared server
        config.option.base_url = worker["e2e_server_url"]
        run_of(config).server = SharedServer(worker["e2e_server_url"], worker["e2e_server_tmp"])
        return
    if _distributed(config) and settings.scope == "worker":
        # Each worker starts its own. Start it once here first, so that a server that
        # cannot start is one usage error, not a crash of every worker in turn.
        trial = AppServer(settings, run_of(config).artifacts, "server-check", cwd=config.rootpath)
        try:
            trial.start()
        except ServerError as exc:
            raise pytest.UsageError(str(exc)) from None
        trial.stop()
        return
    name = "server-" + (worker["workerid"] if worker else "main")
    server = AppServer(settings, run_of(config).artifacts, name, cwd=config.rootpath)
    try:
        server.start()
    except ServerError as exc:
        raise pytest.UsageError(str(exc)) from None
    run_of(config).server = server
    config.option.base_url = server.root


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:  # pytest-xdist, on the controller
    # --shard's durations: read once, so that every worker keeps the same tests.
    node.workerinput["e2e_durations"] = run_of(node.config).durations
    server = run_of(node.config).server
    if isinstance(server, AppServer):
        node.workerinput["e2e_server_url"] = server.root
        node.workerinput["e2e_server_tmp"] = str(server.tmp)


@pytest.fixture(scope="session")
def e2e_server(pytestconfig: pytest.Config) -> AppServer | SharedServer | None:
    """The application server the ini starts (``.root``, ``.tmp``), or ``None``."""
    return run_of(pytestconfig).server
