"""Firefox's WebDriver, with cookie commands that see the test's own user context.

With geckodriver 0.33 and Firefox 153, WebDriver classic's cookie commands (``get_cookies``,
``add_cookie``, ``delete_cookie``, ``delete_all_cookies``) read and write the *default*
user context's cookies even when the current tab lives in another one: a test isolated
in a user context (``e2e.browser.isolation``) saw the cookies of earlier tests and not its own,
and a cookie it added leaked to every later test. Here those commands go through WebDriver
BiDi's ``storage`` module, partitioned by the current tab, and keep classic's shape and
meaning: the cookies visible to the current document (host, path and scheme match).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from selenium import webdriver
from selenium.webdriver.remote.webdriver import WebDriver

__all__ = ["BidiCookies", "Firefox", "RemoteFirefox"]

_SAME_SITE = {"strict": "Strict", "lax": "Lax", "none": "None"}


class BidiCookies(WebDriver):
    """Cookie commands per the current tab's user context, through BiDi when it is on."""

    def _bidi_cookies(self) -> bool:
        return bool(self.caps.get("webSocketUrl"))

    def _cookie_jar(self) -> Any:  # Selenium's BiDi storage module (untyped)
        return self.storage

    def _partition(self) -> dict[str, str]:
        return {"type": "context", "context": self.current_window_handle}

    def _visible(self) -> list[Any]:
        url = urlsplit(self.current_url)
        host, path = url.hostname or "", url.path or "/"
        found = self._cookie_jar().get_cookies(partition=self._partition()).cookies
        return [c for c in found if _matches(c, host, path, url.scheme == "https")]

    def get_cookies(self) -> list[dict[str, Any]]:
        if not self._bidi_cookies():
            return super().get_cookies()
        return [_classic(c) for c in self._visible()]

    def get_cookie(self, name: str) -> dict[str, Any] | None:
        if not self._bidi_cookies():
            return super().get_cookie(name)
        return next((c for c in self.get_cookies() if c["name"] == name), None)

    def add_cookie(self, cookie_dict: dict[str, Any]) -> None:
        if not self._bidi_cookies():
            super().add_cookie(cookie_dict)
            return
        host = urlsplit(self.current_url).hostname
        if not host:
            raise ValueError(
                f"add_cookie needs a page with a host (the tab is at {self.current_url!r}): "
                "open a page of the cookie's site first, as WebDriver requires."
            )
        cookie: dict[str, Any] = {
            "name": cookie_dict["name"],
            "value": {"type": "string", "value": str(cookie_dict["value"])},
            "domain": cookie_dict.get("domain") or host,
            "path": cookie_dict.get("path") or "/",
        }
        if "secure" in cookie_dict:
            cookie["secure"] = bool(cookie_dict["secure"])
        if "httpOnly" in cookie_dict:
            cookie["httpOnly"] = bool(cookie_dict["httpOnly"])
        if cookie_dict.get("sameSite"):
            cookie["sameSite"] = str(cookie_dict["sameSite"]).lower()
        if cookie_dict.get("expiry") is not None:
            cookie["expiry"] = int(cookie_dict["expiry"])
        self._cookie_jar().set_cookie(cookie=cookie, partition=self._partition())

    def delete_cookie(self, name: str) -> None:
        if not self._bidi_cookies():
            super().delete_cookie(name)
            return
        for cookie in self._visible():
            if cookie.name == name:
                self._delete(cookie)

    def delete_all_cookies(self) -> None:
        if not self._bidi_cookies():
            super().delete_all_cookies()
            return
        for cookie in self._visible():
            self._delete(cookie)

    def _delete(self, cookie: Any) -> None:
        wanted = {"name": cookie.name, "domain": cookie.domain, "path": cookie.path}
        self._cookie_jar().delete_cookies(filter=wanted, partition=self._partition())


class Firefox(BidiCookies, webdriver.Firefox):
    """``selenium.webdriver.Firefox``; with BiDi on, cookies per the current tab's context."""


class RemoteFirefox(BidiCookies, webdriver.Remote):
    """Firefox through a Selenium Grid, with the same cookie commands."""


def _matches(cookie: Any, host: str, path: str, secure: bool) -> bool:
    """Whether the document at ``host``/``path`` sees ``cookie`` (RFC 6265 5.1.3-4)."""
    domain = (cookie.domain or "").lstrip(".")
    if not (host == domain or host.endswith("." + domain)):
        return False
    prefix = cookie.path or "/"
    if not (path == prefix or path.startswith(prefix.rstrip("/") + "/")):
        return False
    return secure or not cookie.secure


def _classic(cookie: Any) -> dict[str, Any]:
    """A BiDi cookie in WebDriver classic's shape."""
    value = cookie.value
    found: dict[str, Any] = {
        "name": cookie.name,
        "value": getattr(value, "value", value),
        "path": cookie.path,
        "domain": cookie.domain,
        "secure": bool(cookie.secure),
        "httpOnly": bool(cookie.http_only),
        "sameSite": _SAME_SITE.get(str(cookie.same_site).lower(), "None"),
    }
    if cookie.expiry is not None:
        found["expiry"] = int(cookie.expiry)
    return found
