"""Saved sign-in state: the cookies of every origin a test's context holds and the
localStorage of the page's origin, written to a JSON file (Playwright's
``storage_state`` format), and given to a later test's fresh context before its first
page loads, so that it starts signed in without going through the log-in form.

Where each part comes from and goes to:

- **local Chromium**: DevTools ``Storage.getCookies`` / ``Storage.setCookies`` on the
  test's browser context; localStorage through a script run at the start of every
  document of the test's tab (``Page.addScriptToEvaluateOnNewDocument``).
- **WebDriver BiDi** (Firefox; Chromium with BiDi; a Grid): ``storage.getCookies`` /
  ``storage.setCookie`` in the test's user context; localStorage through a preload
  script of that user context (``script.addPreloadScript``).
- **WebKitGTK** (neither): WebDriver's own cookie commands, which reach only the page's
  origin: the state is given on a page of the base URL before the test starts, and
  cookies of other sites are refused in a sentence.
"""

from __future__ import annotations

import contextlib
import json
import time
import weakref
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from selenium.webdriver.remote.webdriver import WebDriver

from e2e import cdp
from e2e.channels import bidi_call, bidi_scope
from e2e.isolation import current_user_context, isolation_for_existing
from e2e.private_files import write_private

__all__ = [
    "StorageStateError",
    "apply_storage_state",
    "end_storage_state",
    "load_storage_state",
    "save_storage_state",
]

_SAME_SITE = {"strict": "Strict", "lax": "Lax", "none": "None"}

#: Sets the saved localStorage of the document's origin, once per tab (a flag in its
#: sessionStorage), before the page's own scripts run.
_LOCAL_STORAGE = """
(function (origins) {
  try {
    var items = origins[location.origin];
    if (!items || sessionStorage.getItem("__e2eStorageState")) return;
    for (var i = 0; i < items.length; i++) localStorage.setItem(items[i].name, items[i].value);
    sessionStorage.setItem("__e2eStorageState", "1");
  } catch (e) {}
})(%s);
"""


class StorageStateError(ValueError):
    """A storage state that cannot be read or given to this browser."""


def save_storage_state(driver: WebDriver, path: str | Path) -> Path:
    """Write the cookies of every origin the driver's current context holds, and the
    localStorage of the current page's origin, to ``path`` (JSON)."""
    state = {"cookies": _cookies(driver), "origins": _local_storage(driver)}
    target = Path(path)
    return write_private(target, json.dumps(state, indent=1))


def load_storage_state(path: str | Path) -> dict[str, Any]:
    """A saved state, checked: a sentence saying what is wrong with a file that is not one."""
    source = Path(path)
    if not source.is_file():
        raise StorageStateError(
            f"No storage state at {source}: save one with page.save_storage_state("
            f"{str(source)!r}) after signing in, or fix --storage-state"
        )
    try:
        state = json.loads(source.read_text(encoding="utf-8"))
        cookies, origins = state["cookies"], state["origins"]
        if not isinstance(cookies, list) or not isinstance(origins, list):
            raise TypeError("cookies and origins must be lists")
        for cookie in cookies:
            str(cookie["name"]), str(cookie["value"]), str(cookie["domain"])
    except (ValueError, KeyError, TypeError) as exc:
        raise StorageStateError(
            f"{source} is not a storage state (JSON with 'cookies' and 'origins', as "
            f"save_storage_state writes): {type(exc).__name__}: {exc}"
        ) from None
    return dict(state)


