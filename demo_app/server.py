"""Serving the app on 127.0.0.1 from a background thread (for test sessions)."""

from __future__ import annotations

import threading
from typing import Any

from werkzeug.serving import make_server

from demo_app import create_app
from demo_app.settings import Settings


class DemoServer:
    """``with DemoServer(settings) as url:`` serves the app on a free loopback port."""

    def __init__(self, settings: Settings, port: int = 0) -> None:
        self.settings = settings
        self.app = create_app(settings)
        self._server = make_server("127.0.0.1", port, self.app, threaded=True)
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="demo-app", daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_port}"

    def start(self) -> str:
        self._thread.start()
        return self.url

    def stop(self) -> None:
        """Stop serving; a temporary data folder made for this instance is removed."""
        if self._thread.is_alive():
            self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
        self.settings.remove_temporary_data()

    def __enter__(self) -> str:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()
