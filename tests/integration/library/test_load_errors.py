"""A navigation the browser refuses (the application stopped, a link to a port where
nothing listens) fails in one sentence naming the URL, the browser's error and what to
check, on every engine, from open, to, refresh, back and a click that navigates."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import pytest
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from e2e import BasePage, Locator, NavigationError
from e2e.browser.engines import family_of

GONE = Locator(By.ID, "gone", "link to a port where nothing listens")
NEXT = Locator(By.ID, "next", "link to the next page")


class Page(BasePage):
    ready = Locator(By.TAG_NAME, "h1", "heading")


@pytest.fixture
def browser(driver: WebDriver) -> WebDriver:
    """The run's browser (``make test`` runs this module on each engine)."""
    return driver


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class _App:
    """An application that can be stopped under the test: every page says its path and
    links to ``/next`` and to a port where nothing listens."""

    def __init__(self, gone: int) -> None:
        self.gone = gone
        self.server = make_server("127.0.0.1", 0, self.answer, threaded=True)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_port}"

    def answer(self, environ, start_response):  # type: ignore[no-untyped-def]
        path = Request(environ).path
        body = (
            f"<!doctype html><title>{path}</title><h1>{path}</h1>"
            f'<a id="next" href="/next">next</a> '
            f'<a id="gone" href="http://127.0.0.1:{self.gone}/lost?token=t0ps3cret">gone</a>'
        )
        answer = Response(body, content_type="text/html", headers={"Cache-Control": "no-store"})
        return answer(environ, start_response)

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def app() -> Iterator[_App]:
    running = _App(_free_port())
    yield running
    running.stop()


def _says(message: str, url: str) -> None:
    assert f"could not load {url}" in message, message
    assert "Nothing answers at that address" in message, message
    assert "0x" not in message, message
    assert "Stacktrace" not in message, message
    assert "\n" not in message.strip(), message


def test_open_of_a_refused_url(browser, app) -> None:
    with pytest.raises(NavigationError) as raised:
        Page(browser, app.url).open(f"http://127.0.0.1:{app.gone}/x")
    _says(raised.value.msg, f"http://127.0.0.1:{app.gone}/x")


def test_a_click_that_navigates_to_a_refused_url_then_to(browser, app) -> None:
    page = Page(browser, app.url).open("/")

    def follow() -> None:  # the click itself, or the wait for the next page, says it
        page.click(GONE)
        page.to(Page)

    with pytest.raises(NavigationError) as raised:
        follow()
    _says(raised.value.msg, f"http://127.0.0.1:{app.gone}/lost?token=••••••")
    assert "t0ps3cret" not in raised.value.msg


def test_refresh_after_the_application_stopped(browser, app) -> None:
    page = Page(browser, app.url).open("/")
    app.stop()
    with pytest.raises(NavigationError) as raised:
        page.refresh()
    _says(raised.value.msg, f"{app.url}/")


def test_back_to_a_page_that_never_loaded(browser, app) -> None:
    # Engines go back to a page that loaded from their caches (Firefox and WebKit even
    # for no-store pages, with the application stopped), so the page gone back to is one
    # that never loaded: Chromium and Firefox try it again; WebKit keeps it as
    # about:blank, and the wait for the page says so.
    gone = f"http://127.0.0.1:{app.gone}/before"
    with pytest.raises(NavigationError):
        Page(browser, app.url).open(gone)
    page = Page(browser, app.url).open("/")
    if family_of(browser) == "webkit":
        with pytest.raises(TimeoutException, match="the browser is on about:blank"):
            page.back()
        return
    with pytest.raises(NavigationError) as raised:
        page.back()
    _says(raised.value.msg, gone)


def test_after_a_refused_navigation_the_next_open_works(browser, app) -> None:
    with pytest.raises(NavigationError):
        Page(browser, app.url).open(f"http://127.0.0.1:{app.gone}/x")
    page = Page(browser, app.url).open("/again")
    assert page.text_of(Page.ready) == "/again"


def test_a_blank_page_a_script_wrote_text_into_is_not_an_error_page(browser, app) -> None:
    browser.get("about:blank")
    browser.execute_script("document.body.textContent = 'written by a script'")
    page = Page(browser, app.url)
    assert page.text_of("body") == "written by a script"
