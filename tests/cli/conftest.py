"""Helpers for the tests of the ``e2e`` command."""

from __future__ import annotations

import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from e2e.cli import main

#: What a machine with every engine offers, by executable name.
TOOLS = (
    "chromium",
    "chromedriver",
    "firefox",
    "firefox-esr",
    "WebKitWebDriver",
    "Xvfb",
    "java",
    "xauth",
)


@pytest.fixture
def only_tools(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """``only_tools(*hidden)``: PATH becomes a folder holding this machine's browsers,
    drivers and tools, less those named (a machine missing one engine's driver)."""

    def make(*hidden: str) -> Path:
        folder = tmp_path_factory.mktemp("path")
        for name in TOOLS:
            found = shutil.which(name)
            if found and name not in hidden:
                (folder / name).symlink_to(found)
        monkeypatch.setenv("PATH", str(folder))
        return folder

    return make


@pytest.fixture
def e2e(capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    """``e2e(*args)`` runs the command in this process: (exit status, stdout, stderr)."""

    def run(*args: str) -> tuple[int, str, str]:
        try:
            status = main(list(args))
        except SystemExit as exc:  # argparse: --help, --version, a bad argument
            status = int(exc.code or 0)
        out, err = capsys.readouterr()
        return status, out, err

    return run


@pytest.fixture
def static_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A static page on 127.0.0.1, served for the test."""
    folder = tmp_path_factory.mktemp("site")
    (folder / "index.html").write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Static</title>'
        "</head><body><main><h1>A static page</h1><p>Nothing moves.</p></main></body></html>"
    )

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, directory=os.fspath(folder), **kwargs)  # type: ignore[arg-type]

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
