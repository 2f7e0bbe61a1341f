"""A log of what page objects did, with timings, for failure reports and traces."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

__all__ = ["Action", "ActionLog", "mask"]

from e2e.base.masking import mask


@dataclass(frozen=True)
class Action:
    name: str
    detail: str
    seconds: float
    error: str | None = None
    #: Wall-clock start (``time.time()``), for lining actions up with console and network.
    started: float = 0.0
    #: 0 for an action a page object was asked for; more for one inside another.
    depth: int = 0
    #: What it waited for before acting (overlay, busy widget, AJAX, the element), if
    #: anything was in the way at first, and how long that wait took.
    waited_for: str | None = None
    wait_seconds: float = 0.0

    def __str__(self) -> str:
        outcome = f"  FAILED: {self.error}" if self.error else ""
        waited = (
            f"  (waited {self.wait_seconds * 1000:.0f} ms for {self.waited_for})"
            if self.waited_for
            else ""
        )
        return f"{self.seconds * 1000:8.1f} ms  {self.name} {self.detail}{waited}{outcome}"


@dataclass
class _Open:
    waited_for: str | None = None
    wait_seconds: float = 0.0


#: Actions that only look at the page (or wait for it), changing nothing.
LOOKS = frozenset(
    {
        "find",
        "find all",
        "is displayed",
        "read checked",
        "read selected option",
        "read text",
        "read text content",
        "read texts",
        "read value",
        "expect",
        "wait",
        "wait for",
        "to",
    }
)
#: Actions that wait for their element first and call ``changing()`` just before acting.
ACTS_LATER = frozenset({"click", "type", "send keys", "clear", "select", "check", "uncheck"})


@dataclass
class ActionLog:
    """Collects page-object actions; ``slow_mo`` pauses after each one (for watching).

    ``listeners`` are called with each finished top-level action (a trace asks for its
    screenshot there), and ``before_change`` right before an action changes the page (a
    trace waits there for the screenshots it asked for, so none shows the next action's
    effect): on entry to an action, or, for those that first wait for their element
    (:data:`ACTS_LATER`), by the page object just before it acts (:meth:`changing`).
    ``starting`` hears each top-level action start and ``acting_on`` the element an
    action is about to act on (a trace takes its "before" and "action" DOM snapshots).
    """

    slow_mo: float = 0.0
    actions: list[Action] = field(default_factory=list)
    secrets: set[str] = field(default_factory=set)
    listeners: list[Callable[[Action], None]] = field(default_factory=list)
    before_change: list[Callable[[], None]] = field(default_factory=list)
    #: Called as each top-level action starts, with its name.
    starting: list[Callable[[str], None]] = field(default_factory=list)
    #: Called with the element an action is about to act on (after ``before_change``).
    acting_on: list[Callable[[object], None]] = field(default_factory=list)
    _open: list[_Open] = field(default_factory=list, repr=False)

    @contextmanager
    def action(self, name: str, detail: str, *, secret: str | None = None) -> Iterator[None]:
        if secret:
            self.secrets.add(secret)
        depth = len(self._open)
        if depth == 0:
            for listener in self.starting:
                listener(name)
        if name not in LOOKS and name not in ACTS_LATER:
            self.changing()
        started_wall, started = time.time(), time.perf_counter()
        note = _Open()
        self._open.append(note)
        try:
            yield
        except Exception as exc:
            text = getattr(exc, "msg", None) or str(exc)  # Selenium's without "Message: "
            message = mask(text.splitlines()[0] if text else type(exc).__name__, self.secrets)
            self._finish(
                Action(
                    name,
                    detail,
                    time.perf_counter() - started,
                    message,
                    started_wall,
                    depth,
                    note.waited_for,
                    note.wait_seconds,
                )
            )
            raise
        finally:
            self._open.pop()
        self._finish(
            Action(
                name,
                detail,
                time.perf_counter() - started,
                None,
                started_wall,
                depth,
                note.waited_for,
                note.wait_seconds,
            )
        )
        if self.slow_mo and depth == 0:
            time.sleep(self.slow_mo)  # a pause for a person watching, not a wait

    def _finish(self, action: Action) -> None:
        self.actions.append(action)
        if action.depth == 0:
            for listener in self.listeners:
                listener(action)

    def changing(self, target: object | None = None) -> None:
        """The page is about to change (see ``before_change``), through ``target`` when
        the action acts on an element (see ``acting_on``)."""
        for listener in self.before_change:
            listener()
        if target is not None:
            for on in self.acting_on:
                on(target)

    def waited(self, what: str, seconds: float) -> None:
        """Note on the innermost open action what it waited for, and how long."""
        if self._open and what:
            note = self._open[-1]
            note.waited_for = what if not note.waited_for else f"{note.waited_for}; {what}"
            note.wait_seconds += seconds

    def clear(self) -> None:
        self.actions.clear()

    def render(self) -> str:
        return mask("\n".join(map(str, self.actions)), self.secrets)
