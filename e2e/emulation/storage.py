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
import re
import time
import weakref
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from selenium.webdriver.remote.webdriver import WebDriver

from e2e.base.private_files import write_private
from e2e.browser import cdp
from e2e.browser.bidi_or_devtools import bidi_call, bidi_scope
from e2e.browser.isolation import current_user_context, isolation_for_existing

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
    except RecursionError:
        raise StorageStateError(
            f"{source} is not a storage state: its JSON is nested too deeply to read"
        ) from None
    except UnicodeDecodeError:
        raise StorageStateError(f"{source} is not a storage state: it is not UTF-8 text") from None
    except (ValueError, KeyError, TypeError) as exc:
        raise StorageStateError(
            f"{source} is not a storage state (JSON with 'cookies' and 'origins', as "
            f"save_storage_state writes): {type(exc).__name__}: {exc}"
        ) from None
    problem = _state_problem(cookies, origins)
    if problem:
        raise StorageStateError(f"{source}: {problem}")
    return dict(state)


#: What a browser keeps: cookies per site (Chromium and Firefox: 180) and localStorage
#: per origin (Firefox: 5 MiB, counted in characters of names and values; Chromium: 10 MB
#: of UTF-16, the same 5 Mi characters). Past these, a browser drops the rest silently.
MAX_COOKIES_PER_SITE = 180
MAX_LOCAL_STORAGE_CHARS = 5 * 1024 * 1024
_SAME_SITES = ("Strict", "Lax", "None")


def _state_problem(cookies: list[Any], origins: list[Any]) -> str | None:
    """What is wrong with a state's cookies and origins, in one sentence; ``None``."""
    per_site: dict[str, int] = {}
    for index, c in enumerate(cookies):
        where = f"cookies[{index}]"
        if not isinstance(c, dict):
            return f"{where} is not an object"
        for key in ("name", "value", "domain"):
            if not isinstance(c.get(key), str):
                return f"{where} has no text {key!r}"
        if not c["name"] or any(ch in c["name"] for ch in ";=, \t\r\n"):
            return f"{where} has the name {c['name']!r}, which no browser accepts"
        if not c["domain"].strip("."):
            return f"{where} ({c['name']!r}) has an empty domain"
        if not isinstance(c.get("path", "/"), str) or not str(c.get("path", "/")).startswith("/"):
            return f"{where} ({c['name']!r}) has the path {c.get('path')!r}; a path starts with /"
        expires = c.get("expires", -1)
        if isinstance(expires, bool) or not isinstance(expires, (int, float)):
            return f"{where} ({c['name']!r}) expires at {expires!r}: give seconds since 1970, or -1"
        for flag in ("httpOnly", "secure"):
            if not isinstance(c.get(flag, False), bool):
                return f"{where} ({c['name']!r}) has {flag}={c[flag]!r}: give true or false"
        if c.get("sameSite", "Lax") not in _SAME_SITES:
            return f"{where} ({c['name']!r}) has sameSite={c.get('sameSite')!r}: give " + ", ".join(
                _SAME_SITES
            )
        site = c["domain"].lstrip(".")
        per_site[site] = per_site.get(site, 0) + 1
    crowded = {site: n for site, n in per_site.items() if n > MAX_COOKIES_PER_SITE}
    if crowded:
        site, n = max(crowded.items(), key=lambda kv: kv[1])
        return (
            f"it has {n} cookies for {site}; browsers keep {MAX_COOKIES_PER_SITE} per site "
            f"and would drop {n - MAX_COOKIES_PER_SITE} of them silently. Save the state "
            "of a session that holds fewer"
        )
    for index, o in enumerate(origins):
        where = f"origins[{index}]"
        if not isinstance(o, dict) or not isinstance(o.get("origin"), str):
            return f"{where} has no text 'origin' (e.g. 'https://app.example')"
        if not re.match(r"^https?://[^/]+$", o["origin"]):
            return f"{where} has the origin {o['origin']!r}: give scheme and host only"
        items = o.get("localStorage", [])
        if not isinstance(items, list) or not all(
            isinstance(i, dict)
            and isinstance(i.get("name"), str)
            and isinstance(i.get("value"), str)
            for i in items
        ):
            return f"{where}.localStorage is not a list of {{'name': ..., 'value': ...}} texts"
        size = sum(len(i["name"]) + len(i["value"]) for i in items)
        if size > MAX_LOCAL_STORAGE_CHARS:
            return (
                f"the localStorage of {o['origin']} holds {size:,} characters; browsers keep "
                f"at most {MAX_LOCAL_STORAGE_CHARS:,} per origin and would drop all of it "
                "silently, so the test would start signed out"
            )
    return None


def apply_storage_state(
    driver: WebDriver, state: Mapping[str, Any], base_url: str | None = None
) -> None:
    """Give ``state`` to the driver's current (fresh) context, before its first page."""
    problem = _state_problem(list(state.get("cookies", [])), list(state.get("origins", [])))
    if problem:
        raise StorageStateError(f"The storage state is not one a browser can take: {problem}")
    cookies = [_acceptable(c) for c in state.get("cookies", []) if not _expired(c)]
    origins = {o["origin"]: o.get("localStorage", []) for o in state.get("origins", [])}
    if base_url:
        _check_site(cookies, origins, base_url)
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


def _check_site(cookies: list[dict[str, Any]], origins: Mapping[str, Any], base_url: str) -> None:
    """Refuse a state saved on another site: none of its cookies or storage would reach
    the application, and the test would start signed out with no word why."""
    if not cookies and not origins:
        return
    parts = urlsplit(base_url)
    host = parts.hostname or ""
    origin = f"{parts.scheme}://{parts.netloc}"
    if any(_cookie_for(c["domain"], host) for c in cookies) or origin in origins:
        return
    held = sorted({c["domain"].lstrip(".") for c in cookies} | set(origins))
    raise StorageStateError(
        f"The storage state holds cookies and storage of {', '.join(held[:5])}"
        f"{' …' if len(held) > 5 else ''}, none for the base URL {origin}: it was saved "
        "against another site (or port). Save it against this base URL, or point "
        "--base-url at the site it was saved on"
    )


def _cookie_for(domain: str, host: str) -> bool:
    bare = domain.lstrip(".").lower()
    return host.lower() == bare or host.lower().endswith("." + bare)


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