def apply_storage_state(
    driver: WebDriver, state: Mapping[str, Any], base_url: str | None = None
) -> None:
    """Give ``state`` to the driver's current (fresh) context, before its first page."""
    cookies = [_acceptable(c) for c in state.get("cookies", []) if not _expired(c)]
    origins = {o["origin"]: o.get("localStorage", []) for o in state.get("origins", [])}
    isolation = isolation_for_existing(driver)
    if driver.caps.get("webSocketUrl"):
        _bidi_apply(driver, cookies, origins)
    elif isolation is not None and isolation.cdp is not None and isolation.context:
        isolation.cdp.call(
            "Storage.setCookies",
            {"cookies": [_to_devtools(c) for c in cookies], "browserContextId": isolation.context},
        )
        execute = cdp.chromium_cdp(driver)
        if origins and execute is not None:
            source = _LOCAL_STORAGE % json.dumps(origins)
            execute("Page.addScriptToEvaluateOnNewDocument", {"source": source})
    else:
        _classic_apply(driver, cookies, origins, base_url)


#: Preload scripts added for a test, removed at its end (BiDi).
_PRELOADS: weakref.WeakKeyDictionary[WebDriver, list[str]] = weakref.WeakKeyDictionary()


def end_storage_state(driver: WebDriver) -> None:
    """After a test: remove what outlives its context (BiDi preload scripts)."""
    for script in _PRELOADS.pop(driver, []):
        with contextlib.suppress(Exception):  # gone with its user context already
            bidi_call(driver, "script.removePreloadScript", {"script": script})


# -- reading --------------------------------------------------------------------------
def _cookies(driver: WebDriver) -> list[dict[str, Any]]:
    isolation = isolation_for_existing(driver)
    if driver.caps.get("webSocketUrl"):
        found = bidi_call(driver, "storage.getCookies", {"partition": _partition(driver)})
        return [_from_bidi(c) for c in (found or {}).get("cookies", [])]
    if isolation is not None and isolation.cdp is not None and isolation.context:
        found = isolation.cdp.call("Storage.getCookies", {"browserContextId": isolation.context})
        return [_from_devtools(c) for c in found.get("cookies", [])]
    return [_from_classic(c) for c in driver.get_cookies()]


def _local_storage(driver: WebDriver) -> list[dict[str, Any]]:
    url = driver.current_url
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return []
    items = driver.execute_script(
        "var out = []; for (var i = 0; i < localStorage.length; i++) {"
        "  var k = localStorage.key(i); out.push({name: k, value: localStorage.getItem(k)}); }"
        "return out;"
    )
    origin = f"{parts.scheme}://{parts.netloc}"
    return [{"origin": origin, "localStorage": list(items or [])}] if items else []


def _from_devtools(c: Mapping[str, Any]) -> dict[str, Any]:
    expires = c.get("expires", -1)
    return {
        "name": c["name"],
        "value": c["value"],
        "domain": c["domain"],
        "path": c.get("path", "/"),
        "expires": -1 if c.get("session") or expires is None or expires < 0 else expires,
        "httpOnly": bool(c.get("httpOnly")),
        "secure": bool(c.get("secure")),
        "sameSite": c.get("sameSite", "Lax"),
    }


def _from_bidi(c: Mapping[str, Any]) -> dict[str, Any]:
    value = c.get("value") or {}
    return {
        "name": c["name"],
        "value": value.get("value", "") if isinstance(value, Mapping) else str(value),
        "domain": c["domain"],
        "path": c.get("path", "/"),
        "expires": c.get("expiry", -1),
        "httpOnly": bool(c.get("httpOnly")),
        "secure": bool(c.get("secure")),
        "sameSite": _SAME_SITE.get(str(c.get("sameSite", "lax")).lower(), "Lax"),
    }


def _from_classic(c: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "name": c["name"],
        "value": c["value"],
        "domain": c.get("domain", ""),
        "path": c.get("path", "/"),
        "expires": c.get("expiry", -1),
        "httpOnly": bool(c.get("httpOnly")),
        "secure": bool(c.get("secure")),
        "sameSite": c.get("sameSite", "Lax"),
    }


# -- writing --------------------------------------------------------------------------
def _expired(c: Mapping[str, Any]) -> bool:
    expires = c.get("expires", -1)
    return isinstance(expires, (int, float)) and 0 <= expires < time.time()


