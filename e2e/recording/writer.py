"""The files a recording writes: a locator class and a page object per page, and a test,
in the style of the demo's ``locators/`` and ``pages/``, added to what the suite holds.

- **Reuse.** A page whose ``path`` matches the URL is the suite's own; a locator the suite
  has for the element (the recorder checked it in the page) is used, not redefined; a
  method already in the page with the same body is called, not written again.
- **Never rewritten.** A hand-written file gains only the new locators, methods and
  imports, at the end of its class or its imports. A name already taken by different
  code is a clash: nothing is written unless ``force``, which then takes the next free
  name (``save_2``).
- **Same recording, same files.** What is written is a function of the flow and the
  suite: recording the same flow over its own output changes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from e2e.recording.flow import Visit
from e2e.recording.naming import identifier
from e2e.recording.planner import COMMON_PAGE, Clash, PagePlan, Planner, shared_landmarks
from e2e.recording.scenario import write_test
from e2e.recording.source import (
    add_import,
    add_type_checking_import,
    append_to_class,
    imports_block,
    quote,
)
from e2e.recording.suite import Suite

__all__ = ["Clash", "Plan", "plan_files"]


@dataclass
class Plan:
    files: dict[Path, str]
    unchanged: list[Path]


def locators_file(plan: PagePlan, existing: str | None) -> str | None:
    if not plan.locators:
        return None
    attrs = []
    for attr, (code, comment) in plan.locators.items():
        if comment:
            attrs.append(f"    {comment}")
        attrs.append(f"    {attr} = {code}")
    if existing is None:
        needs_by = any("By." in code for code, _ in plan.locators.values())
        head = ["from __future__ import annotations", "", "from e2e import Locator"]
        if needs_by:  # one block: e2e is a third-party package of the suite
            head.append("from selenium.webdriver.common.by import By")
        head += ["", ""]
        return "\n".join([*head, f"class {plan.locators_cls}:", *attrs]) + "\n"
    text = existing
    if f"class {plan.locators_cls}" not in text:
        text = text.rstrip("\n") + f"\n\n\nclass {plan.locators_cls}:\n" + "\n".join(attrs) + "\n"
    else:
        text = append_to_class(text, plan.locators_cls, attrs)
    if any("By." in code for code, _ in plan.locators.values()) and "import By" not in text:
        text = add_import(text, "from selenium.webdriver.common.by import By")
    if "import Locator" not in text and "Locator," not in text:
        text = add_import(text, "from e2e import Locator")
    return text


def page_file(
    plan: PagePlan,
    existing: str | None,
    cycles: set[tuple[str, str]],
    modules: dict[str, str],
    base: str,
    common: PagePlan,
) -> str | None:
    if not plan.methods and existing is not None:
        return None
    late = [u for u in sorted(plan.uses) if (plan.cls, u) in cycles]
    methods = []
    for source in plan.methods.values():
        for used in late:
            if f"self.to({used})" in source:
                rows = source.splitlines()
                at = next(i for i, r in enumerate(rows) if r.rstrip().endswith(":")) + 1
                rows[at:at] = [f"        from {modules[used]} import {used}", ""]
                source = "\n".join(rows)
        methods.append(source)
    imports = {(modules[u], u) for u in plan.uses if (plan.cls, u) not in cycles}
    if any(f"{plan.locators_cls}." in m for m in methods):
        imports.add((plan.locators_module, plan.locators_cls))
    imports |= plan.locator_imports
    parent = "BasePage" if plan is common else base
    if parent != "BasePage":
        imports.add((common.module, parent))
    if existing is None:
        lines = ["from __future__ import annotations", ""]
        stdlib = (["import os"] if plan.needs_path else []) + (
            ["from typing import TYPE_CHECKING"] if late else []
        )
        if stdlib:
            lines += [*stdlib, ""]
        if parent == "BasePage":
            lines += ["from e2e import BasePage", ""]
        block = imports_block(imports)
        if block:
            lines += [*block, ""]
        if late:
            lines += ["if TYPE_CHECKING:", *(f"    from {modules[u]} import {u}" for u in late), ""]
        lines += ["", f"class {plan.cls}({parent}):"]
        if plan is common:
            lines.append('    """What every recorded page shows: its navigation and header."""')
        else:
            lines.append(f"    path = {quote(plan.path)}")
        for source in methods:
            lines += ["", source]
        return "\n".join(lines) + "\n"
    text = existing
    for module, name in sorted(imports):
        if not re.search(rf"\bimport\b[^\n]*\b{name}\b", text):
            text = add_import(text, f"from {module} import {name}")
    if plan.needs_path and "import os" not in text:
        text = add_import(text, "import os")
    for used in late:
        if not re.search(rf"\bimport\b[^\n]*\b{used}\b", text):
            text = add_type_checking_import(text, f"from {modules[used]} import {used}")
    rows = []
    for source in methods:
        rows += ["", *source.splitlines()]
    return append_to_class(text, plan.cls, rows)


def plan_files(
    root: Path, suite: Suite, visits: list[Visit], name: str, *, force: bool = False
) -> tuple[Plan, list[str]]:
    """The files to write under ``root`` (path -> text), those left as they are, and the
    secrets the test reads from the environment. :class:`Clash` before anything."""
    if not visits:
        raise ValueError("nothing was recorded: no page was loaded while recording")
    planner = Planner(suite, force)
    planner.shared = shared_landmarks(visits, [planner.page(v.path).cls for v in visits])
    test_body, test_imports = write_test(
        planner, visits, identifier(name, "recorded"), visits[0].url
    )
    if planner.clashes and not force:
        raise Clash("; ".join(dict.fromkeys(planner.clashes)))
    plans = list(planner.pages.values())
    if planner.common.methods or planner.common.locators:
        plans.append(planner.common)
    modules = {p.cls: p.module for p in plans}
    cycles = {
        (a.cls, b)
        for a in planner.pages.values()
        for b in a.uses
        if b in planner.pages and a.cls in planner.pages[b].uses
    }
    # the common page is every written page's base: what it returns is imported late
    cycles |= {(planner.common.cls, b) for b in planner.common.uses}
    base = COMMON_PAGE[0] if planner.common_base else "BasePage"
    files: dict[Path, str] = {}
    for plan in plans:
        loc_path = root / (plan.locators_module.replace(".", "/") + ".py")
        existing = loc_path.read_text(encoding="utf-8") if loc_path.exists() else None
        text = locators_file(plan, existing)
        if text is not None:
            files[loc_path] = text
        page_path = root / (plan.module.replace(".", "/") + ".py")
        existing = page_path.read_text(encoding="utf-8") if page_path.exists() else None
        text = page_file(plan, existing, cycles, modules, base, planner.common)
        if text is not None:
            files[page_path] = text
    test_path = root / "tests" / f"test_{identifier(name, 'recorded')}.py"
    head = ["from __future__ import annotations", ""]
    stdlib = []
    if planner.secrets:
        stdlib.append("import os")
    if "tmp_path: Path" in test_body:
        stdlib.append("from pathlib import Path")
    used = {(m, n) for m, n in test_imports if re.search(rf"\b{n}\b", test_body)}
    head += [*stdlib, ""] if stdlib else []
    head += ["from e2e import PageFactory", "", *imports_block(used), "", "", ""]
    test_text = "\n".join(head) + test_body
    if test_path.exists() and test_path.read_text(encoding="utf-8") != test_text and not force:
        raise Clash(f"{test_path.relative_to(root)} exists with another test; name this one")
    files[test_path] = test_text
    for package in ("locators", "pages"):
        init = root / package / "__init__.py"
        if not init.exists():
            files[init] = ""
    unchanged = [p for p, t in files.items() if p.exists() and p.read_text(encoding="utf-8") == t]
    changed = {p: t for p, t in files.items() if p not in unchanged}
    return Plan(changed, unchanged), planner.secrets
