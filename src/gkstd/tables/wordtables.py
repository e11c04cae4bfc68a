"""Reading the tables of a Word document (.docx) into :class:`~gkstd.tables.grid.Grid`
objects, as the workbook reader reads sheets.

Many governments publish their 标准目录 as a table in a Word document.  Each table of the
document body becomes one grid, named ``表格1``, ``表格2`` … in document order, so that the
import chooses among them as it chooses among sheets (the first with a catalog header;
the others named, GK619).  What Word shows is kept:

* a merged cell (``gridSpan`` across, ``vMerge`` down) is a merged range whose text sits
  in its first cell, as in a workbook;
* the last paragraph before a table (its caption, such as 某县市政服务领域基层政务公开
  标准目录) is put above the table as the grid's first row, where the import looks for the
  government and the domain;
* a table without a header right after a table of the same number of columns continues
  it (a long table that an editor split, or that a converter cut at page breaks).

Text is read as Word shows it (every run of a cell, tracked insertions, content controls,
fields and nested tables included, deleted text left out; paragraphs joined by line
breaks), tables inside content controls too; nothing in the document runs and nothing
outside it is fetched.  The read runs in a child process
like the other formats the scans cannot follow (:mod:`gkstd.tables.isolate`), after the
ZIP-bomb check.  Part of :mod:`gkstd.tables` (used by :mod:`gkstd.tables.grid`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from gkstd.diagnostics import limits
from gkstd.tables.grid import Grid, TableError, reader_error
from gkstd.tables.header import has_header
from gkstd.tables.rules import OVERSIZED, UNREADABLE

__all__ = ["CAPTION_CHARS", "word_grids"]

#: The longest paragraph taken as a table's caption (longer text is a paragraph, not a title).
CAPTION_CHARS = 120

Box = tuple[int, int, int, int]


def word_grids(path: Path, file: str) -> list[Grid]:
    """Every table of the Word document at ``path``, as grids (see the module docstring).
    Raises :class:`~gkstd.tables.grid.TableError` when the document cannot be read, holds
    no table, or a table is over ``max_cells``."""
    import docx
    from docx.table import Table

    try:
        document = docx.Document(str(path))
        blocks = list(_blocks(document))
    except Exception as exc:  # python-docx and lxml raise many kinds
        raise reader_error("bad-word", file, exc, path=path) from None
    grids: list[Grid] = []
    caption = ""
    for block in blocks:
        if not isinstance(block, Table):
            text = " ".join(_text(block._p).split())
            if text:
                caption = text if len(text) <= CAPTION_CHARS else ""
            continue
        rows, merges = _table(block, file, f"表格{len(grids) + 1}")
        if not rows:
            continue
        last = grids[-1] if grids else None
        if last is not None and not caption and _continues(last, rows, merges):
            grids[-1] = _appended(last, rows, merges)
        else:
            if caption:
                rows = [(caption,), *rows]
                merges = [(r0 + 1, c0, r1 + 1, c1) for r0, c0, r1, c1 in merges]
            grids.append(Grid(f"表格{len(grids) + 1}", tuple(rows), tuple(merges)))
        caption = ""
    if not grids:
        raise TableError(UNREADABLE.emit("no-word-table", source=file, file=file))
    return grids


def _table(table: Any, file: str, name: str) -> tuple[list[tuple[str, ...]], list[Box]]:
    """The cell texts of ``table`` (a merged cell's text in its first cell only) and its
    merged ranges."""
    cap = limits.get("max_cells")
    rows: list[tuple[str, ...]] = []
    # the cell element (one for every position a merged cell covers; held here, so that
    # lxml hands out the same object for it) → its box [r0, c0, r1, c1]
    spans: dict[Any, list[int]] = {}
    cells_seen = 0
    for r, row in enumerate(table.rows):
        texts: list[str] = []
        for c, cell in enumerate(row.cells):
            cells_seen += 1
            if cells_seen > cap:
                raise TableError(
                    OVERSIZED.emit(
                        "cells",
                        source=file,
                        sheet=name,
                        rows=len(table.rows),
                        columns=len(row.cells),
                        limit_cells=cap,
                        file=file,
                        path=f"{name}!A1",
                    )
                )
            box = spans.get(cell._tc)
            if box is not None:
                box[2], box[3] = max(box[2], r), max(box[3], c)
                texts.append("")
            else:
                spans[cell._tc] = [r, c, r, c]
                texts.append(_text(cell._tc))
        rows.append(tuple(texts))
    merges = [(b[0], b[1], b[2], b[3]) for b in spans.values() if b[0] != b[2] or b[1] != b[3]]
    return rows, merges


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
#: What Word does not show as text: deleted and moved-away runs (tracked changes).
_HIDDEN = frozenset({f"{_W}del", f"{_W}moveFrom", f"{_W}delText"})


def _blocks(document: Any) -> Any:
    """The paragraphs and tables of the document's body in order, those inside a block
    content control (``w:sdt``, a form or a template's frame) too."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    stack = list(reversed(list(document.element.body)))
    while stack:
        element = stack.pop()
        if element.tag == f"{_W}p":
            yield Paragraph(element, document)
        elif element.tag == f"{_W}tbl":
            yield Table(element, document)
        elif element.tag in (f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml"):
            stack.extend(reversed(list(element)))


def _text(element: Any) -> str:
    """The text Word shows in ``element`` (a cell, a paragraph): every run's text, those
    of tracked insertions, content controls, fields, hyperlinks and tables nested in a
    cell included (python-docx's ``cell.text`` left them out: an item name inserted with
    track changes was read as empty); deleted text left out.  Paragraphs and breaks are
    line breaks, tabs tabs."""
    out: list[str] = []
    stack: list[Any] = [element]
    while stack:  # depth first, in document order (no recursion: nesting is unbounded)
        node = stack.pop()
        if isinstance(node, str):
            out.append(node)
            continue
        tag = node.tag
        if not isinstance(tag, str) or tag in _HIDDEN:
            continue  # a comment or processing instruction; text Word does not show
        if tag == f"{_W}t":
            out.append(node.text or "")
        elif tag in (f"{_W}tab", f"{_W}ptab"):
            out.append("\t")
        elif tag == f"{_W}noBreakHyphen":
            out.append("-")
        elif tag in (f"{_W}br", f"{_W}cr"):
            out.append("\n")
        if tag == f"{_W}p" and node is not element:
            stack.append("\n")  # after the paragraph's own text
        stack.extend(reversed(list(node)))
    text = "".join(out)
    return text[:-1] if text.endswith("\n") and element.tag != f"{_W}p" else text


def _continues(last: Grid, rows: list[tuple[str, ...]], merges: list[Box]) -> bool:
    """Whether a table of ``rows`` continues the grid ``last``: as wide, and no header
    of its own."""
    width = max(map(len, rows), default=0)
    return width == last.width and not has_header(Grid("", tuple(rows), tuple(merges)))


def _appended(last: Grid, rows: list[tuple[str, ...]], merges: list[Box]) -> Grid:
    """``last`` with ``rows`` (and their merged ranges) below it."""
    offset = len(last.rows)
    moved = tuple((r0 + offset, c0, r1 + offset, c1) for r0, c0, r1, c1 in merges)
    return Grid(last.name, (*last.rows, *rows), (*last.merges, *moved))
