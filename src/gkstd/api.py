"""The Python API: :func:`load`, :func:`validate` and :func:`registry`."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from gkstd.diagnostics.arguments import LEVEL, expect, refused
from gkstd.diagnostics.findings import Finding, Severity
from gkstd.diagnostics.report import Report
from gkstd.inherit.resolved import ResolvedCatalog
from gkstd.inherit.workspace import Workspace, expect_source
from gkstd.io.codes import UNKNOWN_ENUM
from gkstd.io.dumper import dump_catalog
from gkstd.io.loader import LoadedDocument, Source, classify_source, load_document
from gkstd.model import Catalog, Level
from gkstd.plugins.manager import default_registry
from gkstd.plugins.registry import Registry

if TYPE_CHECKING:
    from gkstd.inherit.diff import CatalogDiff

__all__ = ["derive", "diff", "dump", "load", "registry", "resolve", "validate"]


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

    ``source`` is a path (``str`` or :class:`os.PathLike`), a pack's code, Chinese name
    or alias (its national catalog; an existing file of that name wins), document bytes,
    or document text (a string with a newline).  A path that does not exist is a GK001
    finding.  Returns the catalog, or ``None`` when the document is unusable, and a
    report of the loading findings (GK0xx).  Never raises on bad input.

    >>> catalog, report = load('gkstd: "1.0"\\nid: x\\ndomain: example\\ntitle: 示例\\n'
    ...                        'jurisdiction: {name: 示例县, level: 区级}\\nitems: []\\n')
    >>> catalog.jurisdiction.level.label, report.valid
    ('县级', True)
    """
    expect_source(source, "source", catalog=False)
    reg = registry or default_registry()
    code = Workspace(reg).pack_input(source)
    if code is not None:
        doc = reg.packs[code].load_catalog()
    else:
        doc = load_document(source, reg.migrations, resolve_domain=reg.domain_code)
    return doc.catalog, _report(doc, doc.findings)


def validate(
    source: Source | Catalog,
    *,
    registry: Registry | None = None,
    select: Iterable[str] | str | None = None,
    ignore: Iterable[str] | str | None = None,
    options: dict[str, Any] | None = None,
    search_path: Iterable[str | os.PathLike[str]] = (),
    parents: Mapping[str, str | bytes | Catalog] | None = None,
    allow_paths: Iterable[str | os.PathLike[str]] = (),
) -> Report:
    """Load (if needed) and check a catalog with the core rules and its domain pack's rules.

    ``source`` is what :func:`load` takes (a pack code or alias means the pack's
    national catalog), or a :class:`Catalog`.

    A document that ``extends`` or ``conforms_to`` a parent is resolved and checked
    against it (GK2xx), and the parent chain is validated too.  Parents are found as
    described in :mod:`gkstd.inherit.locate`: ``parents`` supplies documents in memory,
    ``search_path`` lists directories holding parent catalogs.  A parent named by a path
    is read only inside the document's folder, the working directory, ``search_path`` and
    ``allow_paths`` (subfolders included); see ``docs/inheritance.md``.

    ``select``/``ignore`` take codes or prefixes (``["GK3"]``, ``"GK101,GK102"``).
    Waivers in the document suppress findings on their item; unused waivers are
    reported as ``GK011``.  To check many documents that share parents, use one
    :class:`gkstd.inherit.workspace.Workspace`.
    """
    return Workspace(
        registry,
        search_path=search_path,
        parents=parents,
        allow_paths=allow_paths,
        select=select,
        ignore=ignore,
        options=options,
    ).validate(source)


def resolve(
    source: Source | Catalog,
    *,
    registry: Registry | None = None,
    search_path: Iterable[str | os.PathLike[str]] = (),
    parents: Mapping[str, str | bytes | Catalog] | None = None,
    allow_paths: Iterable[str | os.PathLike[str]] = (),
) -> ResolvedCatalog:
    """Resolve a document against its chain of parents into a complete catalog.

    ``source`` is what :func:`validate` takes (a pack code means its national catalog).

    ``result.catalog`` is the complete catalog (``None`` if the document or its chain is
    unusable; ``result.findings`` say why) and ``result.provenance(item_id, element)``
    tells which catalog of the chain set each element and whether it was inherited,
    added or refined.  Resolution never removes an item or a list entry, and the same
    inputs always give the same output.  ``allow_paths`` as for :func:`validate`.
    """
    ws = Workspace(registry, search_path=search_path, parents=parents, allow_paths=allow_paths)
    return ws.resolve(source)


