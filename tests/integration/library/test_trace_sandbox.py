"""A trace never runs the recorded page's code and never loads anything when opened: a
hostile page (scripts, <img onerror>, javascript: URLs, <meta http-equiv=refresh>,
CSS url() and @import, a frame, an object, a form) is traced, then its trace is opened
in the same browser. Its own server counts every request, and the browser's network log
watches while the trace is open (on Chromium and Firefox; WebKitGTK's driver has no
network events, so there the server's count alone)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from e2e import BasePage, Locator, Network, PageFactory
from e2e.base.action_log import ActionLog
from e2e.network import NetworkError
from e2e.trace import Tracer

HOSTILE = """<!doctype html>
<html><head><meta charset="utf-8"><title>hostile</title>
<meta http-equiv="set-cookie" content="pwned=1">
<link rel="stylesheet" href="{url}/hostile.css">
<style>@import url({url}/beacon/import-inline);
h1 { background: url({url}/beacon/css-inline) }</style>
</head><body>
<h1 id="title">Hostile page</h1>
<script>parent.document.title = "pwned by script"; fetch("{url}/beacon/script");</script>
<img id="img" src="{url}/beacon/img"
  onerror="parent.document.title='pwned by onerror'; fetch('{url}/beacon/onerror')">
<img srcset="{url}/beacon/srcset 2x" alt="srcset">
<a id="js" href="javascript:parent.document.title='pwned by link';void 0">a javascript: link</a>
<a id="away" href="{url}/beacon/link">a link away</a>
<div id="styled" style="background-image: url({url}/beacon/style-attr); height: 20px">styled</div>
<svg width="20" height="20"><image href="{url}/beacon/svg-image" width="10" height="10"/></svg>
<video poster="{url}/beacon/poster" width="20" height="20"></video>
<object data="{url}/beacon/object" width="20" height="20"></object>
<iframe id="frame" src="{url}/hostile-frame.html" width="200" height="60"></iframe>
<form action="{url}/beacon/form"><input name="q" value="x"><button id="send">Send</button></form>
<button id="arm" type="button"
  onclick="document.head.insertAdjacentHTML('beforeend',
    '<meta http-equiv=refresh content=&quot;60;url={url}/beacon/refresh&quot;>')">Arm</button>
</body></html>
"""
FRAME = """<!doctype html><p id="inner">inside the frame</p>
<img src="{url}/beacon/frame-img">
<script>parent.parent.document.title = "pwned from the frame"; fetch("{url}/beacon/frame-script");
</script>"""
CSS = """@import url({url}/beacon/import-linked);
body { background: url({url}/beacon/css-linked); }
@font-face { font-family: hostile; src: url({url}/beacon/font); }
h1 { font-family: hostile; }"""


class Hostile:
    """The hostile page's server: what it serves, and every path asked for."""

    def __init__(self) -> None:
        self.hits: list[str] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def files(self) -> dict[str, str]:
        # Every URL absolute: a relative one in a snapshot points at the trace's folder.
        pages = {"/hostile.html": HOSTILE, "/hostile-frame.html": FRAME, "/hostile.css": CSS}
        return {name: text.replace("{url}", self.url) for name, text in pages.items()}

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                owner.hits.append(self.path)
                body = owner.files().get(self.path, "")
                kind = "text/css" if self.path.endswith(".css") else "text/html"
                self.send_response(200 if body else 404)
                self.send_header("Content-Type", kind)
                self.end_headers()
                self.wfile.write(body.encode())

            do_POST = do_GET

            def log_message(self, format: str, *args: object) -> None:
                pass

        return Handler


@pytest.fixture
def hostile() -> Iterator[Hostile]:
    server = Hostile()
    server.thread.start()
    yield server
    server.server.shutdown()
    server.server.server_close()


