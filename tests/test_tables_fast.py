"""The fast paths of the table import against the slow paths they replace: merged ranges
filled a slice at a time, overlapping merged ranges found by a sweep, a sheet of text taken
whole, the longest cell found at once, and a row read without its texts whose marks were
read before."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gkstd.diagnostics import limits
from gkstd.tables import cells as C
from gkstd.tables.draft import build_drafts, made_items
from gkstd.tables.grid import Grid, long_cells, read_grids
from gkstd.tables.header import Layout, detect_layout
from gkstd.tables.merged import filled_rows, filled_rows_cell_by_cell, without_overlaps
from gkstd.tables.rows import Builder, Node, build_items
from gkstd.tables.xlsxscan import READER_CELL_CHARS, cut_cells, longest
from tests.test_tables_rows import MARKS

_TEXTS = st.sampled_from(["", " ", "a", "同上", "公开", " b "])


@st.composite
def _grids(draw: st.DrawFn) -> Grid:
    """Ragged rows and merged ranges anywhere: inside, across, beyond the rows, reversed
    (never negative: the reader gives none, and :func:`filled_rows` leaves them to the slow
    path)."""
    rows = draw(st.lists(st.lists(_TEXTS, max_size=6).map(tuple), max_size=8))
    box = st.tuples(*[st.integers(0, 9)] * 4)
    merges = draw(st.lists(box, max_size=5))
    return Grid("s", tuple(rows), tuple(merges))


@settings(max_examples=300, deadline=None)
@given(_grids())
def test_filled_by_slices_is_filled_cell_by_cell(grid: Grid) -> None:
    assert grid.filled().rows == filled_rows_cell_by_cell(grid.rows, grid.merges)
    assert filled_rows(grid.rows, grid.merges) == filled_rows_cell_by_cell(grid.rows, grid.merges)


def _overlap(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


_BOX = st.tuples(st.integers(0, 12), st.integers(0, 12), st.integers(0, 3), st.integers(0, 3))


@settings(max_examples=300, deadline=None)
@given(st.lists(_BOX.map(lambda b: (b[0], b[1], b[0] + b[2], b[1] + b[3])), max_size=12))
def test_overlapping_merges_are_left_out_as_one_by_one_in_order(
    merges: list[tuple[int, int, int, int]],
) -> None:
    """The sweep and the row-by-row look-up against the plain reading: each range, in the
    file's order, kept unless it overlaps one kept before it (Excel's repair)."""
    kept: list[tuple[int, int, int, int]] = []
    left_out = []
    for box in merges:
        earlier = [k for k in kept if _overlap(box, k)]
        if earlier:
            left_out.append((box, earlier))
        else:
            kept.append(box)
    fast_kept, fast_left_out = without_overlaps(merges)
    assert fast_kept == tuple(kept)
    assert [box for box, _ in fast_left_out] == [box for box, _ in left_out]
    for (_, other), (_, earlier) in zip(fast_left_out, left_out, strict=True):
        assert other in earlier  # a kept range it does overlap
    if not left_out:
        assert fast_kept == tuple(merges)


def _rows_as_text_by_row(values: list[list[object]]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(C.value_text(v) if type(v) is not str else v for v in row) for row in values)


_VALUES = st.one_of(_TEXTS, st.none(), st.booleans(), st.floats(-5, 5), st.integers(-3, 3))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(_VALUES, max_size=5), max_size=6))
def test_rows_as_text_whole_sheet_is_row_by_row(values: list[list[object]]) -> None:
    got = C.rows_as_text(values)
    assert got == _rows_as_text_by_row(values)
    assert all(type(row) is tuple for row in got)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(st.integers(0, 40), max_size=4), max_size=4))
def test_longest_cell_and_long_cell_findings(lengths: list[list[int]]) -> None:
    rows = tuple(tuple("x" * n for n in row) for row in lengths)
    assert longest(rows) == max((n for row in lengths for n in row), default=0)
    with limits.raised(max_text_chars=20):
        found = long_cells([Grid("s", rows)], "f.xlsx")
    expected = [(r, c) for r, row in enumerate(lengths) for c, n in enumerate(row) if n > 20]
    assert [f.location.path for f in found] == [Grid("s", ()).where(*rc) for rc in expected]


def test_cut_cells_only_for_a_cell_at_the_reader_limit() -> None:
    short = (("a", "b"),)
    assert cut_cells("s", short, lambda: {}, "f.xlsx") == []
    cut = (("a", "x" * READER_CELL_CHARS),)
    [finding] = cut_cells("s", cut, lambda: {}, "f.xlsx")
    assert finding.location.path == "s!B1"


# ---------------------------------------------------------------------------- marks known

_HEAD = (
    "序号,公开事项,,公开内容（要素）,公开依据,公开时限,公开主体,公开渠道和载体,"
    "公开对象,,公开方式,,公开层级,,事项编号,附件\n"
    ",一级事项,二级事项,,,,,,全社会,特定群体,主动,依申请,县级,乡级,,\n"
)


def _csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    for number, (marks, tail) in enumerate(rows, 1):
        body = ["申请条件", "《城镇燃气管理条例》", "20个工作日内", "县级燃气管理部门", "■政府网站"]
        writer.writerow([str(number), "燃气", f"事项{number}", *body, *marks, *tail])
    return (_HEAD + out.getvalue()).encode()


def _leaves(nodes: list[Node]) -> list[Node]:
    out: list[Node] = []
    for node in nodes:
        out.extend(_leaves(node.children) if node.children else [node])
    return out


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    st.lists(
        st.tuples(
            st.lists(st.sampled_from(MARKS), min_size=6, max_size=6),
            st.lists(st.sampled_from(["", "a-1", "附件一", " 同上 "]), min_size=2, max_size=2),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_a_row_whose_marks_are_known_reads_as_a_fresh_reading(
    rows: list[tuple[list[str], list[str]]],
) -> None:
    rows = rows + rows  # every set of marks at least twice
    [raw], _ = read_grids(_csv([list(r) for r in rows]), fmt="csv", file="t.csv")
    grid = raw.filled()
    layout = detect_layout(grid)
    assert isinstance(layout, Layout)
    cached = Builder("t.csv", grid, raw, layout)
    fresh = Builder("t.csv", grid, raw, layout)
    previous: dict[int, str] = {}
    for node in _leaves(cached.tree()):
        before = len(cached.findings)
        fresh.marks_read.clear()
        fresh.findings = []
        got = cached.item(node, previous, texts=False)
        assert got == fresh.item(node, previous, texts=False)
        assert cached.findings[before:] == fresh.findings
        previous = {**previous, **(node.cells or {})}


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    st.lists(
        st.tuples(
            st.lists(st.sampled_from(MARKS), min_size=6, max_size=6),
            # the id column (编号): none, a valid id, one that is not an id, 同上
            st.lists(
                st.sampled_from(["", "a-1", "附件一", " 同上 ", "2.1", "x"]), min_size=2, max_size=2
            ),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_drafts_make_the_items_build_items_makes(rows: list[tuple[list[str], list[str]]]) -> None:
    """Each item made once from its draft (:mod:`gkstd.tables.draft`) is the item
    :func:`build_items` builds and numbers, with the same shown cells and findings."""
    [raw], _ = read_grids(_csv([list(r) for r in rows]), fmt="csv", file="t.csv")
    grid = raw.filled()
    layout = detect_layout(grid)
    assert isinstance(layout, Layout)
    one, two = Builder("t.csv", grid, raw, layout), Builder("t.csv", grid, raw, layout)
    roots_one, roots_two = one.tree(), two.tree()
    items, shown = build_items(one, roots_one)
    drafts, drafted_shown = build_drafts(two, roots_two)
    assert made_items(drafts) == items
    assert list(drafted_shown.values()) == list(shown.values())
    assert two.findings == one.findings
    ids = [d.id for draft in drafts for d in draft.walk()]
    assert ids == [i.id for item in items for i in item.walk()]


def test_importing_tables_leaves_no_cyclic_garbage(tmp_path: Path) -> None:
    """A batch imports its tables with the cyclic collector paused (in its worker processes
    for their whole life): an import, checked or not, from a gkstd export (the hidden sheet
    restored) or a local government's own table, must leave no reference cycles, or memory
    grows with every table.  Measured in a fresh interpreter (the test session's Dask
    cluster makes cyclic garbage of its own at any moment)."""
    import subprocess
    import sys

    real = sorted(str(p) for p in (Path(__file__).parent / "data/tables/real").glob("*.csv"))
    assert len(real) >= 10
    export = tmp_path / "export.xlsx"
    code = f"""
import gc
from gkstd.inherit.workspace import Workspace
from gkstd.tables import export_xlsx, import_table

national = Workspace().resolve_ref("work-safety").catalog
export_xlsx(national, {str(export)!r})
plain = {str(tmp_path / "plain.xlsx")!r}
export_xlsx(national, plain, ids=False)
files = [*{real[:10]!r}, {str(export)!r}, plain]
for path in files:  # every module, pack and cache loaded once
    import_table(path)
gc.disable()
gc.collect()
for path in files:
    import_table(path)
    import_table(path, check=False)
print(gc.collect())
"""
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "0"
