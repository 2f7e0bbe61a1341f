"""The test a recording writes: the first page opened, each method called in order with
the values typed (secrets from the environment, uploads as files in ``tmp_path``), each
navigation's page object kept, and the assertions made in assert mode."""

from __future__ import annotations

import re

from e2e.recording.flow import Action, Visit
from e2e.recording.naming import env_name, identifier, path_regex
from e2e.recording.planner import PagePlan, Planner
from e2e.recording.source import call_lines, quote, template_of

__all__ = ["path_values", "write_test"]


def write_test(
    planner: Planner, visits: list[Visit], name: str, start_url: str
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

    values = path_values(first.path, visits[0].path)
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
                values = path_values(plan.path, visit.path)
                opened = (
                    f"page({plan.cls}).open({', '.join(f'{k}={v}' for k, v in values.items())})"
                )
                lines.append(f"    {var(plan)} = {opened}")
        checks = list(visit.checks)
        for position, method in enumerate(visit.methods):
            lines += assertions(
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
                        args.append(f"tmp_path / {quote(file)}")
                elif action.kind == "select":
                    args.append(quote(action.values[0] if action.values else ""))
                elif action.kind == "template":
                    args.append(quote(action.value))
                else:
                    args.append(quote(action.value))
            call = f"{var(plan)}.{called}"
            if method.leads_to is not None:
                nxt = planner.page(method.leads_to.path)
                imports.add((nxt.module, nxt.cls))
                lines += call_lines("    ", f"{var(nxt)} = {call}", args)
            else:
                lines += call_lines("    ", call, args)
        lines += assertions(
            planner, plan, var(plan), [c for i, c in checks if i >= len(visit.methods)], imports
        )
        previous = plan
    setup = [
        f'    (tmp_path / {quote(f)}).write_text("A file the recording uploaded.\\n")'
        for f in dict.fromkeys(uploads)
    ]
    params = ["page: PageFactory"]
    if uploads:
        params.append("tmp_path: Path")
    head = call_lines("", f"def test_{name}", params, " -> None:")
    doc = f'    """Recorded with `e2e codegen` from {start_url}."""'
    body = [*head, doc, *setup, *lines]
    return "\n".join(body) + "\n", imports


def assertions(
    planner: Planner, plan: PagePlan, var: str, checks: list[Action], imports: set[tuple[str, str]]
) -> list[str]:
    out = []
    for check in checks:
        ref = planner.locator(plan, check.target)
        owner = ref.split(".")[0]
        template = template_of(check.target)
        if template is not None:
            ref += f".format({template[0]}={quote(template[1])})"
        module = plan.locators_module
        for known in planner.suite.locators:
            if known.cls == owner:
                module = known.module
        imports.add((module, owner))
        expect = f"{var}.expect({ref})"
        if check.mode == "text":
            out += call_lines("    ", f"{expect}.to_have_text", [quote(check.value)])
        elif check.mode == "value":
            out += call_lines("    ", f"{expect}.to_have_value", [quote(check.value)])
        elif check.mode == "count":
            out += call_lines("    ", f"{expect}.to_have_count", [str(check.count)])
        else:
            out.append(f"    {expect}.to_be_visible()")
    return out


def path_values(pattern: str, actual: str) -> dict[str, str]:
    names = re.findall(r"\{([^}]*)\}", pattern)
    if not names:
        return {}
    found = path_regex(pattern).fullmatch(actual)
    if not found:
        return {}
    return {
        n: (v if v.isdigit() else quote(v)) for n, v in zip(names, found.groups(), strict=False)
    }
