"""``python -m demo_app``: serve the demo application on 127.0.0.1."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from demo_app.settings import Settings


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
        help="milliseconds every AJAX answer waits (default 200, env DEMO_LATENCY_MS)",
    )
    parser.add_argument(
        "--jitter",
        type=int,
        default=None,
        metavar="MS",
        help="up to this many extra random milliseconds (default 200, env DEMO_JITTER_MS)",
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        metavar="DIR",
        help="folder for the SQLite file and uploads (default: a new temporary "
        "folder; env DEMO_DATA_DIR)",
    )
    parser.add_argument(
        "--test-mode",
        action="store_true",
        default=None,
        help="expose POST /api/test/reset, /api/test/seed and /api/test/latency "
        "(env DEMO_TEST_MODE=1); never on a shared server",
    )
    args = parser.parse_args(argv)
    for name in ("latency", "jitter"):
        if getattr(args, name) is not None and getattr(args, name) < 0:
            parser.error(f"--{name} must be zero or more milliseconds")
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
        print(f"demo_app: cannot start: {exc}", file=sys.stderr)
        return 1
    print(f"Demo app on {server.url} (data in {settings.data_dir}); Ctrl+C stops it.", flush=True)
    server.start()
    try:
        server._thread.join()
    except KeyboardInterrupt:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
