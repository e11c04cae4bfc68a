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
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from gkstd.findings import Finding, Severity
from gkstd.inherit.mapping import ItemMap
from gkstd.inherit.matching import ACCEPT_SCORE, REVIEW_SCORE, Match, match_items
from gkstd.io.converter import converter
from gkstd.model import Catalog, Item, Origin
from gkstd.model.enums import Audience, Category, Channel, Level, Method
from gkstd.report import Report
from gkstd.schema import DOMAIN_PATTERN, ITEM_ID_PATTERN
from gkstd.tables import cells as C
from gkstd.tables.domain import DomainGuess, DomainProfile, detect_domain, profile
from gkstd.tables.grid import Grid, TableError, cell_ref, read_grids
from gkstd.tables.header import Column, Layout, detect_layout, header_key, parse_levels
from gkstd.tables.rules import (
    AMBIGUOUS_MARKS,
    DUPLICATE_COLUMN,
    EMPTY_SHEET,
    UNKNOWN_DOMAIN,
    UNKNOWN_JURISDICTION,
    UNMATCHED_ROW,
    UNNAMED_ROW,
    UNREADABLE,
    UNRECOGNISED_COLUMN,
)
from gkstd.tables.sidecar import SHEET, Sidecar, SidecarItem, read_sidecar
from gkstd.tables.template import ID_LABEL, mark_cells
from gkstd.timelimits import parse as parse_limit

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
            findings=(*self.findings, *checked),
            files=1,
            unusable=0 if self.catalog is not None else 1,
            items=items,
        )


# ---------------------------------------------------------------------------- rows


@attrs.define
class _Node:
    name: str
    row: int
    depth: int
    cells: dict[int, str] | None = None
    children: list[_Node] = attrs.field(factory=list)
    continuation: list[dict[int, str]] = attrs.field(factory=list)
    id: str | None = None


def _name_cells(
    raw: Grid, origins: Mapping[tuple[int, int], tuple[int, int]], layout: Layout, row: int
) -> tuple[list[str], set[int]]:
    """Names of a row by depth, and the depths whose name continues a vertical merge
    from a row above.  A horizontal merge does not repeat a name."""
    out: list[str] = []
    continued: set[int] = set()
    for depth, column in enumerate(layout.name_columns):
        text = raw.cell(row, column.index).strip()
        if not text:
            origin = origins.get((row, column.index))
            if origin is not None and origin[1] == column.index:
                text = raw.cell(*origin).strip()
                continued.add(depth)
        out.append(text)
    return out, continued


def _signature(text: str) -> Counter[str]:
    folded = unicodedata.normalize("NFKC", C._MARKER.sub("", text))
    return Counter(ch for ch in folded if ch.isalnum())


def _strip_ranks(text: str) -> str:
    def keep(match: re.Match[str]) -> str:
        rank, _ = C._rank(match.group(0))
        return "" if rank is not None else match.group(0)

    return re.sub(r"[【\[][^】\]]{2,12}[】\]]", keep, text)


