"""Accessibility checks with axe-core, run in the page once it has settled.

axe-core (Deque's engine, MPL-2.0) ships inside this package as package data, from its
npm package (``e2e/checks/vendor/package.json`` pins the version; ``make setup`` installs it);
nothing is fetched at run time. It is put into the page by WebDriver's own script
command, so a page's Content Security Policy does not stand in its way, and it runs
there with ``axe.run``: the same engine and the same rules on every browser.
"""

from __future__ import annotations

import functools
import html
import json
import secrets
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from selenium.webdriver.remote.webdriver import WebDriver

from e2e.base.renamed import renamed_attribute
from e2e.locators import LocatorLike, as_locators
from e2e.queries import find_elements

__all__ = [
    "IMPACTS",
    "AccessibilityError",
    "AxeOptions",
    "Violation",
    "axe_version",
    "expect_accessible",
    "scan",
    "violations_table",
]

#: axe's impact levels, least to most severe.
IMPACTS = ("minor", "moderate", "serious", "critical")
_AXE = Path(__file__).parent / "vendor" / "node_modules" / "axe-core"

_RUN = """
// arguments: options, how many include elements, then the include and exclude elements
// (each one an argument of its own: WebKitWebDriver reads no element inside an object).
var options = arguments[0], count = arguments[1], done = arguments[arguments.length - 1];
var elements = Array.prototype.slice.call(arguments, 2, arguments.length - 1);
var include = elements.slice(0, count), exclude = elements.slice(count);
var context = include.length || exclude.length
  ? {include: include.length ? include : [document], exclude: exclude}
  : document;
var held = Object.getOwnPropertyDescriptor(window, KEY), axe = held && held.value;
if (!axe || typeof axe.run !== "function") {
  done({error: "the bundled axe-core was gone from the page when the scan began"});
  return;
}
axe.run(context, options).then(function (result) {
  done({violations: result.violations.map(function (v) {
    return {id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
            nodes: v.nodes.map(function (n) {
              return {target: n.target.map(String).join(' '), html: n.html};
            })};
  })});
}, function (error) { done({error: String((error && error.message) || error)}); });
"""


class AccessibilityError(AssertionError):
    """axe-core found violations at or above the impact asked for."""


@dataclass(frozen=True)
class Violation:
    """One axe rule the page breaks, and where: (selector, HTML snippet) per element."""

    rule: str
    impact: str
    help: str
    help_url: str
    elements: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class AxeOptions:
    """Run-wide settings of ``expect_accessible``: rules every call leaves out (ini
    ``e2e_axe_disable``), and where the violations table goes (the report row)."""

    disable: tuple[str, ...] = ()
    report: Callable[[str], None] | None = None


@functools.cache
def _axe() -> tuple[str, str]:
    script, package = _AXE / "axe.min.js", _AXE / "package.json"
    if not script.exists():
        raise FileNotFoundError(
            f"axe-core is not installed: {script} is missing. Run `make setup` (or `cd "
            f"{_AXE.parent} && npm ci`) in a source checkout; a built wheel carries it."
        )
    version = str(json.loads(package.read_text())["version"])
    return script.read_text(encoding="utf-8"), version


#: Where this process keeps its axe-core in a page: a name no page knows (not
#: ``window.axe``, which an app may define itself: @axe-core/react does, with its own
#: configuration), held as a non-enumerable property.
_KEY = f"__e2e_axe_{secrets.token_hex(6)}"

_HELD = (
    "var d = Object.getOwnPropertyDescriptor(window, arguments[0]);"
    " return d && d.value && d.value.version || null;"
)


@functools.cache
def _loader(source: str) -> str:
    """axe-core started in a scope of its own and kept under :data:`_KEY`: the page's
    ``window.axe`` (an app's own, a fake of the same version, a getter that throws) is
    neither used nor changed. axe's UMD start hands itself to ``module``; the
    ``window.axe`` it also sets is taken back at once."""
    return (
        'var saved = Object.getOwnPropertyDescriptor(window, "axe");\n'
        "if (saved) { try { delete window.axe; } catch (e) {} }\n"
        "var axe;\n"
        "try {\n"
        "  axe = (function (define) {\n"
        "    var module = {exports: {}};\n" + source + "\n"
        "    return module.exports;\n"
        "  })(undefined);\n"
        "} catch (e) {\n"
        "  return 'it could not start: ' + String((e && e.message) || e);\n"
        "} finally {\n"
        "  try { delete window.axe; } catch (e) {}\n"
        '  if (saved) { try { Object.defineProperty(window, "axe", saved); } catch (e) {} }\n'
        "}\n"
        "if (!axe || typeof axe.run !== 'function') return 'it did not start (no axe.run)';\n"
        "Object.defineProperty(window, arguments[0], {value: axe, configurable: true});\n"
        "return null;\n"
    )


