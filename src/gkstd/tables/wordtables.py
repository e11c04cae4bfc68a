"""Reading the tables of a Word document (.docx) into :class:`~gkstd.tables.grid.Grid`
objects, as the workbook reader reads sheets.

Many governments publish their 标准目录 as a table in a Word document.  Each table of the
document body becomes one grid, named ``表格1``, ``表格2`` … in document order, so that the
import chooses among them as it chooses among sheets (the first with a catalog header;
the others named, GK619).  What Word shows is kept:

* a merged cell (``gridSpan`` across, ``vMerge`` down) is a merged range whose text sits
  in its first cell, as in a workbook; a span past the table's grid (a damaged file) is
  cut so that the cells after it keep their own columns, and a cell continuing a merge
  down over other columns than the cell above merges down only over the columns they
  share (the merge had written over the cells beside it), both said (GK621);
* the last paragraph before a table (its caption, such as 某县市政服务领域基层政务公开
  标准目录) is put above the table as the grid's first row, where the import looks for the
  government and the domain;
* a table without a header right after a table of the same number of columns continues
  it (a long table that an editor split, or that a converter cut at page breaks).

Text is read as Word shows it (every run of a cell, tracked insertions, content controls,
fields and nested tables included, deleted and hidden text left out, a text box's text
once though Word stores it twice; paragraphs joined by line breaks), tables, rows and
cells inside content controls too; nothing in the document runs and nothing
outside it is fetched.  The read runs in a child process
like the other formats the scans cannot follow (:mod:`gkstd.tables.isolate`), after the
ZIP-bomb check.  Part of :mod:`gkstd.tables` (used by :mod:`gkstd.tables.grid`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from gkstd.diagnostics import limits
from gkstd.diagnostics.findings import Finding
from gkstd.tables.grid import Grid, TableError, cell_ref, reader_error
from gkstd.tables.header import has_header
from gkstd.tables.rules import DAMAGED_MERGES, OVERSIZED, UNREADABLE

__all__ = ["CAPTION_CHARS", "MAX_CLIP_NOTES", "word_grids"]

#: The longest paragraph taken as a table's caption (longer text is a paragraph, not a title).
CAPTION_CHARS = 120

Box = tuple[int, int, int, int]
#: A span cut to fit the table's grid: row (in its table), grid column, declared span, span
#: kept, the grid's width.
Clip = tuple[int, int, int, int, int]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
#: What Word does not show as text: deleted and moved-away runs (tracked changes).
_HIDDEN = frozenset({f"{_W}del", f"{_W}moveFrom", f"{_W}delText"})


def word_grids(path: Path, file: str) -> tuple[list[Grid], tuple[Finding, ...]]:
    """Every table of the Word document at ``path``, as grids (see the module docstring),
    and the findings of the read (GK621: spans cut to fit a table's grid).  Raises
    :class:`~gkstd.tables.grid.TableError` when the document cannot be read, holds no
    table, or a table is over ``max_cells``."""
    import docx

    try:
        document = docx.Document(str(path))
        blocks = list(_blocks(document))
    except Exception as exc:  # python-docx and lxml raise many kinds
        raise reader_error("bad-word", file, exc, path=path) from None
    grids: list[Grid] = []
    clips: dict[str, list[Clip]] = {}  # grid → its cut spans, at their rows in the grid
    misfit: dict[str, list[tuple[int, int]]] = {}  # grid → merges down that did not fit
    caption = ""
    for block in blocks:
        if block.tag == f"{_W}p":
            text = " ".join(_text(block).split())
            if text:
                caption = text if len(text) <= CAPTION_CHARS else ""
            continue
        clipped: list[Clip] = []
        misfits: list[tuple[int, int]] = []
        rows, merges = _table(block, file, f"表格{len(grids) + 1}", clipped, misfits)
        if not rows:
            continue
        last = grids[-1] if grids else None
        if last is not None and not caption and _continues(last, rows, merges):
            offset = len(last.rows)
            grids[-1] = _appended(last, rows, merges)
        else:
            offset = 1 if caption else 0
            if caption:
                rows = [(caption,), *rows]
                merges = [(r0 + 1, c0, r1 + 1, c1) for r0, c0, r1, c1 in merges]
            grids.append(Grid(f"表格{len(grids) + 1}", tuple(rows), tuple(merges)))
        if clipped:
            clips.setdefault(grids[-1].name, []).extend(
                (r + offset, c, declared, kept, w) for r, c, declared, kept, w in clipped
            )
        if misfits:
            misfit.setdefault(grids[-1].name, []).extend((r + offset, c) for r, c in misfits)
        caption = ""
    if not grids:
        raise TableError(UNREADABLE.emit("no-word-table", source=file, file=file))
    notes = [_clipped(file, name, cut) for name, cut in clips.items()]
    notes += [_misfitted(file, name, cells) for name, cells in misfit.items()]
    return grids, tuple(notes)


#: Most cells named in one GK621 about spans cut to a table's grid.
MAX_CLIP_NOTES = 10


def _clipped(file: str, name: str, clips: list[Clip]) -> Finding:
    """GK621 ``word-span``: spans of the table ``name`` cut to fit its grid (``clips``)."""
    _, _, declared, kept, width = clips[0]
    cells = [(r, c) for r, c, *_ in clips]
    return _damaged("word-span", file, name, cells, columns=width, declared=declared, kept=kept)


def _misfitted(file: str, name: str, cells: list[tuple[int, int]]) -> Finding:
    """GK621 ``word-merge``: cells of the table ``name`` that continue a merge down over
    other columns than the range above them (:func:`_misfit`)."""
    return _damaged("word-merge", file, name, cells)


def _damaged(
    variant: str, file: str, name: str, cells: list[tuple[int, int]], **args: Any
) -> Finding:
    """GK621 ``variant`` about ``cells`` (row, column) of the table ``name``: their count,
    the first :data:`MAX_CLIP_NOTES` named, the finding at the first."""
    refs = tuple(cell_ref(r, c) for r, c in cells[:MAX_CLIP_NOTES])
    return DAMAGED_MERGES.emit(
        variant,
        source=file,
        sheet=name,
        count=len(cells),
        refs=refs,
        first=refs[0],
        **args,
        file=file,
        path=f"{name}!{refs[0]}",
        line=cells[0][0] + 1,
    )


def _table(
    table: Any,
    file: str,
    name: str,
    clipped: list[Clip],
    misfits: list[tuple[int, int]] | None = None,
) -> tuple[list[tuple[str, ...]], list[Box]]:
    """The cell texts of ``table`` (a ``w:tbl`` element; a merged cell's text in its first
    cell only) and its merged ranges, read from the XML in one pass: a cell continuing a
    vertical merge (``w:vMerge``) joins the range of the cell above it in the same grid
    column (python-docx looked that cell up again for every row: 500 merged rows took
    20 s); a row's ``w:gridBefore`` is empty leading cells, as Word lays it out; rows and
    cells inside content controls (``w:sdt``) are read, as Word shows them.  A row whose
    spans run past the table's grid is fitted to it (:func:`_fitted`); each span cut is
    added to ``clipped``; each cell continuing a merge down whose columns are not those
    of the range above it (:func:`_misfit`) to ``misfits`` as ``(row, column)``."""
    misfits = [] if misfits is None else misfits
    cap = limits.get("max_cells")
    rows: list[tuple[str, ...]] = []
    boxes: list[list[int]] = []
    covering: dict[int, list[int]] = {}  # grid column → the range of the row above there
    seen = 0
    grid = table.find(f"{_W}tblGrid")
    width = len(grid.findall(f"{_W}gridCol")) if grid is not None else 0
    for r, tr in enumerate(_children(table, f"{_W}tr")):
        column = _number(tr, (f"{_W}trPr", f"{_W}gridBefore"), 0)
        texts = [""] * column
        seen += column
        here: dict[int, list[int]] = {}
        cells = list(_children(tr, f"{_W}tc"))
        spans = [max(1, _number(tc, (f"{_W}tcPr", f"{_W}gridSpan"), 1)) for tc in cells]
        if width and column + sum(spans) > width:  # spans past the table's grid: damage
            spans = _fitted(spans, column, width, r, clipped)
        for tc, span in zip(cells, spans, strict=True):
            seen += span
            if seen > cap:
                raise TableError(
                    OVERSIZED.emit(
                        "cells",
                        source=file,
                        sheet=name,
                        rows=sum(1 for _ in _children(table, f"{_W}tr")),
                        columns=column + span,
                        limit_cells=cap,
                        file=file,
                        path=f"{name}!A1",
                    )
                )
            above = covering.get(column) if _continues_merge(tc) else None
            last = column + span - 1
            if above is not None and (above[1], above[3]) == (column, last):
                above[2] = r  # the merge goes on down, as wide as above
                texts.extend([""] * span)
                for k in range(column, column + span):
                    here[k] = above
            elif above is not None:  # as wide as no range above it: damage (see below)
                texts.extend([""] * span)
                _misfit(above, r, column, last, boxes, here)
                misfits.append((r, column))
            else:
                box = [r, column, r, last]
                boxes.append(box)
                texts.append(_text(tc))
                texts.extend([""] * (span - 1))
                for k in range(column, column + span):
                    here[k] = box
            column += span
        covering = here
        rows.append(tuple(texts))
    merges = [(b[0], b[1], b[2], b[3]) for b in boxes if b[0] != b[2] or b[1] != b[3]]
    return rows, merges


def _misfit(
    above: list[int],
    row: int,
    first: int,
    last: int,
    boxes: list[list[int]],
    here: dict[int, list[int]],
) -> None:
    """A cell of ``row`` over grid columns ``first``–``last`` that continues the merged
    range ``above`` (``w:vMerge``) but is not as wide as it, or starts in another column:
    a damaged or hand-split table (ECMA-376 §17.4.85 leaves it undefined).  Taken whole,
    the range had grown over the cells beside it, in the rows above (a wider cell: the
    neighbour's text overwritten by the merge's) or in this row (a narrower one: the next
    cell's text overwritten).  The merge goes on down only over the columns both share:
    a range of its own from the range's first row, whose text is the range's; ``above``
    ends where it ended; the cell's other columns are empty cells of their own."""
    start, end = max(first, above[1]), min(last, above[3])
    if start <= end:
        shared = [above[0], start, row, end]  # over ``above``'s rows: the same text
        boxes.append(shared)
        for k in range(start, end + 1):
            here[k] = shared
    for k in range(first, last + 1):
        if not start <= k <= end:
            alone = [row, k, row, k]
            boxes.append(alone)
            here[k] = alone


#: Word's widest table: 63 columns (a ``w:gridSpan`` or ``w:gridBefore`` over it is damage,
#: read as 63: a span of 2,147,483,647 asked for as many cells); a row whose spans run past
#: the table's grid (``w:tblGrid``) is fitted to it (:func:`_fitted`).
_MOST_COLUMNS = 63


def _fitted(spans: list[int], start: int, width: int, row: int, clipped: list[Clip]) -> list[int]:
    """The spans of a row's cells (from grid column ``start``) fitted to a grid ``width``
    columns wide: a cell whose span leaves no column for each cell after it is cut (to
    at least one column) so that the cells after it, with their own spans, end at the
    grid's last column: where they stand in the rows that fill the grid.  A damaged
    ``w:gridSpan`` (one cell said to span 5 columns where its width is one) no longer
    pushes the rest of the row into the wrong columns, off the table's right edge.  A row
    with more cells than the grid has columns keeps one column a cell, past the grid
    (Word widens the table for it).  Each span cut is added to ``clipped`` as ``(row,
    column, declared span, span kept, width)``; ``row`` is the row's index in its table.

    ECMA-376 (§17.4.17 ``gridSpan``, §17.4.48 ``tblGrid``) says a cell spans that many
    grid columns and leaves a row that does not fit its grid undefined; Word and
    LibreOffice then lay the row out by its cells' widths (``w:tcW``) and rebuild the
    grid, and python-docx lists the cells one after the other, past the grid, as this
    reader did."""
    fitted = []
    after = sum(spans)  # the declared spans of this cell and those after it
    column = start
    for index, span in enumerate(spans):
        after -= span
        if column + span + len(spans) - 1 - index > width:
            kept = max(1, width - column - after)
            if kept < span:
                clipped.append((row, column, span, kept, width))
                span = kept
        fitted.append(span)
        column += span
    return fitted


def _number(element: Any, path: tuple[str, str], default: int) -> int:
    """The ``w:val`` of ``element``'s property ``path`` (``w:tcPr/w:gridSpan``) as a whole
    number from 0 to :data:`_MOST_COLUMNS`; ``default`` when absent or not a number."""
    props = element.find(path[0])
    found = props.find(path[1]) if props is not None else None
    value = found.get(f"{_W}val") if found is not None else None
    if value is None or not value.strip().isascii() or not value.strip().isdigit():
        return default
    return min(int(value), _MOST_COLUMNS)


def _continues_merge(tc: Any) -> bool:
    """Whether the cell continues a vertical merge (``<w:vMerge/>``: ``continue`` is the
    default value; ``restart`` begins one)."""
    props = tc.find(f"{_W}tcPr")
    merge = props.find(f"{_W}vMerge") if props is not None else None
    return merge is not None and merge.get(f"{_W}val", "continue") != "restart"


#: Elements that wrap rows, cells or blocks without being shown themselves: content
#: controls and custom XML.
_WRAPPERS = frozenset({f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml", f"{_W}smartTag"})


def _children(element: Any, tag: str) -> Any:
    """The ``tag`` children of ``element`` in order, those inside wrappers too."""
    stack = list(reversed(list(element)))
    while stack:
        child = stack.pop()
        if child.tag == tag:
            yield child
        elif child.tag in _WRAPPERS:
            stack.extend(reversed(list(child)))


def _blocks(document: Any) -> Any:
    """The paragraphs (``w:p``) and tables (``w:tbl``) of the document's body in order,
    those inside a block content control (``w:sdt``, a form or a template's frame) or a
    layout table of one cell per row around a table (:func:`_frame`) too."""
    stack = list(reversed(list(document.element.body)))
    while stack:
        element = stack.pop()
        if element.tag == f"{_W}tbl" and _frame(element):  # a layout table around tables
            cells = [tc for tr in _children(element, f"{_W}tr") for tc in _children(tr, f"{_W}tc")]
            stack.extend(reversed([block for tc in cells for block in tc]))
        elif element.tag in (f"{_W}p", f"{_W}tbl"):
            yield element
        elif element.tag in _WRAPPERS:
            stack.extend(reversed(list(element)))


def _frame(table: Any) -> bool:
    """Whether ``table`` only lays out what it holds: one cell per row, and a table inside
    (a catalog placed in a framed box); its cells' paragraphs and tables are then read as
    the body's."""
    rows = [list(_children(tr, f"{_W}tc")) for tr in _children(table, f"{_W}tr")]
    return (
        bool(rows)
        and all(len(cells) == 1 for cells in rows)
        and any(cells[0].find(f"{_W}tbl") is not None for cells in rows)
    )


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
        if tag == _ALTERNATE:  # a text box and its fallback hold the same text: one
            shown = [c for c in node if c.tag == _CHOICE][:1] or [
                c for c in node if c.tag == _FALLBACK
            ][:1]
            stack.extend(shown)
            continue
        if tag == f"{_W}r" and _vanished(node):
            continue  # hidden text (w:vanish): Word does not show it
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
    return text.rstrip("\n") if element.tag != f"{_W}p" else text


_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_ALTERNATE, _CHOICE, _FALLBACK = f"{_MC}AlternateContent", f"{_MC}Choice", f"{_MC}Fallback"
_OFF = frozenset({"0", "false", "off"})


def _vanished(run: Any) -> bool:
    """Whether the run ``w:r`` is hidden text (``<w:rPr><w:vanish/>``)."""
    props = run.find(f"{_W}rPr")
    hidden = props.find(f"{_W}vanish") if props is not None else None
    return hidden is not None and hidden.get(f"{_W}val", "true").lower() not in _OFF


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
