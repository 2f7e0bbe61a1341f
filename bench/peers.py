"""Per-test cost of each tool's own browser fixture, side by side, and peak memory.

Run: .venv/bin/python -m bench.peers [--tests 40] [--rounds 2]

Each tool runs an inner pytest session of N tests that each load one page (served on
127.0.0.1 by this script), with its own fixture, against the same Debian Chromium and
chromedriver, headless:

- this plugin, ``driver`` (one browser per worker, a fresh browser context per test);
- the floor: the same browser, started by this library once per session and reused with
  no reset at all (``bare``), what a test costs when nothing is isolated;
- SeleniumBase, ``sb`` with ``--rs`` (reuse the session);
- pytest-selenium, ``selenium`` (a new browser per test);
- pytest-playwright, ``page`` (a new browser context per test), launching
  ``/usr/bin/chromium`` through ``executable_path``.

The peers come from the ``bench`` extra of pyproject.toml and are installed, each in a
virtual environment of its own under ``bench/.venv-peers/`` (they register options with
the same names, so no two can share an environment with each other or with this plugin).
Sessions run interleaved, round after round, so a slow spell hits every tool alike. The
figure per test is pytest's own (setup + call + teardown, from its JUnit XML), the first
test left out; memory is the peak summed PSS of pytest and everything it started.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import tomllib

from bench._common import PeakPss, machine, summary

ROOT = Path(__file__).resolve().parents[1]
VENVS = ROOT / "bench" / ".venv-peers"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
QUIET = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]


@dataclass(frozen=True)
class Tool:
    name: str
    package: str | None  # the requirement in the bench extra; None: this plugin
    test: str  # the body of each test; {url} is the page
    conftest: str = ""
    args: tuple[str, ...] = ()


TOOLS = [
    Tool(
        "this plugin: driver (reuse + browser context)",
        None,
        "driver.get('{url}')",
        args=("--headless",),
    ),
    Tool(
        "floor: one reused driver, no reset at all",
        None,
        "bare.get('{url}')",
        # The plugin's own browser and flags (its library, without its pytest plugin):
        # what a test costs when nothing is isolated, the floor the plugin is held to.
        conftest="""
import pytest
from e2e.config import Config
from e2e.browser.driver import build_driver

@pytest.fixture(scope="session")
def bare():
    driver = build_driver(Config())
    yield driver
    driver.quit()
""",
        args=("-p", "no:e2e"),
    ),
    Tool(
        "SeleniumBase: sb --rs",
        "seleniumbase",
        "sb.open('{url}')",
        args=(
            "--rs",
            "--headless",
            f"--binary-location={CHROMIUM}",
            "--chromium-arg=" + ",".join(QUIET),
        ),
    ),
    Tool(
        "pytest-selenium: selenium",
        "pytest-selenium",
        "selenium.get('{url}')",
        conftest=f"""
import pytest

@pytest.fixture
def chrome_options(chrome_options):
    chrome_options.binary_location = {CHROMIUM!r}
    for flag in {["--headless=new", *QUIET]!r}:
        chrome_options.add_argument(flag)
    return chrome_options
""",
        args=("--driver", "Chrome", "--driver-path", CHROMEDRIVER),
    ),
    Tool(
        "pytest-playwright: page",
        "pytest-playwright",
        "page.goto('{url}')",
        conftest=f"""
import pytest

@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {{**browser_type_launch_args, "executable_path": {CHROMIUM!r},
            "args": {QUIET!r}}}
""",
        args=("--browser", "chromium"),
    ),
]


def fixture_name(tool: Tool) -> str:
    return tool.test.split(".", 1)[0]


def requirements() -> dict[str, str]:
    """The bench extra's requirements, by package name."""
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())
    found = {}
    for requirement in data["project"]["optional-dependencies"]["bench"]:
        name = requirement.split(">")[0].split("=")[0].split("<")[0].strip()
        found[name] = requirement
    return found