def _acceptable(c: Mapping[str, Any]) -> dict[str, Any]:
    """A cookie a browser will take back: SameSite=None needs Secure, and Chromium's BiDi
    reports a cookie set without SameSite as "none" (it is Lax by default), so a saved
    insecure one with "None" goes back as "Lax", as the browser treated it."""
    cookie = dict(c)
    if str(cookie.get("sameSite", "Lax")).lower() == "none" and not cookie.get("secure"):
        cookie["sameSite"] = "Lax"
    return cookie


def _to_devtools(c: Mapping[str, Any]) -> dict[str, Any]:
    cookie = {
        "name": c["name"],
        "value": c["value"],
        "domain": c["domain"],
        "path": c.get("path", "/"),
        "httpOnly": bool(c.get("httpOnly")),
        "secure": bool(c.get("secure")),
        "sameSite": c.get("sameSite", "Lax"),
    }
    if c.get("expires", -1) >= 0:
        cookie["expires"] = c["expires"]
    return cookie


def _partition(driver: WebDriver) -> dict[str, Any]:
    """The BiDi storage partition of the test's user context, else of the current tab."""
    user_context = current_user_context(driver)
    if user_context is not None:
        return {"type": "storageKey", "userContext": user_context}
    return {"type": "context", "context": driver.current_window_handle}


def _bidi_apply(
    driver: WebDriver, cookies: list[dict[str, Any]], origins: Mapping[str, Any]
) -> None:
    partition = _partition(driver)
    for c in cookies:
        cookie: dict[str, Any] = {
            "name": c["name"],
            "value": {"type": "string", "value": c["value"]},
            "domain": c["domain"],
            "path": c.get("path", "/"),
            "httpOnly": bool(c.get("httpOnly")),
            "secure": bool(c.get("secure")),
            "sameSite": str(c.get("sameSite", "Lax")).lower(),
        }
        if c.get("expires", -1) >= 0:
            cookie["expiry"] = int(c["expires"])
        bidi_call(driver, "storage.setCookie", {"cookie": cookie, "partition": partition})
    if origins:
        where = bidi_scope(driver)
        declaration = "() => {" + _LOCAL_STORAGE % json.dumps(origins) + "}"
        found = bidi_call(
            driver, "script.addPreloadScript", {"functionDeclaration": declaration, **where}
        )
        script = (found or {}).get("script")
        if script:
            _PRELOADS.setdefault(driver, []).append(script)


def _classic_apply(
    driver: WebDriver,
    cookies: list[dict[str, Any]],
    origins: Mapping[str, Any],
    base_url: str | None,
) -> None:
    """WebDriver classic reaches cookies of the page's origin only: the state is given on
    a page of the base URL's origin, then the tab goes back to a blank page."""
    if not base_url:
        raise StorageStateError(
            "This browser can set cookies only on a page of their site, and there is no "
            "base URL to open one: set --base-url"
        )
    host = urlsplit(base_url).hostname or ""
    foreign = sorted(
        {c["domain"] for c in cookies if c["domain"].lstrip(".") not in (host, "")} - {host}
    )
    if foreign:
        raise StorageStateError(
            f"This browser (no WebDriver BiDi, no DevTools) can set cookies only for the base "
            f"URL's site ({host}), and the storage state has cookies of {', '.join(foreign)}"
        )
    driver.get(base_url)
    for c in cookies:
        cookie: dict[str, Any] = {
            k: c[k] for k in ("name", "value", "path", "secure", "httpOnly") if k in c
        }
        if c.get("expires", -1) >= 0:
            cookie["expiry"] = int(c["expires"])
        driver.add_cookie(cookie)
    parts = urlsplit(base_url)
    items = origins.get(f"{parts.scheme}://{parts.netloc}", [])
    if items:
        driver.execute_script(
            "arguments[0].forEach(function (i) { localStorage.setItem(i.name, i.value); });",
            items,
        )
    driver.get("about:blank")