def _start(driver: WebDriver, source: str, version: str) -> None:
    """This process's axe-core in the page, started unless it is there already."""
    if driver.execute_script(_HELD, _KEY) == version:
        return
    problem = driver.execute_script(_loader(source), _KEY)
    if problem:
        raise RuntimeError(f"axe-core {version} could not run in this page: {problem}")


def axe_version() -> str:
    """The version of the axe-core this package carries."""
    return _axe()[1]


def scan(
    driver: WebDriver,
    *,
    include: Sequence[LocatorLike] = (),
    exclude: Sequence[LocatorLike] = (),
    rules: Mapping[str, bool] | None = None,
) -> list[Violation]:
    """Every axe violation in the page now (or in ``include``, less ``exclude``)."""
    source, version = _axe()
    found: dict[str, list[Any]] = {}
    for key, given in (("include", include), ("exclude", exclude)):
        locators = as_locators(given, f"expect_accessible({key}=...)")
        found[key] = [el for loc in locators for el in find_elements(driver, *loc)]
        if locators and not found[key] and key == "include":
            raise ValueError(
                "expect_accessible(include=...) matched no element: "
                + ", ".join(map(repr, locators))
            )
    options = {
        "resultTypes": ["violations"],
        "rules": {rule: {"enabled": bool(on)} for rule, on in (rules or {}).items()},
    }
    _start(driver, source, version)
    answer = driver.execute_async_script(
        _RUN.replace("KEY", json.dumps(_KEY)),
        options,
        len(found["include"]),
        *found["include"],
        *found["exclude"],
    )
    if not isinstance(answer, dict) or "error" in answer:
        said = answer.get("error") if isinstance(answer, dict) else answer
        raise RuntimeError(f"axe-core {version} could not run in this page: {said}")
    return [
        Violation(
            v["id"],
            v.get("impact") or "minor",
            v["help"],
            v["helpUrl"],
            tuple((n["target"], n["html"]) for n in v["nodes"]),
        )
        for v in answer["violations"]
    ]


def _at_least(impact: str) -> list[str]:
    if impact not in IMPACTS:
        raise ValueError(f"impact {impact!r} is not one of axe's: {', '.join(IMPACTS)}")
    return list(IMPACTS[IMPACTS.index(impact) :])


def expect_accessible(
    driver: WebDriver,
    *,
    include: Sequence[LocatorLike] = (),
    exclude: Sequence[LocatorLike] = (),
    rules: Mapping[str, bool] | None = None,
    impact: str = "serious",
    options: AxeOptions | None = None,
) -> list[Violation]:
    """Scan, and raise :class:`AccessibilityError` listing the violations at or above
    ``impact``; return those below it. ``rules`` turns rules on or off by id over the
    run's ``options.disable``."""
    __tracebackhide__ = True
    levels = _at_least(impact)
    merged = {rule: False for rule in (options.disable if options else ())}
    merged.update(rules or {})
    found = scan(driver, include=include, exclude=exclude, rules=merged)
    if found and options is not None and options.report is not None:
        options.report(violations_table(found))
    failing = [v for v in found if v.impact in levels]
    if failing:
        raise AccessibilityError(_describe(failing, impact, driver.current_url))
    return found


def _describe(violations: list[Violation], impact: str, url: str) -> str:
    lines = [
        f"{len(violations)} accessibility rule(s) broken at {impact} impact or worse on "
        f"{url} (axe-core {axe_version()}):"
    ]
    for v in violations:
        lines.append(f"- {v.rule} ({v.impact}): {v.help} [{v.help_url}]")
        for selector, snippet in v.elements[:10]:
            lines.append(f"    {selector}  {' '.join(snippet.split())[:160]}")
        if len(v.elements) > 10:
            lines.append(f"    … and {len(v.elements) - 10} more")
    lines.append(
        "Fix the page, or leave a rule out with rules={'rule-id': False} (this call) or "
        "the ini key e2e_axe_disable (every test)."
    )
    return "\n".join(lines)


def violations_table(violations: Sequence[Violation]) -> str:
    """The violations as an HTML table, for the report row."""
    rows = []
    for v in violations:
        where = "<br>".join(
            f"<code>{html.escape(sel)}</code> {html.escape(' '.join(snip.split())[:160])}"
            for sel, snip in v.elements[:10]
        )
        rows.append(
            f"<tr><td>{html.escape(v.rule)}</td><td>{html.escape(v.impact)}</td>"
            f"<td><a href='{html.escape(v.help_url)}'>{html.escape(v.help)}</a></td>"
            f"<td>{where}</td></tr>"
        )
    return (
        "<table class='axe-violations'><caption>Accessibility violations (axe-core "
        f"{html.escape(axe_version())})</caption><tr><th>rule</th><th>impact</th>"
        "<th>help</th><th>elements</th></tr>" + "".join(rows) + "</table>"
    )


def __getattr__(name: str) -> Any:
    """``check_accessible``, the name before 0.2."""
    return renamed_attribute(__name__, name, {"check_accessible": "expect_accessible"}, globals())