class _Builder:
    def __init__(self, file: str, grid: Grid, raw: Grid, layout: Layout) -> None:
        self.file = file
        self.grid = grid
        self.raw = raw
        self.layout = layout
        self.findings: list[Finding] = list(layout.findings)
        self.notes: list[str] = []
        self.acting_county = False
        self.header_texts = {
            tuple(C.normalize_cell(grid.cell(r, c)) for c in range(grid.width))
            for r in layout.header_rows
        }

    def finding(
        self, rule: Any, zh: str, en: str, row: int, column: int | None = None, **kw: Any
    ) -> None:
        path = self.grid.where(row, column)
        self.findings.append(rule.finding(zh, en, file=self.file, line=row + 1, path=path, **kw))

    # -- tree ----------------------------------------------------------------
    def tree(self, sidecar: Sidecar | None = None) -> list[_Node]:
        """The rows as a tree of named nodes.  Rows whose upper names equal the open
        group's join it; for a gkstd export, the hidden sheet says where one group ends
        and a sibling of the same name begins, as long as the rows are still as exported."""
        roots: list[_Node] = []
        open_path: list[_Node] = []
        previous: list[str] = []
        hints = sidecar.leaves() if sidecar is not None else None
        placed = 0
        width = self.grid.width
        origins = self.raw.merge_origins()
        for row in range(self.layout.body_start, len(self.grid.rows)):
            values = [self.grid.cell(row, c) for c in range(width)]
            if not any(v.strip() for v in values):
                continue
            if tuple(C.normalize_cell(v) for v in values) in self.header_texts:
                continue
            names, continued = _name_cells(self.raw, origins, self.layout, row)
            content = {
                c.index: values[c.index]
                for c in self.layout.columns
                if c.role != "name" and values[c.index].strip()
            }
            if not any(names):
                if self._is_note(values):
                    self.notes.append(next(v.strip() for v in values if v.strip()))
                    continue
                if not content or set(content) <= {c.index for c in self.layout.of("seq")}:
                    continue
                label = f"第 {row + 1} 行（未填写事项名称）"
                self.finding(
                    UNNAMED_ROW,
                    f"第 {row + 1} 行有内容但事项名称为空，已按“{label}”导入，请补上名称。",
                    f"Row {row + 1} has content but no item name; imported as {label!r}.",
                    row,
                )
                names = [""] * (len(names) - 1) + [label]
            # carry the upper levels down (CSV has no merged cells)
            deepest = max(i for i, n in enumerate(names) if n)
            for i in range(deepest):
                if not names[i] and i < len(previous):
                    names[i] = previous[i]
            previous = names
            path = [n for n in names if n]
            split: set[int] = set()
            if hints is not None:
                if placed < len(hints) and tuple(path) == hints[placed][0]:
                    if placed:
                        before, now = hints[placed - 1][1], hints[placed][1]
                        split = {
                            d for d in range(min(len(before), len(now))) if before[d] != now[d]
                        }
                else:
                    hints = None  # the rows were edited: group by names alone
            if self._place(roots, open_path, path, row, content, deepest in continued, split):
                placed += 1
        return roots

    def _is_note(self, values: list[str]) -> bool:
        texts = {v.strip() for v in values if v.strip()}
        if len(texts) != 1:
            return False
        text = next(iter(texts))
        return len([v for v in values if v.strip()]) > 1 or text.startswith(("注", "说明", "备注"))

    def _place(
        self,
        roots: list[_Node],
        open_path: list[_Node],
        path: list[str],
        row: int,
        content: dict[int, str],
        continuation: bool,
        split: set[int] | frozenset[int] = frozenset(),
    ) -> bool:
        """Put a row into the tree: upper names equal to the open path join that group
        (unless ``split`` says a new group of the same name starts at that depth); a
        leaf whose name cell is merged down from the row above continues that leaf.
        Returns whether the row became an item of its own."""
        siblings = roots
        for depth, name in enumerate(path):
            last = depth == len(path) - 1
            current = open_path[depth] if depth < len(open_path) else None
            same = (
                current is not None
                and current.name == name
                and siblings
                and siblings[-1] is current
                and depth not in split
            )
            if same and not last and current is not None and current.cells is None:
                # join the open group; a row that was a leaf of its own never becomes a
                # group (a later group with the same name is a new sibling)
                siblings = current.children
                continue
            if (
                same
                and last
                and continuation
                and current is not None
                and current.cells is not None
                and not current.children
            ):
                current.continuation.append(content)
                del open_path[depth + 1 :]
                return False
            node = _Node(name, row, depth, content if last else None)
            siblings.append(node)
            del open_path[depth:]
            open_path.append(node)
            siblings = node.children
        return True

    # -- elements ------------------------------------------------------------
    def item(self, node: _Node, previous: dict[int, str]) -> tuple[Item, dict[str, str]]:
        """The item of a leaf node and its cells in sidecar form."""
        cells = dict(node.cells or {})
        for more in node.continuation:
            for index, text in more.items():
                cells[index] = f"{cells[index]}\n{text}" if index in cells else text
        for index, text in list(cells.items()):
            if C.is_same_as_above(text) and index in previous:
                cells[index] = previous[index]
        values: dict[str, Any] = {}
        extra: dict[str, str] = {}
        shown: dict[str, str] = {}
        column_channels: list[Channel] = []
        marks: dict[str, list[Any]] = {"audience": [], "method": [], "levels": []}
        for column in self.layout.columns:
            text = cells.get(column.index, "").strip()
            if not text or column.role in ("name", "seq"):
                continue
            role = column.role
            if role == "id":
                values["id"] = text
            elif role == "extra":
                extra[column.label] = text
                shown[f"extra:{column.label}"] = text
                named = _channel_column(column.label)
                if named is not None and not C.is_no_mark(text):
                    column_channels.append(named)  # a 政府网站 column holding the address
            elif role in ("audience", "method", "levels"):
                self._mark(column, text, node.row, marks, extra)
            else:
                shown[role] = text
                self._text(column, text, values, extra)
        self._choose_marks(node, marks, values, extra)
        if column_channels:
            have = tuple(values.get("channels", ()))
            values["channels"] = have + tuple(c for c in column_channels if c not in have)
        shown.update(
            mark_cells(values.get("audience"), values.get("method"), values.get("levels", ()))
        )
        item_id = values.pop("id", None)
        item = Item(id=item_id or "x", name=node.name, extra=extra, **values)
        return item, shown

    def _text(
        self, column: Column, text: str, values: dict[str, Any], extra: dict[str, str]
    ) -> None:
        role = column.role
        if role == "content":
            entries = C.split_list(text)
            values["content"] = tuple(entries)
            self._keep_original(column, text, C.format_list(entries), extra)
        elif role == "basis":
            citations = C.parse_citations(text)
            values["basis"] = tuple(citations)
            if 0 < len(C.top_level_titles(text)) < len(citations):
                extra[f"{column.label}（原文）"] = text  # text outside 《》 split off: review
            self._keep_original(
                column, _strip_ranks(text), _strip_ranks(C.format_citations(citations)), extra
            )
        elif role == "time_limit":
            limit = parse_limit(text)
            if _signature(text) - _signature(limit.display()):
                limit = attrs.evolve(limit, text=text)  # keep the wording the parse folded
            values["time_limit"] = limit
        elif role == "subject":
            values["subject"] = text
        elif role == "channels":
            values["channels"] = tuple(C.parse_channels(text))
            note = C.split_note(text)[1]
            if note is not None:
                extra[f"{column.label}（注）"] = note  # a note in the cell is not a channel
        elif role == "category":
            try:
                values["category"] = Category.parse(text)
            except ValueError:
                extra[column.label] = text
        elif role == "notes":
            values["notes"] = text

    def _keep_original(
        self, column: Column, text: str, written: str, extra: dict[str, str]
    ) -> None:
        if _signature(text) - _signature(written):
            extra[f"{column.label}（原文）"] = text

    def _mark(
        self,
        column: Column,
        text: str,
        row: int,
        marks: dict[str, list[Any]],
        extra: dict[str, str],
    ) -> None:
        role = column.role
        if column.option is None:  # a text column: 公开方式 = 主动
            parsed = self._parse_option(role, text)
            if parsed:
                marks[role].extend(parsed)
                labels = "".join(getattr(v, "label", "") for v in parsed)
                if _signature(text) - _signature(labels) - _signature("公开级;、 "):
                    extra[column.label] = text  # a detail beside the value: kept verbatim
            else:
                extra[column.label] = text
                self.finding(
                    AMBIGUOUS_MARKS,
                    f"“{column.label}”列的“{text}”无法识别，已原样保存在 extra 中。",
                    f"{text!r} in column {column.label!r} is not understood; kept under extra.",
                    row,
                    column.index,
                )
            return
        if C.is_no_mark(text):
            return
        options = column.option if isinstance(column.option, tuple) else (column.option,)
        marks[role].extend(options)
        bare = C.is_mark(text) or self._parse_option(role, text) == list(options)
        if not bare:
            extra[column.label] = text
            self.finding(
                AMBIGUOUS_MARKS,
                f"“{column.label}”列中是文字“{text}”而不是 √，按已勾选处理，文字保存在 extra 中。",
                f"Column {column.label!r} holds the text {text!r}, not a mark; read as marked, "
                "the text is kept under extra.",
                row,
                column.index,
                severity=Severity.INFO,
            )

    @staticmethod
    def _parse_option(role: str, text: str) -> list[Any]:
        """The values a text cell of 公开对象/方式/层级 names.  A detail written with the
        value (特定群体（面向拟征收土地所在地的村集体成员）, 特定群体: 在征收范围内) is not part of
        it; the caller keeps the whole text when it holds more than the values."""
        text = re.sub(r"[(（][^()（）]*[)）]", " ", unicodedata.normalize("NFKC", text))
        text = re.sub(r"[:：][^;；、，,]*", " ", text)
        out: list[Any] = []
        for token in re.split(r"[、，,；;/\s]+", text.strip()):
            if not token:
                continue
            try:
                if role == "audience":
                    out.append(Audience.parse(token))
                elif role == "method":
                    out.append(Method.parse(token))
                else:
                    levels = parse_levels(token)
                    if not levels:
                        return []
                    out.extend(levels)
            except ValueError:
                return []
        return out

    def _choose_marks(
        self,
        node: _Node,
        marks: dict[str, list[Any]],
        values: dict[str, Any],
        extra: dict[str, str],
    ) -> None:
        for role, wide in (("audience", Audience.PUBLIC), ("method", Method.PROACTIVE)):
            chosen = list(dict.fromkeys(marks[role]))
            if len(chosen) == 1:
                values[role] = chosen[0]
            elif len(chosen) > 1:
                values[role] = wide if wide in chosen else chosen[0]
                label = {"audience": "公开对象", "method": "公开方式"}[role]
                both = "、".join(v.label for v in chosen)
                extra.setdefault(label, both)
                self.finding(
                    AMBIGUOUS_MARKS,
                    f"“{node.name}”的{label}同时勾选了{both}，已取“{values[role].label}”，"
                    "原勾选保存在 extra 中，请核对。",
                    f"{node.name!r} marks {both} for {label}; {values[role].label} was kept and "
                    "the marks are saved under extra. Please check.",
                    node.row,
                )
        levels = list(dict.fromkeys(marks["levels"]))
        if levels:
            values["levels"] = tuple(sorted(levels, key=lambda lv: lv.rank))


