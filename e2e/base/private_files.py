"""Files a run writes that can hold what a session is made of (traces, HARs, saved
sign-in state, failure artifacts): owner-only, ``0600`` files in ``0700`` folders, and
never half-written (each goes to a partial file first, then is renamed)."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

__all__ = ["private_folder", "write_private"]


def private_folder(folder: Path) -> Path:
    """``folder`` and the parents it needs, created owner-only; an existing ``folder``
    is made owner-only too (parents that existed are left as they were)."""
    missing = [p for p in (folder, *folder.parents) if not p.exists()]
    for path in reversed(missing):
        path.mkdir(mode=0o700, exist_ok=True)
    with contextlib.suppress(OSError):  # a folder owned by someone else keeps its mode
        os.chmod(folder, 0o700)
    return folder


def write_private(path: Path, data: str | bytes) -> Path:
    """Write ``data`` to ``path`` with mode ``0600`` from the first byte, through a
    partial file beside it."""
    private_folder(path.parent)
    partial = path.with_name(f".{path.name}.partial")
    raw = data.encode("utf-8") if isinstance(data, str) else data
    with contextlib.suppress(FileNotFoundError):
        partial.unlink()
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        try:
            view = memoryview(raw)
            while view:
                view = view[os.write(descriptor, view) :]
        finally:
            os.close(descriptor)
        partial.replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise
    return path
