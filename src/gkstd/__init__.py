"""gkstd: rules library for China's standardised government-disclosure catalogs.

Public API::

    import gkstd
    catalog, report = gkstd.load("catalog.yaml")
    report = gkstd.validate("catalog.yaml")
    gkstd.deadline(date(2026, 2, 10), 20)   # Deadline(date(2026, 3, 16), provisional=False)
    gkstd.registry().packs          # installed domain packs

Packs implement hooks with :data:`gkstd.hookimpl`; see ``docs/plugins.md``.
"""

from gkstd.api import derive, diff, dump, load, registry, resolve, validate
from gkstd.deadlines import Deadline, deadline
from gkstd.findings import Finding, Location, Severity
from gkstd.hookspecs import API_VERSION, HookContext, hookimpl
from gkstd.model import Catalog, Item
from gkstd.packs import DomainPack, NationalGuide, pack_from_directory
from gkstd.registry import Registry
from gkstd.report import Report
from gkstd.rules.rule import Example, Rule, rule

__version__ = "0.1.0"

__all__ = [
    "API_VERSION",
    "Catalog",
    "Deadline",
    "DomainPack",
    "Example",
    "Finding",
    "HookContext",
    "Item",
    "Location",
    "NationalGuide",
    "Registry",
    "Report",
    "Rule",
    "Severity",
    "__version__",
    "deadline",
    "derive",
    "diff",
    "dump",
    "hookimpl",
    "load",
    "pack_from_directory",
    "registry",
    "resolve",
    "rule",
    "validate",
]
