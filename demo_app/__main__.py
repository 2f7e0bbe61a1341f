"""``python -m demo_app``: serve the demo application on 127.0.0.1."""

from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path

from demo_app.settings import LATENCY_MAX_MS, Settings


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m demo_app",
        description="A small test-management web app (projects, cases, users, custom fields, "
        "attachments) for trying the e2e framework. Log in as admin / admin-pass-1.",
    )
    parser.add_argument(
        "--port",
        type=int,
        default=int(os.environ.get("DEMO_PORT", "5000")),
        help="port on 127.0.0.1 (default 5000, env DEMO_PORT; 0 picks a free one)",
    )
    parser.add_argument(
        "--latency",
        type=int,
        default=None,
        metavar="MS",
        help="milliseconds every AJAX answer waits, 0 to 10000 (default 200, env DEMO_LATENCY_MS)",
    )
    parser.add_argument(
        "--jitter",
        type=int,
        default=None,
        metavar="MS",
        help="up to this many extra random milliseconds, 0 to 10000 (default 200, "
        "env DEMO_JITTER_MS)",
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        metavar="DIR",
        help="folder for the SQLite file and uploads (default: a new temporary "
        "folder, removed on exit; env DEMO_DATA_DIR)",
    )
    parser.add_argument(
        "--test-mode",
        action="store_true",
        default=None,
        help="expose POST /api/test/reset, /seed, /latency and /throttle to this machine "
        "(env DEMO_TEST_MODE=1); never on a shared server",
    )
    args = parser.parse_args(argv)
    for name in ("latency", "jitter"):
        value = getattr(args, name)
        if value is not None and not 0 <= value <= LATENCY_MAX_MS:
            parser.error(f"--{name} must be from 0 to {LATENCY_MAX_MS} milliseconds, got {value}")
    settings = Settings.from_env(
        latency_ms=args.latency,
        jitter_ms=args.jitter,
        data_dir=args.data_dir,
        test_mode=args.test_mode,
    )
    from demo_app.server import DemoServer

    try:
        server = DemoServer(settings, port=args.port)
    except (OSError, RuntimeError) as exc:
        settings.remove_temporary_data()
        print(f"demo_app: cannot start: {exc}", file=sys.stderr)
        return 1
    # SIGTERM (kill, timeout, a CI cancel) ends it the way Ctrl+C does: cleanly.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        server.start()
        print(
            f"Demo app on {server.url} (data in {settings.data_dir}); Ctrl+C stops it.",
            flush=True,
        )
        server._thread.join()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
