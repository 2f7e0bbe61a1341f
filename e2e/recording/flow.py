"""From the recorder's events to a flow: the pages visited, in order, each with the runs of
actions done on it (each run becomes one page-object method) and the assertions made.

- **Typing** is one ``fill`` per field: the last value of a run of input events.
- **A double click** replaces the two clicks that made it.
- **Back and forward** are told apart by the history the recording keeps.
- **Waiting** is never recorded: the page objects wait.
- **Methods:** a run of actions on a page ends with the control that ends it (a click, a
  key press). Its fields become the method's parameters, and the method takes its name
  from that control: fill, fill, click on "Log in" is ``log_in(username, password)``. A
  lone click that opens something (a dialog) and the fields that follow it make one
  method, named after the first click ("Add case" is ``add_case(title, description)``).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from e2e.recording.naming import identifier

__all__ = ["Action", "Method", "Visit", "build_flow"]

#: Actions that take a value a test gives: they become a method's parameters.
VALUED = ("fill", "select", "upload")
#: Words that end a field's name and say nothing of it.
_FIELD_WORDS = {"field", "select", "search", "checkbox", "textbox", "input", "box", "button"}


@dataclass
class Action:
    kind: str  # click dblclick rightclick check uncheck fill select upload press drag assert
    target: dict[str, Any] | None
    value: str = ""
    values: tuple[str, ...] = ()
    files: tuple[str, ...] = ()
    key: str = ""
    secret: bool = False
    to: dict[str, Any] | None = None
    mode: str = ""  # assert: visible text value count
    count: int = 0
    parameter: str = ""  # set by the method that takes the value

    @property
    def code(self) -> str:
        return str((self.target or {}).get("python", ""))


@dataclass
class Method:
    name: str
    actions: list[Action]
    #: The visit this method's last action led to (a navigation), if any.
    leads_to: Visit | None = None


@dataclass
class Visit:
    url: str
    how: str  # open navigate back forward
    #: The page that sent the browser here ("" for a typed address or driver.get).
    referrer: str = ""
    #: The locators (as the chooser writes them) of the page's navigation and header.
    landmarks: frozenset[str] = frozenset()
    actions: list[Action] = field(default_factory=list)
    methods: list[Method] = field(default_factory=list)
    #: The assertions, each after the method it follows (index into ``methods``).
    checks: list[tuple[int, Action]] = field(default_factory=list)

    @property
    def path(self) -> str:
        return urlsplit(self.url).path or "/"


def _action(event: dict[str, Any]) -> Action | None:
    kind = str(event.get("type", ""))
    target = event.get("target")
    if kind in ("click", "dblclick", "rightclick", "check", "uncheck"):
        return Action(kind, target)
    if kind == "fill":
        if event.get("secret"):
            return Action("fill", target, secret=True)
        return Action("fill", target, value=str(event.get("value", "")))
    if kind == "select":
        return Action("select", target, values=tuple(map(str, event.get("values", []))))
    if kind == "upload":
        files = tuple(str(f) for f in event.get("files", []) if f)
        return Action("upload", target, files=files) if files else None
    if kind == "press":
        return Action("press", target, key=str(event.get("key", "")))
    if kind == "drag":
        return Action("drag", target, to=event.get("to"))
    if kind == "assert":
        return Action(
            "assert",
            target,
            mode=str(event.get("mode", "visible")),
            value=str(event.get("text", event.get("value", "")) or ""),
            count=int(event.get("count", 0) or 0),
        )
    return None


def _same(a: Action, b: Action) -> bool:
    return a.code == b.code and bool(a.code)


def _append(actions: list[Action], new: Action) -> None:
    """Add ``new`` to a visit's actions, folding typing and double clicks."""
    last = actions[-1] if actions else None
    if new.kind == "fill" and last is not None and last.kind == "fill" and _same(last, new):
        actions[-1] = new  # the field's value after the last keystroke
        return
    if new.kind == "dblclick":
        for _ in range(2):
            if actions and actions[-1].kind == "click" and _same(actions[-1], new):
                actions.pop()
    actions.append(new)


