"""Keeping secrets out of reports: a secret is masked in every form a page or a report
can give it, not only as typed.

A password typed into a GET form comes back URL-encoded in the address; a page echoes it
HTML-escaped; a console message carries it JSON-escaped; pytest shows it ``repr``-escaped;
an ``Authorization`` header carries it in base64. :func:`mask` replaces each of those
forms, longest first, wherever it appears, inside longer tokens too.
"""

from __future__ import annotations

import base64
import contextlib
import html
import itertools
import json
import re
import weakref
from collections.abc import Iterable
from functools import lru_cache
from html.entities import codepoint2name
from typing import Any
from urllib.parse import quote, quote_plus, unquote_plus, urlsplit, urlunsplit

__all__ = [
    "MASK",
    "MIN_SECRET",
    "SENSITIVE_HEADERS",
    "credentials_in",
    "known_secrets",
    "mask",
    "mask_data",
    "mask_headers",
    "mask_url",
    "secret_param",
    "secret_problem",
    "sensitive_header",
]

MASK = "••••••"
#: Shorter secrets would mask every ``e`` or ``1`` of every report.
MIN_SECRET = 4


#: Headers whose values are a session or a password: masked in every HAR by default, as
#: Chrome's DevTools exports "sanitized" HARs (session tokens in HAR files uploaded for
#: support were the October 2023 Okta breach). Any other header whose name holds a
#: credential word (``X-XSRFToken``, Django's ``X-CSRFToken``, ``X-Api-Key``,
#: ``X-Amz-Security-Token``) is masked too: see :func:`sensitive_header`.
SENSITIVE_HEADERS = frozenset(
    {"cookie", "set-cookie", "authorization", "proxy-authorization", "x-csrf-token", "x-xsrf-token"}
)
_HEADER_WORDS = frozenset({"cookie", "xsrftoken", "csrftoken"})

_KNOWN: weakref.WeakKeyDictionary[object, set[str]] = weakref.WeakKeyDictionary()


def known_secrets(driver: object) -> set[str]:
    """The secrets known for ``driver``'s browser (the run's ``--secret-env`` values,
    text typed with ``secret=True``, ``credentials()`` passwords): the live set, which
    everything that learns one adds to and everything that writes a file masks."""
    found = _KNOWN.get(driver)
    if found is None:
        found = _KNOWN[driver] = set()
    return found


def sensitive_header(name: str) -> bool:
    """Whether a header named ``name`` carries a session, a token or a password."""
    if name.lower() in SENSITIVE_HEADERS:
        return True
    words = {w.lower() for w in re.split(r"[-_]+", name) if w}
    return bool(words & (_SECRET_WORDS | _HEADER_WORDS))


