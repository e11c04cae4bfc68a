"""Which sheet of a workbook a table import reads, and what it says about the others.

A county's workbook often holds a sheet of instructions (填报说明) before the catalog,
empty sheets that WPS adds, or several domains' catalogs side by side; one import reads
one sheet and names the other catalog sheets (GK619) so that none goes unchecked without
a word.  Part of :mod:`gkstd.tables`.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from gkstd.diagnostics import limits
from gkstd.diagnostics.findings import Finding
from gkstd.tables.grid import Grid
from gkstd.tables.header import has_header
from gkstd.tables.rules import (
    EMPTY_SHEET,
    OTHER_CATALOG_SHEETS,
    OVERSIZED,
    SHEET_NOT_READ,
    UNREADABLE,
)

__all__ = [
    "choose_sheet",
    "of_sheet",
    "too_many_rows",
    "trimmed",
]


def choose_sheet(
    grids: Sequence[Grid], sheet: str | None, file: str
) -> tuple[Grid | Finding, tuple[Finding, ...]]:
    """The sheet of ``grids`` to import — ``sheet`` (a name, or a number from 1) when
    given; else the first visible sheet with a catalog header, or with content when none
    has one; a finding instead when there is no such sheet or it is empty (or was not read:
    :attr:`Grid.refused`) — and, when no sheet is named, GK619 naming the other visible
    sheets with a catalog header (one import reads one sheet: the others would go unchecked
    without a word) and GK622 for each visible sheet that was not read.  Each sheet is looked
    at once (its content, its header rows)."""
    if sheet is not None:
        found = next((g for g in grids if g.name == sheet), None)
        if found is None and sheet.isdecimal() and len(sheet) < 7 and 0 < int(sheet) <= len(grids):
            found = grids[int(sheet) - 1]
        if found is None:
            missing = UNREADABLE.emit(
                "no-sheet", source=file, sheet=sheet, sheets=[g.name for g in grids], file=file
            )
            return missing, ()
        if found.refused is not None:
            return found.refused, ()
        return (_empty(found, file) if found.is_empty() else found), ()
    visible = [g for g in grids if not g.hidden] or list(grids)
    if not visible:
        return _empty(Grid("Sheet1", ()), file), ()
    refused = [(g.name, g.refused) for g in visible if g.refused is not None]
    filled = [g for g in visible if not g.is_empty()]
    if not filled:
        return (refused[0][1] if refused else _empty(visible[0], file)), ()
    skipped = tuple(_not_read(name, why, file) for name, why in refused)
    if len(filled) == 1:
        return filled[0], skipped
    catalogs = [g for g in filled if has_header(g)]  # a 填报说明 sheet first is passed over
    chosen = catalogs[0] if catalogs else filled[0]
    others = [g.name for g in catalogs if g is not chosen and not g.hidden]
    if not others:
        return chosen, skipped
    return chosen, (
        OTHER_CATALOG_SHEETS.emit(source=file, count=len(others), sheets=others, file=file),
        *skipped,
    )


def _not_read(sheet: str, why: Finding, file: str) -> Finding:
    """GK622: ``sheet``, a sheet the reader was kept from, passed over; ``why`` is its
    scan's finding (GK601/GK604)."""
    return SHEET_NOT_READ.emit(
        source=file,
        sheet=sheet,
        code=why.code,
        reason=why.text("zh"),
        reason_en=why.text("en"),
        file=file,
        path=f"{sheet}!A1",
    )


def of_sheet(finding: Finding, sheet: str) -> bool:
    """Whether the reader's note ``finding`` concerns ``sheet`` or the whole file: its
    ``sheet`` field, else its place (``sheet!C5``), names ``sheet`` or no sheet."""
    named = finding.args.get("sheet")
    if isinstance(named, str):
        return named == sheet
    place = finding.location.path or ""
    return "!" not in place or place.startswith(f"{sheet}!")


def _empty(grid: Grid, file: str) -> Finding:
    return EMPTY_SHEET.emit(sheet=grid.name, file=file, path=f"{grid.name}!A1", line=1)


def too_many_rows(raw: Grid, file: str) -> Finding | None:
    """GK604 for a sheet of more columns of content than ``max_table_columns``, or more
    rows of content than ``max_table_rows``: the import's time and memory grow with them
    (a 100,000-row CSV of 6 MB took 80 s and 2.6 GB)."""
    wide = limits.get("max_table_columns")
    if raw.width > wide:  # (a CSV of a million columns: minutes, a million findings)
        used = {i for row in raw.rows for i, cell in enumerate(row) if cell.strip()}
        if len(used) > wide:
            return OVERSIZED.emit(
                "columns",
                source=file,
                sheet=raw.name,
                columns=len(used),
                limit_columns=wide,
                file=file,
            )
    cap = limits.get("max_table_rows")
    if len(raw.rows) <= cap:
        return None
    rows = sum(1 for row in raw.rows if any(cell.strip() for cell in row))
    if rows <= cap:
        return None
    return OVERSIZED.emit("rows", source=file, sheet=raw.name, rows=rows, limit_rows=cap, file=file)


def trimmed(raw: Grid) -> Grid:
    """``raw`` without the columns after its last column of content, when it is wider
    than ``max_table_columns`` (a CSV header ending in a million commas, a space typed at
    XFD300): the header search looked at every one of them (16 s for a 1 MB CSV).  A
    sheet as wide as the limit or narrower is returned as it is."""
    if raw.width <= limits.get("max_table_columns"):
        return raw
    last = 0
    for row in raw.rows:
        if len(row) > last and "".join(row[last:]).strip():  # content past ``last``
            last = next(i for i in range(len(row), last, -1) if row[i - 1].strip())
    merges = tuple((r0, c0, r1, min(c1, last - 1)) for r0, c0, r1, c1 in raw.merges if c0 < last)
    return attrs.evolve(raw, rows=tuple(row[:last] for row in raw.rows), merges=merges)