def _visits(events: list[dict[str, Any]], skipped: list[dict[str, Any]]) -> list[Visit]:
    visits: list[Visit] = []
    history: list[str] = []
    at = -1
    for event in events:
        kind = event.get("type")
        if kind == "page":
            if not event.get("top", True):
                continue
            url = str(event.get("url", ""))
            how = "navigate"
            if not visits:
                how = "open"
            elif event.get("navigation") == "reload" and url == visits[-1].url:
                continue
            elif event.get("navigation") == "back_forward":
                if at > 0 and history[at - 1] == url:
                    how, at = "back", at - 1
                elif at + 1 < len(history) and history[at + 1] == url:
                    how, at = "forward", at + 1
            if how in ("open", "navigate"):
                history = [*history[: at + 1], url]
                at = len(history) - 1
            landmarks = frozenset(str(x) for x in event.get("landmarks", []) or [])
            visits.append(Visit(url, how, str(event.get("referrer", "") or ""), landmarks))
            continue
        if event.get("top") is False:
            if kind not in ("flush", "picked", "save"):
                skipped.append(event)
            continue
        action = _action(event)
        if action is not None and visits:
            _append(visits[-1].actions, action)
    return visits


def _terminal(action: Action) -> bool:
    return action.kind in ("click", "dblclick", "rightclick", "press", "drag")


def field_name(action: Action) -> str:
    """The parameter name of a valued action: its field as a person names it."""
    words = str((action.target or {}).get("human", "")).split()
    while len(words) > 1 and words[-1] in _FIELD_WORDS:
        words.pop()
    if action.kind == "upload":
        return "path" if len(action.files) == 1 else "paths"
    return identifier(" ".join(words), "value", most=4)


def method_name(actions: list[Action]) -> str:
    """The name of a run: its first lone click when it opens something, else the control
    that ends it."""
    ender = actions[-1]
    first = actions[0]
    if first is not ender and _terminal(first):
        ender = first
    target = ender.target or {}
    words = str(target.get("human", "")).split()
    while len(words) > 1 and words[-1] in ("button", "link", "item", "tab", "menu", "image"):
        words.pop()
    text = " ".join(words)
    if ender.kind == "press":
        key = ender.key.replace("+", " ").lower()
        return identifier(f"press {key}" + (f" in {text}" if text else ""), "press")
    if ender.kind == "upload":
        if target.get("dropzone"):
            return "attach_file"
        return identifier(f"upload {' '.join(w for w in words if w not in _FIELD_WORDS)}", "upload")
    if ender.kind in VALUED:
        return identifier(f"fill {field_name(ender)}")
    if ender.kind in ("check", "uncheck"):
        return identifier(f"{ender.kind} {text}", ender.kind)
    if target.get("link"):
        return identifier(f"open {text}", "open")
    if ender.kind == "dblclick":
        return identifier(f"double click {text}", "double_click")
    if ender.kind == "drag":
        return identifier(f"drag {text}", "drag")
    return identifier(text, "click")


def _methods(visit: Visit) -> None:
    runs: list[list[Action]] = []
    current: list[Action] = []
    for action in visit.actions:
        if action.kind == "assert":
            if current:
                runs.append(current)
                current = []
            visit.checks.append((len(runs), action))
            continue
        current.append(action)
        if _terminal(action):
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    # A lone click that opens something, then the fields it opened: one method.
    merged: list[list[Action]] = []
    for run in runs:
        if (
            merged
            and len(merged[-1]) == 1
            and _terminal(merged[-1][0])
            and any(a.kind in VALUED for a in run)
            and not (merged[-1][0].target or {}).get("link")
        ):
            merged[-1] = merged[-1] + run
        else:
            merged.append(run)
    # the checks were counted against the runs before merging: recount by identity
    ends = {id(run[-1]): i for i, run in enumerate(merged)}
    counted: list[tuple[int, Action]] = []
    for index, check in visit.checks:
        before = [a for r in runs[:index] for a in r]
        position = max((ends.get(id(a), -1) for a in before), default=-1) + 1
        counted.append((position, check))
    visit.checks = counted
    for run in merged:
        visit.methods.append(Method(method_name(run), run))


def build_flow(
    events: list[dict[str, Any]], skipped: list[dict[str, Any]] | None = None
) -> list[Visit]:
    """The visits of a recording, each with its methods and checks. Actions done inside
    frames go to ``skipped`` (not written yet)."""
    visits = _visits(events, skipped if skipped is not None else [])
    for visit in visits:
        _methods(visit)
    for before, after in itertools.pairwise(visits):
        if after.how == "navigate" and after.referrer and before.methods:
            before.methods[-1].leads_to = after
    return visits
