from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

PAGES = {
    "index.html": "<!doctype html><title>home</title><p id='home'>home</p>",
    "broken.html": (
        "<!doctype html><title>broken</title><p id='marker'>html-marker-7</p>"
        "<script>console.error('console-marker-42')</script>"
    ),
    "form.html": "<!doctype html><title>form</title><input id='password' type='password'>",
}


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A static site on 127.0.0.1 for the inner test sessions."""
    root: Path = tmp_path_factory.mktemp("site")
    for name, text in PAGES.items():
        (root / name).write_text(text, encoding="utf-8")
    handler = functools.partial(_Quiet, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def inner(pytester: pytest.Pytester, site: str):  # type: ignore[no-untyped-def]
    """Run an inner pytest session against the static site; returns its result."""

    def run(*args: str, base_url: str | None = site) -> pytest.RunResult:
        options = ["-p", "no:cacheprovider", "--headless"]
        if base_url:
            options += ["--base-url", base_url]
        return pytester.runpytest_subprocess(*options, *args, timeout=300)

    return run