def _note_unknown_columns(layout: Layout, grid: Grid, file: str) -> list[Finding]:
    out = []
    header = layout.header_rows[-1]
    for column in layout.of("extra"):
        out.append(
            UNRECOGNISED_COLUMN.finding(
                f"“{column.label}”列不是标准要素，各事项该列的内容原样保存在 extra 中。",
                f"Column {column.label!r} is not a standard element; its cells are kept "
                "under extra.",
                file=file,
                line=header + 1,
                path=grid.where(header, column.index),
            )
        )
    return out


def _mapping(layout: Layout) -> tuple[MappedColumn, ...]:
    out = []
    for column in layout.columns:
        letter = cell_ref(0, column.index)[:-1]
        detail = ""
        if column.role == "name":
            detail = f"第 {column.depth} 级" if column.depth else "目录"
        elif isinstance(column.option, tuple):
            detail = "、".join(lv.label for lv in column.option)
        elif column.option is not None:
            detail = getattr(column.option, "label", str(column.option))
        out.append(MappedColumn(letter, column.label, column.role, detail))
    return tuple(out)


# ---------------------------------------------------------------------------- catalog


_LEVEL_SUFFIX = (
    ("自治区", Level.PROVINCIAL),
    ("省", Level.PROVINCIAL),
    ("街道", Level.TOWNSHIP),
    ("苏木", Level.TOWNSHIP),
    ("乡", Level.TOWNSHIP),
    ("镇", Level.TOWNSHIP),
    ("嘎查", Level.VILLAGE),
    ("社区", Level.VILLAGE),
    ("村", Level.VILLAGE),
    ("县", Level.COUNTY),
    ("区", Level.COUNTY),
    ("旗", Level.COUNTY),
    ("市", Level.MUNICIPAL),
    ("州", Level.MUNICIPAL),
    ("盟", Level.MUNICIPAL),
)


