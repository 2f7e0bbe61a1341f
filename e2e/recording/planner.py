"""What a recording becomes, before any file: a plan per page (its locator class, its
methods, what it imports) and the shared component, with the suite's own locators, pages
and methods reused where they fit, and the clashes where a name is taken."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from e2e.recording.flow import VALUED, Action, Method, Visit, field_name
from e2e.recording.naming import identifier, page_pattern
from e2e.recording.source import call_lines, locator_code, quote, same_code, template_of
from e2e.recording.suite import KnownPage, Suite

__all__ = ["COMMON_LOCATORS", "COMMON_PAGE", "Clash", "PagePlan", "Planner", "shared_landmarks"]


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


class Planner:
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
        code = locator_code(target)
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
            template = template_of(action.target)
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
        head = call_lines("    ", f"def {method.name}", typed, f" -> {returns}:")
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
            if same_code(theirs) == same_code(ours):
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
            return call_lines("        ", "self.fill", args)
        if kind == "select":
            return call_lines("        ", "self.select", [ref, p])
        if kind == "upload":
            zone = bool((action.target or {}).get("dropzone"))
            return call_lines(
                "        ", f"self.{'add_dropzone_attachment' if zone else 'upload_file'}", [ref, p]
            )
        if kind in ("check", "uncheck"):
            return call_lines("        ", "self.set_checked", [ref, str(kind == "check")])
        if kind == "press":
            args = [quote(action.key)] + ([f"on={ref}"] if action.target else [])
            return call_lines("        ", "self.press", args)
        if kind == "drag":
            to = self.locator(plan, action.to)
            return call_lines("        ", "self.drag_to", [ref, to])
        verb = {"dblclick": "double_click", "rightclick": "right_click"}.get(kind, "click")
        return call_lines("        ", f"self.{verb}", [ref])
