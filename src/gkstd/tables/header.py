"""Finding the header of a catalog table and what each column means.

Published 标准目录 tables have one or two header rows.  With two, the upper row names a
group (公开事项, 公开对象, 公开方式, 公开层级) and the lower row its parts (一级事项/二级事项,
全社会/特定群体, 主动/依申请, 县级/乡级).  Column names vary from place to place; every
accepted spelling is listed in :data:`ELEMENT_LABELS` and the option tables.
"""

from __future__ import annotations

import re
import unicodedata

import attrs

from gkstd.diagnostics.findings import Finding
from gkstd.model.enums import Audience, Level, Method, normalize_label
from gkstd.tables.grid import Grid, column_letters
from gkstd.tables.rules import CONTRADICTORY_HEADER, DUPLICATE_COLUMN, NO_HEADER

__all__ = [
    "ELEMENT_LABELS",
    "Column",
    "Layout",
    "detect_layout",
    "has_header",
    "header_key",
    "parse_levels",
]

#: How far down a sheet the header is looked for.
HEADER_SEARCH_ROWS = 20

#: Column roles and their accepted header spellings (compared after :func:`header_key`).
ELEMENT_LABELS: dict[str, tuple[str, ...]] = {
    "seq": ("序号", "序", "编号", "no", "no."),
    "id": ("事项编号", "事项id", "id", "gkstd编号", "事项代码"),
    "content": (
        "公开内容",
        "公开内容要素",
        "公开内容及要求",
        "公开内容要素及要求",
        "内容",
        "公开的内容",
        "公开内容和要求",
    ),
    "basis": ("公开依据", "依据", "政策依据", "法律依据"),
    "time_limit": ("公开时限", "时限", "公开时间", "公开期限"),
    "subject": ("公开主体", "公开单位", "责任主体", "公开部门", "责任单位", "公开责任主体"),
    "channels": (
        "公开渠道和载体",
        "公开渠道",
        "公开载体",
        "渠道",
        "公开渠道及载体",
        "公开途径",
        "公开渠道与载体",
    ),
    "category": ("五公开", "公开类别", "五公开类别"),
    "notes": ("备注", "说明"),
    "audience": ("公开对象",),
    "method": ("公开方式", "公开属性"),
    "levels": ("公开层级", "层级"),
    "name": ("公开事项", "事项名称", "事项", "公开事项名称", "事项名"),
}

#: Labels of the item-name columns, by depth.
NAME_LEVELS: dict[str, int] = {
    "一级目录": 0,
    "二级目录": 1,  # 一级目录/二级目录 under 公开事项 (磐安县, 阳泉市郊区): the two levels
    "三级目录": 2,
    "一级事项": 1,
    "一级": 1,
    "一级事项名称": 1,
    "二级事项": 2,
    "二级": 2,
    "二级事项名称": 2,
    "三级事项": 3,
    "三级": 3,
    "四级事项": 4,
}

_GROUPS = ("name", "audience", "method", "levels")
_ELEMENT_ROLES = frozenset(
    {"content", "basis", "time_limit", "subject", "channels", "audience", "method", "levels"}
)
_LABEL_ROLE = {header_label: role for role, ls in ELEMENT_LABELS.items() for header_label in ls}
_EXTRA_AUDIENCE = {"特定": Audience.SPECIFIC, "社会公众": Audience.PUBLIC}


def header_key(text: str) -> str:
    """A header cell folded for comparison: NFKC, no white space, no (…) remarks, lower case.

    ``公开内容（要素）`` and ``公开内容(要素)`` both fold to ``公开内容``; ``特定群体（请写明）``
    to ``特定群体``.
    """
    folded = unicodedata.normalize("NFKC", text)
    folded = re.sub(r"\([^()]*\)", "", folded)
    folded = re.sub(r"[:：*＊]+$", "", "".join(folded.split()))
    return folded.lower()


#: A level column named after a place: 东阳市级, 兴国县级, 沙湾区级, 龙岭镇级.
_PLACE_LEVEL = re.compile(
    r"^(?P<place>(?:(?!级)[\u4e00-\u9fa5]){2,10}?)(?P<unit>自治区|自治州|自治县|省|市|州|盟|县|区|旗|街道|镇|乡|苏木|村|社区)级?$"
)
_PLACE_UNITS = {
    "省": Level.PROVINCIAL,
    "自治区": Level.PROVINCIAL,
    "市": Level.MUNICIPAL,
    "州": Level.MUNICIPAL,
    "自治州": Level.MUNICIPAL,
    "盟": Level.MUNICIPAL,
    "县": Level.COUNTY,
    "自治县": Level.COUNTY,
    "区": Level.COUNTY,
    "旗": Level.COUNTY,
    "街道": Level.TOWNSHIP,
    "镇": Level.TOWNSHIP,
    "乡": Level.TOWNSHIP,
    "苏木": Level.TOWNSHIP,
    "村": Level.VILLAGE,
    "社区": Level.VILLAGE,
}


