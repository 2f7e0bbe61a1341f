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

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from e2e.recording.flow import VALUED, Action, Method, Visit, field_name
from e2e.recording.naming import env_name, identifier, page_pattern
from e2e.recording.suite import KnownPage, Suite

__all__ = ["Clash", "Plan", "plan_files"]

WIDTH = 88


class Clash(Exception):
    """Names the recording would take that the suite already uses for other code."""


@dataclass
class PagePlan:
    cls: str
    module: str  # pages.login
    path: str
    locators_cls: str
    locators_module: str  # locators.login
    known: KnownPage | None = None
    #: attribute -> (expression, comment)
    locators: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: method name -> its source (indented four spaces)
    methods: dict[str, str] = field(default_factory=dict)
    #: page classes a method returns (for imports)
    uses: set[str] = field(default_factory=set)
    #: imports of the locator classes of other modules (module, class)
    locator_imports: set[tuple[str, str]] = field(default_factory=set)
    needs_path: bool = False


@dataclass
class Plan:
    files: dict[Path, str]
    unchanged: list[Path]


def _q(text: str) -> str:
    """A Python string literal, double-quoted as ruff format writes it."""
    literal = repr(text)
    if literal.startswith("'") and '"' not in text:
        literal = '"' + literal[1:-1].replace("\\'", "'") + '"'
    return literal


def _call(indent: str, head: str, args: list[str], tail: str = "") -> list[str]:
    """``head(args)tail`` on one line, or its arguments one a line when too long."""
    one = f"{indent}{head}({', '.join(args)}){tail}"
    if len(one) <= WIDTH or not args:
        return [one]
    return [f"{indent}{head}(", *(f"{indent}    {a}," for a in args), f"{indent}){tail}"]


def _locator_code(target: dict[str, Any]) -> str:
    """The Locator expression of a chosen target (the chooser's data, not its text: the
    page's JavaScript is never trusted to write Python)."""
    kind = str(target.get("kind", ""))
    args = [str(a) for a in target.get("args", [])]
    exact = bool(target.get("exact"))
    human = str(target.get("human", ""))
    flag = ", exact=True" if exact and kind in ("role", "label", "text") else ""
    if kind == "testId":
        code = f"Locator.test_id({_q(args[0])})"
    elif kind == "role":
        code = f"Locator.role({_q(args[0])}, {_q(args[1])}{flag})"
    elif kind == "label":
        code = f"Locator.label({_q(args[0])}{flag})"
    elif kind in ("placeholder", "title"):
        code = f"Locator.{kind}({_q(args[0])}, exact=True)"
    elif kind == "alt":
        code = f"Locator.alt_text({_q(args[0])}, exact=True)"
    elif kind == "text":
        code = f"Locator.text({_q(args[0])}{flag})"
    elif kind == "id":
        code = f"Locator(By.ID, {_q(args[0])}, {_q(human)})"
    elif kind == "css":
        code = f"Locator(By.CSS_SELECTOR, {_q(args[0])}, {_q(human)})"
    else:
        code = f"Locator(By.XPATH, {_q(args[0])}, {_q(human)})"
    within = target.get("within")
    template = _template(target)
    if template is not None and isinstance(within, dict):
        placeholder = "{" + template[0] + "}"
        code += f".within(Locator.role({_q(str(within['args'][0]))}, {_q(placeholder)}))"
    elif isinstance(within, dict):
        code += f".within({_locator_code(within)})"
    return code


def _template(target: dict[str, Any] | None) -> tuple[str, str] | None:
    """(placeholder, value) of a target inside a row named by its text: the locator is a
    template (``.within(Locator.role("row", "{title}"))``), the row's text a parameter."""
    within = (target or {}).get("within")
    template = within.get("template") if isinstance(within, dict) else None
    if not isinstance(template, dict) or not template.get("value"):
        return None
    return identifier(str(template.get("field", "row")), "row", most=3), str(template["value"])


#: The shared component: the base page every written page subclasses when the recording
#: used its navigation, and the locator class of that navigation (as the demo's
#: pages/base.py and locators/common.py).
COMMON_PAGE = ("AppPage", "pages.base")
COMMON_LOCATORS = ("CommonLocators", "locators.common")