def guess_jurisdiction(title: str | None, domain_name: str | None) -> tuple[str, Level] | None:
    """The jurisdiction a table's caption names, e.g. ``淄川区市政服务领域…`` → 淄川区, county."""
    if not title:
        return None
    head = title.split("领域")[0]
    if domain_name and domain_name in head:
        head = head[: head.rfind(domain_name)]
    head = re.sub(r"[（(].*$|\d{4}年版?|关于印发.*$|附件\s*\d*[:：、.]?", "", head)
    head = re.sub(r"^[\s\d_\-.、]+", "", head).strip(" ：:_-")
    if not head or len(head) > 30:
        return None
    for suffix, level in _LEVEL_SUFFIX:
        if head.endswith(suffix) or head.endswith(suffix + "人民政府"):
            return head.removesuffix("人民政府"), level
    return None


def _profiles(domains: Mapping[str, str] | None) -> tuple[DomainProfile, ...]:
    """Profiles of the given domains (names only), or of the installed packs."""
    if domains is not None:
        return tuple(DomainProfile(code, name) for code, name in domains.items())
    return _installed_profiles()


def _installed_profiles() -> tuple[DomainProfile, ...]:
    """Profiles of the installed domain packs (found through entry points)."""
    from gkstd.api import registry

    reg = registry()
    key = tuple(sorted(reg.packs))
    if _PROFILE_CACHE.get("key") != key:
        _PROFILE_CACHE["key"] = key
        _PROFILE_CACHE["profiles"] = tuple(
            profile(code, pack.name_zh, pack.aliases, pack.load_catalog().catalog)
            for code, pack in sorted(reg.packs.items())
        )
    profiles: tuple[DomainProfile, ...] = _PROFILE_CACHE["profiles"]  # type: ignore[assignment]
    return profiles


