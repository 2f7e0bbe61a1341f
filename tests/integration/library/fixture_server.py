"""A tiny server for the library's fixture pages: static pages, the real front-end
libraries from demo_app/node_modules, and an upload endpoint that records sha256."""

from __future__ import annotations

import hashlib
import html
import json
import threading
from pathlib import Path
from typing import Any

from werkzeug.exceptions import NotFound
from werkzeug.serving import make_server
from werkzeug.utils import send_file
from werkzeug.wrappers import Request, Response

PAGES = Path(__file__).parent / "pages"
MODULES = Path(__file__).resolve().parents[3] / "demo_app" / "node_modules"
VENDOR = {
    "jquery.js": MODULES / "jquery/dist/jquery.min.js",
    "blockui.js": MODULES / "block-ui/jquery.blockUI.js",
    "dropzone.js": MODULES / "dropzone/dist/min/dropzone.min.js",
    "dropzone.css": MODULES / "dropzone/dist/min/dropzone.min.css",
    "jquery-ui.js": MODULES / "jquery-ui/dist/jquery-ui.min.js",
    "codemirror.js": MODULES / "codemirror/lib/codemirror.js",
    "codemirror.css": MODULES / "codemirror/lib/codemirror.css",
    "codemirror-python.js": MODULES / "codemirror/mode/python/python.js",
}


#: What /vault hands out and asks for: each must never reach a file a run writes.
VAULT_PASSWORD = "Vault-Pa55word"
VAULT_COOKIE = "sess-7f3a9c2e51d04b8a"
VAULT_TOKEN = "tok-b94d27e1c8a3"


