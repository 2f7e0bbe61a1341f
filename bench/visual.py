"""Screenshot comparisons and axe-core scans: what they cost, and how often they flake.

Run: .venv/bin/python -m bench.visual [--browser chrome] [--repeats 100]

Three measurements, each on a real browser, headless, at 1920x1080:

1. A full-HD viewport compared with its baseline (``to_match_screenshot``: settle,
   freeze, shots until two agree, compare), against the naive way in the same run: one
   ``get_screenshot_as_png`` and pixelmatch over the whole image (what a hand-written
   helper does; it neither waits nor freezes). Both on an unchanged page.
2. axe-core on the largest demo page (the project page with 60 cases: the most
   elements), ``expect_accessible`` from settle to verdict.
3. The flake rate: ``--repeats`` comparisons of the fixture page with an endless CSS
   animation, a 3 s transition, a focused field's blinking caret, a spinner that stops
   after 300 ms and a clock ticking every 37 ms (masked), each on a freshly loaded page.
   A false failure is any comparison that fails; the target is 0.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import tempfile
import time
from pathlib import Path

from selenium.webdriver.common.by import By

from bench._common import demo_app, machine, summary
from e2e import Baselines, BasePage, Locator, ScreenshotMismatch
from e2e.browser.driver import build_driver
from e2e.config import Config

ROOT = Path(__file__).resolve().parents[1]
PAGES = ROOT / "tests" / "integration" / "library" / "pages"
CLOCK = Locator(By.ID, "clock", "clock")


def _naive(driver) -> float:  # type: ignore[no-untyped-def]
    from PIL import Image
    from pixelmatch.contrib.PIL import pixelmatch

    started = time.perf_counter()
    shot = Image.open(io.BytesIO(driver.get_screenshot_as_png())).convert("RGBA")
    baseline = shot.copy()
    pixelmatch(baseline, shot, None, threshold=0.2)
    return (time.perf_counter() - started) * 1000


def _with_baseline(driver, folder: Path, base: str, name: str) -> BasePage:  # type: ignore[no-untyped-def]
    """The visual page loaded, its viewport's baseline ``name`` written, and a page
    object that compares against it."""
    driver.get(base + "/visual.html")
    BasePage(
        driver, base, baselines=Baselines(folder, update=True)
    ).expect_viewport().to_match_screenshot(name, mask=[CLOCK])
    return BasePage(driver, base, baselines=Baselines(folder))


def full_hd(driver, folder: Path, base: str, rounds: int) -> dict[str, object]:  # type: ignore[no-untyped-def]
    page = _with_baseline(driver, folder, base, "hd")
    ours, naive = [], []
    for _ in range(rounds):  # interleaved, A B A B
        started = time.perf_counter()
        page.expect_viewport().to_match_screenshot("hd", mask=[CLOCK])
        ours.append((time.perf_counter() - started) * 1000)
        naive.append(_naive(driver))
    size = driver.execute_script("return [innerWidth, innerHeight, devicePixelRatio]")
    return {"viewport": size, "to_match_screenshot": summary(ours), "naive": summary(naive)}


def flake_rate(driver, folder: Path, base: str, repeats: int) -> dict[str, object]:  # type: ignore[no-untyped-def]
    page = _with_baseline(driver, folder, base, "animated")
    failures: list[str] = []
    times = []
    for _ in range(repeats):
        driver.get(base + "/visual.html")  # the animation, transition and spinner anew
        started = time.perf_counter()
        try:
            page.expect_viewport().to_match_screenshot("animated", mask=[CLOCK])
        except ScreenshotMismatch as exc:
            failures.append(str(exc).splitlines()[0])
        times.append((time.perf_counter() - started) * 1000)
    return {
        "repeats": repeats,
        "false_failures": len(failures),
        "first_failures": failures[:3],
        "ms": summary(times),
    }


def axe_on_demo(driver, rounds: int) -> dict[str, object]:  # type: ignore[no-untyped-def]
    from pages.cases import ProjectPage
    from pages.login import LoginPage

    cases = [{"title": f"Case {i}", "description": "steps\n" * 3} for i in range(60)]
    with demo_app({"projects": [{"name": "Big", "cases": cases}]}) as (base, seeded):
        LoginPage(driver, base).open().login("admin", "admin-pass-1")
        project = ProjectPage(driver, base).open_project(seeded["projects"]["Big"])
        elements = driver.execute_script("return document.getElementsByTagName('*').length")
        times = []
        for _ in range(rounds):
            started = time.perf_counter()
            project.expect_accessible(impact="minor")
            times.append((time.perf_counter() - started) * 1000)
        return {"page": "project with 60 cases", "elements": elements, "ms": summary(times)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--browser", default="chrome")
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=100)
    parser.add_argument("--out", type=Path, default=Path("bench/results/visual.json"))
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    import http.server
    import threading
    from functools import partial

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *a: object) -> None:
            pass

    site = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(PAGES)))
    threading.Thread(target=site.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{site.server_port}"
    driver = build_driver(Config(browser=args.browser, window_size=(1920, 1080)))
    report: dict[str, object] = {"machine": machine(), "browser": args.browser}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            report["full_hd"] = full_hd(driver, Path(tmp) / "hd", base, args.rounds)
            report["flake"] = flake_rate(driver, Path(tmp) / "flake", base, args.repeats)
        report["axe"] = axe_on_demo(driver, args.rounds)
    finally:
        driver.quit()
        site.shutdown()
    print(json.dumps(report, indent=2))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
