"""URL globs, one spelling for routes, watchers, recordings and the requests the settle
check leaves out: ``**`` any characters, ``*`` any but ``/``, ``?`` one but ``/``,
matched against the whole absolute URL (``"**/api/poll*"``).

A glob is matched by stepping through the URL once with the set of glob positions
reached so far (a bit set), not by a regular expression: a regex with several ``.*``
backtracks, and ``"**a" * 12 + "**!"`` against a long URL held the interpreter for
minutes. Here each URL character costs the same whatever the glob, so matching is linear
in the URL's length. ``_page_state.js`` matches the same way in the browser.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

__all__ = ["UrlGlob", "check_globs", "url_glob", "url_glob_js"]


class UrlGlob:
    """A compiled glob: ``matches(url)`` says whether it matches the whole URL."""

    __slots__ = ("_any", "_final", "_literal", "_one", "_stars", "pattern")

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self._literal: dict[str, int] = {}
        self._one = segment = self._any = 0
        tokens = _tokens(pattern)
        for index, token in enumerate(tokens):
            bit = 1 << index
            if token == "**":
                self._any |= bit
            elif token == "*":
                segment |= bit
            elif token == "?":
                self._one |= bit
            else:
                self._literal[token] = self._literal.get(token, 0) | bit
        self._stars = self._any | segment
        self._final = 1 << len(tokens)

    def matches(self, url: str) -> bool:
        """Whether the glob matches all of ``url``."""
        stars, any_, one, literal = self._stars, self._any, self._one, self._literal
        # Bit i set: the first i tokens match what has been read. A star may match
        # nothing, so reaching it also reaches the token after it (runs of stars are
        # merged into one, so one step of that is enough).
        state = 1 | ((1 & stars) << 1)
        for char in url:
            if char == "/":
                state = ((state & literal.get(char, 0)) << 1) | (state & any_)
            else:
                state = ((state & (literal.get(char, 0) | one)) << 1) | (state & stars)
            if not state:
                return False
            state |= (state & stars) << 1
        return bool(state & self._final)

    def __repr__(self) -> str:
        return f"UrlGlob({self.pattern!r})"


@cache
def url_glob(pattern: str) -> UrlGlob:
    """``pattern`` compiled (cached): ``url_glob("**/api/*").matches(url)``."""
    return UrlGlob(pattern)


@cache
def url_glob_js(pattern: str) -> list[str]:
    """``pattern`` as the tokens ``_page_state.js`` matches with: ``"**"``, ``"*"``,
    ``"?"``, or one literal character each."""
    return _tokens(pattern)


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


def _tokens(pattern: str) -> list[str]:
    """Wildcards and single literal characters, a run of stars merged into one (``**``
    when any of them is, else ``*``: both readings match the same URLs)."""
    tokens: list[str] = []
    for part in re.split(r"(\*\*|\*|\?)", pattern):
        if part in ("**", "*"):
            if tokens and tokens[-1] in ("**", "*"):
                tokens[-1] = "**" if "**" in (part, tokens[-1]) else "*"
            else:
                tokens.append(part)
        elif part == "?":
            tokens.append(part)
        else:
            tokens.extend(part)
    return tokens
