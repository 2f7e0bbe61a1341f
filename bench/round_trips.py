"""WebDriver commands (browser round trips) per page-object action, counted, not read off
the code: a wrapper around the driver's command executor records every command sent.

Run: .venv/bin/python -m bench.round_trips

Each action runs on a settled fixture page (the common case), five times; the count is
the same every time, so the table shows it once with the commands by name.
"""

from __future__ import annotations

import argparse
import json
import logging
import tempfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from bench._common import machine
from e2e import BasePage, Config, Locator, build_driver
from tests.integration.library.fixture_server import FixtureServer

FIELD = Locator(By.ID, "field", "field")
STATUS = Locator(By.ID, "status", "status line")
CHOICE = Locator(By.ID, "choice", "choice")
FILE = Locator(By.ID, "file", "hidden file input")


class _Counting:
    def __init__(self, driver: WebDriver) -> None:
        self.commands: list[str] = []
        self._executor = driver.command_executor
        self._original = self._executor.execute

        def counting(command: str, params: dict[str, Any]) -> Any:
            self.commands.append(command)
            return self._original(command, params)

        self._executor.execute = counting  # type: ignore[method-assign]

    def stop(self) -> None:
        self._executor.execute = self._original  # type: ignore[method-assign]


def actions(upload: Path) -> dict[str, Callable[[BasePage], object]]:
    found: dict[str, Callable[[BasePage], object]] = {
        "open (a page with a ready element)": lambda p: p.open(),
        "click": lambda p: p.click(STATUS),
        "type over a value": lambda p: p.type(FIELD, "abc"),
        "type into an empty field": lambda p: p.type(FIELD, "abc"),  # emptied beforehand
        "clear_text": lambda p: p.clear_text(FIELD),
        "select": lambda p: p.select(CHOICE, "high"),
        "text_of": lambda p: p.text_of(STATUS),
        "find": lambda p: p.find(STATUS),
        "is_displayed": lambda p: p.is_displayed(STATUS),
        "upload_file (hidden input)": lambda p: p.upload_file(FILE, upload),
    }
    if hasattr(BasePage, "expect"):
        found["expect(...).to_have_text (already true)"] = lambda p: p.expect(STATUS).to_have_text(
            "waiting"
        )
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("bench/results/round_trips.json"))
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = FixtureServer().start()
    driver = build_driver(Config(headless=True))

    class Busy(BasePage):
        path = "/busy.html"
        ready = STATUS

    results: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as folder:
        upload = Path(folder) / "file.txt"
        upload.write_text("x")
        try:
            for name, action in actions(upload).items():
                counts = []
                for _ in range(5):
                    page = Busy(driver, server.url).open()
                    if name.startswith("type into"):
                        driver.execute_script("document.getElementById('field').value = ''")
                    counter = _Counting(driver)
                    try:
                        if name.startswith("type into"):
                            page.type(FIELD, "abc")
                        else:
                            action(page)
                    finally:
                        counter.stop()
                    counts.append(counter.commands)
                sizes = {len(c) for c in counts}
                results[name] = {
                    "commands": max(sizes),
                    "varies": len(sizes) > 1,
                    "by_name": dict(Counter(counts[-1])),
                }
        finally:
            driver.quit()
            server.stop()
    print(f"machine: {machine()}")
    print(f"{'action':42} {'commands':>8}  by name")
    for name, row in results.items():
        detail = ", ".join(f"{k} x{v}" for k, v in row["by_name"].items())
        varies = " (varies)" if row["varies"] else ""
        print(f"{name:42} {row['commands']:>8}{varies}  {detail}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"machine": machine(), "actions": results}, indent=2))


if __name__ == "__main__":
    main()