class FixtureServer:
    def __init__(self) -> None:
        self.uploads: list[dict[str, Any]] = []
        self.hits = 0
        #: The one session token /whoami accepts (/signin hands it out, /revoke changes it).
        self.session = "s1"
        self._lock = threading.Lock()
        #: Set when the server stops: a held long poll or stream lets go at once.
        self._stopping = threading.Event()
        self._server = make_server("127.0.0.1", 0, self._app, threaded=True)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_port}"

    def start(self) -> FixtureServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._server.shutdown()
        self._server.server_close()

    def uploads_to(self, zone: str) -> list[dict[str, Any]]:
        with self._lock:
            return [u for u in self.uploads if u["zone"] == zone]

    def clear(self) -> None:
        with self._lock:
            self.uploads.clear()

    def _app(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ)
        try:
            response = self._route(request)
        except NotFound as exc:
            response = exc.get_response()
        return response(environ, start_response)

    def _route(self, request: Request) -> Response:
        path = request.path.strip("/")
        if path.startswith("vendor/") and path[7:] in VENDOR:
            return send_file(VENDOR[path[7:]], request.environ)
        if path.startswith("upload/") and request.method == "POST":
            upload = request.files["file"]
            data = upload.read()
            record = {
                "zone": path[7:],
                "filename": upload.filename,
                "size": len(data),
                "sha256": hashlib.sha256(data).hexdigest(),
            }
            with self._lock:
                self.uploads.append(record)
            return Response('{"ok": true}', content_type="application/json")
        if path == "postback":
            # A form that posts back to itself, slowly: the old document stays up while
            # the server works, and the new one has the same ready element.
            count = int(request.form.get("count", "0"))
            if request.method == "POST":
                threading.Event().wait(int(request.args.get("ms", "150")) / 1000)
                count += 1
            note = request.form.get("note", "")
            body = (
                "<!doctype html><title>post-back</title>"
                f'<form method="post"><input name="count" type="hidden" value="{count}">'
                f'<input id="note" name="note" value="">'
                '<button id="save" type="submit">Save and continue</button></form>'
                f'<p id="count">{count}</p><p id="last-note">{html.escape(note)}</p>'
            )
            return Response(body, content_type="text/html")
        if path == "headers":
            # The request's headers, as JSON (for extra-headers tests).
            return Response(
                json.dumps(dict(request.headers)),
                content_type="application/json",
                headers={"Cache-Control": "no-store"},
            )
        if path == "signin":
            # Signs in: an HttpOnly session cookie, and the page puts a token in localStorage.
            page = (
                "<!doctype html><title>signed in</title><p id='who'>signed in</p>"
                "<script>localStorage.setItem('token', 'tok-" + self.session + "');</script>"
            )
            answer = Response(page, content_type="text/html")
            answer.set_cookie("sid", self.session, httponly=True, path="/")
            answer.set_cookie("theme", "dark", path="/", max_age=3600)
            return answer
        if path == "whoami":
            ok = request.cookies.get("sid") == self.session
            return Response("ok" if ok else "who?", status=200 if ok else 401)
        if path == "revoke":
            with self._lock:
                self.session = f"s{int(self.session[1:]) + 1}"
            return Response("revoked", content_type="text/plain")
        if path == "slow-body":
            # The headers at once, the body ?ms= milliseconds later (a slow stream).
            pause = int(request.args.get("ms", "800")) / 1000

            def body():  # type: ignore[no-untyped-def]
                yield b"first half, "
                threading.Event().wait(pause)
                yield b"second half"

            return Response(
                body(), content_type="text/plain", headers={"Cache-Control": "no-store"}
            )
        if path == "bytes":
            # ?n= bytes of text, never cached (for throttling tests).
            size = min(int(request.args.get("n", "1000")), 10_000_000)
            return Response(
                b"x" * size, content_type="text/plain", headers={"Cache-Control": "no-store"}
            )
        if path == "vault":
            # A page behind HTTP Basic (qa / VAULT_PASSWORD) that sets an HttpOnly session
            # cookie and fetches /vault/data with it and a bearer token (issue 32's scan).
            # (?guest=1: no challenge, for engines that cannot answer one.)
            auth = request.authorization
            signed = auth is not None and (auth.username, auth.password) == ("qa", VAULT_PASSWORD)
            if not signed and not request.args.get("guest"):
                return Response(
                    "who are you?",
                    status=401,
                    headers={"WWW-Authenticate": 'Basic realm="vault"'},
                    content_type="text/plain",
                )
            page = (
                "<!doctype html><title>vault</title><input id='pin'><p id='got'></p><script>"
                "var tok = document.cookie.match(/vault_tok=([^;]+)/)[1];"
                "fetch('/vault/data', {headers: {Authorization: 'Bearer ' + tok}})"
                ".then(r => r.text()).then(t => { document.getElementById('got').textContent ="
                " t; });</script>"
            )
            answer = Response(page, content_type="text/html", headers={"Cache-Control": "no-store"})
            answer.set_cookie("vault_sid", VAULT_COOKIE, httponly=True, path="/")
            answer.set_cookie("vault_tok", VAULT_TOKEN, path="/")
            return answer
        if path == "vault/data":
            ok = request.cookies.get("vault_sid") == VAULT_COOKIE and request.headers.get(
                "Authorization"
            ) == ("Bearer " + VAULT_TOKEN)
            return Response(
                "the data" if ok else "no session",
                content_type="text/plain",
                headers={"Cache-Control": "no-store"},
            )
        if path == "private":
            # HTTP Basic authentication: qa / secret.
            auth = request.authorization
            if auth is None or (auth.username, auth.password) != ("qa", "secret"):
                return Response(
                    "who are you?",
                    status=401,
                    headers={"WWW-Authenticate": 'Basic realm="fixture"'},
                    content_type="text/plain",
                )
            return Response(f"welcome {auth.username}", content_type="text/plain")
        if path == "sw.js":
            return Response(
                "self.addEventListener('fetch', function () {});",
                content_type="application/javascript",
            )
        if path == "counter":
            # Counts the requests that reach the server; the browser may cache the answer.
            with self._lock:
                self.hits += 1
                hits = self.hits
            return Response(
                str(hits), content_type="text/plain", headers={"Cache-Control": "max-age=3600"}
            )
        if path == "export.csv":
            rows = int(request.args.get("rows", "3"))
            data = "title,priority\n" + "".join(f"case {i},low\n" for i in range(rows))
            return Response(
                data,
                content_type="text/csv",
                headers={"Content-Disposition": 'attachment; filename="export.csv"'},
            )
        if path == "poll":
            # A long poll: held ?ms= milliseconds (at most 60 s), then an empty answer.
            self._stopping.wait(min(int(request.args.get("ms", "20000")), 60_000) / 1000)
            return Response(
                '{"messages": []}',
                content_type="application/json",
                headers={"Cache-Control": "no-store"},
            )
        if path == "events":
            # Server-sent events: a tick every 200 ms for at most ?s= seconds (default 60).
            ticks = min(int(request.args.get("s", "60")), 60) * 5

            def stream():  # type: ignore[no-untyped-def]
                for n in range(ticks):
                    yield f"data: tick {n}\n\n".encode()
                    if self._stopping.wait(0.2):
                        return

            return Response(
                stream(),
                content_type="text/event-stream",
                headers={"Cache-Control": "no-store"},
            )
        if path == "heartbeat":
            self._stopping.wait(int(request.args.get("ms", "80")) / 1000)
            return Response("ok", content_type="text/plain", headers={"Cache-Control": "no-store"})
        if path == "slow":
            # An AJAX endpoint that answers after ?ms= milliseconds (a simulated server).
            done = threading.Event()
            done.wait(int(request.args.get("ms", "300")) / 1000)
            return Response('{"ok": true}', content_type="application/json")
        page = PAGES / (path or "index.html")
        if page.suffix == ".html" and page.is_file():
            return Response(page.read_text(encoding="utf-8"), content_type="text/html")
        if page.suffix == ".css" and page.is_file():
            return Response(page.read_text(encoding="utf-8"), content_type="text/css")
        raise NotFound()
