"""The Python API: :func:`load`, :func:`validate` and :func:`registry`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from gkstd.findings import Finding, Severity
from gkstd.io.dumper import dump_catalog
from gkstd.io.loader import LoadedDocument, Source, load_document
from gkstd.model import Catalog
from gkstd.plugins import default_registry
from gkstd.registry import Registry
from gkstd.report import Report
from gkstd.rules.context import CheckContext
from gkstd.rules.engine import Selection, apply_waivers, run_rules

__all__ = ["dump", "load", "registry", "validate"]


def registry(refresh: bool = False) -> Registry:
    """The registry of installed packs and rules (loaded once; ``refresh`` reloads)."""
    return default_registry(refresh)


def _report(doc: LoadedDocument, findings: Iterable[Finding]) -> Report:
    items = sum(1 for _ in doc.catalog.walk()) if doc.catalog else 0
    return Report(
        findings=tuple(doc.locate(f) for f in findings),
        files=1,
        unusable=0 if doc.catalog is not None else 1,
        items=items,
    )


def load(source: Source, *, registry: Registry | None = None) -> tuple[Catalog | None, Report]:
    """Load a catalog document.

    ``source`` is a path (``str`` or :class:`os.PathLike`), document bytes, or document
    text (a string with a newline).  Returns the catalog, or ``None`` when the document
    is unusable, and a report of the loading findings (GK0xx).  Never raises on bad input.

    >>> catalog, report = load('gkstd: "1.0"\\nid: x\\ndomain: example\\ntitle: 示例\\n'
    ...                        'jurisdiction: {name: 示例县, level: 区级}\\nitems: []\\n')
    >>> catalog.jurisdiction.level.label, report.valid
    ('县级', True)
    """
    reg = registry or default_registry()
    doc = load_document(source, reg.migrations)
    return doc.catalog, _report(doc, doc.findings)


def validate(
    source: Source | Catalog,
    *,
    registry: Registry | None = None,
    select: Iterable[str] | str | None = None,
    ignore: Iterable[str] | str | None = None,
    options: dict[str, Any] | None = None,
) -> Report:
    """Load (if needed) and check a catalog with the core rules and its domain pack's rules.

    ``select``/``ignore`` take codes or prefixes (``["GK3"]``, ``"GK101,GK102"``).
    Waivers in the document suppress findings on their item; unused waivers are
    reported as ``GK011``.
    """
    reg = registry or default_registry()
    selection = Selection.parse(select, ignore)
    if isinstance(source, Catalog):
        doc = LoadedDocument(source, ())
    else:
        doc = load_document(source, reg.migrations)
    findings = [f for f in doc.findings if selection.wants(f.code)]
    catalog = doc.catalog
    if catalog is not None:
        rules = [r for r in reg.rules_for(catalog.domain) if selection.wants(r.code)]
        ctx = CheckContext(
            catalog=catalog, registry=reg, pack=reg.pack(catalog.domain), options=options or {}
        )
        found = run_rules(catalog, rules, ctx)
        findings.extend(apply_waivers(catalog, found, selection, reg.rules))
    findings = [f for f in findings if selection.wants(f.code)]
    return _report(doc, findings)


def dump(catalog: Catalog, fmt: str = "yaml") -> str:
    """Serialise ``catalog`` as a format 1.0 document (``yaml`` or ``json``)."""
    return dump_catalog(catalog, fmt)


def fail_level(report: Report, fail_on: Severity) -> bool:
    """True when ``report`` holds a finding at or above ``fail_on``."""
    return any(f.severity >= fail_on for f in report.findings)