def shared_landmarks(visits: list[Visit], pages: list[str]) -> frozenset[str]:
    """The navigation elements present on every page visited from the one where they
    first appear on, across at least two different pages."""
    shared: set[str] = set()
    for code in set().union(*(v.landmarks for v in visits)):
        first = next(i for i, v in enumerate(visits) if code in v.landmarks)
        later = visits[first:]
        if all(code in v.landmarks for v in later) and len(set(pages[first:])) >= 2:
            shared.add(code)
    return frozenset(shared)


class _Planner:
    def __init__(self, suite: Suite, force: bool) -> None:
        self.suite = suite
        self.force = force
        self.pages: dict[str, PagePlan] = {}
        self.clashes: list[str] = []
        self.secrets: list[str] = []
        self.shared: frozenset[str] = frozenset()
        known = suite.page_class(COMMON_PAGE[0])
        self.common = PagePlan(
            COMMON_PAGE[0], known.module if known else COMMON_PAGE[1], "",
            COMMON_LOCATORS[0], COMMON_LOCATORS[1], known,
        )  # fmt: skip
        #: Whether the written pages subclass the common page (it exists, or gets methods).
        self.common_base = known is not None

    def on_common(self, plan: PagePlan) -> bool:
        """Whether ``plan``'s page has the common page's methods (it subclasses it)."""
        if plan is self.common:
            return True
        if plan.known is not None:
            return COMMON_PAGE[0] in plan.known.bases
        return True

    # -- pages and locators -----------------------------------------------------------
    def page(self, url_path: str) -> PagePlan:
        known = self.suite.page_for(url_path)
        if known is not None:
            cls, module, path = known.cls, known.module, known.path
        else:
            pattern = page_pattern(url_path)
            cls, module, path = pattern.cls, f"pages.{pattern.module}", pattern.path
            other = self.suite.page_class(cls)
            if other is not None:  # the name is taken by a page of another path
                cls = f"{cls[:-4]}{'_'.join(pattern.module.split('_')[-1:]).title()}Page"
                if self.suite.page_class(cls) is not None:
                    self.clashes.append(
                        f"page class {pattern.cls} ({other.module}) has another path "
                        f"({other.path or 'none'}) than {pattern.path}"
                    )
        if cls not in self.pages:
            stem = module.split(".", 1)[1]
            self.pages[cls] = PagePlan(
                cls, module, path, f"{cls.removesuffix('Page')}Locators", f"locators.{stem}", known
            )
        return self.pages[cls]

    def locator(self, plan: PagePlan, target: dict[str, Any] | None) -> str:
        """The expression a method uses for ``target``: the suite's own locator when it has
        one for the element, else an attribute of the page's locator class."""
        if not target:
            raise ValueError("an action without a target")
        shared = str(target.get("python", "")) in self.shared
        if plan is not self.common and shared and not target.get("known"):
            ref = self.locator(self.common, target)
            plan.locator_imports.add((self.common.locators_module, self.common.locators_cls))
            return ref
        for known_id in target.get("known", []) or []:
            known = self.suite.locator(str(known_id))
            if known is not None:
                if known.module != plan.locators_module or known.cls != plan.locators_cls:
                    plan.locator_imports.add((known.module, known.cls))
                return known.id
        code = _locator_code(target)
        for attr, (existing, _) in plan.locators.items():
            if existing == code:
                return f"{plan.locators_cls}.{attr}"
        base = identifier(str(target.get("human", "")), "element")
        taken = {k.attr for k in self.suite.locators if k.cls == plan.locators_cls}
        attr, n = base, 2
        while attr in plan.locators or attr in taken:
            attr, n = f"{base}_{n}", n + 1
        comment = ""
        if target.get("positional"):
            comment = (
                "# Positional XPath, the last resort: nothing stable names this element. "
                "Give it a test id."
            )
        plan.locators[attr] = (code, comment)
        return f"{plan.locators_cls}.{attr}"

    # -- methods ----------------------------------------------------------------------
    def method(self, plan: PagePlan, method: Method) -> tuple[str, list[Action]]:
        """The method's name in the page (written, or the suite's own of the same body),
        and its valued actions in parameter order. A method done on the shared navigation
        alone goes to the common page, when the page has it."""
        if (
            plan is not self.common
            and self.on_common(plan)
            and all(str((a.target or {}).get("python", "")) in self.shared for a in method.actions)
            and not any(a.kind in VALUED for a in method.actions)
        ):
            self.common_base = True
            return self.method(self.common, method)
        params: list[str] = []
        valued: list[Action] = []
        body: list[str] = []
        for action in method.actions:
            ref = self.locator(plan, action.target)
            template = _template(action.target)
            if template is not None:
                field, value = template
                unique, n = field, 2
                while unique in params:
                    unique, n = f"{field}_{n}", n + 1
                key = Action("template", None, value=value, parameter=unique)
                params.append(unique)
                valued.append(key)
                ref = f"{ref}.format({field}={unique})"
            if action.kind in VALUED:
                name = field_name(action)
                taken = set(params)
                unique, n = name, 2
                while unique in taken:
                    unique, n = f"{name}_{n}", n + 1
                action.parameter = unique
                params.append(unique)
                valued.append(action)
            body += self._statement(plan, action, ref)
        returns = "None"
        if method.leads_to is not None:
            nxt = self.page(method.leads_to.path)
            returns = nxt.cls
            if nxt.cls != plan.cls:
                plan.uses.add(nxt.cls)
            body.append(f"        return self.to({nxt.cls})")
        typed = ["self"] + [
            f"{p}: {'str | os.PathLike[str]' if a.kind == 'upload' else 'str'}"
            for p, a in zip(params, valued, strict=False)
        ]
        if any(a.kind == "upload" for a in valued):
            plan.needs_path = True
        head = _call("    ", f"def {method.name}", typed, f" -> {returns}:")
        source = "\n".join([*head, *body])
        name = self._method_name(plan, method.name, source)
        if name != method.name:
            source = source.replace(f"def {method.name}(", f"def {name}(", 1)
        if name not in (plan.known.methods if plan.known else {}):
            plan.methods[name] = source
        return name, valued

    def _method_name(self, plan: PagePlan, name: str, source: str) -> str:
        existing = dict(plan.known.methods) if plan.known else {}
        existing.update(plan.methods)
        candidate, n = name, 2
        while candidate in existing:
            theirs = existing[candidate]
            ours = source.replace(f"def {name}(", f"def {candidate}(", 1)
            if _normal(theirs) == _normal(ours):
                return candidate
            if not self.force and candidate == name:
                self.clashes.append(
                    f"{plan.cls}.{name} exists with another body ({plan.module}); the "
                    "recording would write a different one"
                )
            candidate, n = f"{name}_{n}", n + 1
        return candidate

    def _statement(self, plan: PagePlan, action: Action, ref: str) -> list[str]:
        p = action.parameter
        kind = action.kind
        if kind == "fill":
            args = [ref, p] + (["secret=True"] if action.secret else [])
            return _call("        ", "self.fill", args)
        if kind == "select":
            return _call("        ", "self.select", [ref, p])
        if kind == "upload":
            zone = bool((action.target or {}).get("dropzone"))
            return _call(
                "        ", f"self.{'add_dropzone_attachment' if zone else 'upload_file'}", [ref, p]
            )
        if kind in ("check", "uncheck"):
            return _call("        ", "self.set_checked", [ref, str(kind == "check")])
        if kind == "press":
            args = [_q(action.key)] + ([f"on={ref}"] if action.target else [])
            return _call("        ", "self.press", args)
        if kind == "drag":
            to = self.locator(plan, action.to)
            return _call("        ", "self.drag_to", [ref, to])
        verb = {"dblclick": "double_click", "rightclick": "right_click"}.get(kind, "click")
        return _call("        ", f"self.{verb}", [ref])


