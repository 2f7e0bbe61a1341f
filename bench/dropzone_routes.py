"""Attaching a 10 MB file to a Dropzone: its own hidden input vs base64 as a script argument.

Run: .venv/bin/python -m bench.dropzone_routes [--repeat 7] [--mb 10]

Both routes run through ``add_dropzone_attachment`` on the same page and server, in
alternation: zone A has a hidden input (Dropzone's default, ``clickable`` on); zone C has
none (``clickable: false``), which makes the library fall back to base64. The time is from
the call to the server having answered and Dropzone having marked the file a success.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import tempfile
import time
from pathlib import Path

from selenium.webdriver.common.by import By

from bench._common import machine, summary
from e2e import BasePage, Config, Locator, build_driver
from tests.integration.library.fixture_server import FixtureServer

ROUTES = {
    "hidden input (Dropzone's own)": ("a", Locator(By.ID, "zone-a", "zone A")),
    "base64 script argument (no hidden input)": ("c", Locator(By.ID, "zone-c", "zone C")),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--mb", type=int, default=10)
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = FixtureServer().start()
    driver = build_driver(Config(headless=True))
    times: dict[str, list[float]] = {name: [] for name in ROUTES}
    with tempfile.TemporaryDirectory() as tmp:
        file = Path(tmp) / "big.bin"
        file.write_bytes(os.urandom(args.mb * 1024 * 1024))
        digest = hashlib.sha256(file.read_bytes()).hexdigest()
        try:
            for _ in range(args.repeat):
                for name, (zone, locator) in ROUTES.items():
                    server.clear()
                    driver.get(f"{server.url}/dropzones.html")
                    page = BasePage(driver, server.url, timeout=120)
                    started = time.perf_counter()
                    result = page.add_dropzone_attachment(locator, file)
                    times[name].append((time.perf_counter() - started) * 1000)
                    assert result.accepted, result
                    assert server.uploads_to(zone)[0]["sha256"] == digest
        finally:
            driver.quit()
            server.stop()
    report = {
        "machine": machine(),
        "mb": args.mb,
        "routes": {k: summary(v) for k, v in times.items()},
    }
    print(f"machine: {report['machine']}")
    print(f"{'route':42} {'n':>3} {'median ms':>10} {'IQR':>7} {'min':>7} {'max':>7}")
    for name, stats in report["routes"].items():
        print(
            f"{name:42} {stats['n']:3} {stats['median']:10.0f} {stats['iqr']:7.0f} "
            f"{stats['min']:7.0f} {stats['max']:7.0f}"
        )
    out = Path("bench/results/dropzone_routes.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
