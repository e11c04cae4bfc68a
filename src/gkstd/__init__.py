"""gkstd: rules library for China's standardised government-disclosure catalogs.

Public API::

    import gkstd
    catalog, report = gkstd.load("catalog.yaml")
    report = gkstd.validate("catalog.yaml")
    batch = gkstd.check(["各地目录/"])   # a folder: every catalog checked, scored, ranked
    gkstd.deadline(date(2026, 2, 10), 20)   # Deadline(date(2026, 3, 16), provisional=False)
    gkstd.registry().packs          # installed domain packs

Packs implement hooks with :data:`gkstd.hookimpl`; see ``docs/plugins.md``.  The names
below are imported when first used, so ``import gkstd`` stays cheap; the parts and their
layers are described in ``docs/architecture.md``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from gkstd import _moved
from gkstd.diagnostics import environment

_moved.install()


def _installed_registry() -> Registry:
    """The registry of the installed plugins (built once per environment setting)."""
    return importlib.import_module("gkstd.plugins.manager").default_registry()  # type: ignore[no-any-return]


# the composition root: parts below the plugin host get the installed registry from here
environment.set_default_registry_factory(_installed_registry)

__version__ = "0.1.0"

#: Public name → the module that defines it.
_PUBLIC = {
    "derive": "gkstd.api",
    "diff": "gkstd.api",
    "dump": "gkstd.api",
    "load": "gkstd.api",
    "registry": "gkstd.api",
    "resolve": "gkstd.api",
    "validate": "gkstd.api",
    "check": "gkstd.batch",
    "BatchReport": "gkstd.batch",
    "Deadline": "gkstd.timing.deadlines",
    "deadline": "gkstd.timing.deadlines",
    "Finding": "gkstd.diagnostics.findings",
    "GkstdError": "gkstd.diagnostics.errors",
    "Location": "gkstd.diagnostics.findings",
    "Severity": "gkstd.diagnostics.findings",
    "API_VERSION": "gkstd.plugins.hookspecs",
    "HookContext": "gkstd.plugins.hookspecs",
    "hookimpl": "gkstd.plugins.hookspecs",
    "Catalog": "gkstd.model",
    "Item": "gkstd.model",
    "DomainPack": "gkstd.packs.pack",
    "NationalGuide": "gkstd.packs.pack",
    "pack_from_directory": "gkstd.packs.pack",
    "Registry": "gkstd.plugins.registry",
    "Report": "gkstd.diagnostics.report",
    "Example": "gkstd.diagnostics.rule",
    "Rule": "gkstd.diagnostics.rule",
    "rule": "gkstd.diagnostics.rule",
}

__all__ = [
    "API_VERSION",
    "BatchReport",
    "Catalog",
    "Deadline",
    "DomainPack",
    "Example",
    "Finding",
    "GkstdError",
    "HookContext",
    "Item",
    "Location",
    "NationalGuide",
    "Registry",
    "Report",
    "Rule",
    "Severity",
    "__version__",
    "check",
    "deadline",
    "derive",
    "diff",
    "dump",
    "hookimpl",
    "limits",
    "load",
    "pack_from_directory",
    "registry",
    "resolve",
    "rule",
    "validate",
]


#: Public submodule name → the module it is.
_SUBMODULES = {"limits": "gkstd.diagnostics.limits"}


def __getattr__(name: str) -> Any:
    """Import a public name on first use."""
    if name in _SUBMODULES:
        value = importlib.import_module(_SUBMODULES[name])
        globals()[name] = value
        return value
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'gkstd' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_PUBLIC, *_SUBMODULES})


if TYPE_CHECKING:
    from gkstd.api import derive, diff, dump, load, registry, resolve, validate
    from gkstd.batch import BatchReport, check
    from gkstd.diagnostics import limits
    from gkstd.diagnostics.errors import GkstdError
    from gkstd.diagnostics.findings import Finding, Location, Severity
    from gkstd.diagnostics.report import Report
    from gkstd.diagnostics.rule import Example, Rule, rule
    from gkstd.model import Catalog, Item
    from gkstd.packs.pack import DomainPack, NationalGuide, pack_from_directory
    from gkstd.plugins.hookspecs import API_VERSION, HookContext, hookimpl
    from gkstd.plugins.registry import Registry
    from gkstd.timing.deadlines import Deadline, deadline