def _normal(source: str) -> str:
    """A method's code for comparing: its imports inside the body and spacing aside."""
    body = re.sub(r"(?m)^\s+from \S+ import [\w, ]+$", "", source)
    return re.sub(r"\s+", " ", body).strip()


# -- the test ------------------------------------------------------------------------------
def _test(
    planner: _Planner, visits: list[Visit], name: str, start_url: str
) -> tuple[str, set[tuple[str, str]]]:
    imports: set[tuple[str, str]] = set()
    lines: list[str] = []
    uploads: list[str] = []
    first = planner.page(visits[0].path)
    imports.add((first.module, first.cls))
    variables: dict[str, str] = {}

    def var(plan: PagePlan) -> str:
        if plan.cls not in variables:
            base = identifier(plan.cls.removesuffix("Page"), "page")
            variables[plan.cls] = base if base not in variables.values() else f"{base}_page"
        return variables[plan.cls]

    values = _path_values(first.path, visits[0].path)
    opened = f"page({first.cls}).open({', '.join(f'{k}={v}' for k, v in values.items())})"
    lines.append(f"    {var(first)} = {opened}")
    previous = first
    for index, visit in enumerate(visits):
        plan = planner.page(visit.path)
        if index:
            led = any(m.leads_to is visit for v in visits for m in v.methods)
            if visit.how in ("back", "forward"):
                imports.add((plan.module, plan.cls))
                lines.append(f"    {var(plan)} = {var(previous)}.{visit.how}({plan.cls})")
            elif not led:  # an address typed, or driver.get: the page is opened
                imports.add((plan.module, plan.cls))
                values = _path_values(plan.path, visit.path)
                opened = (
                    f"page({plan.cls}).open({', '.join(f'{k}={v}' for k, v in values.items())})"
                )
                lines.append(f"    {var(plan)} = {opened}")
        checks = list(visit.checks)
        for position, method in enumerate(visit.methods):
            lines += _checks(
                planner, plan, var(plan), [c for i, c in checks if i == position], imports
            )
            called, valued = planner.method(plan, method)
            args = []
            for action in valued:
                if action.secret:
                    env = env_name(action.parameter)
                    planner.secrets.append(env)
                    args.append(f'os.environ["{env}"]')
                elif action.kind == "upload":
                    for file in action.files[:1]:
                        uploads.append(file)
                        args.append(f"tmp_path / {_q(file)}")
                elif action.kind == "select":
                    args.append(_q(action.values[0] if action.values else ""))
                elif action.kind == "template":
                    args.append(_q(action.value))
                else:
                    args.append(_q(action.value))
            call = f"{var(plan)}.{called}"
            if method.leads_to is not None:
                nxt = planner.page(method.leads_to.path)
                imports.add((nxt.module, nxt.cls))
                lines += _call("    ", f"{var(nxt)} = {call}", args)
            else:
                lines += _call("    ", call, args)
        lines += _checks(
            planner, plan, var(plan), [c for i, c in checks if i >= len(visit.methods)], imports
        )
        previous = plan
    setup = [
        f'    (tmp_path / {_q(f)}).write_text("A file the recording uploaded.\\n")'
        for f in dict.fromkeys(uploads)
    ]
    params = ["page: PageFactory"]
    if uploads:
        params.append("tmp_path: Path")
    head = _call("", f"def test_{name}", params, " -> None:")
    doc = f'    """Recorded with `e2e codegen` from {start_url}."""'
    body = [*head, doc, *setup, *lines]
    return "\n".join(body) + "\n", imports


