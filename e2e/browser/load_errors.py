"""A navigation the browser refused (the application stopped answering, a link to a port
where nothing listens, a host that does not resolve), said in one sentence on every
engine: Chromium's driver raises ``net::ERR_…`` with a native stack, Firefox's raises
"Reached error page: about:neterror?…", WebKit's loads a blank page with the error as
its text, and after a click none of them raises at all: the settle check sees the
error page (``_page_state.js``, ``loadError``) and :func:`refused` says what it is."""

from __future__ import annotations

import contextlib
import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

from selenium.common.exceptions import WebDriverException
from selenium.webdriver.remote.webdriver import WebDriver

from e2e.base.masking import mask_url
from e2e.browser.engines import family_of

__all__ = ["NavigationError", "from_driver_error", "navigating", "navigation_error", "refused"]


class NavigationError(WebDriverException):
    """The browser could not load a page; the message names the URL, the browser's
    error and what to check."""


#: What to check, by what the browser said (Chromium's code, Firefox's ``e=``, WebKit's
#: text), first match wins.
_ADVICE = (
    (
        r"refused|connectionfailure|connection_failed",
        "nothing answers at that address: the application has stopped (or restarted "
        "under the test), or the link points at the wrong host or port",
    ),
    (
        r"name_not_resolved|dnsnotfound|resolving|name or service",
        "the host name does not resolve: check the URL's host",
    ),
    (
        r"timed_out|timeout",
        "the server did not answer in time: check that the application is not stuck",
    ),
    (
        r"reset|closed|empty_response|nssfailure|netinterrupt|interrupted",
        "the server closed the connection: check the application's log for a crash",
    ),
    (
        r"cert|ssl|tls|security",
        "the server's certificate is not trusted: for a test server, run with "
        "--capability acceptInsecureCerts=true",
    ),
)


def _advice(said: str) -> str:
    lowered = said.lower()
    for pattern, advice in _ADVICE:
        if re.search(pattern, lowered):
            return advice
    return "check that the application is running and the URL is right"


_NAMES = {"chromium": "Chromium", "firefox": "Firefox", "webkit": "WebKit"}


def sentence(url: str, said: str, engine: str) -> str:
    """The one sentence for a refused navigation (``engine``: a family, as
    :func:`e2e.browser.engines.family_of` gives it)."""
    advice = _advice(said)
    return (
        f"{_NAMES.get(engine, 'The browser')} could not load {mask_url(url)}: {said}. "
        f"{advice[0].upper()}{advice[1:]}."
    )


def _driver_words(exc: WebDriverException) -> str | None:
    """What a driver's error says went wrong with a navigation (Chromium's ``net::ERR_…``,
    Firefox's about:neterror code and words), or ``None`` when it is about something else."""
    text = exc.msg or ""
    code = re.search(r"net::(ERR_[A-Z_0-9]+)", text)
    if code:
        return f"net::{code.group(1)}"
    page = re.search(r"about:(?:neterror|certerror)\?\S+", text)
    return _firefox_words(page.group(0)) if page else None


def from_driver_error(exc: WebDriverException, url: str, engine: str) -> NavigationError | None:
    """``exc`` as a :class:`NavigationError` when it is a driver's way of saying a
    navigation to ``url`` failed, else ``None``."""
    said = _driver_words(exc)
    return NavigationError(sentence(url, said, engine)) if said is not None else None


def navigation_error(
    driver: WebDriver, exc: WebDriverException, url: str | None = None
) -> NavigationError | None:
    """``exc``, raised by a command that navigated (to ``url``, else wherever the browser
    now is), as a :class:`NavigationError`; ``None`` when it says something else."""
    if isinstance(exc, NavigationError):
        return exc
    said = _driver_words(exc)
    if said is None:
        return None
    where = url or _current_url(driver) or "the page"
    return NavigationError(sentence(where, said, family_of(driver)))


def _current_url(driver: WebDriver) -> str | None:
    try:
        return str(driver.current_url)
    except WebDriverException:
        return None


@contextlib.contextmanager
def navigating(driver: WebDriver, url: str | None = None) -> Iterator[None]:
    """Around a command that navigates: a refused navigation raises its sentence."""
    __tracebackhide__ = True
    try:
        yield
    except WebDriverException as exc:
        refused = navigation_error(driver, exc, url)
        if refused is None:
            raise
        raise refused from None


def _firefox_words(uri: str) -> str:
    query = parse_qs(urlsplit(uri).query)
    code = (query.get("e") or ["unknownError"])[0]
    words = (query.get("d") or [""])[0].strip()
    return f"{code} ({words})" if words else code


def refused(driver: WebDriver, seen: dict[str, Any], engine: str) -> NavigationError | None:
    """The error for the error page the settle check saw (``seen``: its ``loadError``);
    ``None`` for a blank page with text that the browser really is on (a script wrote it
    into ``about:blank``), not WebKit's error page for another address."""
    url = _current_url(driver)
    kind = seen.get("kind")
    if kind == "webkit" and url in (None, "about:blank"):
        return None
    if kind == "firefox":
        uri = str(seen.get("uri") or "")
        said = _firefox_words(uri)
        url = (parse_qs(urlsplit(uri).query).get("u") or [url or "the page"])[0]
    elif kind == "chromium":
        said = str(seen.get("code") or "") or _probe(url) or "its error page"
    else:
        said = str(seen.get("text") or "its error page").strip()
    return NavigationError(sentence(url or "the page", said, engine))


def _probe(url: str | None) -> str | None:
    """What goes wrong when Python asks ``url`` (Chromium's headless error page is empty)."""

    if url is None or not url.startswith(("http:", "https:")):
        return None
    return unanswered(url, timeout=3.0)


def unanswered(url: str, timeout: float = 10.0) -> str | None:
    """``None`` when something answers at ``url`` (any HTTP status), else the reason
    nothing did (``[Errno 111] Connection refused``)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout):
            return None
    except urllib.error.HTTPError:
        return None  # it answered: a 401 or 404 at the root is still an application
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return str(getattr(exc, "reason", exc))
