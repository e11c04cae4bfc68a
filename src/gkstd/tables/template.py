"""The official table layout of a catalog: its columns and one row per leaf item.

Every export format (xlsx, csv, md, html) is drawn from :func:`table_of`; the importer
uses :func:`element_cells` to tell whether a cell was edited after export.
"""

from __future__ import annotations

from collections.abc import Iterator

import attrs

from gkstd.diagnostics.arguments import expect
from gkstd.model import Catalog, Item
from gkstd.model.enums import Audience, Level, Method
from gkstd.tables.cells import MARK, format_channels, format_citations, format_list, notes_cell

__all__ = [
    "ID_LABEL",
    "NAME_LABELS",
    "TableColumn",
    "TableLayout",
    "TableRow",
    "element_cells",
    "mark_cells",
    "shown_cells",
    "table_of",
]

#: Labels of the item-name columns by depth (the template's 一级事项/二级事项 …).
NAME_LABELS = ("一级事项", "二级事项", "三级事项", "四级事项", "五级事项")
#: Label of the item-id column gkstd adds after the template columns.
ID_LABEL = "事项编号"

_SINGLE = (
    ("content", "公开内容（要素）"),
    ("basis", "公开依据"),
    ("time_limit", "公开时限"),
    ("subject", "公开主体"),
    ("channels", "公开渠道和载体"),
)


@attrs.frozen
class TableColumn:
    """A column of the exported table.

    ``group`` is the upper header (``公开对象`` …) for the columns under a two-row group,
    ``label`` the lower (or only) header.  ``role``/``option`` say what it holds, as in
    :class:`gkstd.tables.header.Column`.
    """

    role: str
    label: str
    group: str | None = None
    option: object = None
    depth: int = 0


@attrs.frozen
class TableRow:
    """One leaf item and the path of items above it (``path[-1] is item``)."""

    item: Item
    path: tuple[Item, ...]


@attrs.frozen
class TableLayout:
    """Columns and rows of a catalog's table."""

    columns: tuple[TableColumn, ...]
    rows: tuple[TableRow, ...]
    depth: int

    def spans(self) -> list[tuple[int, int, str | None]]:
        """Header spans ``(first column, width, group)``: a two-row group (``公开对象`` …)
        covers its columns; a plain column is ``(index, 1, None)``."""
        out: list[tuple[int, int, str | None]] = []
        for index, column in enumerate(self.columns):
            if column.group and out and out[-1][2] == column.group:
                start, width, group = out[-1]
                out[-1] = (start, width + 1, group)
            else:
                out.append((index, 1, column.group))
        return out

    def cells(self, number: int, row: TableRow) -> list[str]:
        """The cell texts of ``row`` (the ``number``-th, from 1), column by column."""
        values = element_cells(row.item)
        out: list[str] = []
        for column in self.columns:
            if column.role == "name":
                out.append(row.path[column.depth].name if column.depth < len(row.path) else "")
            elif column.role == "seq":
                out.append(str(number))
            elif column.role in ("audience", "method", "levels"):
                out.append(MARK if _marked(row.item, column) else "")
            elif column.role == "extra":
                out.append(row.item.extra.get(column.label, ""))
            elif column.role == "id":
                out.append(row.item.id)
            else:
                out.append(values.get(column.role, ""))
        return out


def _marked(item: Item, column: TableColumn) -> bool:
    if column.role == "levels":
        return column.option in item.levels
    return item.element(column.role) is column.option


def element_cells(item: Item) -> dict[str, str]:
    """The text gkstd writes for each element of ``item`` (absent elements omitted)."""
    out: dict[str, str] = {}
    if item.content:
        out["content"] = format_list(item.content)
    if item.basis:
        out["basis"] = format_citations(item.basis)
    if item.time_limit is not None:
        out["time_limit"] = item.time_limit.display()
    if item.subject:
        out["subject"] = item.subject
    if item.channels:
        out["channels"] = format_channels(item.channels)
    if item.category is not None:
        out["category"] = item.category.label
    if item.notes or item.not_applicable is not None:  # 不适用：理由 first (cells.notes_cell)
        reason = item.not_applicable.reason if item.not_applicable is not None else None
        out["notes"] = notes_cell(reason, item.notes)
    return out