def _checks(
    planner: _Planner, plan: PagePlan, var: str, checks: list[Action], imports: set[tuple[str, str]]
) -> list[str]:
    out = []
    for check in checks:
        ref = planner.locator(plan, check.target)
        owner = ref.split(".")[0]
        template = _template(check.target)
        if template is not None:
            ref += f".format({template[0]}={_q(template[1])})"
        module = plan.locators_module
        for known in planner.suite.locators:
            if known.cls == owner:
                module = known.module
        imports.add((module, owner))
        expect = f"{var}.expect({ref})"
        if check.mode == "text":
            out += _call("    ", f"{expect}.to_have_text", [_q(check.value)])
        elif check.mode == "value":
            out += _call("    ", f"{expect}.to_have_value", [_q(check.value)])
        elif check.mode == "count":
            out += _call("    ", f"{expect}.to_have_count", [str(check.count)])
        else:
            out.append(f"    {expect}.to_be_visible()")
    return out


def _path_values(pattern: str, actual: str) -> dict[str, str]:
    names = re.findall(r"\{([^}]*)\}", pattern)
    if not names:
        return {}
    regex = re.sub(r"\\\{[^}]*\\\}", "([^/]+)", re.escape(pattern))
    found = re.fullmatch(regex, actual)
    if not found:
        return {}
    return {n: (v if v.isdigit() else _q(v)) for n, v in zip(names, found.groups(), strict=False)}


