from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from socketserver import BaseRequestHandler

import pytest

PAGES = {
    "index.html": "<!doctype html><title>home</title><p id='home'>home</p>",
    "broken.html": (
        "<!doctype html><title>broken</title><p id='marker'>html-marker-7</p>"
        "<script>console.error('console-marker-42')</script>"
    ),
    "form.html": "<!doctype html><title>form</title><input id='password' type='password'>",
    "testid.html": (
        "<!doctype html><title>test ids</title><button data-testid='go'>by data-testid</button>"
        "<button data-qa='go'>by data-qa</button>"
    ),
    # A GET form that echoes what was sent everywhere a page can: the address, the
    # title, the text (HTML-escaped in the source), an attribute, the console.
    "echo.html": (
        "<!doctype html><meta charset='utf-8'><title>echo</title>"
        "<form action='echo.html'><input id='q' name='q'><button id='go'>Go</button></form>"
        "<p id='echo'></p><input id='again'>"
        "<script>const q = new URLSearchParams(location.search).get('q');"
        "if (q !== null) { document.title = q; "
        "document.getElementById('echo').textContent = q; "
        "document.getElementById('again').setAttribute('value', q); "
        "console.error('echo ' + q + ' ' + JSON.stringify(q) + ' ' + location.search); }"
        "</script>"
    ),
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
    yield from serve(functools.partial(_Quiet, directory=str(root)))


def serve(handler: Callable[..., BaseRequestHandler]) -> Iterator[str]:
    """Serve ``handler`` on 127.0.0.1 in a thread: yields the URL, stops when resumed."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def inner(pytester: pytest.Pytester, site: str):  # type: ignore[no-untyped-def]
    """Run an inner pytest session against the static site; returns its result."""

    def run(*args: str, base_url: str | None = site, timeout: float = 300) -> pytest.RunResult:
        options = ["-p", "no:cacheprovider", "--headless"]
        if base_url:
            options += ["--base-url", base_url]
        return pytester.runpytest_subprocess(*options, *args, timeout=timeout)

    return run