def python_for(tool: Tool) -> str:
    """The interpreter to run ``tool`` with, installing its environment when needed."""
    if tool.package is None:
        return sys.executable
    venv = VENVS / tool.package
    python = venv / "bin" / "python"
    stamp = venv / ".installed"
    wanted = requirements()[tool.package]
    if not stamp.exists() or stamp.read_text() != wanted:
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", wanted, "pytest"], check=True
        )
        if tool.package == "seleniumbase":  # it looks for its driver in its own folder
            drivers = subprocess.run(
                [
                    str(python),
                    "-c",
                    "import seleniumbase, os; "
                    "print(os.path.join(os.path.dirname(seleniumbase.__file__), 'drivers'))",
                ],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.strip()
            shutil.copy(CHROMEDRIVER, Path(drivers) / "chromedriver")
        stamp.write_text(wanted)
    return str(python)


def run(tool: Tool, folder: Path, url: str, tests: int) -> dict[str, object]:
    work = folder / tool.name.split(":")[0].replace(" ", "-")
    work.mkdir(exist_ok=True)
    body = tool.test.format(url=url)
    fixture = fixture_name(tool)
    (work / "test_pages.py").write_text(
        "".join(f"def test_{i}({fixture}):\n    {body}\n\n" for i in range(tests))
    )
    (work / "conftest.py").write_text(tool.conftest)
    (work / "pytest.ini").write_text("[pytest]\n")
    junit = work / "junit.xml"
    env = {**os.environ, "SE_AVOID_STATS": "true", "SE_OFFLINE": "true"}
    command = [
        python_for(tool),
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        f"--junitxml={junit}",
        "-o",
        "junit_duration_report=total",
        *tool.args,
    ]
    process = subprocess.Popen(
        command, cwd=work, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    memory = PeakPss(process.pid)
    out, _ = process.communicate(timeout=900)
    peak = memory.stop()
    if process.returncode != 0:
        raise SystemExit(f"{tool.name} failed ({process.returncode}):\n{out.decode()[-3000:]}")
    times = [float(c.get("time", 0)) * 1000 for c in ET.parse(junit).iter("testcase")]
    return {"times": times[1:], "first_ms": times[0], "peak_mib": peak}


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    (folder / "page.html").write_text(
        "<!doctype html><title>page</title><h1>one page</h1><p>" + "text " * 200
    )

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    class Server(http.server.ThreadingHTTPServer):
        def handle_error(self, request: object, client_address: object) -> None:
            pass  # a browser closing its connection early is not news

    (folder / "favicon.ico").write_bytes(b"")
    handler = functools.partial(Quiet, directory=str(folder))
    server = Server(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}/page.html"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tests", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--only", action="append", help="run only tools whose name has this")
    parser.add_argument("--out", type=Path, default=Path("bench/results/peers.json"))
    args = parser.parse_args()
    tools = [t for t in TOOLS if not args.only or any(o in t.name for o in args.only)]
    for tool in tools:  # install first, outside the timed runs
        python_for(tool)
    results: dict[str, dict[str, list[float]]] = {
        t.name: {"times": [], "peaks": [], "firsts": []} for t in tools
    }
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        site.mkdir()
        server, url = serve(site)
        try:
            for _ in range(args.rounds):
                for tool in tools:
                    one = run(tool, Path(tmp), url, args.tests)
                    results[tool.name]["times"] += one["times"]  # type: ignore[arg-type]
                    results[tool.name]["peaks"].append(one["peak_mib"])  # type: ignore[arg-type]
                    results[tool.name]["firsts"].append(one["first_ms"])  # type: ignore[arg-type]
        finally:
            server.shutdown()
    report: dict[str, object] = {"machine": machine(), "tests": args.tests, "tools": {}}
    print(f"machine: {report['machine']}")
    print(f"{'tool':45} {'n':>4} {'median ms':>10} {'p95 ms':>8} {'IQR':>7} {'peak PSS MiB':>13}")
    for name, data in results.items():
        stats = summary(data["times"])
        peaks = data["peaks"]
        report["tools"][name] = {**stats, "peak_mib": peaks, "first_ms": data["firsts"]}  # type: ignore[index]
        print(
            f"{name:45} {stats['n']:4} {stats['median']:10.1f} {stats['p95']:8.1f} "
            f"{stats['iqr']:7.1f} {min(peaks):6.0f}-{max(peaks):<6.0f}"
        )
    medians = {name: data["median"] for name, data in report["tools"].items()}  # type: ignore[attr-defined]
    ours, floor = TOOLS[0].name, TOOLS[1].name
    if ours in medians and floor in medians:
        ratio = medians[ours] / medians[floor]
        report["plugin_over_floor"] = ratio
        print(f"this plugin / the floor, per-test median: {ratio:.2f} (target at most 1.1)")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()


def run_playwright(script: Path, *args: str) -> dict[str, list[float]]:
    """Run a Playwright side script (``bench/_playwright_*.py``) with the peer's own
    interpreter, with ``args`` and then the Chromium and its quiet flags; its JSON."""
    tool = next(t for t in TOOLS if t.package == "pytest-playwright")
    out = subprocess.run(
        [python_for(tool), str(script), *args, CHROMIUM, json.dumps(QUIET)],
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    ).stdout
    found: dict[str, list[float]] = json.loads(out.strip().splitlines()[-1])
    return found
