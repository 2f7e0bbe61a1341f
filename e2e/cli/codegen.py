"""``e2e codegen URL``: open a browser on URL with the recorder's toolbar, record what you
do, and write locator classes, page objects and a test when you press Save (or Ctrl-C).
A thin shell over :class:`e2e.Recorder`; docs/recording.md says what it writes."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

from e2e.cli import CommandError

HELP = "record a flow in a browser and write locators, page objects and a test"
EXAMPLES = (
    "e2e codegen http://127.0.0.1:8000/login",
    "e2e codegen http://127.0.0.1:8000/ --out . --name create_project",
    "xvfb-run e2e codegen http://127.0.0.1:8000/ --browser firefox   # with no display",
)


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("url", metavar="URL", help="the page to start on")
    parser.add_argument("--browser", default="chromium", help="chromium (default) or firefox")
    parser.add_argument(
        "--out", default=".", metavar="DIR", help="the suite's folder (locators/, pages/, tests/)"
    )
    parser.add_argument("--name", default="recorded", help="the test's name (tests/test_NAME.py)")
    parser.add_argument(
        "--force", action="store_true", help="write even where a name is taken (as name_2)"
    )


def run(args: argparse.Namespace) -> int:
    parts = urlsplit(args.url)
    if parts.scheme not in ("http", "https", "file") or not (
        parts.netloc or parts.scheme == "file"
    ):
        raise CommandError(f"{args.url!r} is not an http:// or https:// address to record on")
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        raise CommandError(
            "recording opens a browser window, and there is no display (DISPLAY is not set): "
            "run it under `xvfb-run e2e codegen ...`, or script it headless with "
            "e2e.Recorder (docs/recording.md)"
        )
    from e2e.browser.driver import build_driver
    from e2e.config import Config, ConfigError
    from e2e.recording import Clash, Recorder, RecordingError

    try:
        config = Config(browser=args.browser.lower(), headless=False)
    except ConfigError as exc:
        raise CommandError(str(exc)) from None
    driver = build_driver(config)
    try:
        driver.get(args.url)
        base = f"{parts.scheme}://{parts.netloc}"
        try:
            recorder = Recorder(driver, args.out, base, name=args.name, force=args.force).start()
        except RecordingError as exc:
            raise CommandError(str(exc), status=1) from None
        print("Recording: act in the browser, then press Save in its toolbar (or Ctrl-C here).")
        try:
            recorder.wait_for_save()
        except KeyboardInterrupt:
            print("\nStopped: writing what was recorded.")
        try:
            written = recorder.stop()
        except Clash as exc:
            raise CommandError(
                f"nothing was written: {exc} (--force takes other names)", 1
            ) from None
    finally:
        driver.quit()
    for path in written:
        print(f"  wrote {Path(path)}")
    if not written:
        print("Nothing new: the suite already has this flow.")
    if recorder.skipped:
        print(
            f"{len(recorder.skipped)} actions inside frames were not written: the recorder "
            "does not write frame switches yet (docs/recording.md)."
        )
    for name in recorder.secrets:
        print(f"The test reads {name} from the environment (a secret the recording never kept).")
    return 0
