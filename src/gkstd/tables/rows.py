"""Rows of a table into items: the tree of item names (merged and repeated group cells),
the cells of each row read into element values, marks, channels and extras.

Part of :mod:`gkstd.tables` (used by :func:`gkstd.tables.import_table`).

Long module: the tree of rows, the reading of a row's cells and the lazy completion of a
row read from a gkstd export share the :class:`Builder`'s state (layout, findings, the
cells above each row); split, they would pass it all back and forth.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from itertools import compress, repeat
from operator import itemgetter
from typing import Any

import attrs

from gkstd.diagnostics.findings import Finding, Severity
from gkstd.diagnostics.rule import Rule
from gkstd.io.schema import ITEM_ID_PATTERN
from gkstd.model import Item
from gkstd.model.enums import Audience, Channel, Method
from gkstd.model.replace import replace
from gkstd.tables import cells as C
from gkstd.tables.grid import Grid
from gkstd.tables.header import Column, Layout, header_key, parse_levels
from gkstd.tables.rules import (
    AMBIGUOUS_MARKS,
    UNNAMED_ROW,
    UNRECOGNISED_COLUMN,
)
from gkstd.tables.sidecar import Sidecar
from gkstd.tables.template import ID_LABEL, mark_cells
from gkstd.tables.textcells import TextCells, signature

__all__ = ["Builder", "Node", "build_items", "note_unknown_columns", "number_items", "numbered"]

_ITEM_ID = re.compile(ITEM_ID_PATTERN)
#: A note written as such: 注：…, 说明1：…, 备注: ….
_NOTE_START = re.compile(r"^(?:注|说明|备注)\s*\d*\s*[：:]")
_TEXT_ROLES = ("content", "basis", "time_limit", "subject", "channels", "category", "notes")
_MARK_ROLES = ("audience", "method", "levels")


@attrs.define
class Node:
    name: str
    row: int
    depth: int
    cells: dict[int, str] | None = None
    children: list[Node] = attrs.field(factory=list)
    continuation: list[dict[int, str]] = attrs.field(factory=list)
    id: str | None = None


def _continues_content(
    open_path: Sequence[Node], content: Mapping[int, str], content_columns: frozenset[int]
) -> bool:
    """Whether a row with no item name, no number and text in the 公开内容 column only
    continues the item above it: a published item whose content runs over several rows,
    its other cells merged down (大涌镇 财政预决算: 一般公共预算, then 政府性基金预算 and
    three more lines each a row).  Saved as CSV, or copied from a web page, the merges are
    gone; each line had become an unnamed item (GK612) lacking every element (GK101).  A
    row with any other cell of its own (a basis, a subject) is still an unnamed item."""
    if not content or not set(content) <= content_columns or not open_path:
        return False
    above = open_path[-1]
    return above.cells is not None and not above.children


def _name_cells(
    raw: Grid,
    origins: Mapping[tuple[int, int], tuple[int, int]],
    columns: list[int],
    row: int,
) -> tuple[list[str], set[int]]:
    """Names of a row by depth (``columns``: the name columns, shallowest first), and the
    depths whose name continues a vertical merge from a row above.  A horizontal merge
    does not repeat a name."""
    continued: set[int] = set()
    cells = raw.rows[row] if 0 <= row < len(raw.rows) else ()
    width = len(cells)
    out = [cells[index].strip() if 0 <= index < width else "" for index in columns]
    if all(out):
        return out, continued  # every name written in the row itself
    for depth, index in enumerate(columns):
        if not out[depth]:
            origin = origins.get((row, index))
            if origin is not None and origin[1] == index:
                out[depth] = raw.cell(*origin).strip()
                continued.add(depth)
    return out, continued


def _picker(indices: Sequence[int]) -> Callable[[Sequence[str]], Sequence[str]]:
    """The cells at ``indices`` of a row, in that order (all at once)."""
    if len(indices) > 1:
        return itemgetter(*indices)
    return lambda cells: [cells[i] for i in indices]


class Builder:
    def __init__(self, file: str, grid: Grid, raw: Grid, layout: Layout) -> None:
        self.file = file
        self.grid = grid
        self.raw = raw
        self.layout = layout
        self.findings: list[Finding] = list(layout.findings)
        self.notes: list[str] = []
        self.acting_county = False
        #: Cells of the rows above each leaf read lazily (see :meth:`complete`), by id(node).
        self.previous: dict[int, dict[int, str]] = {}
        #: Each distinct text cell read once.
        self.text_cells = TextCells()
        self.header_texts = {
            tuple(C.normalize_cell(grid.cell(r, c)) for c in range(grid.width))
            for r in layout.header_rows
        }
        #: The columns a row's cells are read from, each with the template channel an
        #: ``extra`` column is named after (:func:`channel_column`).
        self.read_columns = tuple(
            (column, channel_column(column.label) if column.role == "extra" else None)
            for column in layout.columns
            if column.role not in ("name", "seq")
        )
        #: The 公开对象/方式/层级 columns, and the reading of their cells by the cells' texts
        #: where that reading gave no finding and kept no text (see :meth:`item`).
        self.mark_columns = tuple(
            column.index for column in layout.columns if column.role in _MARK_ROLES
        )
        self.marks_read: dict[tuple[str, ...], tuple[dict[str, Any], dict[str, str]]] = {}
        #: The other columns, each with its key among the shown cells (``None``: the id),
        #: for a row read without its texts whose marks are known (:meth:`_shown_only`).
        self.shown_columns = tuple(
            (column.index, _shown_key(column))
            for column, _ in self.read_columns
            if column.role not in _MARK_ROLES
        )

    def emit(
        self,
        rule: Rule,
        variant: str,
        row: int,
        column: int | None = None,
        /,
        *,
        severity: Severity | None = None,
        item: str | None = None,
        **args: Any,
    ) -> None:
        """Record a finding of ``rule`` (message ``variant`` with the values ``args``) at
        the 0-based ``row`` (and ``column``) of the sheet."""
        path = self.grid.where(row, column)
        self.findings.append(
            rule.emit(
                variant,
                file=self.file,
                line=row + 1,
                path=path,
                item=item,
                severity=severity,
                **args,
            )
        )

    # -- tree ----------------------------------------------------------------
    def tree(self, sidecar: Sidecar | None = None) -> list[Node]:
        """The rows as a tree of named nodes.  Rows whose upper names equal the open
        group's join it; for a gkstd export, the hidden sheet says where one group ends
        and a sibling of the same name begins, as long as the rows are still as exported."""
        roots: list[Node] = []
        open_path: list[Node] = []
        previous: list[str] = []
        hints = sidecar.leaves() if sidecar is not None else None
        placed = 0
        width = self.grid.width
        origins = self.raw.merge_origins()
        firsts = {texts[0] for texts in self.header_texts if texts}
        content_columns = [c.index for c in self.layout.columns if c.role != "name"]
        pick = _picker(content_columns)
        name_columns = [c.index for c in self.layout.name_columns]
        content_only = frozenset(c.index for c in self.layout.of("content"))
        for row in range(self.layout.body_start, len(self.grid.rows)):
            values = self.grid.rows[row]
            if len(values) != width:
                values = tuple(self.grid.cell(row, c) for c in range(width))
            stripped = list(map(str.strip, values))
            if not any(stripped):
                continue
            if (not values or C.normalize_cell(values[0]) in firsts) and tuple(
                C.normalize_cell(v) for v in values
            ) in self.header_texts:
                continue
            names, continued = _name_cells(self.raw, origins, name_columns, row)
            content = dict(
                compress(zip(content_columns, pick(values), strict=True), pick(stripped))
            )
            named = any(names)
            if self._is_note(stripped, named=named):
                self.notes.append(next(v for v in stripped if v))
                continue
            if not named:
                if not content or set(content) <= {c.index for c in self.layout.of("seq")}:
                    continue
                if _continues_content(open_path, content, content_only):
                    open_path[-1].continuation.append(content)  # more of the item above
                    continue
                label = f"第 {row + 1} 行（未填写事项名称）"
                self.emit(UNNAMED_ROW, "default", row, row=row + 1, name=label)
                names = [""] * (len(names) - 1) + [label]
            # carry the upper levels down (CSV has no merged cells)
            deepest = len(names) - 1
            while not names[deepest]:
                deepest -= 1
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

    def _is_note(self, stripped: list[str], *, named: bool) -> bool:
        """A row that is a note of the whole table, not an item: one text across its cells
        (a merged 注/说明 line, which in a workbook also fills the name columns), or a
        single cell starting 注/说明/备注.  A row whose only text is in the name columns
        (a group named twice, 财政预决算/财政预决算) is an item.  ``stripped``: the row's
        cells, stripped."""
        texts = set(stripped)
        texts.discard("")
        if len(texts) != 1:
            return False
        filled = [(index, v) for index, v in enumerate(stripped) if v]
        text = next(iter(texts))
        if not named:
            return len(filled) > 1 or text.startswith(("注", "说明", "备注"))
        name_columns = {c.index for c in self.layout.name_columns}
        spread = any(index not in name_columns for index, _ in filled) and len(filled) > 1
        return spread or bool(_NOTE_START.match(text))

    def _place(
        self,
        roots: list[Node],
        open_path: list[Node],
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
            node = Node(name, row, depth, content if last else None)
            siblings.append(node)
            del open_path[depth:]
            open_path.append(node)
            siblings = node.children
        return True

    # -- elements ------------------------------------------------------------
    def item(
        self, node: Node, previous: dict[int, str], *, texts: bool = True
    ) -> tuple[Item, dict[str, str]]:
        """The item of a leaf node and its cells in sidecar form.

        With ``texts=False`` the text cells (content, basis, time limit …) are not read:
        the item carries only its id and name, but the cells and the findings are those of
        the full reading (the text cells give no finding).  :meth:`complete` reads the
        rest when it is needed (a gkstd export whose cells are unchanged never needs it)."""
        fields, shown = self.fields(node, previous, texts=texts)
        return Item(**fields), shown

    def fields(
        self, node: Node, previous: dict[int, str], *, texts: bool = True
    ) -> tuple[dict[str, Any], dict[str, str]]:
        """:meth:`item` before the item is made: its fields (``Item(**fields)``, the id
        ``"x"`` when the table gives none) and its cells in sidecar form."""
        cells = dict(node.cells or {})
        for more in node.continuation:
            for index, text in more.items():
                cells[index] = f"{cells[index]}\n{text}" if index in cells else text
        if previous and "同" in "".join(cells.values()):  # else no cell is 同上
            for index, text in list(cells.items()):
                if C.is_same_as_above(text) and index in previous:
                    cells[index] = previous[index]
        key = tuple(map(cells.get, self.mark_columns, repeat("")))
        known = self.marks_read.get(key)
        if known is not None and not texts:
            return self._shown_only(node, cells, known[1])
        values: dict[str, Any] = {}
        extra: dict[str, str] = {}
        shown: dict[str, str] = {}
        column_channels: list[Channel] = []
        marks: dict[str, list[Any]] = {"audience": [], "method": [], "levels": []}
        # the marks of most rows repeat: their reading is kept by the cells' texts when it
        # gave no finding and kept no text in ``extra`` (so the order of ``extra`` and the
        # findings are those of reading them again)
        findings, kept = len(self.findings), 0
        read = self.text_cells.read
        for column, named in self.read_columns:
            text = cells.get(column.index, "").strip()
            if not text:
                continue
            role = column.role
            if role == "id":
                values["id"] = text
            elif role == "extra":
                extra[column.label] = text
                shown[f"extra:{column.label}"] = text
                if named is not None and not C.is_no_mark(text):
                    column_channels.append(named)  # a 政府网站 column holding the address
            elif role in _MARK_ROLES:
                if known is None:
                    before = len(extra)
                    self._mark(column, text, node.row, marks, extra)
                    kept += len(extra) - before
            else:
                shown[role] = text
                if texts:  # each distinct text of a column read once (TextCells)
                    reading = read(role, column.label, text)
                    values.update(reading.values)
                    if reading.extra:
                        extra.update(reading.extra)
        if known is None:
            before = len(extra)
            self._choose_marks(node, marks, values, extra)
            chosen = {role: values[role] for role in _MARK_ROLES if role in values}
            shown_marks = mark_cells(
                values.get("audience"), values.get("method"), values.get("levels", ())
            )
            if not kept and len(extra) == before and len(self.findings) == findings:
                self.marks_read[key] = (chosen, shown_marks)
        else:
            chosen, shown_marks = known
            values.update(chosen)
        if not texts:
            return {"id": values.get("id") or "x", "name": node.name}, {**shown, **shown_marks}
        if column_channels:
            have = tuple(values.get("channels", ()))
            values["channels"] = have + tuple(c for c in column_channels if c not in have)
        shown.update(shown_marks)
        values["id"] = values.get("id") or "x"
        values["name"] = node.name
        values["extra"] = extra
        return values, shown

    def _shown_only(
        self, node: Node, cells: dict[int, str], shown_marks: dict[str, str]
    ) -> tuple[dict[str, Any], dict[str, str]]:
        """:meth:`item` with ``texts=False`` for a row whose marks were read before (the
        same cells gave no finding and kept no text): only the id and the shown cells."""
        item_id = None
        shown: dict[str, str] = {}
        for index, key in self.shown_columns:
            text = cells.get(index)
            if not text:
                continue
            text = text.strip()
            if not text:
                continue
            if key is None:
                item_id = text
            else:
                shown[key] = text
        return {"id": item_id or "x", "name": node.name}, {**shown, **shown_marks}

    def complete(self, node: Node, placeholder: Item) -> Item:
        """The full item of a leaf first read with ``texts=False`` (``placeholder``, as
        numbered by :func:`number_items`): what :func:`build_items` gives without
        ``lazy``.  The findings of the row were recorded by the first reading."""
        findings = self.findings
        self.findings = []
        try:
            item, _ = self.item(node, self.previous.pop(id(node)))
        finally:
            self.findings = findings
        misplaced = numbered(item.id, "", 0)[1]
        if misplaced is not None:
            item = replace(item, extra={**item.extra, ID_LABEL: misplaced})
        return replace(item, id=placeholder.id, items=placeholder.items)

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
                if signature(text) - signature(labels) - signature("公开级;、 "):
                    extra[column.label] = text  # a detail beside the value: kept verbatim
            else:
                extra[column.label] = text
                self.emit(
                    AMBIGUOUS_MARKS,
                    "not-understood",
                    row,
                    column.index,
                    column=column.label,
                    text=text,
                )
            return
        if C.is_no_mark(text):
            return
        options = column.option if isinstance(column.option, tuple) else (column.option,)
        marks[role].extend(options)
        bare = C.is_mark(text) or self._parse_option(role, text) == list(options)
        if not bare:
            extra[column.label] = text
            self.emit(
                AMBIGUOUS_MARKS,
                "text-as-mark",
                row,
                column.index,
                severity=Severity.INFO,
                column=column.label,
                text=text,
            )

    @staticmethod
    def _parse_option(role: str, text: str) -> list[Any]:
        """The values a text cell of 公开对象/方式/层级 names.  A detail written with the
        value (特定群体（面向拟征收土地所在地的村集体成员）, 特定群体: 在征收范围内) is not part of
        it; the caller keeps the whole text when it holds more than the values.  A level's
        own brackets (镇(街)级, 县(市、区)级, 村(居)级) are part of its name."""
        text = re.sub(r"[(（][^()（）]*[)）](?=级)", "", unicodedata.normalize("NFKC", text))
        text = re.sub(r"[(（][^()（）]*[)）]", " ", text)
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
        node: Node,
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
                marked = [v.label for v in chosen]
                extra.setdefault(label, "、".join(marked))
                self.emit(
                    AMBIGUOUS_MARKS,
                    "default",
                    node.row,
                    name=node.name,
                    label=label,
                    marked=marked,
                    kept=values[role].label,
                )
        levels = list(dict.fromkeys(marks["levels"]))
        if levels:
            values["levels"] = tuple(sorted(levels, key=lambda lv: lv.rank))


def _shown_key(column: Column) -> str | None:
    """The key of a column's cell among a row's shown cells (``None`` for the id)."""
    if column.role == "id":
        return None
    return f"extra:{column.label}" if column.role == "extra" else column.role


def note_unknown_columns(layout: Layout, grid: Grid, file: str) -> list[Finding]:
    out = []
    header = layout.header_rows[-1]
    for column in layout.of("extra"):
        if column.form_of is not None:  # 公开方式 of 全文发布 beside 公开属性 (header._dedupe)
            out.append(
                UNRECOGNISED_COLUMN.emit(
                    "publication-form",
                    column=column.label,
                    method=column.form_of,
                    file=file,
                    line=header + 1,
                    path=grid.where(header, column.index),
                )
            )
            continue
        out.append(
            UNRECOGNISED_COLUMN.emit(
                column=column.label,
                file=file,
                line=header + 1,
                path=grid.where(header, column.index),
            )
        )
    return out


def build_items(
    builder: Builder, roots: list[Node], *, lazy: bool = False
) -> tuple[list[Item], dict[int, dict[str, str]]]:
    """Items from the node tree (ids provisional), and each node's shown cells by id(node).

    With ``lazy`` the leaves' text cells are not read yet (see :meth:`Builder.item`):
    :meth:`Builder.complete` gives the full item of a leaf."""
    building = _Building(builder, lazy)
    items = [building.build(node) for node in roots]
    return number_items(items, roots, ""), building.shown


class _Building:
    """The walk of :func:`build_items`: a class, not a closure that calls itself
    (a reference cycle, kept for every table while a batch pauses the cyclic collector)."""

    def __init__(self, builder: Builder, lazy: bool) -> None:
        self.builder = builder
        self.lazy = lazy
        self.shown: dict[int, dict[str, str]] = {}
        self.previous: dict[int, str] = {}

    def build(self, node: Node) -> Item:
        if node.cells is not None:
            if self.lazy:
                self.builder.previous[id(node)] = self.previous  # never changed: replaced
            item, cells = self.builder.item(node, self.previous, texts=not self.lazy)
            own = node.cells or {}
            if "同" in "".join(own.values()):  # else no cell is 同上
                own = {k: v for k, v in own.items() if not C.is_same_as_above(v)}
            self.previous = {**self.previous, **own}
            self.shown[id(node)] = cells
        else:
            item = Item(id="x", name=node.name)
        if node.children:
            item = replace(item, items=tuple(self.build(child) for child in node.children))
        return item


def numbered(table_id: str, prefix: str, index: int) -> tuple[str, str | None]:
    """The id of the ``index``-th item under ``prefix`` whose id cell reads ``table_id``
    (``"x"``: none): the table's own id when it is a valid item id, else the position
    (``1.2``); and the table's id when it gave one that is not valid (kept in ``extra``
    under the id column's label), else ``None``."""
    own = table_id != "x" and _ITEM_ID.match(table_id) is not None
    misplaced = table_id if table_id != "x" and not own else None
    return (table_id if own else f"{prefix}{index}"), misplaced


def number_items(items: list[Item], nodes: list[Node], prefix: str) -> list[Item]:
    """Positional ids (1, 1.2 …) where the table gave none; the table's own id wins."""
    out: list[Item] = []
    for index, (item, node) in enumerate(zip(items, nodes, strict=True), start=1):
        item_id, misplaced = numbered(item.id, prefix, index)
        if misplaced is not None:
            item = replace(item, extra={**item.extra, ID_LABEL: misplaced})
        node.id = item_id
        if item_id == item.id and not item.items:
            out.append(item)  # a leaf with the table's own id: nothing to change
            continue
        children = (
            number_items(list(item.items), node.children, f"{item_id}.") if item.items else []
        )
        out.append(replace(item, id=item_id, items=tuple(children)))
    return out


def channel_column(label: str) -> Channel | None:
    """The template channel a column is named after (政府网站), or ``None``.  Some tables
    give the site's address in such a column instead of ticking the channel."""
    try:
        return Channel.parse(header_key(label))
    except ValueError:
        return None
