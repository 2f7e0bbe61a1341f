"""URL globs, one spelling for routes, watchers, recordings and the requests the settle
check leaves out: ``**`` any characters, ``*`` any but ``/``, ``?`` one but ``/``,
matched against the whole absolute URL (``"**/api/poll*"``)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

__all__ = ["check_globs", "url_glob", "url_glob_js"]

_WILD = {"**": ".*", "*": "[^/]*", "?": "[^/]"}


@cache
def url_glob(pattern: str) -> re.Pattern[str]:
    """``pattern`` as a compiled regular expression (use ``fullmatch``)."""
    return re.compile("".join(_WILD.get(p, re.escape(p)) for p in _parts(pattern)), re.DOTALL)


@cache
def url_glob_js(pattern: str) -> str:
    """``pattern`` as the source of a JavaScript regular expression matching a whole URL."""
    out = [_WILD.get(p) or re.sub(r"[.*+?^${}()|[\]\\/-]", r"\\\g<0>", p) for p in _parts(pattern)]
    return "^(?:" + "".join(out) + ")$"


def check_globs(globs: Iterable[object], where: str) -> tuple[str, ...]:
    """``globs`` as a tuple of non-empty strings, or one sentence naming ``where`` they
    came from and the bad one (a single string is refused too: it would be read letter
    by letter)."""
    if isinstance(globs, str):
        raise ValueError(
            f"{where} takes a list of URL globs, got the single string {globs!r}: write "
            f"({globs!r},) or [{globs!r}]"
        )
    out = []
    for glob in globs:
        if not isinstance(glob, str) or not glob.strip():
            raise ValueError(
                f"{where}: {glob!r} is not a URL glob; give strings such as '**/poll*' "
                "(** any characters, * any but /)"
            )
        out.append(glob.strip())
    return tuple(out)


def _parts(pattern: str) -> list[str]:
    return [p for p in re.split(r"(\*\*|\*|\?)", pattern) if p]