def test_a_hostile_page_traced_then_opened_runs_nothing_and_loads_nothing(
    driver: WebDriver, page: PageFactory, e2e_actions: ActionLog, tmp_path: Path, hostile: Hostile
) -> None:
    tracer = Tracer(driver, e2e_actions).start()
    live = page(BasePage)
    live.open(hostile.url + "/hostile.html")
    live.click(Locator(By.ID, "arm"))
    live.text_of(Locator(By.ID, "title"))
    tracer.stop()
    trace = tracer.write(
        tmp_path / "trace.html", test="hostile", outcome="passed", failure="", console=[],
        html="", secrets=set(),
    )  # fmt: skip
    assert any("/beacon/" in hit for hit in hostile.hits)  # the live page did phone home
    driver.get("about:blank")  # the live page, with its armed refresh, is gone
    hostile.hits.clear()
    try:
        log = Network(driver).record_har()
    except NetworkError:  # WebKitGTK: no network events; the server's count alone
        log = None

    driver.get(trace.as_uri())
    steps = driver.find_elements(By.CSS_SELECTOR, "#steps li")[:-1]
    shown = 0
    for index in range(len(steps)):
        driver.find_elements(By.CSS_SELECTOR, "#steps li")[index].click()
        for tab in driver.find_elements(By.CSS_SELECTOR, "#snapshot .tabs button"):
            tab.click()
            WebDriverWait(driver, 10).until(
                lambda d: (
                    d.execute_script(
                        "return document.getElementById('snapshot').getAttribute('data-ready')"
                    )
                    == "true"
                )
            )
            state = driver.execute_script(SNAPSHOT_STATE)
            if state is None:
                continue
            shown += 1
            assert state["text"].startswith("Hostile page"), state
            assert (state["scripts"], state["handlers"], state["refresh"]) == (0, [], 0)
            assert state["frame"] in ("inside the frame", None), state
            assert state["img"] is None  # its URL kept aside, not loaded
            # Clicks on the javascript: link, the link away and the form's button land on
            # the viewer's pane: they inspect, and nothing follows.
            for target in ("js", "away", "send"):
                click_in_snapshot(driver, target)
                assert f"#{target}" in driver.find_element(By.ID, "inspector").text
    assert shown >= 5  # open (after), click (before, action, after), read (before, after)
    assert driver.title == "e2e trace"
    assert driver.current_url == trace.as_uri()
    assert driver.execute_script("return document.cookie") == ""
    assert driver.get_cookies() == []
    assert hostile.hits == []
    if log is not None:
        requests = [e["request"]["url"] for e in log.entries]
        assert [u for u in requests if not u.startswith(("file:", "data:", "about:"))] == []


SNAPSHOT_STATE = """
var doc = document.querySelector('#snapshot iframe').contentDocument;
if (!doc.getElementById('title')) return null;  // the page before the hostile one
var handlers = [];
doc.querySelectorAll('*').forEach(function (el) {
  Array.prototype.forEach.call(el.attributes, function (a) {
    if (/^on/i.test(a.name) || /^\\s*javascript:/i.test(a.value)) handlers.push(a.name);
  });
});
var frame = doc.getElementById('frame');
var inner = frame && frame.contentDocument && frame.contentDocument.getElementById('inner');
return {
  text: doc.body.textContent.trim(),
  scripts: doc.querySelectorAll('script').length,
  handlers: handlers,
  refresh: doc.querySelectorAll('meta[http-equiv=refresh], meta[http-equiv=set-cookie]').length,
  frame: inner ? inner.textContent : null,
  img: doc.getElementById('img').getAttribute('src'),
};
"""


def click_in_snapshot(driver: WebDriver, element_id: str) -> None:
    """A pointer click where the element is shown in the snapshot."""
    x, y = driver.execute_script(
        "var view = document.getElementById('snapshot').e2eView;"
        "var r = view.doc.getElementById(arguments[0]).getBoundingClientRect();"
        "return [(r.left + r.width / 2) * view.scale, (r.top + r.height / 2) * view.scale];",
        element_id,
    )
    glass = driver.find_element(By.ID, "glass")
    size = glass.size
    ActionChains(driver).move_to_element_with_offset(
        glass, int(x - size["width"] / 2), int(y - size["height"] / 2)
    ).click().perform()
