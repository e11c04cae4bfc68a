"""Old module paths that still import, with a DeprecationWarning (issue 15 moved them).

``import gkstd.timelimits`` gives :mod:`gkstd.timing.limits` itself (the same module
object, so ``isinstance`` and monkeypatching still agree).  The finder is installed by
``gkstd/__init__`` and costs nothing until an old path is imported.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import importlib.util
import sys
import warnings
from types import ModuleType

__all__ = ["MOVED", "install"]

#: Old module path → new module path.
MOVED: dict[str, str] = {
    "gkstd.findings": "gkstd.diagnostics.findings",
    "gkstd.report": "gkstd.diagnostics.report",
    "gkstd.i18n": "gkstd.diagnostics.i18n",
    "gkstd.rules.rule": "gkstd.diagnostics.rule",
    "gkstd.rules.context": "gkstd.diagnostics.context",
    "gkstd.rules.samples": "gkstd.diagnostics.samples",
    "gkstd.rules.loading": "gkstd.io.codes",
    "gkstd.rules.examples": "gkstd.testing.examples",
    "gkstd.timelimits": "gkstd.timing.limits",
    "gkstd.workcalendar": "gkstd.timing.calendar",
    "gkstd.deadlines": "gkstd.timing.deadlines",
    "gkstd.schema": "gkstd.io.schema",
    "gkstd.shapecheck": "gkstd.io.shapecheck",
    "gkstd.hookspecs": "gkstd.plugins.hookspecs",
    "gkstd.registry": "gkstd.plugins.registry",
    "gkstd.builtin": "gkstd.plugins.core",
    "gkstd.packdata": "gkstd.packs.data",
    "gkstd.coverage": "gkstd.packs.coverage",
    "gkstd.scaffold": "gkstd.packs.scaffold",
    "gkstd.siteplan": "gkstd.tables.siteplan",
    "gkstd.docgen": "gkstd.cli.docgen",
}


class _Alias:
    """A meta path finder and loader (by their protocols: subclassing ``importlib.abc``
    imported ``importlib.resources`` and half of ``import gkstd``'s time with it)."""

    def __init__(self) -> None:
        self._specs: dict[str, importlib.machinery.ModuleSpec | None] = {}

    def find_spec(
        self, fullname: str, path: object = None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname not in MOVED:
            return None
        return importlib.util.spec_from_loader(fullname, self)  # type: ignore[arg-type]

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType:
        new = MOVED[spec.name]
        warnings.warn(
            f"{spec.name} 已移至 {new}，请改用新路径 / {spec.name} moved to {new}",
            DeprecationWarning,
            stacklevel=2,
        )
        module = importlib.import_module(new)
        self._specs[module.__name__] = module.__spec__
        return module

    def exec_module(self, module: ModuleType) -> None:
        # the import system has just set __spec__ to the alias's; give the module its own back
        module.__spec__ = self._specs.pop(module.__name__, module.__spec__)


_FINDER = _Alias()


def install() -> None:
    """Add the finder once (after the regular finders: a real module always wins)."""
    if _FINDER not in sys.meta_path:
        sys.meta_path.append(_FINDER)
