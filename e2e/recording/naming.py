"""Names in the code the recorder writes: identifiers from what a person sees ("log in
button" -> ``log_in_button``), page classes and modules from URL paths (``/projects/3/
cases/17`` -> ``ProjectCasePage`` at ``/projects/{project_id}/cases/{case_id}``)."""

from __future__ import annotations

import keyword
import re
import unicodedata
from dataclasses import dataclass

__all__ = [
    "PagePattern",
    "class_name",
    "env_name",
    "identifier",
    "page_pattern",
    "path_regex",
    "singular",
]

#: URL path segments that are ids: numbers, UUIDs, long hashes and tokens.
_ID = re.compile(
    r"^(\d+|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
    r"|[0-9a-fA-F]{16,}|[0-9A-Za-z_-]{24,})$"
)


def identifier(text: str, fallback: str = "element", most: int = 5) -> str:
    """A snake_case Python identifier from what a person reads, at most ``most`` words."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[A-Za-z0-9]+", plain.lower())[:most]
    name = "_".join(words) or fallback
    if name[0].isdigit():
        name = f"{fallback}_{name}"
    if keyword.iskeyword(name) or name in {"self", "page", "driver", "id"}:
        name += "_"
    return name


def class_name(words: list[str]) -> str:
    return "".join(w[:1].upper() + w[1:] for w in (identifier(w) for w in words) for w in [w])


def env_name(parameter: str) -> str:
    """The environment variable a test reads a secret parameter from."""
    return "E2E_" + parameter.upper().strip("_")


def singular(word: str) -> str:
    """English nouns in URL paths, made singular the plain way (``cases`` -> ``case``)."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


@dataclass(frozen=True)
class PagePattern:
    #: ``/projects/{project_id}/cases/{case_id}``
    path: str
    #: ``ProjectCasePage``
    cls: str
    #: ``project_case`` (``pages/project_case.py``, ``locators/project_case.py``)
    module: str


def page_pattern(path: str) -> PagePattern:
    """The page of a URL path: ids become ``{name_id}`` placeholders named after the
    segment before them, and the class is named from the other segments."""
    segments = [s for s in path.split("/") if s]
    pattern: list[str] = []
    words: list[str] = []
    for i, segment in enumerate(segments):
        if _ID.match(segment):
            before = identifier(segments[i - 1]) if i and not _ID.match(segments[i - 1]) else ""
            pattern.append("{" + (f"{singular(before)}_id" if before else "id") + "}")
            if words and before:
                words[-1] = singular(words[-1])
            continue
        pattern.append(segment)
        words.append(identifier(segment, "page"))
    if not words:
        words = ["home"]
    module = "_".join(words)
    return PagePattern("/" + "/".join(pattern), class_name(module.split("_")) + "Page", module)


def path_regex(pattern: str) -> re.Pattern[str]:
    """A page's ``path`` as a regex: each ``{placeholder}`` one segment, captured in order."""
    parts = re.split(r"\{[^}]*\}", pattern)
    return re.compile("([^/]+)".join(re.escape(part) for part in parts))