def mark_cells(
    audience: Audience | None, method: Method | None, levels: tuple[Level, ...] | list[Level]
) -> dict[str, str]:
    """The marked options of an item, as labels (how the sidecar records the √ columns)."""
    out: dict[str, str] = {}
    if audience is not None:
        out["audience"] = audience.label
    if method is not None:
        out["method"] = method.label
    if levels:
        ordered = sorted(set(levels), key=lambda level: level.rank)
        out["levels"] = "、".join(level.label for level in ordered)
    return out


def shown_cells(item: Item) -> dict[str, str]:
    """Every cell gkstd shows for ``item``, as the sidecar records them (stripped)."""
    out = {key: text.strip() for key, text in element_cells(item).items()}
    out.update({f"extra:{k}": v.strip() for k, v in item.extra.items() if v.strip()})
    out.update(mark_cells(item.audience, item.method, item.levels))
    return {k: v for k, v in out.items() if v}


def _rows(items: tuple[Item, ...], path: tuple[Item, ...]) -> Iterator[TableRow]:
    for item in items:
        if item.items:
            yield from _rows(item.items, (*path, item))
        else:
            yield TableRow(item, (*path, item))


def _levels(catalog: Catalog) -> list[Level]:
    used = {level for leaf in catalog.leaves() for level in leaf.levels}
    if not used:
        start = max(catalog.jurisdiction.level.rank, Level.COUNTY.rank)
        used = {list(Level)[start], list(Level)[min(start + 1, len(Level) - 1)]}
    return sorted(used, key=lambda lv: lv.rank)


def table_of(catalog: Catalog, *, ids: bool = True) -> TableLayout:
    """The table of ``catalog``: one row per leaf, in document order.

    Columns: 序号, one name column per tree level, the five text elements, the marks of
    公开对象 (全社会/特定群体), 公开方式 (主动/依申请) and 公开层级 (the levels used), then 五公开
    and 备注 when any item has them, every ``extra`` key, and (``ids``) 事项编号.
    """
    expect(
        catalog,
        Catalog,
        "gkstd.tables export (catalog)",
        ("目录 Catalog", "a Catalog"),
        (
            "文件请先用 gkstd.resolve(路径).catalog 读取",
            "read a file with gkstd.resolve(path).catalog",
        ),
    )
    rows = tuple(_rows(catalog.items, ()))
    depth = max((len(r.path) for r in rows), default=1)
    columns: list[TableColumn] = [TableColumn("seq", "序号")]
    group = "公开事项" if depth > 1 else None
    for d in range(depth):
        label = NAME_LABELS[d] if d < len(NAME_LABELS) else f"{d + 1}级事项"
        columns.append(TableColumn("name", label if group else "事项名称", group, depth=d))
    columns += [TableColumn(role, label) for role, label in _SINGLE]
    columns += [
        TableColumn("audience", "全社会", "公开对象", Audience.PUBLIC),
        TableColumn("audience", "特定群体", "公开对象", Audience.SPECIFIC),
        TableColumn("method", "主动", "公开方式", Method.PROACTIVE),
        TableColumn("method", "依申请", "公开方式", Method.ON_REQUEST),
    ]
    if any(r.item.method is Method.WITHHELD for r in rows):  # so that a rule can flag it
        columns.append(TableColumn("method", "不予公开", "公开方式", Method.WITHHELD))
    columns += [TableColumn("levels", lv.label, "公开层级", lv) for lv in _levels(catalog)]
    leaves = [r.item for r in rows]
    if any(i.category is not None for i in leaves):
        columns.append(TableColumn("category", "五公开"))
    if any(i.notes or i.not_applicable is not None for i in leaves):
        columns.append(TableColumn("notes", "备注"))
    extra: dict[str, None] = {}
    for leaf in leaves:
        extra.update(dict.fromkeys(leaf.extra))
    columns += [TableColumn("extra", key) for key in extra]
    if ids:
        columns.append(TableColumn("id", ID_LABEL))
    return TableLayout(tuple(columns), rows, depth)