# -- files ---------------------------------------------------------------------------------
def _imports_block(items: set[tuple[str, str]]) -> list[str]:
    by_module: dict[str, set[str]] = {}
    for module, name in items:
        by_module.setdefault(module, set()).add(name)
    return [f"from {m} import {', '.join(sorted(n))}" for m, n in sorted(by_module.items())]


def _locators_file(plan: PagePlan, existing: str | None) -> str | None:
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
        text = _append_to_class(text, plan.locators_cls, attrs)
    if any("By." in code for code, _ in plan.locators.values()) and "import By" not in text:
        text = _add_import(text, "from selenium.webdriver.common.by import By")
    if "import Locator" not in text and "Locator," not in text:
        text = _add_import(text, "from e2e import Locator")
    return text


def _append_to_class(text: str, cls: str, lines: list[str]) -> str:
    tree = ast.parse(text)
    node = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == cls)
    end = node.end_lineno or len(text.splitlines())
    rows = text.splitlines()
    return "\n".join([*rows[:end], *lines, *rows[end:]]) + "\n"


def _add_import(text: str, line: str) -> str:
    if line in text:
        return text
    tree = ast.parse(text)
    last = 0
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            last = node.end_lineno or last
    rows = text.splitlines()
    return "\n".join([*rows[:last], line, *rows[last:]]) + "\n"


def _page_file(
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
        block = _imports_block(imports)
        if block:
            lines += [*block, ""]
        if late:
            lines += ["if TYPE_CHECKING:", *(f"    from {modules[u]} import {u}" for u in late), ""]
        lines += ["", f"class {plan.cls}({parent}):"]
        if plan is common:
            lines.append('    """What every recorded page shows: its navigation and header."""')
        else:
            lines.append(f"    path = {_q(plan.path)}")
        for source in methods:
            lines += ["", source]
        return "\n".join(lines) + "\n"
    text = existing
    for module, name in sorted(imports):
        if not re.search(rf"\bimport\b[^\n]*\b{name}\b", text):
            text = _add_import(text, f"from {module} import {name}")
    if plan.needs_path and "import os" not in text:
        text = _add_import(text, "import os")
    for used in late:
        if not re.search(rf"\bimport\b[^\n]*\b{used}\b", text):
            text = _add_type_checking_import(text, f"from {modules[used]} import {used}")
    rows = []
    for source in methods:
        rows += ["", *source.splitlines()]
    return _append_to_class(text, plan.cls, rows)


def _add_type_checking_import(text: str, line: str) -> str:
    """``line`` under the file's ``if TYPE_CHECKING:`` (made when it has none)."""
    if "if TYPE_CHECKING:" in text:
        return text.replace("if TYPE_CHECKING:\n", f"if TYPE_CHECKING:\n    {line}\n", 1)
    text = _add_import(text, "from typing import TYPE_CHECKING")
    tree = ast.parse(text)
    last = max(
        (n.end_lineno or 0 for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))),
        default=0,
    )
    rows = text.splitlines()
    return "\n".join([*rows[:last], "", "if TYPE_CHECKING:", f"    {line}", *rows[last:]]) + "\n"


def plan_files(
    root: Path, suite: Suite, visits: list[Visit], name: str, *, force: bool = False
) -> tuple[Plan, list[str]]:
    """The files to write under ``root`` (path -> text), those left as they are, and the
    secrets the test reads from the environment. :class:`Clash` before anything."""
    if not visits:
        raise ValueError("nothing was recorded: no page was loaded while recording")
    planner = _Planner(suite, force)
    planner.shared = shared_landmarks(visits, [planner.page(v.path).cls for v in visits])
    test_body, test_imports = _test(planner, visits, identifier(name, "recorded"), visits[0].url)
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
        text = _locators_file(plan, existing)
        if text is not None:
            files[loc_path] = text
        page_path = root / (plan.module.replace(".", "/") + ".py")
        existing = page_path.read_text(encoding="utf-8") if page_path.exists() else None
        text = _page_file(plan, existing, cycles, modules, base, planner.common)
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
    head += ["from e2e import PageFactory", "", *_imports_block(used), "", "", ""]
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