_PROFILE_CACHE: dict[str, object] = {}


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
    level: Level | None = None,
    catalog_id: str | None = None,
    title: str | None = None,
    accept: float = ACCEPT_SCORE,
    review: float = REVIEW_SCORE,
    check: bool = True,
    document: str | None = None,
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
    ``level`` default to what the caption, sheet or file name say.

    With ``check``, the imported catalog is validated as ``gkstd validate`` would
    validate the written document (:attr:`ImportResult.check`), each finding pointing at
    the table's sheet, row and cell; ``document`` names the document the catalog will be
    written to (its findings' file).  Never raises on bad input: see
    :attr:`ImportResult.findings`.
    """
    name = file or (str(source) if not isinstance(source, bytes) else f"<{fmt or 'csv'}>")
    try:
        grids, notes = read_grids(source, fmt=fmt, file=name)
    except TableError as exc:
        return ImportResult(name, None, (exc.finding,))
    sidecar = next((read_sidecar(g.rows) for g in grids if g.name == SHEET), None)
    candidates = [g for g in grids if g.name != SHEET]
    names = tuple(g.name for g in candidates)
    chosen = _choose_sheet(candidates, sheet, name)
    if isinstance(chosen, Finding):
        return ImportResult(name, None, (*notes, chosen), sheets=names)
    raw = chosen
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
        layout, acting = _acting_county(layout)
    else:
        layout = _as_exported(layout, grid, sidecar)
    builder = _Builder(name, grid, raw, layout)
    builder.acting_county = acting
    builder.findings = [
        attrs.evolve(f, location=attrs.evolve(f.location, file=name)) for f in builder.findings
    ]
    builder.findings += _note_unknown_columns(layout, grid, name)
    roots = builder.tree(sidecar)
    items, shown = _items(builder, roots)
    restored = False
    header: dict[str, Any] = {}
    if sidecar is not None:
        items = _restore(items, shown, roots, sidecar)
        header = dict(sidecar.header)
        restored = True
    profiles = _profiles(domains)
    guess = None
    if not (domain or parent or header.get("domain")):
        guess = detect_domain(
            profiles,
            caption=layout.title,
            sheet=None if _is_csv(source, fmt) else raw.name,
            file=None if isinstance(source, bytes) else name,
            text=_telling_text(items, layout.title),
            cells=(c for row in grid.rows[layout.body_start :] for c in row if c),
        )
    code = domain or (parent.domain if parent else None) or header.get("domain")
    code = code or (guess.code if guess is not None else None)
    if parent is None and conform and code and not restored:
        parent, parent_ref = _pack_parent(code)
    matches: list[Match] = []
    if parent is not None:
        items, matches = _match(builder, items, roots, parent, mapping, restored, accept, review)
    catalog_or_finding = _catalog(
        builder,
        items,
        header,
        layout,
        name,
        domain=code,
        guess=guess,
        names={p.code: p.name for p in profiles},
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
    checked = None
    if check:
        checked = _check(catalog, parent, parent_ref, mapping, document)
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
    )


def _pack_parent(code: str) -> tuple[Catalog | None, str | None]:
    """The national catalog of the installed pack ``code`` and its reference."""
    from gkstd.api import registry

    pack = registry().pack(code)
    if pack is None:
        return None, None
    catalog = pack.load_catalog().catalog
    return (catalog, pack.code) if catalog is not None else (None, None)


def _check(
    catalog: Catalog,
    parent: Catalog | None,
    parent_ref: str | None,
    mapping: ItemMap | None,
    document: str | None,
) -> Report:
    """Validate the imported catalog exactly as ``gkstd validate`` validates the written
    document: the same text (so the same lines and paths), the same parent."""
    from gkstd.api import registry
    from gkstd.inherit.workspace import Workspace
    from gkstd.io.dumper import dump_catalog

    parents = None
    if parent is not None and parent_ref is not None and registry().pack(parent_ref) is None:
        parents = {parent_ref: parent}  # a file parent, found relative to the output
    report = Workspace(parents=parents, mapping=mapping).validate(dump_catalog(catalog))
    if document is None:
        return report
    return attrs.evolve(
        report, findings=tuple(f.with_location(file=document) for f in report.findings)
    )


def _origin(
    file: str,
    sheet: str,
    layout: Layout,
    roots: Sequence[_Node],
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
        letter = cell_ref(0, column.index)[:-1]
        columns.setdefault(column.role, []).append(letter)
    joined = {
        role: ",".join(letters)
        if role == "name" or len(letters) == 1
        else f"{letters[0]}:{letters[-1]}"
        for role, letters in columns.items()
    }
    rows: dict[str, int] = {}

    def walk(item: Item, node: _Node) -> None:
        rows.setdefault(item.id, node.row + 1)
        for child, child_node in zip(item.items, node.children, strict=True):
            walk(child, child_node)

    for item, node in zip(items, roots, strict=True):
        walk(item, node)
    local = tuple(m.child for m in matches if m.status == "local")
    return Origin(os.path.basename(file), sheet, joined, rows, local)


def _telling_text(items: Sequence[Item], caption: str | None) -> str:
    """The words of the imported rows that tell the domain (see :mod:`gkstd.tables.domain`)."""
    parts = [caption or ""]

    def walk(item: Item) -> None:
        parts.append(item.name)
        parts.extend(item.content)
        parts.extend(c.title for c in item.basis)
        if item.subject:
            parts.append(item.subject)
        for child in item.items:
            walk(child)

    for item in items:
        walk(item)
    return "\n".join(parts)


def _choose_sheet(grids: Sequence[Grid], sheet: str | None, file: str) -> Grid | Finding:
    if sheet is not None:
        found = next((g for g in grids if g.name == sheet), None)
        if found is None and sheet.isdigit() and 0 < int(sheet) <= len(grids):
            found = grids[int(sheet) - 1]
        if found is None:
            return UNREADABLE.finding(
                f"{file} 中没有名为“{sheet}”的工作表；现有：{'、'.join(g.name for g in grids)}。",
                f"{file} has no sheet {sheet!r}; sheets: {', '.join(g.name for g in grids)}.",
                file=file,
            )
        if found.is_empty():
            return _empty(found, file)
        return found
    visible = [g for g in grids if not g.hidden] or list(grids)
    for grid in visible:
        if not grid.is_empty():
            return grid
    if not visible:
        return _empty(Grid("Sheet1", ()), file)
    return _empty(visible[0], file)


def _empty(grid: Grid, file: str) -> Finding:
    return EMPTY_SHEET.finding(
        f"工作表“{grid.name}”是空的，没有可导入的内容。",
        f"Sheet {grid.name!r} is empty; there is nothing to import.",
        file=file,
        path=f"{grid.name}!A1",
        line=1,
    )


def _items(builder: _Builder, roots: list[_Node]) -> tuple[list[Item], dict[int, dict[str, str]]]:
    """Items from the node tree (ids provisional), and each node's shown cells by id(node)."""
    shown: dict[int, dict[str, str]] = {}
    previous: dict[int, str] = {}

    def build(node: _Node) -> Item:
        nonlocal previous
        if node.cells is not None:
            item, cells = builder.item(node, previous)
            previous = {
                **previous,
                **{k: v for k, v in (node.cells or {}).items() if not C.is_same_as_above(v)},
            }
            shown[id(node)] = cells
        else:
            item = Item(id="x", name=node.name)
        if node.children:
            item = attrs.evolve(item, items=tuple(build(child) for child in node.children))
        return item

    items = [build(node) for node in roots]
    return _number(items, roots, ""), shown


def _number(items: list[Item], nodes: list[_Node], prefix: str) -> list[Item]:
    """Positional ids (1, 1.2 …) where the table gave none; the table's own id wins."""
    out: list[Item] = []
    for index, (item, node) in enumerate(zip(items, nodes, strict=True), start=1):
        item_id = item.id if item.id != "x" and _ITEM_ID.match(item.id) else f"{prefix}{index}"
        if item.id != "x" and not _ITEM_ID.match(item.id):
            item = attrs.evolve(item, extra={**item.extra, ID_LABEL: item.id})
        node.id = item_id
        children = _number(list(item.items), node.children, f"{item_id}.") if item.items else []
        out.append(attrs.evolve(item, id=item_id, items=tuple(children)))
    return out


def _restore(
    items: list[Item], shown: dict[int, dict[str, str]], roots: list[_Node], sidecar: Sidecar
) -> list[Item]:
    lookup = sidecar.lookup()
    conv = converter()

    def restore(item: Item, node: _Node, names: tuple[str, ...]) -> Item:
        path = (*names, node.name)
        children = tuple(
            restore(child, child_node, path)
            for child, child_node in zip(item.items, node.children, strict=True)
        )
        entries = lookup.get(path)
        if not entries:
            return attrs.evolve(item, items=children)
        entry: SidecarItem = entries.pop(0)
        try:
            exact = conv.structure({**entry.data, "items": []}, Item)
        except Exception:  # a damaged sidecar entry: the table alone is read
            return attrs.evolve(item, items=children)
        current = shown.get(id(node), {})
        changes: dict[str, Any] = {"items": children}
        if node.cells is not None:
            for key in {*entry.cells, *current}:
                if entry.cells.get(key) == current.get(key):
                    continue
                if key.startswith("extra:"):
                    changes["extra"] = item.extra
                else:
                    changes[key] = item.element(key)
        return attrs.evolve(exact, **changes)

    return [restore(item, node, ()) for item, node in zip(items, roots, strict=True)]


def _match(
    builder: _Builder,
    items: list[Item],
    roots: list[_Node],
    parent: Catalog,
    mapping: ItemMap | None,
    restored: bool,
    accept: float,
    review: float,
) -> tuple[list[Item], list[Match]]:
    """Give the rows that match a parent item the parent's id; number the others as local
    additions (``<group>.local-N``).  Rows with no candidate at all get GK611."""
    matches = match_items(
        items, parent.items, mapping=mapping, use_ids=restored, accept=accept, review=review
    )
    nodes: list[_Node] = []

    def collect(node: _Node) -> None:
        nodes.append(node)
        for child in node.children:
            collect(child)

    for node in roots:
        collect(node)
    assigned: dict[int, str] = {}
    for node, match in zip(nodes, matches, strict=True):
        if match.taken and match.parent is not None:
            assigned[id(node)] = match.parent
        elif match.status == "none":
            builder.finding(
                UNMATCHED_ROW,
                f"“{match.name}”在上级目录中没有相近的事项，按本级新增事项导入。",
                f"{match.name!r} matches no parent item; imported as a local addition.",
                node.row,
                item=match.child,
            )
    parent_ids = {i.id for i in parent.walk()}
    used = set(assigned.values())

    def rename(item: Item, node: _Node, prefix: str) -> Item:
        new_id = assigned.get(id(node))
        if new_id is None:
            tail = item.id.rsplit(".", 1)[-1]
            keep = restored and item.id not in parent_ids
            new_id = item.id if keep else f"{prefix}local-{tail}"
            while new_id in used or (new_id in parent_ids and not keep):
                new_id += "-1"
        used.add(new_id)
        children = tuple(
            rename(child, child_node, f"{new_id}.")
            for child, child_node in zip(item.items, node.children, strict=True)
        )
        return attrs.evolve(item, id=new_id, items=children)

    renamed = [rename(item, node, "") for item, node in zip(items, roots, strict=True)]
    final: list[str] = []

    def ids(item: Item) -> None:
        final.append(item.id)
        for child in item.items:
            ids(child)

    for item in renamed:
        ids(item)
    return renamed, [attrs.evolve(m, child=i) for m, i in zip(matches, final, strict=True)]


def _catalog(
    builder: _Builder,
    items: list[Item],
    header: dict[str, Any],
    layout: Layout,
    file: str,
    *,
    domain: str | None,
    guess: DomainGuess | None,
    names: Mapping[str, str],
    parent_ref: str | None,
    jurisdiction: str | None,
    level: Level | None,
    catalog_id: str | None,
    title: str | None,
) -> Catalog | Finding:
    caption = layout.title
    domain = domain or header.get("domain") or (guess.code if guess is not None else None)
    if not domain or not _DOMAIN.match(domain):
        return _unknown_domain(file, guess)
    data: dict[str, Any] = {k: v for k, v in header.items() if k != "items"}
    data["domain"] = domain
    if jurisdiction is not None or level is not None or "jurisdiction" not in data:
        known = data.get("jurisdiction") or {}
        guessed = _jurisdiction(caption, layout.sheet, file, names.get(domain))
        name = jurisdiction or known.get("name") or (guessed[0] if guessed else None)
        lvl = (
            level
            or (Level.parse(known["level"]) if known.get("level") else None)
            or (guessed[1] if guessed else None)
        )
        if lvl is Level.MUNICIPAL and builder.acting_county and level is None:
            lvl = Level.COUNTY  # a 县级市 or a city without counties: the county level
        how = None
        if lvl is None:
            lvl, how = _level_from_rows(layout, items)
        if name is None or lvl is None or how is not None:
            shown = (lvl or Level.COUNTY).label
            why_zh = {
                None: "",
                "columns": "（按表中最高的公开层级列）",
                "subjects": "（按各事项的公开主体）",
            }[how]
            why_en = {
                None: "",
                "columns": " (from the highest level column)",
                "subjects": " (from the subjects)",
            }[how]
            builder.findings.append(
                UNKNOWN_JURISDICTION.finding(
                    f"表格标题、工作表名和文件名中没有可识别的本级政府名称或层级，已暂记为“{name or '（未注明）'}”"
                    f"{shown}{why_zh}；请用 --jurisdiction 和 --level 指定，或在生成的文件中修改。",
                    f"The caption, sheet and file name name no recognisable government or level; "
                    f"recorded as {name or '（未注明）'!r}, {(lvl or Level.COUNTY).code}{why_en}. Give "
                    "--jurisdiction and --level, or edit the file.",
                    file=file,
                )
            )
        data["jurisdiction"] = {
            "name": name or "（未注明）",
            "level": (lvl or Level.COUNTY).label,
        }
    data["title"] = (
        title
        or data.get("title")
        or caption
        or f"{data['jurisdiction']['name']}{names.get(domain, domain)}领域基层政务公开标准目录"
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
    catalog = converter().structure(data, Catalog)
    return attrs.evolve(catalog, items=tuple(items))


def _jurisdiction(
    caption: str | None, sheet: str, file: str, domain_name: str | None
) -> tuple[str, Level] | None:
    """The jurisdiction named by the caption, else the sheet name, else the file name."""
    stem = os.path.splitext(os.path.basename(file))[0] if not file.startswith("<") else ""
    for text in (caption, sheet, stem):
        found = guess_jurisdiction(text, domain_name)
        if found is not None:
            return found
    return None


def _unknown_domain(file: str, guess: DomainGuess | None) -> Finding:
    """GK614, naming the packs that came closest when there were any."""
    close = [c for c in (guess.candidates[:2] if guess is not None else ()) if c.score > 0]
    if len(close) == 2:
        a, b = close
        return UNKNOWN_DOMAIN.finding(
            f"无法确定 {file} 属于哪个领域：{a.name}（{a.code}，{a.evidence()}）与"
            f"{b.name}（{b.code}，{b.evidence()}）难以区分；请用 --domain 指定其中之一。",
            f"Cannot tell the domain of {file}: {a.code} (score {a.score:.0f}) and {b.code} "
            f"(score {b.score:.0f}) are indistinguishable; give --domain with one of them.",
            file=file,
        )
    return UNKNOWN_DOMAIN.finding(
        f"无法判断 {file} 属于哪个领域：标题、工作表名、文件名都没有写明领域，内容也不像任何已安装的领域包；"
        "请用 --domain 指定领域代码（gkstd domains 列出全部）。",
        f"Cannot tell the domain of {file}: neither the caption, the sheet name nor the file "
        "name names it, and the rows resemble no installed pack; give --domain CODE "
        "(gkstd domains lists them).",
        file=file,
    )


def _is_csv(source: str | os.PathLike[str] | bytes, fmt: str | None) -> bool:
    """True for a CSV table (whose "sheet" name is only the file name)."""
    if fmt is not None:
        return fmt.lower() == "csv"
    return isinstance(source, bytes) or os.fspath(source).lower().endswith(".csv")


#: Column roles a gkstd export states for certain (the label alone may read otherwise:
#: an extra column named 编号 or 说明, or one named like the id column).
_EXPORTED_ROLES = frozenset({"extra", "id", "seq", "notes", "category"})


def _as_exported(layout: Layout, grid: Grid, sidecar: Sidecar) -> Layout:
    """The layout of a gkstd export with each column in the role it was written with,
    where the column still has its exported label (a column inserted or renamed in Excel
    is read from its label)."""
    exported = dict(enumerate(sidecar.columns))
    confirmed: set[int] = set()
    columns = []
    for column in layout.columns:
        role, label = exported.get(column.index, ("", ""))
        if role in _EXPORTED_ROLES and column.label.strip() == label:
            columns.append(Column(column.index, column.label, role))
            confirmed.add(column.index)
        else:
            columns.append(column)
    spots = {grid.where(r, c) for r in layout.header_rows for c in confirmed}
    findings = tuple(
        f
        for f in layout.findings
        if f.code != DUPLICATE_COLUMN.code or f.location.path not in spots
    )
    return attrs.evolve(layout, columns=tuple(columns), findings=findings)


def _acting_county(layout: Layout) -> tuple[Layout, bool]:
    """A table whose 公开层级 columns go from a city (市级, 东阳市级) straight to townships,
    with no county column, belongs to a 县级市 or a city without counties (中山, 东莞):
    there the city is the county-level government of the 基层 catalogs, and its column
    is read as 县级.  Returns the layout (changed or not) and whether it was changed."""
    offered = {
        lv for c in layout.of("levels") for lv in (c.option if isinstance(c.option, tuple) else ())
    }
    lower = {Level.TOWNSHIP, Level.VILLAGE}
    if Level.MUNICIPAL not in offered or Level.COUNTY in offered or not offered & lower:
        return layout, False
    columns = tuple(
        attrs.evolve(
            c,
            option=tuple(Level.COUNTY if lv is Level.MUNICIPAL else lv for lv in c.option),
        )
        if c.role == "levels" and isinstance(c.option, tuple)
        else c
        for c in layout.columns
    )
    return attrs.evolve(layout, columns=columns), True


_TOWNSHIP_SUBJECT = re.compile(
    r"(?:乡|镇|街道|苏木)(?:人民政府|政府|办事处|党委|便民服务中心)|街道办|乡镇人民政府"
    r"|^[\u4e00-\u9fa5]{1,6}?(?:镇|乡|街道)(?!人民政府)[\u4e00-\u9fa5]*(?:局|办|所|站|中心)$"
)


def _level_from_rows(layout: Layout, items: Sequence[Item]) -> tuple[Level | None, str | None]:
    """The catalog's level when no name says it: the highest 公开层级 column (a county
    table has 县级/乡级, a township's 乡级/村级), else the subjects (乡镇人民政府,
    街道办事处 throughout: a township's catalog)."""
    offered = [
        lv for c in layout.of("levels") for lv in (c.option if isinstance(c.option, tuple) else ())
    ]
    if not offered:  # a text 公开层级 column: the levels written in it
        offered = [lv for item in items for i in item.walk() for lv in i.levels]
    if offered:
        return min(offered, key=lambda lv: lv.rank), "columns"
    subjects = [i.subject for item in items for i in item.walk() if i.is_leaf and i.subject]
    if subjects and all(_TOWNSHIP_SUBJECT.search(s) for s in subjects):
        return Level.TOWNSHIP, "subjects"
    return None, None


def _channel_column(label: str) -> Channel | None:
    """The template channel a column is named after (政府网站), or ``None``.  Some tables
    give the site's address in such a column instead of ticking the channel."""
    try:
        return Channel.parse(header_key(label))
    except ValueError:
        return None
