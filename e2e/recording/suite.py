"""The suite a recording adds to: the locator classes and page objects already in
``locators/`` and ``pages/``, read from their source (nothing of the suite is imported or
run). A locator is known when its value is a literal expression of ``Locator`` and
``By``; a page by its class, its ``path`` and its methods."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from selenium.webdriver.common.by import By

from e2e.locators import Locator
from e2e.recording.naming import path_regex

__all__ = ["KnownLocator", "KnownPage", "Suite", "read_suite"]


@dataclass(frozen=True)
class KnownLocator:
    module: str  # locators.login
    cls: str  # LoginLocators
    attr: str  # username
    locator: Locator

    @property
    def id(self) -> str:
        return f"{self.cls}.{self.attr}"


@dataclass
class KnownPage:
    module: str  # pages.login
    cls: str  # LoginPage
    path: str  # /login ("" when it has none)
    methods: dict[str, str] = field(default_factory=dict)  # name -> its source
    bases: tuple[str, ...] = ()

    def matches(self, url_path: str) -> bool:
        if not self.path:
            return False
        regex = path_regex(self.path.rstrip("/") or "/")
        return regex.fullmatch(url_path.rstrip("/") or "/") is not None


@dataclass
class Suite:
    root: Path
    locators: list[KnownLocator] = field(default_factory=list)
    pages: list[KnownPage] = field(default_factory=list)

    def page_for(self, url_path: str) -> KnownPage | None:
        found = [p for p in self.pages if p.matches(url_path)]
        # the most specific path: the longest without its placeholders
        return max(found, key=lambda p: len(re.sub(r"\{[^}]*\}", "", p.path)), default=None)

    def locator(self, known_id: str) -> KnownLocator | None:
        return next((k for k in self.locators if k.id == known_id), None)

    def page_class(self, name: str) -> KnownPage | None:
        return next((p for p in self.pages if p.cls == name), None)


_NAMES: dict[str, Any] = {"Locator": Locator, "By": By, "__builtins__": {}}


def _literal_locator(node: ast.expr) -> Locator | None:
    """The Locator an expression makes, when it uses only Locator, By and literals."""
    for inner in ast.walk(node):
        if isinstance(inner, ast.Name) and inner.id not in ("Locator", "By"):
            return None
        if isinstance(inner, (ast.Lambda, ast.NamedExpr, ast.Subscript)):
            return None
    try:
        value = eval(compile(ast.Expression(node), "<locator>", "eval"), dict(_NAMES))
    except Exception:
        return None
    return value if isinstance(value, Locator) else None


def _read_locators(file: Path, module: str) -> list[KnownLocator]:
    tree = ast.parse(file.read_text(encoding="utf-8"))
    found = []
    for cls in (n for n in tree.body if isinstance(n, ast.ClassDef)):
        for item in cls.body:
            target = None
            if isinstance(item, ast.Assign) and len(item.targets) == 1:
                target, value = item.targets[0], item.value
            elif isinstance(item, ast.AnnAssign) and item.value is not None:
                target, value = item.target, item.value
            if isinstance(target, ast.Name):
                locator = _literal_locator(value)
                if locator is not None:
                    found.append(KnownLocator(module, cls.name, target.id, locator))
    return found


def _read_pages(file: Path, module: str) -> list[KnownPage]:
    source = file.read_text(encoding="utf-8")
    tree = ast.parse(source)
    found = []
    for cls in (n for n in tree.body if isinstance(n, ast.ClassDef)):
        if not (cls.name.endswith("Page") or cls.name == "AppPage"):
            continue
        bases = tuple(ast.unparse(b).rsplit(".", 1)[-1] for b in cls.bases)
        page = KnownPage(module, cls.name, "", bases=bases)
        for item in cls.body:
            if (
                isinstance(item, ast.Assign)
                and [getattr(t, "id", "") for t in item.targets] == ["path"]
                and isinstance(item.value, ast.Constant)
                and isinstance(item.value.value, str)
            ):
                page.path = item.value.value
            if isinstance(item, ast.FunctionDef):
                page.methods[item.name] = ast.get_source_segment(source, item) or ""
        found.append(page)
    return found


def read_suite(root: Path) -> Suite:
    """What ``root/locators`` and ``root/pages`` already hold."""
    suite = Suite(root)
    for folder in ("locators", "pages"):
        for file in sorted((root / folder).glob("*.py")):
            if file.name == "__init__.py":
                continue
            module = f"{folder}.{file.stem}"
            try:  # a file that does not parse is the user's to fix, not ours to read
                if folder == "locators":
                    suite.locators.extend(_read_locators(file, module))
                else:
                    suite.pages.extend(_read_pages(file, module))
            except (SyntaxError, UnicodeDecodeError):
                continue
    return suite
