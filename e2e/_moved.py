"""The module paths from before the layer folders (``e2e.waits``, ``e2e.keys``,
``e2e.har``…) still import, for one minor version, with a ``DeprecationWarning`` naming
the new path: an import hook hands out the moved module itself, so ``import e2e.waits``,
``from e2e.storage import save_storage_state`` and ``mock.patch("e2e.driver.x")`` all
reach the one module object."""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import sys
import warnings
from types import ModuleType

__all__ = ["MOVED", "install"]

#: Old module path -> where it lives now.
MOVED = {
    "e2e.actions": "e2e.base.action_log",
    "e2e.masking": "e2e.base.masking",
    "e2e.processes": "e2e.base.processes",
    "e2e.bounded": "e2e.base.bounded_call",
    "e2e.private_files": "e2e.base.private_files",
    "e2e.url_globs": "e2e.base.url_globs",
    "e2e.http_headers": "e2e.base.http_headers",
    "e2e.engines": "e2e.browser.engines",
    "e2e.driver": "e2e.browser.driver",
    "e2e.launchers": "e2e.browser.launchers",
    "e2e.isolation": "e2e.browser.isolation",
    "e2e.console": "e2e.browser.console",
    "e2e.cdp": "e2e.browser.cdp",
    "e2e.channels": "e2e.browser.bidi_or_devtools",
    "e2e.load_errors": "e2e.browser.load_errors",
    "e2e.firefox": "e2e.browser.firefox",
    "e2e.geckodriver": "e2e.browser.geckodriver",
    "e2e.webkit": "e2e.browser.webkit",
    "e2e.display": "e2e.browser.xvfb",
    "e2e.settle": "e2e.waiting.settle",
    "e2e.waits": "e2e.waiting.waits",
    "e2e.expect": "e2e.waiting.expect",
    "e2e.text": "e2e.page.clearing",
    "e2e.keys": "e2e.page.key_chords",
    "e2e.gestures": "e2e.page.gestures",
    "e2e.uploads": "e2e.page.uploads",
    "e2e.file_chooser": "e2e.page.file_chooser",
    "e2e.dialogs": "e2e.page.dialogs",
    "e2e.downloads": "e2e.page.downloads",
    "e2e.windows": "e2e.page.popups",
    "e2e.visual": "e2e.checks.visual",
    "e2e.accessibility": "e2e.checks.accessibility",
    "e2e.har": "e2e.network.har",
    "e2e.environment": "e2e.emulation.environment",
    "e2e.devices": "e2e.emulation.devices",
    "e2e.storage": "e2e.emulation.storage",
    "e2e.results": "e2e.plugin.results",
    "e2e.preflight": "e2e.plugin.preflight",
    "e2e.interrupts": "e2e.plugin.interrupts",
    "e2e.reporting": "e2e.plugin.artifacts",
    "e2e.server": "e2e.plugin.app_server",
}


class _Moved(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(
        self, fullname: str, path: object = None, target: object = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname not in MOVED:
            return None
        return importlib.util.spec_from_loader(fullname, self)

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType:
        new = MOVED[spec.name]
        warnings.warn(
            f"{spec.name} has moved to {new}: import it from there (the old path goes "
            "in version 0.3)",
            DeprecationWarning,
            stacklevel=2,
        )
        return importlib.import_module(new)

    def exec_module(self, module: ModuleType) -> None:
        pass  # the moved module ran when it was imported under its own name


def install() -> None:
    """Put the hook in front of the import system (once)."""
    if not any(isinstance(f, _Moved) for f in sys.meta_path):
        sys.meta_path.insert(0, _Moved())