def place_level(label: str) -> Level | None:
    """The level of a column named after a place (``东阳市级`` → 市级, ``兴国县级`` → 县级),
    by the kind of place its name ends with; ``None`` for other labels.  A place-named
    城市 column in a table that has no county column is the county-level government of a
    县级市 or of a city without counties: the importer reads it as county (see
    :func:`gkstd.tables.importer.import_table`)."""
    match = _PLACE_LEVEL.match(header_key(label))
    if match is None or not label.strip().endswith("级"):
        return None
    return _PLACE_UNITS[match["unit"]]


def parse_levels(label: str) -> tuple[Level, ...]:
    """Levels named by a 公开层级 column: ``县级`` → county; ``乡、村级`` → township and
    village; ``镇街乡``, ``乡镇（街道）`` → township; a place's name: ``东阳市级`` → 市级."""
    key = normalize_label(label)
    for candidate in (key, header_key(label)):
        try:
            return (Level.parse(candidate),)
        except ValueError:
            pass
    placed = place_level(label)
    if placed is not None:
        return (placed,)
    parts = [p for p in re.split(r"[、,，/及和与]", header_key(label)) if p]
    if len(parts) < 2:
        parts = re.findall(r"[^级]+级", header_key(label))
    levels: list[Level] = []
    for part in parts:
        part = part if part.endswith("级") else part + "级"
        try:
            level = Level.parse(part)
        except ValueError:
            return ()
        if level not in levels:
            levels.append(level)
    return tuple(levels) if len(levels) >= 2 else ()


def _option(family: str, label: str) -> object | None:
    """The value an option label stands for within a group family, or ``None``."""
    key = header_key(label)
    if not key:
        return None
    if family == "audience":
        if key in _EXTRA_AUDIENCE:
            return _EXTRA_AUDIENCE[key]
        try:
            return Audience.parse(key)
        except ValueError:
            return None
    if family == "method":
        try:
            return Method.parse(key)
        except ValueError:
            return None
    if family == "levels":
        return parse_levels(label) or None
    if family == "name":
        return NAME_LEVELS.get(key)
    return None


def _families(label: str) -> list[str]:
    return [f for f in _GROUPS if _option(f, label) is not None]


@attrs.frozen
class Column:
    """One column of the table: its index, its header label and its role.

    ``role`` is an element key (``content`` …), ``name`` (an item-name column, ``depth``
    0 for 一级目录, 1 for 一级事项 …), ``seq``, ``id``, ``notes``, or ``extra`` (kept verbatim
    under ``label``).  For the mark columns of 公开对象/公开方式/公开层级, ``option`` is the
    value a mark selects; ``option is None`` with such a role means the cells hold text.
    ``form_of`` names the column read as 公开方式 when this one, labelled 公开方式, holds the
    form of publication instead (全文发布: kept as extra, see :func:`_dedupe`).
    """

    index: int
    label: str
    role: str
    depth: int = 1
    option: object = None
    form_of: str | None = None


@attrs.frozen
class Layout:
    """Where the header is and what the columns mean.

    ``header_rows`` are the 0-based header row indices, ``body_start`` the first data
    row, ``title`` the text found above the header (the table's caption), and
    ``findings`` what the detection reported.
    """

    sheet: str
    header_rows: tuple[int, ...]
    body_start: int
    columns: tuple[Column, ...]
    title: str | None = None
    findings: tuple[Finding, ...] = ()

    def of(self, role: str) -> list[Column]:
        """The columns with ``role``."""
        return [c for c in self.columns if c.role == role]

    @property
    def name_columns(self) -> list[Column]:
        """Item-name columns, shallowest first."""
        return sorted(self.of("name"), key=lambda c: (c.depth, c.index))


def _row_roles(grid: Grid, row: int) -> set[str]:
    roles: set[str] = set()
    for c in range(grid.width):
        label = grid.cell(row, c)
        key = header_key(label)
        role = _LABEL_ROLE.get(key)
        if role is not None:
            roles.add(role)
        elif key in NAME_LEVELS:
            roles.add("name")
        elif any(_option(f, label) is not None for f in ("audience", "method")):
            roles.add(_families(label)[0])
    return roles


