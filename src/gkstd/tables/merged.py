"""Merged ranges of a sheet filled in: every cell of a range carries the range's value.

Part of :mod:`gkstd.tables` (used by :meth:`gkstd.tables.grid.Grid.filled`).  The rows
under a range are rebuilt once and the range is written a slice at a time
(:func:`filled_rows`); :func:`filled_rows_cell_by_cell` is the plain reading, kept for
ranges with a negative bound and as the reference of the tests
(``tests/test_tables_fast.py``).
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["filled_rows", "filled_rows_cell_by_cell"]

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
