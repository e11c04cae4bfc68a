"""A measurement, not product code: how fast could a plain table import be with gkstd's own
building blocks, if the reader knew the table's shape in advance?

Issue 20 asks for the xlsx import of a 3,000-row table within 3× of python-calamine's read.
``bench_tables.py`` times the real import (``import_table(path, check=False)``) of a local
government's own table (no ids, no hidden sheet) at 4.2–4.4× that read.  This script times a
*lean* import of the same file that does only what this table needs: the workbook read as the
real import reads it (the scan that keeps a bad file from killing the process, then
python-calamine), the header found, each row's cells read into an item (one group level whose
name every row holds once merged regions are filled; no name cell merged down from the row above
read as a continuation, no 同上, no notes, no ids in the table), the items matched to the
national catalog (``match_items``), a GK611 finding for each row that matches nothing, and the
final ids (the parent's, else ``<group>.local-N``).  It does
not detect the domain (it is given), record where each element sits, or check anything a
real table may hold and this one does not.

Its items are asserted equal to the real import's (``import_table(path, domain=…,
check=False)``), so both do the same work on this table; the difference is the generality the
real reader carries for real tables.  Each kind is timed ``--repeat`` times, one kind after
the other, CPU and wall (min of each): the lean import (and its steps), the real import with
the domain given, the real import as ``bench_tables.py`` times it (domain detected), and
calamine's read of the sheet.

    python benchmarks/lean_import.py [--rows 3000] [--repeat 7]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench_tables import SHEET, plain_table, synthetic_catalog

from gkstd.diagnostics.collector import collector_paused
from gkstd.inherit.matching import match_items
from gkstd.model import Item
from gkstd.model.replace import replace
from gkstd.tables import import_table
from gkstd.tables.grid import read_grids
from gkstd.tables.header import Layout, detect_layout
from gkstd.tables.parent import pack_parent
from gkstd.tables.rows import Builder, Node
from gkstd.tables.rules import UNMATCHED_ROW

DOMAIN = "work-safety"


@collector_paused()
def lean_import(path: Path, parent_items: tuple[Item, ...], steps: dict[str, float]) -> list[Item]:
    """The lean import of ``path`` (see the module docstring); each step's CPU seconds are
    added to ``steps``."""
    clock = time.process_time
    start = clock()
    grids, _ = read_grids(path, file=path.name)
    raw = next(g for g in grids if g.name == SHEET)
    grid = raw.filled()
    layout = detect_layout(grid)
    assert isinstance(layout, Layout), "the benchmark table has a header"
    steps["read"] = steps.get("read", 0.0) + clock() - start
    start = clock()
    builder = Builder(path.name, grid, raw, layout)
    names = [c.index for c in layout.name_columns]
    seq = {c.index for c in layout.of("seq")}
    groups: dict[str, list[tuple[int, str, dict[int, str]]]] = {}
    for row in range(layout.body_start, len(grid.rows)):
        cells = grid.rows[row]
        group, name = (cells[i].strip() for i in names)
        own = {i: v for i, v in enumerate(cells) if v and i not in seq and i not in names}
        groups.setdefault(group, []).append((row, name, own))
    items: list[Item] = []
    rows: dict[str, int] = {}
    for number, (group, members) in enumerate(groups.items(), start=1):
        children = []
        for k, (row, name, own) in enumerate(members, start=1):
            fields, _ = builder.fields(Node(name, row, 2, own), {})
            fields["id"] = f"{number}.{k}"
            rows[fields["id"]] = row
            children.append(Item(**fields))
        items.append(Item(id=str(number), name=group, items=tuple(children)))
    steps["rows"] = steps.get("rows", 0.0) + clock() - start
    start = clock()
    matches = match_items(items, parent_items, use_ids=False)
    steps["match"] = steps.get("match", 0.0) + clock() - start
    start = clock()
    findings = [
        UNMATCHED_ROW.emit(
            "default",
            item=m.child,
            name=m.name,
            file=path.name,
            line=rows.get(m.child, 0) + 1,
            path=grid.where(rows.get(m.child, 0)),
        )
        for m in matches
        if m.status == "none"
    ]
    assert findings
    taken = {m.child: m.parent for m in matches if m.taken and m.parent is not None}
    known = {i.id for p in parent_items for i in p.walk()}
    used = set(taken.values())

    def rename(item: Item, prefix: str) -> Item:
        new = taken.get(item.id)
        if new is None:
            new = f"{prefix}local-{item.id.rsplit('.', 1)[-1]}"
            while new in used or new in known:
                new += "-1"
        used.add(new)
        return replace(item, id=new, items=tuple(rename(c, f"{new}.") for c in item.items))

    out = [rename(item, "") for item in items]
    steps["ids"] = steps.get("ids", 0.0) + clock() - start
    return out


def best(repeat: int, run: Callable[[], Any]) -> tuple[float, float]:
    """Min CPU seconds and min wall seconds of ``repeat`` runs."""
    cpu, wall = [], []
    for _ in range(repeat):
        start, start_wall = time.process_time(), time.perf_counter()
        run()
        cpu.append(time.process_time() - start)
        wall.append(time.perf_counter() - start_wall)
    return min(cpu), min(wall)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    from python_calamine import CalamineWorkbook

    parent, _ = pack_parent(DOMAIN)
    assert parent is not None
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "plain.xlsx"
        if not plain_table(synthetic_catalog(DOMAIN, args.rows, 30), path):
            raise SystemExit("openpyxl is needed to write the plain table")
        real = import_table(path, domain=DOMAIN, check=False)
        assert real.catalog is not None
        lean = lean_import(path, parent.items, {})
        assert tuple(lean) == real.catalog.items, "the lean import must give the real items"
        steps: dict[str, float] = {}
        runs = {
            "lean import (domain given)": lambda: lean_import(path, parent.items, steps),
            "import_table, domain given": lambda: import_table(path, domain=DOMAIN, check=False),
            "import_table, domain detected": lambda: import_table(path, check=False),
            "python-calamine read": lambda: (
                CalamineWorkbook.from_path(str(path)).get_sheet_by_name(SHEET).to_python()
            ),
        }
        for run in runs.values():
            run()  # warm: packs, numpy
        times = {label: best(args.repeat, run) for label, run in runs.items()}
    floor = times["python-calamine read"][0]
    print(f"{args.rows:,} rows, CPU min of {args.repeat} (the items of both imports equal)")
    print(f"  {'':32s} {'CPU':>7s}    {'wall':>7s}    ratio of CPU")
    for label, (seconds, wall) in times.items():
        print(f"  {label:32s} {seconds:7.3f} s  {wall:7.3f} s  {seconds / floor:5.2f}× calamine")
    total = sum(steps.values())
    print("  lean import's steps (share of its CPU):")
    for name, seconds in steps.items():
        print(f"    {name:8s} {100 * seconds / total:5.1f} %")


if __name__ == "__main__":
    main()
