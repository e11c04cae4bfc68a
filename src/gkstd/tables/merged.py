"""Merged ranges of a sheet filled in: every cell of a range carries the range's value;
and merged ranges that overlap (a damaged workbook) set apart, as Excel's repair does.

Part of :mod:`gkstd.tables` (used by :meth:`gkstd.tables.grid.Grid.filled` and the
workbook reader).  The rows under a range are rebuilt once and the range is written a
slice at a time (:func:`filled_rows`); :func:`filled_rows_cell_by_cell` is the plain
reading, kept for ranges with a negative bound and as the reference of the tests
(``tests/test_tables_fast.py``).
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

__all__ = ["filled_rows", "filled_rows_cell_by_cell", "without_overlaps"]

Rows = tuple[tuple[str, ...], ...]
Box = tuple[int, int, int, int]


def filled_rows(rows: Sequence[tuple[str, ...]], merges: Sequence[Box]) -> Rows:
    """``rows`` each as wide as the longest, every cell of a merged range (``(first_row,
    first_col, last_row, last_col)``, inclusive, 0-based) set to its first cell's value;
    the parts of a range beyond the rows are ignored."""
    if any(min(box) < 0 for box in merges):
        return filled_rows_cell_by_cell(rows, merges)
    width = max(map(len, rows), default=0)
    out = [r if len(r) == width else (*r, *[""] * (width - len(r))) for r in rows]
    touched: dict[int, list[str]] = {}
    for r0, c0, r1, c1 in merges:
        if r0 >= len(out):
            continue
        first = touched.get(r0, out[r0])
        value = first[c0] if c0 < len(first) else ""
        end = min(c1, width - 1) + 1
        if end <= c0:
            continue
        span = [value] * (end - c0)
        for r in range(r0, min(r1, len(out) - 1) + 1):
            row = touched.get(r)
            if row is None:
                row = touched[r] = list(out[r])
            row[c0:end] = span
    for r, row in touched.items():
        out[r] = tuple(row)
    return tuple(out)


def filled_rows_cell_by_cell(rows: Sequence[tuple[str, ...]], merges: Sequence[Box]) -> Rows:
    """:func:`filled_rows` a cell at a time."""
    width = max(map(len, rows), default=0)
    out = [list(r) + [""] * (width - len(r)) for r in rows]
    for r0, c0, r1, c1 in merges:
        if r0 >= len(out):
            continue
        value = out[r0][c0] if c0 < len(out[r0]) else ""
        for r in range(r0, min(r1, len(out) - 1) + 1):
            for c in range(c0, min(c1, width - 1) + 1):
                out[r][c] = value
    return tuple(tuple(r) for r in out)


def without_overlaps(merges: Sequence[Box]) -> tuple[tuple[Box, ...], list[tuple[Box, Box]]]:
    """``merges`` (inclusive, 0-based, in the file's order) less each range that overlaps
    one kept before it, and the ranges left out, each with the kept range it overlaps.

    Two merged ranges never overlap in a workbook Excel or WPS wrote; in a damaged one,
    the later range wrote the first cell's value over cells of the other (an item's
    content read as its group's name).  Excel refuses such a file until it repairs it,
    and its repair drops the later merge: so is it read here.  A sheet's ranges are
    checked at once, rows in order, against the ranges still open on the row (in a sheet
    without overlaps, about as many as its columns); only when two overlap are they taken
    again in the file's order, row by row (each row's kept ranges in column order)."""
    if len(merges) < 2 or not _overlapping(merges):
        return tuple(merges), []
    kept: list[Box] = []
    left_out: list[tuple[Box, Box]] = []
    starts: dict[int, list[int]] = {}  # row → first columns of the kept ranges over it
    over: dict[int, list[Box]] = {}  # row → those ranges, in the same order
    for box in merges:
        r0, c0, r1, c1 = box
        other = None
        for r in range(r0, r1 + 1):
            columns = starts.get(r)
            if not columns:
                continue
            at = bisect.bisect_right(columns, c1) - 1  # the last one starting by c1
            if at >= 0 and over[r][at][3] >= c0:
                other = over[r][at]
                break
        if other is not None:
            left_out.append((box, other))
            continue
        kept.append(box)
        for r in range(r0, r1 + 1):
            columns = starts.setdefault(r, [])
            at = bisect.bisect_right(columns, c0)
            columns.insert(at, c0)
            over.setdefault(r, []).insert(at, box)
    return tuple(kept), left_out


def _overlapping(merges: Sequence[Box]) -> bool:
    """Whether two of ``merges`` overlap: a sweep down the rows, each range checked against
    the ranges still open on its first row."""
    open_: list[Box] = []
    for box in sorted(merges):
        r0, c0, _, c1 = box
        if open_ and (open_[0][2] < r0 or len(open_) > 8):
            open_ = [b for b in open_ if b[2] >= r0]  # closed above this row
        for b in open_:
            if b[1] <= c1 and c0 <= b[3] and b[2] >= r0:
                return True
        open_.append(box)
    return False
