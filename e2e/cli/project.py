"""The pytest settings of the project in a folder, as the ``e2e`` command reads them:
``pyproject.toml`` (``[tool.pytest.ini_options]``), ``pytest.ini``, ``tox.ini`` or
``setup.cfg``, the first that has a pytest section (pytest's own order)."""

from __future__ import annotations

import configparser
import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

__all__ = ["ini_file", "ini_values"]

_INI_SECTIONS = (("pytest.ini", "pytest"), ("tox.ini", "pytest"), ("setup.cfg", "tool:pytest"))


def _pyproject(folder: Path) -> dict[str, object] | None:
    file = folder / "pyproject.toml"
    if not file.is_file():
        return None
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError):
        return None
    section = data.get("tool", {}).get("pytest", {}).get("ini_options")
    return section if isinstance(section, dict) else None


def ini_file(folder: Path) -> Path | None:
    """The file holding the project's pytest settings, searched upwards from ``folder``."""
    for here in (folder.resolve(), *folder.resolve().parents):
        if (here / "pytest.ini").is_file():
            return here / "pytest.ini"
        if _pyproject(here) is not None:
            return here / "pyproject.toml"
        for name, section in _INI_SECTIONS[1:]:
            parser = configparser.ConfigParser(interpolation=None)
            if (here / name).is_file():
                parser.read(here / name, encoding="utf-8")
                if parser.has_section(section):
                    return here / name
    return None


def ini_values(folder: Path) -> dict[str, str]:
    """The pytest ini keys of the project around ``folder`` (lists joined by newlines)."""
    file = ini_file(folder)
    if file is None:
        return {}
    if file.name == "pyproject.toml":
        section = _pyproject(file.parent) or {}
        return {
            key: "\n".join(map(str, value)) if isinstance(value, list) else str(value)
            for key, value in section.items()
        }
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(file, encoding="utf-8")
    name = dict(_INI_SECTIONS)[file.name]
    return dict(parser.items(name)) if parser.has_section(name) else {}