def has_header(grid: Grid) -> bool:
    """Whether ``grid`` (merges not yet filled) has a catalog header where
    :func:`detect_layout` looks for one; only those first rows are read and filled."""
    head = attrs.evolve(grid, rows=grid.rows[: HEADER_SEARCH_ROWS + 1]).filled()
    return _find_header(head) is not None


def _find_header(grid: Grid) -> int | None:
    for row in range(min(HEADER_SEARCH_ROWS, len(grid.rows))):
        roles = _row_roles(grid, row)
        if "name" in roles and len(roles & _ELEMENT_ROLES) >= 3:
            return row
    return None


def _is_sub_header(grid: Grid, row: int) -> bool:
    """True when ``row`` holds the parts of the groups in the row above: at least two
    parts (一级事项, 全社会, 主动, 县级 …), one of them under a group that spans several
    columns (merged, or an empty upper cell in CSV), so that a data row holding the
    words 全社会/主动 is not taken for a header."""
    if row >= len(grid.rows):
        return False
    hits = 0
    spanning = False
    for c in range(grid.width):
        label = grid.cell(row, c)
        top = grid.cell(row - 1, c)
        if not label.strip() or label == top:
            continue
        if _families(label):
            hits += 1
            left = grid.cell(row - 1, c - 1) if c else ""
            right = grid.cell(row - 1, c + 1)
            spanning = spanning or not top.strip() or top in (left, right)
    return hits >= 2 and spanning


def _fill_groups(top: list[str], sub: list[str]) -> list[str]:
    """CSV has no merges: an empty upper cell right of a group takes the group's label
    when the lower cell is one of that group's parts (or the group is unknown)."""
    out = list(top)
    for c in range(1, len(out)):
        if out[c].strip() or not sub[c].strip():
            continue
        left = out[c - 1]
        role = _LABEL_ROLE.get(header_key(left))
        if not left.strip() or not sub[c - 1].strip():
            continue
        if (role in _GROUPS and _option(str(role), sub[c]) is not None) or (
            role is None and not _families(sub[c]) and not _LABEL_ROLE.get(header_key(sub[c]))
        ):
            out[c] = left
    return out


def detect_layout(grid: Grid) -> Layout | Finding:
    """The :class:`Layout` of ``grid`` (merges already filled), or a GK606 finding."""
    header = _find_header(grid)
    if header is None:
        return NO_HEADER.emit(
            sheet=grid.name, searched=HEADER_SEARCH_ROWS, path=f"{grid.name}!A1", line=1
        )
    two_rows = _is_sub_header(grid, header + 1)
    width = grid.width
    top = [grid.cell(header, c) for c in range(width)]
    sub = [grid.cell(header + 1, c) if two_rows else "" for c in range(width)]
    if two_rows:
        top = _fill_groups(top, sub)
    findings: list[Finding] = []
    columns: list[Column] = []
    for c in range(width):
        column = _column(grid, header, c, top[c], sub[c], findings)
        if column is not None:
            columns.append(column)
    columns = _dedupe(grid, header, columns, findings)
    body_start = header + (2 if two_rows else 1)
    columns = _with_unheaded(grid, body_start, columns)
    title = " ".join(
        t for r in range(header) for t in dict.fromkeys(grid.rows[r]) if t.strip()
    ).strip()
    return Layout(
        sheet=grid.name,
        header_rows=(header, header + 1) if two_rows else (header,),
        body_start=body_start,
        columns=tuple(columns),
        title=title or None,
        findings=tuple(findings),
    )


def _with_unheaded(grid: Grid, body_start: int, columns: list[Column]) -> list[Column]:
    """``columns`` and, kept as extra, each column without a header whose body holds text
    (a ninth cell on rows under an eight-column header, a 备注 whose header cell was left
    empty): its cells had been dropped without a word.  Labelled by its letter
    (``第I列（无表头）``), so that GK608 names it and export writes it back."""
    named = {c.index for c in columns}
    unheaded = [c for c in range(grid.width) if c not in named]  # most tables: none
    rows = grid.rows[body_start:] if unheaded else ()
    filled = {c for row in rows for c in unheaded if c < len(row) and row[c].strip()}
    if not filled:
        return columns
    extra = [Column(c, f"第{column_letters(c)}列（无表头）", "extra") for c in sorted(filled)]
    return sorted([*columns, *extra], key=lambda c: c.index)


def _label(top: str, sub: str) -> str:
    top, sub = top.strip(), sub.strip()
    if not sub or sub == top:
        return top
    if not top:
        return sub
    return f"{top}/{sub}"


