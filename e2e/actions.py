"""A log of what page objects did, with timings, for failure reports."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

__all__ = ["Action", "ActionLog", "mask"]

MASK = "••••••"


def mask(text: str, secrets: Iterable[str]) -> str:
    """``text`` with every secret in it replaced by a mask."""
    for secret in sorted((s for s in secrets if s), key=len, reverse=True):
        text = text.replace(secret, MASK)
    return text


@dataclass(frozen=True)
class Action:
    name: str
    detail: str
    seconds: float
    error: str | None = None

    def __str__(self) -> str:
        outcome = f"  FAILED: {self.error}" if self.error else ""
        return f"{self.seconds * 1000:8.1f} ms  {self.name} {self.detail}{outcome}"


@dataclass
class ActionLog:
    """Collects page-object actions; ``slow_mo`` pauses after each one (for watching)."""

    slow_mo: float = 0.0
    actions: list[Action] = field(default_factory=list)
    secrets: set[str] = field(default_factory=set)

    @contextmanager
    def action(self, name: str, detail: str, *, secret: str | None = None) -> Iterator[None]:
        if secret:
            self.secrets.add(secret)
        started = time.perf_counter()
        try:
            yield
        except Exception as exc:
            text = getattr(exc, "msg", None) or str(exc)  # Selenium's without "Message: "
            message = mask(text.splitlines()[0] if text else type(exc).__name__, self.secrets)
            self.actions.append(Action(name, detail, time.perf_counter() - started, message))
            raise
        self.actions.append(Action(name, detail, time.perf_counter() - started))
        if self.slow_mo:
            time.sleep(self.slow_mo)  # a pause for a person watching, not a wait

    def clear(self) -> None:
        self.actions.clear()

    def render(self) -> str:
        return mask("\n".join(map(str, self.actions)), self.secrets)