def mask_headers(headers: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """``headers`` with the values of sensitive ones (:func:`sensitive_header`) replaced
    by :data:`MASK`."""
    return [(k, MASK if sensitive_header(k) else v) for k, v in headers]


#: A value learnt from a header or an address is masked elsewhere only from this long:
#: a session id or a token, not ``dark`` or ``1``.
LEARNT_MIN = 8


def credentials_in(headers: Iterable[tuple[str, str]], url: str) -> set[str]:
    """The credential values a request or response carries, to mask wherever else they
    appear (a page that embeds its token, an API that echoes a session id): the values of
    sensitive headers (each cookie's, a bearer token, a Basic password) and of the
    address's credential parameters, from :data:`LEARNT_MIN` characters."""
    found: set[str] = set()
    for name, value in headers:
        if not sensitive_header(name):
            continue
        lowered = name.lower()
        if lowered in ("cookie", "set-cookie"):
            pieces = value.split("\n") if lowered == "set-cookie" else [value]
            for piece in pieces:
                for pair in piece.split(";") if lowered == "cookie" else piece.split(";")[:1]:
                    found.add(pair.partition("=")[2].strip())
        elif lowered in ("authorization", "proxy-authorization"):
            scheme, _, credential = value.partition(" ")
            found.add(credential.strip())
            if scheme.lower() == "basic":
                with contextlib.suppress(ValueError, UnicodeDecodeError):
                    decoded = base64.b64decode(credential.strip(), validate=True).decode()
                    found.add(decoded.partition(":")[2])
        else:
            found.add(value.strip())
    with contextlib.suppress(ValueError):
        parts = urlsplit(url)
        found.add(parts.password or "")
        for pair in parts.query.split("&"):
            name, sep, value = pair.partition("=")
            if sep and secret_param(name):
                found.add(unquote_plus(value))
    return {v for v in found if len(v) >= LEARNT_MIN}


def secret_problem(value: str, where: str) -> str | None:
    """Why ``value`` cannot be a secret (too short to mask without garbling every
    report), as one sentence naming ``where`` it came from; ``None`` when it can."""
    if len(value) >= MIN_SECRET:
        return None
    return (
        f"{where} is {len(value)} character(s) long: a secret shorter than {MIN_SECRET} "
        "characters cannot be masked, because masking it would also mask every place the "
        "same letters appear in every report. Use a longer secret, or do not mark it secret."
    )


def _entities(text: str) -> set[str]:
    """``text`` HTML-escaped the ways browsers, pytest-html and XML writers do it."""
    forms = {text}  # non-ASCII as character references, the rest as it is
    for escaped in (html.escape(text), html.escape(text, quote=False)):
        forms.add(escaped)
        forms.add(escaped.replace("&quot;", "&#34;").replace("&#x27;", "&#39;"))
    for form in list(forms):
        forms.add(form.encode("ascii", "xmlcharrefreplace").decode())
        forms.add("".join(c if ord(c) < 128 else f"&#x{ord(c):x};" for c in form))
        forms.add(
            "".join(
                f"&{codepoint2name[ord(c)]};" if ord(c) in codepoint2name and ord(c) > 127 else c
                for c in form
            )
        )
    return forms


def _escapes(text: str) -> set[str]:
    """JSON, JavaScript and Python string escapes of ``text`` (without the quotes)."""
    forms = {
        json.dumps(text)[1:-1],
        json.dumps(text, ensure_ascii=False)[1:-1],
        repr(text)[1:-1],
        ascii(text)[1:-1],
        repr(text.encode("utf-8", "surrogatepass"))[2:-1],
    }
    for form in list(forms):  # escaped twice: a repr of a message that holds a repr
        forms.add(repr(form)[1:-1])
        forms.add(json.dumps(form)[1:-1])
        forms.add(json.dumps(form, ensure_ascii=False)[1:-1])
    for form in list(forms):  # Chromium's console and script-safe JSON: "<" as \u003C
        present = [c for c in "<>&" if c in form]
        for chosen in itertools.product((False, True), repeat=len(present)):
            for case in (str.upper, str.lower):
                table = {
                    ord(c): "\\u" + case(f"{ord(c):04x}")
                    for c, escaped in zip(present, chosen, strict=True)
                    if escaped
                }
                forms.add(form.translate(table))
    return forms


def _base64(text: str) -> set[str]:
    """The base64 of ``text`` as it appears inside a longer base64 token, at each of the
    three byte alignments (only the characters that depend on the secret alone)."""
    data = text.encode("utf-8", "surrogatepass")
    forms = set()
    for lead in range(3):
        encoded = base64.b64encode(b"\0" * lead + data).decode()
        start = (lead * 8 + 5) // 6  # characters that mix in the bytes before
        stable = (8 * (lead + len(data))) // 6  # characters wholly made of known bits
        core = encoded[start:stable]
        if len(core) >= MIN_SECRET:
            forms.add(core)
            forms.add(core.replace("+", "-").replace("/", "_"))
    return forms


@lru_cache(maxsize=256)
def _forms(secret: str) -> tuple[str, ...]:
    forms = {secret}
    for encoded in (
        quote(secret, safe=""),
        quote(secret),
        quote_plus(secret, safe=""),
        quote_plus(secret),
    ):
        forms.update((encoded, _lower_hex(encoded)))
    with contextlib.suppress(UnicodeEncodeError):  # a page with no charset sends Latin-1
        forms.add(quote_plus(secret, safe="", encoding="latin-1", errors="strict"))
    forms |= _entities(secret)
    forms |= _escapes(secret)
    forms |= {entity for form in _escapes(secret) for entity in _entities(form)}
    forms |= _base64(secret)
    kept = {f for f in forms if len(f) >= MIN_SECRET} | {secret}
    return tuple(sorted(kept, key=len, reverse=True))


def _lower_hex(encoded: str) -> str:
    parts = encoded.split("%")
    return parts[0] + "".join("%" + p[:2].lower() + p[2:] for p in parts[1:])


def mask(text: str, secrets: Iterable[str]) -> str:
    """``text`` with every secret, in every form it can take, replaced by :data:`MASK`."""
    forms = sorted(
        {form for secret in secrets if secret for form in _forms(secret)},
        key=len,
        reverse=True,
    )
    for form in forms:
        if form in text:
            text = text.replace(form, MASK)
    return text


def mask_data(value: Any, secrets: Iterable[str]) -> Any:
    """A copy of JSON-like ``value`` with :func:`mask` applied to every string in it
    (keys included), so that no secret can garble the structure around it."""
    secrets = tuple(secrets)
    if not secrets:
        return value
    if isinstance(value, str):
        return mask(value, secrets)
    if isinstance(value, dict):
        return {mask_data(k, secrets): mask_data(v, secrets) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(mask_data(v, secrets) for v in value)
    return value


#: Words that name a credential in a query parameter (``access_token``, ``api-key``,
#: ``X-Amz-Signature``, ``sessionId``); a name is split into words at ``_-.`` and case
#: changes, so ``keyword`` or ``postcode`` is left alone.
_SECRET_WORDS = frozenset(
    [
        "pass",
        "password",
        "passwd",
        "pwd",
        "secret",
        "token",
        "auth",
        "authorization",
        "key",
        "apikey",
        "sig",
        "signature",
        "session",
        "sessionid",
        "sid",
        "code",
        "credential",
        "credentials",
        "jwt",
        "ticket",
        "xsrf",
        "csrf",
    ]
)


def secret_param(name: str) -> bool:
    """Whether a query parameter named ``name`` holds a credential in most applications."""
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", unquote_plus(name))
    words = {w.lower() for w in re.split(r"[\s_.\-\[\]]+", spaced) if w}
    return bool(words & _SECRET_WORDS) or unquote_plus(name).lower() in _SECRET_WORDS


def mask_url(url: str) -> str:
    """``url`` with its user-info password and the values of query parameters named like
    credentials (``token``, ``api_key``, ``password``, ``sig``…) replaced by :data:`MASK`,
    for messages that name a request before the run's own secrets are masked."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    netloc = parts.netloc
    if "@" in netloc:
        info, _, host = netloc.rpartition("@")
        user, colon, _password = info.partition(":")
        netloc = f"{user}:{MASK}@{host}" if colon else netloc
    query = "&".join(
        f"{name}={MASK}" if sep and secret_param(name) else pair
        for pair in parts.query.split("&")
        if pair or parts.query
        for name, sep, _ in [pair.partition("=")]
    )
    return urlunsplit(parts._replace(netloc=netloc, query=query))