def _column(
    grid: Grid, header: int, c: int, top: str, sub: str, findings: list[Finding]
) -> Column | None:
    label = _label(top, sub)
    if not label:
        return None
    top_role = _LABEL_ROLE.get(header_key(top)) if top.strip() else None
    lower = sub if sub.strip() and sub.strip() != top.strip() else ""
    if top_role in _GROUPS and lower:
        value = _option(str(top_role), lower)
        if value is not None:
            return _option_column(c, label, str(top_role), value)
        others = [f for f in _families(lower) if f != top_role]
        if others or _LABEL_ROLE.get(header_key(lower)) is not None:
            findings.append(_contradiction(grid, header, c, top, lower))
            return Column(c, label, "extra")
        return Column(c, label, "extra")
    if top_role is not None and lower:
        lower_role = _LABEL_ROLE.get(header_key(lower))
        if (lower_role is not None and lower_role != top_role) or _families(lower):
            findings.append(_contradiction(grid, header, c, top, lower))
            return Column(c, label, "extra")
    if top_role is not None:
        return Column(c, label, top_role)
    # a single label: an element, a name level, or a bare option (全社会, 主动, 县级 …)
    single = lower or top
    role = _LABEL_ROLE.get(header_key(single))
    if role is not None:
        return Column(c, label, role)
    for family in _GROUPS:
        value = _option(family, single)
        if value is not None and (family != "levels" or top.strip() == "" or not lower):
            return _option_column(c, label, family, value)
    return Column(c, label, "extra")


def _option_column(c: int, label: str, family: str, value: object) -> Column:
    if family == "name":
        assert isinstance(value, int)
        return Column(c, label, "name", depth=value)
    return Column(c, label, family, option=value)


def _contradiction(grid: Grid, header: int, c: int, top: str, lower: str) -> Finding:
    return CONTRADICTORY_HEADER.emit(
        upper_row=header + 1,
        lower_row=header + 2,
        group=top,
        option=lower,
        path=grid.where(header + 1, c),
        line=header + 2,
    )


def _dedupe(
    grid: Grid, header: int, columns: list[Column], findings: list[Finding]
) -> list[Column]:
    """A second column with the same element role (or the same option) becomes extra.

    Where a table has both 公开属性 and 公开方式, 公开属性 holds 主动/依申请 and 公开方式
    the form of publication (全文发布): 公开方式 is then kept verbatim (extra)."""
    attribute = next((c for c in columns if header_key(c.label) == "公开属性"), None)
    if attribute is not None:
        columns = [
            attrs.evolve(c, role="extra", form_of=attribute.label)
            if c.role == "method" and c.option is None and header_key(c.label) == "公开方式"
            else c
            for c in columns
        ]
    seen: set[tuple[str, object, int]] = set()
    out: list[Column] = []
    depths = {c.depth for c in columns if c.role == "name"}
    for column in columns:
        if column.role in ("extra", "seq"):
            out.append(column)
            continue
        key = (column.role, column.option if column.role != "name" else None, column.depth)
        if key in seen and _next_level(column, out, depths):
            # 一级事项 twice side by side, no 二级事项 (a typo in the published header): the
            # second is the next level, said so
            findings.append(
                DUPLICATE_COLUMN.emit(
                    "next-level",
                    column=column.label,
                    depth=column.depth + 1,
                    path=grid.where(header, column.index),
                    line=header + 1,
                )
            )
            column = attrs.evolve(column, depth=column.depth + 1)
            depths.add(column.depth)
            key = (column.role, None, column.depth)
        if key in seen:
            findings.append(
                DUPLICATE_COLUMN.emit(
                    column=column.label, path=grid.where(header, column.index), line=header + 1
                )
            )
            out.append(attrs.evolve(column, role="extra"))
            continue
        seen.add(key)
        out.append(column)
    return _distinct_labels(out)


def _next_level(column: Column, before: list[Column], depths: set[int]) -> bool:
    """Whether a name column repeating the level of the name column right before it, with
    no column of the next level in the table, is that next level (一级事项 一级事项)."""
    if column.role != "name" or not before or column.depth + 1 in depths:
        return False
    last = before[-1]
    return last.role == "name" and last.depth == column.depth and last.index == column.index - 1


def _distinct_labels(columns: list[Column]) -> list[Column]:
    """Columns kept verbatim under their label get labels of their own: a second 附注
    column is ``附注（K）`` (its letter), or the third column's text replaced the first's
    in ``extra`` without a word."""
    taken: set[str] = set()
    out: list[Column] = []
    for column in columns:
        if column.role == "extra":
            label = column.label
            if label in taken:
                label = f"{label}（{column_letters(column.index)}）"
            taken.add(label)
            column = attrs.evolve(column, label=label) if label != column.label else column
        out.append(column)
    return out
