"""What a browser accepts as a response header, checked before it is asked to: a header
it refuses makes it hold the request for ever (issue 32), so the refusal is ours, in one
sentence, instead."""

from __future__ import annotations

import re

__all__ = ["header_problem"]

#: A header name: an RFC 9110 token.
_TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")


def header_problem(name: object, value: object) -> str | None:
    """Why ``name: value`` cannot be sent as a header, or ``None`` when it can."""
    if not isinstance(name, str) or not _TOKEN.fullmatch(name):
        return (
            f"the header name {name!r} is not one a browser accepts: letters, digits and "
            "!#$%&'*+.^_`|~- only, no spaces or colons (e.g. 'X-Request-Id')"
        )
    if not isinstance(value, str):
        return (
            f"the header {name!r} has the value {value!r} ({type(value).__name__}): header "
            f"values are text, e.g. {{{name!r}: {str(value)!r}}}"
        )
    if any(c in value for c in "\r\n\0"):
        return (
            f"the header {name!r} has a line break or NUL in its value {value!r}: a header "
            "value is one line"
        )
    return None
