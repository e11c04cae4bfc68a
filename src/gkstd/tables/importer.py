"""Importing a catalog table (.xlsx/.xls/.csv) as a :class:`~gkstd.model.Catalog`.

:func:`import_table` returns an :class:`ImportResult`: the catalog (or ``None``), the
findings (GK6xx, each with sheet, row and cell), the column mapping and, when a parent
catalog is given, the name-match table.  It never raises on bad input.  No cell is lost:
columns that are not elements go to ``extra``, cells that are only partly understood are
kept verbatim beside their reading, and a workbook exported by gkstd round-trips exactly
(see :mod:`gkstd.tables.sidecar`).
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Mapping, Sequence
from itertools import chain
from typing import Any

import attrs

from gkstd.diagnostics.arguments import level as level_argument
from gkstd.diagnostics.collector import collector_paused
from gkstd.diagnostics.findings import Finding, Severity, with_table_cell
from gkstd.diagnostics.report import Report
from gkstd.inherit.mapping import ItemMap
from gkstd.inherit.matching import ACCEPT_SCORE, REVIEW_SCORE, Match
from gkstd.io.converter import structure
from gkstd.io.files import readable_name
from gkstd.io.schema import DOMAIN_PATTERN, ITEM_ID_PATTERN
from gkstd.model import Catalog, Item, Origin
from gkstd.model.enums import Level
from gkstd.tables.arguments import check_arguments
from gkstd.tables.domain import (
    DomainGuess,
    DomainProfile,
    detect_domain,
    profile,
    unknown_domain,
)
from gkstd.tables.draft import DraftItem, build_drafts, made_items
from gkstd.tables.grid import TableError, column_letters, read_grids
from gkstd.tables.header import Layout, detect_layout
from gkstd.tables.parent import check_imported_text, document_too_big, match_rows, pack_parent
from gkstd.tables.place import acting_county, jurisdiction_of
from gkstd.tables.restore import as_exported, restore_items
from gkstd.tables.rows import Builder, Node, build_items, note_unknown_columns
from gkstd.tables.rules import (
    NO_ITEMS,
)
from gkstd.tables.sheets import choose_sheet, of_sheet, too_many_rows, trimmed
from gkstd.tables.sidecar import SHEET, load_sidecar

__all__ = ["ImportResult", "MappedColumn", "import_table"]

_ITEM_ID = re.compile(ITEM_ID_PATTERN)
_DOMAIN = re.compile(DOMAIN_PATTERN)
_TEXT_ROLES = ("content", "basis", "time_limit", "subject", "channels", "category", "notes")


@attrs.frozen
class MappedColumn:
    """One line of the mapping report: column letter, header label, and what it became."""

    column: str
    label: str
    role: str
    detail: str = ""


@attrs.frozen
class ImportResult:
    """What :func:`import_table` found.  ``catalog`` is ``None`` when nothing could be
    imported (an error finding says why)."""

    file: str
    catalog: Catalog | None
    findings: tuple[Finding, ...] = ()
    sheet: str | None = None
    sheets: tuple[str, ...] = ()
    columns: tuple[MappedColumn, ...] = ()
    matches: tuple[Match, ...] = ()
    rows: int = 0
    restored: bool = False
    domain: DomainGuess | None = None
    check: Report | None = None
    #: The text (YAML, or JSON when asked) :attr:`check` validated (``dump(catalog)``, what ``gkstd import``
    #: writes), when the catalog was checked.
    text: str | None = attrs.field(default=None, repr=False, eq=False)

    @property
    def ok(self) -> bool:
        """A catalog was produced and no finding of the import itself is an error (the
        checks of the imported catalog are in :attr:`check`)."""
        return self.catalog is not None and not any(
            f.severity is Severity.ERROR for f in self.findings
        )

    def report(self) -> Report:
        """The import's findings and, when the catalog was checked, the findings of the
        check (what ``gkstd validate`` reports for the written document)."""
        items = sum(1 for _ in self.catalog.walk()) if self.catalog else 0
        checked = self.check.findings if self.check is not None else ()
        return Report(
            findings=(*map(with_table_cell, self.findings), *checked),
            files=1,
            unusable=0 if self.catalog is not None else 1,
            items=items,
        )


def _mapping(layout: Layout) -> tuple[MappedColumn, ...]:
    """The column mapping shown to the user; an item-name column says which level of the
    table's names it holds, counted from 1 (a table of 一级目录/二级目录 had shown 目录 and
    第 1 级)."""
    out = []
    levels = {c.index: n for n, c in enumerate(layout.name_columns, start=1)}
    for column in layout.columns:
        letter = column_letters(column.index)
        detail = ""
        if column.role == "name":
            # (the CLI says it in English: tables_cmd._detail)
            detail = f"第 {levels[column.index]} 级"
        elif isinstance(column.option, tuple):
            detail = "、".join(lv.label for lv in column.option)
        elif column.option is not None:
            detail = getattr(column.option, "label", str(column.option))
        out.append(MappedColumn(letter, column.label, column.role, detail))
    return tuple(out)


def _name_of(profiles: Mapping[str, DomainProfile], domain: str) -> str:
    """The Chinese name of ``domain``, else its code."""
    found = profiles.get(domain)
    return found.name if found is not None else domain


def _profiles(domains: Mapping[str, str] | None) -> tuple[DomainProfile, ...]:
    """Profiles of the given domains (names only), or of the installed packs."""
    if domains is not None:
        return tuple(DomainProfile(code, name) for code, name in domains.items())
    return _installed_profiles()


def _installed_profiles() -> tuple[DomainProfile, ...]:
    """Profiles of the installed domain packs (found through entry points)."""
    from gkstd.plugins.manager import default_registry as registry

    reg = registry()
    key = tuple(sorted(reg.packs))
    cached = _PROFILE_CACHE.get("entry")
    if cached is None or cached[0] != key:
        with _PROFILE_LOCK:  # one thread builds them; the key is stored with its profiles
            cached = _PROFILE_CACHE.get("entry")
            if cached is None or cached[0] != key:
                own = {c for status in reg.plugins if status.first_party for c in status.packs}
                profiles = tuple(
                    profile(
                        code,
                        pack.name_zh,
                        pack.aliases,
                        pack.load_catalog().catalog,
                        first_party=code in own,
                    )
                    for code, pack in sorted(reg.packs.items())
                )
                cached = _PROFILE_CACHE["entry"] = (key, profiles)
    return cached[1]


_PROFILE_CACHE: dict[str, tuple[tuple[str, ...], tuple[DomainProfile, ...]]] = {}
_PROFILE_LOCK = threading.Lock()


# many small objects: the cyclic collector would walk them again and again
@collector_paused()
def import_table(
    source: str | os.PathLike[str] | bytes,
    *,
    fmt: str | None = None,
    file: str | None = None,
    sheet: str | None = None,
    domain: str | None = None,
    domains: Mapping[str, str] | None = None,
    parent: Catalog | None = None,
    parent_ref: str | None = None,
    conform: bool = True,
    mapping: ItemMap | None = None,
    jurisdiction: str | None = None,
    level: Level | str | None = None,
    catalog_id: str | None = None,
    title: str | None = None,
    accept: float = ACCEPT_SCORE,
    review: float = REVIEW_SCORE,
    check: bool = True,
    document: str | None = None,
    document_format: str = "yaml",
) -> ImportResult:
    """Import a catalog table.

    ``source`` is a path or the file's bytes (then give ``fmt``).  ``domain`` is the
    domain code; without it the parent's or the exported workbook's is used, else it is
    detected from the caption, sheet name, file name and rows among ``domains`` (code →
    Chinese name) or the installed packs (:mod:`gkstd.tables.domain`).

    The items are matched to the parent catalog by name and content
    (:mod:`gkstd.inherit.matching`; ``mapping`` fixes matches by hand) and the catalog
    ``conforms_to`` it: the parent is ``parent`` (referred to as ``parent_ref``), else,
    with ``conform``, the national catalog of the domain's pack.  ``jurisdiction`` and
    ``level`` (a :class:`Level` or its label, such as ``"乡级"``) default to what the
    caption, sheet or file name say; ``catalog_id`` (default ``<domain>/imported``) must be
    an id the format takes (letters, digits and ``. _ / -``), else
    :class:`~gkstd.diagnostics.arguments.ArgumentError`.

    With ``check``, the imported catalog is validated as ``gkstd validate`` would
    validate the written document (:attr:`ImportResult.check`), each finding pointing at
    the table's sheet, row and cell; ``document`` names the document the catalog will be
    written to (its findings' file) and ``document_format`` (``yaml`` or ``json``) its
    format: the findings' lines are those of that text (:attr:`ImportResult.text`).
    Never raises on bad input: see
    :attr:`ImportResult.findings`.
    """
    check_arguments(locals())  # first: the arguments and nothing else
    level = level_argument(level, "gkstd.tables.import_table(level)")
    name = file or (
        readable_name(os.fspath(source)) if not isinstance(source, bytes) else f"<{fmt or 'csv'}>"
    )
    try:
        grids, notes = read_grids(source, fmt=fmt, file=name, sheet=sheet)
    except TableError as exc:
        return ImportResult(name, None, (exc.finding,))
    sidecar, sidecar_notes = next(
        (load_sidecar(g.rows, name) for g in grids if g.name == SHEET), (None, ())
    )
    candidates = [trimmed(g) for g in grids if g.name != SHEET]
    names = tuple(g.name for g in candidates)
    chosen, others = choose_sheet(candidates, sheet, name)
    if isinstance(chosen, Finding):
        return ImportResult(name, None, (*notes, *sidecar_notes, chosen), sheets=names)
    raw = chosen
    # what the reader noted of another sheet (a formula without its result on a notes
    # sheet, a long cell on the next domain's sheet) is no finding of this sheet's import;
    # the hidden gkstd sheet's notes are the import's own
    notes = (*(f for f in notes if of_sheet(f, raw.name)), *sidecar_notes, *others)
    too_many = too_many_rows(raw, name)
    if too_many is not None:
        return ImportResult(name, None, (*notes, too_many), sheet=raw.name, sheets=names)
    grid = raw.filled()
    layout = detect_layout(grid)
    if isinstance(layout, Finding):
        return ImportResult(
            name,
            None,
            (*notes, attrs.evolve(layout, location=attrs.evolve(layout.location, file=name))),
            sheet=raw.name,
            sheets=names,
        )
    acting = False
    if sidecar is None:  # a gkstd export means what its header says
        layout, acting = acting_county(layout)
    else:
        layout = as_exported(layout, grid, sidecar)
    builder = Builder(name, grid, raw, layout)
    builder.acting_county = acting
    builder.findings = [
        attrs.evolve(f, location=attrs.evolve(f.location, file=name)) for f in builder.findings
    ]
    builder.findings += note_unknown_columns(layout, grid, name)
    roots = builder.tree(sidecar)
    if not roots and sidecar is None:  # gkstd's export of an empty catalog is that catalog
        found = NO_ITEMS.emit(
            source=name,
            sheet=raw.name,
            header_row=layout.header_rows[0] + 1,
            file=name,
            path=raw.where(layout.header_rows[0]),
            line=layout.header_rows[0] + 1,
        )
        return ImportResult(
            name, None, (*notes, *builder.findings, found), raw.name, names, _mapping(layout)
        )
    kept: list[Item] = []
    drafts: list[DraftItem] = []
    restored = False
    header: dict[str, Any] = {}
    if sidecar is not None:
        built, shown = build_items(builder, roots, lazy=True)
        kept = restore_items(built, shown, roots, sidecar, builder)
        header = dict(sidecar.header)
        restored = True
    else:  # each item made once its id is known (after the matching)
        drafts, _ = build_drafts(builder, roots)
    read: Sequence[Item | DraftItem] = kept if sidecar is not None else drafts
    profiles = _profiles(domains)
    guess = None
    if not (domain or parent or header.get("domain")):
        guess = detect_domain(
            profiles,
            caption=layout.title,
            sheet=None if _is_csv(source, fmt) else raw.name,
            file=None if isinstance(source, bytes) else name,
            text=_telling_text(read, layout.title),
            cells=chain.from_iterable(grid.rows[layout.body_start :]),
        )
    code = domain or (parent.domain if parent else None) or header.get("domain")
    code = code or (guess.code if guess is not None else None)
    if parent is None and conform and code and not restored:
        parent, parent_ref = pack_parent(code)
    matches: list[Match] = []
    if parent is not None:
        items, matches = match_rows(builder, read, roots, parent, mapping, restored, accept, review)
    else:
        items = made_items(drafts) if sidecar is None else list(kept)
    catalog_or_finding = _catalog(
        builder,
        items,
        header,
        layout,
        name,
        domain=code,
        guess=guess,
        profiles={p.code: p for p in profiles},
        parent_ref=parent_ref if parent is not None else None,
        jurisdiction=jurisdiction,
        level=level,
        catalog_id=catalog_id,
        title=title,
    )
    findings = (*notes, *builder.findings)
    if isinstance(catalog_or_finding, Finding):
        return ImportResult(
            name,
            None,
            (*findings, catalog_or_finding),
            raw.name,
            names,
            _mapping(layout),
            domain=guess,
        )
    catalog = attrs.evolve(
        catalog_or_finding,
        origin=_origin(name, raw.name, layout, roots, catalog_or_finding.items, matches),
    )
    checked = text = None
    if check:
        checked, text = check_imported_text(
            catalog, parent, parent_ref, mapping, document, fmt=document_format
        )
        too_big = document_too_big(text, name)
        if too_big is not None:  # gkstd validate could not read it back: not written
            return ImportResult(name, None, (*findings, too_big), raw.name, names, _mapping(layout))
    return ImportResult(
        name,
        catalog,
        tuple(findings),
        raw.name,
        names,
        _mapping(layout),
        tuple(matches),
        rows=sum(1 for _ in catalog.leaves()),
        restored=restored,
        domain=guess,
        check=checked,
        text=text,
    )


def _origin(
    file: str,
    sheet: str,
    layout: Layout,
    roots: Sequence[Node],
    items: Sequence[Item],
    matches: Sequence[Match],
) -> Origin:
    """Where each element and item sits in the table (see :class:`~gkstd.model.Origin`)."""
    columns: dict[str, list[str]] = {}
    for column in sorted(
        layout.columns, key=lambda c: (c.depth if c.role == "name" else 0, c.index)
    ):
        if column.role in ("seq", "extra", "id"):
            continue
        letter = column_letters(column.index)
        columns.setdefault(column.role, []).append(letter)
    joined = {
        role: ",".join(letters)
        if role == "name" or len(letters) == 1
        else f"{letters[0]}:{letters[-1]}"
        for role, letters in columns.items()
    }
    rows: dict[str, int] = {}
    for item, node in zip(items, roots, strict=True):
        _rows_of(item, node, rows)
    local = tuple(m.child for m in matches if m.status == "local")
    return Origin(os.path.basename(file), sheet, joined, rows, local)


def _telling_text(items: Sequence[Item | DraftItem], caption: str | None) -> str:
    """The words of the imported rows that tell the domain (see :mod:`gkstd.tables.domain`)."""
    parts = [caption or ""]
    for item in items:
        _telling_parts(item, parts)
    return "\n".join(parts)


# The walks below are functions of their own, not closures: a closure that calls itself is a
# reference cycle, which a batch (the cyclic collector paused) would keep for every table.


def _rows_of(item: Item, node: Node, rows: dict[str, int]) -> None:
    """The table row (1-based) of ``item`` and of those below it, by id (the first wins)."""
    rows.setdefault(item.id, node.row + 1)
    for child, child_node in zip(item.items, node.children, strict=True):
        _rows_of(child, child_node, rows)


def _telling_parts(item: Item | DraftItem, parts: list[str]) -> None:
    """The telling words of ``item`` and of those below it, added to ``parts``."""
    parts.append(item.name)
    parts.extend(item.content)
    parts.extend(c.title for c in item.basis)
    if item.subject:
        parts.append(item.subject)
    for child in item.items:
        _telling_parts(child, parts)


def _catalog(
    builder: Builder,
    items: list[Item],
    header: dict[str, Any],
    layout: Layout,
    file: str,
    *,
    domain: str | None,
    guess: DomainGuess | None,
    profiles: Mapping[str, DomainProfile],
    parent_ref: str | None,
    jurisdiction: str | None,
    level: Level | None,
    catalog_id: str | None,
    title: str | None,
) -> Catalog | Finding:
    caption = layout.title
    domain = domain or header.get("domain") or (guess.code if guess is not None else None)
    if not domain or not _DOMAIN.match(domain):
        return unknown_domain(file, guess)
    data: dict[str, Any] = {k: v for k, v in header.items() if k != "items"}
    data["domain"] = domain
    if jurisdiction is not None or level is not None or "jurisdiction" not in data:
        data["jurisdiction"] = jurisdiction_of(
            builder,
            layout,
            items,
            file,
            known=data.get("jurisdiction") or {},
            domain_names=profiles[domain].names if domain in profiles else (),
            jurisdiction=jurisdiction,
            level=level,
        )
    data["title"] = (
        title
        or data.get("title")
        or caption
        or f"{data['jurisdiction']['name']}{_name_of(profiles, domain)}领域基层政务公开标准目录"
    )
    if catalog_id:
        data["id"] = catalog_id
    data.setdefault("id", f"{domain}/imported")
    if parent_ref is not None:
        data["conforms_to"] = parent_ref
        data.pop("extends", None)
    if builder.notes:
        joined = "\n".join(builder.notes)
        data["notes"] = f"{data['notes']}\n{joined}" if data.get("notes") else joined
    data.setdefault("gkstd", "1.0")
    data["items"] = []
    catalog = structure(data, Catalog)
    return attrs.evolve(catalog, items=tuple(items))


def _is_csv(source: str | os.PathLike[str] | bytes, fmt: str | None) -> bool:
    """True for a CSV table (whose "sheet" name is only the file name)."""
    if fmt is not None:
        return fmt.lower() == "csv"
    return isinstance(source, bytes) or os.fspath(source).lower().endswith(".csv")