def diff(
    old: Source | Catalog,
    new: Source | Catalog,
    *,
    registry: Registry | None = None,
    search_path: Iterable[str | os.PathLike[str]] = (),
    allow_paths: Iterable[str | os.PathLike[str]] = (),
    workspace: Workspace | None = None,
) -> tuple[CatalogDiff | None, Report]:
    """Differences from ``old`` to ``new`` (both resolved first), item by item.

    Each is what :func:`validate` takes (a pack code means its national catalog).
    Pass ``workspace`` to resolve them in it (then the other arguments are its own).

    Returns ``(None, report)`` when either document is unusable (the report holds the
    errors that make it so); otherwise the report has no findings (check a document with
    :func:`validate`).  ``allow_paths`` as for :func:`validate`.
    """
    expect(workspace, (Workspace, type(None)), "gkstd.diff(workspace)", _WORKSPACE)
    ws = workspace or Workspace(registry, search_path=search_path, allow_paths=allow_paths)
    a, b = ws.resolve(old), ws.resolve(new)
    # why a side cannot be compared: its own errors (a usable side's check findings are
    # validate's business, and printed first they hid the real error)
    findings = tuple(
        f for r in (a, b) if not r.usable for f in r.findings if f.severity is Severity.ERROR
    )
    report = Report(findings=findings, files=2, unusable=sum(1 for r in (a, b) if not r.usable))
    if a.catalog is None or b.catalog is None:
        return None, report
    from gkstd.inherit.diff import diff_catalogs  # only the diff needs it

    return diff_catalogs(a.catalog, b.catalog), report


def derive(
    parent: Source | str,
    *,
    jurisdiction: str,
    level: str | Level,
    division_code: str | None = None,
    catalog_id: str | None = None,
    title: str | None = None,
    registry: Registry | None = None,
    search_path: Iterable[str | os.PathLike[str]] = (),
    workspace: Workspace | None = None,
) -> tuple[Catalog | None, Report]:
    """A starter tailoring of ``parent`` (a pack code or a file) for a local government.

    ``level`` is a level label or code (县级, ``county`` …).  The starter ``extends`` the
    parent, changes nothing and validates clean.  Returns ``(None, report)`` when the
    parent cannot be used or the arguments are invalid.  Pass ``workspace`` to reuse
    its loaded parents (then ``registry`` and ``search_path`` are the workspace's).
    """
    expect(workspace, (Workspace, type(None)), "gkstd.derive(workspace)", _WORKSPACE)
    expect(
        jurisdiction,
        str,
        "gkstd.derive(jurisdiction)",
        ("本级政府名称（文本）", "the government's name (text)"),
    )
    expect(level, (str, Level), "gkstd.derive(level)", LEVEL)
    ws = workspace or Workspace(registry, search_path=search_path)
    reg = ws.registry
    try:
        level = level if isinstance(level, Level) else Level.parse(level)
    except ValueError:
        finding = UNKNOWN_ENUM.emit(
            "level", value=str(level), allowed=[m.label for m in Level], path="level"
        )
        return None, Report(findings=(finding,), files=0, unusable=1)
    if isinstance(parent, (str, os.PathLike)) and classify_source(parent) == "path":
        ref = os.fspath(parent)
        resolved = ws.resolve(parent)  # a file, a pack, a catalog on the search path
    else:
        ref = "parent"
        resolved = ws.resolve(parent)
    report = ws.report(resolved)
    if resolved.catalog is None:
        return None, report
    if resolved.from_pack is not None:
        ref = resolved.from_pack
    domain_pack = reg.pack(resolved.catalog.domain)
    name = domain_pack.name_zh if domain_pack is not None else None
    from gkstd.inherit.derive import derive_catalog  # only derive needs it

    catalog = derive_catalog(
        resolved.catalog,
        ref,
        jurisdiction=jurisdiction,
        level=level,
        division_code=division_code,
        catalog_id=catalog_id,
        title=title,
        domain_name=name,
    )
    return catalog, Report(findings=(), files=1, unusable=0)


def dump(catalog: Catalog, fmt: str = "yaml") -> str:
    """Serialise ``catalog`` as a format 1.0 document (``yaml`` or ``json``)."""
    expect(
        catalog,
        Catalog,
        "gkstd.dump(catalog)",
        ("Catalog（gkstd.load 或 resolve 的结果）", "a Catalog (from gkstd.load or resolve)"),
    )
    if fmt not in ("yaml", "json"):
        raise refused(fmt, "gkstd.dump(fmt)", ('"yaml" 或 "json"', '"yaml" or "json"'))
    return dump_catalog(catalog, fmt)


#: what a ``workspace`` argument takes
_WORKSPACE = ("Workspace 或 None", "a Workspace or None")


def fail_level(report: Report, fail_on: Severity) -> bool:
    """True when ``report`` holds a finding at or above ``fail_on``."""
    return any(f.severity >= fail_on for f in report.findings)
