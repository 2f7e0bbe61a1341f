"""Names from before a rename, kept for one minor version: each still works and says, in a
``DeprecationWarning``, the name to use instead and the version that drops it."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping
from typing import Any

#: The version that drops the old names.
REMOVED_IN = "0.3"


def warn_renamed(old: str, new: str, *, stacklevel: int = 3) -> None:
    warnings.warn(
        f"{old} is now {new}; rename it: the old name goes in version {REMOVED_IN}.",
        DeprecationWarning,
        stacklevel=stacklevel,
    )


def renamed_method(old: str, new: str) -> Callable[..., Any]:
    """A method ``old`` that warns, then calls the method ``new`` of the same object."""

    def method(self: Any, *args: Any, **kwargs: Any) -> Any:
        __tracebackhide__ = True
        owner = type(self).__name__
        warn_renamed(f"{owner}.{old}", f"{owner}.{new}")
        return getattr(self, new)(*args, **kwargs)

    method.__name__ = method.__qualname__ = old
    method.__doc__ = f"Renamed to ``{new}``; this name goes in version {REMOVED_IN}."
    return method


def renamed_attribute(
    module: str, name: str, renames: Mapping[str, str], names: Mapping[str, Any]
) -> Any:
    """For a module's ``__getattr__``: the new object for an old name, with the warning;
    an ``AttributeError`` for any other name, as Python gives."""
    if name in renames:
        new = renames[name]
        warn_renamed(f"{module}.{name}", f"{module}.{new}")
        return names[new]
    raise AttributeError(f"module {module!r} has no attribute {name!r}")
