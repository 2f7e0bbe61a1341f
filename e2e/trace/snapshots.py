"""DOM snapshots of a trace's steps: the page as data (``snapshot.js`` reads it in the
page), stored once per distinct subtree for the whole trace.

Each snapshot is a tree of nodes; every distinct node (a text, or a tag with its
attributes and the ids of its kids) is kept once in :attr:`Snapshots.nodes`, so a
snapshot that differs from the last one by a row adds that row and the few elements
above it, and a stylesheet is stored once however many snapshots show it (Playwright's
trace keeps unchanged subtrees as references to earlier snapshots to the same end).
The page sends a stylesheet's text once per document and trace, and answers "same as
snapshot N" when nothing changed since it (no DOM mutation, input or scrolling).
"""

from __future__ import annotations

import functools
import json
import uuid
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from selenium.webdriver.remote.webdriver import WebDriver

__all__ = ["Snapshots", "page_script", "snapshot_script"]


def page_script(name: str) -> str:
    """One of the trace's page scripts, without its header comment."""
    js = resources.files("e2e.trace").joinpath(name).read_text(encoding="utf-8")
    return "\n".join(line for line in js.splitlines() if not line.startswith("//")).strip()


@functools.cache
def snapshot_script() -> str:
    """The page script: ``(token, seq, target)`` in, the snapshot's data out (an
    expression, with the change counter of ``changes.js`` inside)."""
    snapshot = page_script("snapshot.js").rstrip(";")
    return snapshot.replace("/*__CHANGES__*/", page_script("changes.js"), 1)


@dataclass
class Snapshots:
    """The DOM snapshots of one trace."""

    driver: WebDriver
    #: Every distinct node: a text, or ``[tag, attrs, kid ids]``.
    nodes: list[Any] = field(default_factory=list)
    #: Each snapshot: ``root`` (a node id, or ``None``), url, title, viewport, target.
    taken: list[dict[str, Any]] = field(default_factory=list)
    #: The trace's token: what the page keeps for it is its own.
    token: str = field(default_factory=lambda: uuid.uuid4().hex)
    _ids: dict[str, int] = field(default_factory=dict, repr=False)
    _sheets: dict[str, str] = field(default_factory=dict, repr=False)

    def take(self, target: object | None = None) -> int | None:
        """A snapshot of the page now (``target``: the element the step acts on); its
        number, or ``None`` when the page could not be read (a dialog open, the window
        closed)."""
        try:
            info = self.driver.execute_script(
                "return " + snapshot_script(), self.token, len(self.taken), target
            )
        except Exception:  # a dialog open, the window closed, the browser gone
            return None
        return self.add(info)

    def add(self, info: Any) -> int | None:  # None: not an answer of snapshot.js
        """Store what ``snapshot.js`` answered; its number."""
        if not isinstance(info, dict):
            return None
        root: int | None = None
        if "same" in info:
            same = info["same"]
            if isinstance(same, int) and 0 <= same < len(self.taken):
                root = self.taken[same]["root"]
        else:
            try:
                root = self._intern(info.get("tree"))
            except RecursionError:  # a DOM deeper than Python's stack: no tree
                root = None
        # Appended even without a tree: the page numbers snapshots as this list does.
        self.taken.append(
            {
                "root": root,
                "url": str(info.get("url") or ""),
                "title": str(info.get("title") or ""),
                "viewport": info.get("viewport") or [0, 0],
                "target": info.get("target"),
            }
        )
        return len(self.taken) - 1

    def _intern(self, node: Any) -> int:
        if isinstance(node, dict):  # a stylesheet: its text, sent once a document
            key = str(node.get("sheet"))
            if "text" in node:
                self._sheets[key] = str(node["text"])
            node = self._sheets.get(key, "")
        if isinstance(node, str):
            entry: Any = node
        elif isinstance(node, list) and len(node) == 3:
            tag, attrs, kids = node
            entry = [str(tag), [str(a) for a in attrs], [self._intern(k) for k in kids]]
        else:
            entry = ""
        key = json.dumps(entry, ensure_ascii=False, separators=(",", ":"))
        found = self._ids.get(key)
        if found is None:
            found = self._ids[key] = len(self.nodes)
            self.nodes.append(entry)
        return found

    def data(self) -> dict[str, Any]:
        """What the trace file carries: the nodes and the snapshots."""
        return {"nodes": self.nodes, "list": self.taken}
