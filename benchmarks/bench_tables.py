"""Table benchmark: export and import a 3,000-row catalog, against openpyxl reading it.

The catalog is synthetic benchmark data built from a real pack's resolved national catalog
(default ``work-safety``): its leaf items are repeated under new ids (names suffixed
``（副本N）``) until there are ``--rows`` (3,000) leaves, grouped into first-level items of
``--per-group`` (30) leaves each.  It is never written into a pack.

Timed (best of ``--repeat`` runs, ``time.perf_counter``):

* gkstd export to .xlsx (a file), CSV, HTML and Markdown (strings);
* gkstd import of that .xlsx (checked: ``import(export(catalog)) == catalog`` through the
  hidden sheet) and of the same table as CSV bytes;
* openpyxl reading every cell value of sheet ``标准目录`` of the same .xlsx, in normal and
  in read-only mode, and python-calamine reading the sheet to Python lists (the floor:
  gkstd reads workbooks with calamine).

Peak memory is measured once per reader, outside the timed runs, with ``tracemalloc``
(Python allocations only: calamine's Rust-side buffers are not counted).

    python benchmarks/bench_tables.py [--rows 3000] [--per-group 30] [--domain work-safety]
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs

import gkstd
from gkstd.inherit.workspace import Workspace
from gkstd.model import Catalog, Item
from gkstd.tables import export_csv, export_html, export_markdown, export_xlsx, import_table

SHEET = "标准目录"


def synthetic_catalog(domain: str, rows: int, per_group: int) -> Catalog:
    """``rows`` leaves copied from ``domain``'s national catalog, ``per_group`` to a group."""
    national = Workspace(gkstd.registry()).resolve_ref(domain).catalog
    assert national is not None, f"no national catalog for {domain}"
    leaves = list(national.leaves())
    assert leaves, f"{domain} has no leaf items"
    templates = list(national.items)
    groups: list[Item] = []
    made = 0
    number = 0
    while made < rows:
        number += 1
        template = templates[(number - 1) % len(templates)]
        group_id = f"bench-{number:04d}"
        count = min(per_group, rows - made)
        children = []
        for k in range(count):
            leaf = leaves[(made + k) % len(leaves)]
            local = leaf.id.rsplit(".", 1)[-1]
            children.append(
                attrs.evolve(
                    leaf, id=f"{group_id}.{local}-{k + 1:02d}", name=f"{leaf.name}（副本{k + 1}）"
                )
            )
        groups.append(
            attrs.evolve(
                template,
                id=group_id,
                name=f"{template.name}（副本{number}）",
                items=tuple(children),
            )
        )
        made += count
    return attrs.evolve(
        national,
        id=f"{domain}/bench-tables",
        title=f"{national.title}（基准测试合成数据）",
        notes="合成基准测试数据 / synthetic benchmark data",
        items=tuple(groups),
        waivers=(),  # they name the national item ids, which are not in the copy
    )


def best(repeat: int, run: Callable[[], Any]) -> tuple[float, Any]:
    """Best wall time of ``repeat`` runs of ``run`` and the last result."""
    times = []
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return min(times), result


def peak_mb(run: Callable[[], Any]) -> float:
    """Peak Python allocation (MB, ``tracemalloc``) of one run of ``run``."""
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def openpyxl_readers(path: Path) -> dict[str, Callable[[], Any]] | None:
    try:
        from openpyxl import load_workbook
    except ImportError:
        return None

    def normal() -> int:
        wb = load_workbook(path)
        sheet = wb[SHEET]
        values = [[cell.value for cell in row] for row in sheet.iter_rows()]
        return len(values)

    def read_only() -> int:
        wb = load_workbook(path, read_only=True)
        try:
            values = list(wb[SHEET].iter_rows(values_only=True))
        finally:
            wb.close()
        return len(values)

    return {"openpyxl load_workbook": normal, "openpyxl read_only=True": read_only}


def calamine_reader(path: Path) -> Callable[[], Any] | None:
    try:
        from python_calamine import CalamineWorkbook
    except ImportError:
        return None

    def read() -> int:
        return len(CalamineWorkbook.from_path(str(path)).get_sheet_by_name(SHEET).to_python())

    return read


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=3000)
    parser.add_argument("--per-group", type=int, default=30)
    parser.add_argument("--domain", default="work-safety")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    catalog = synthetic_catalog(args.domain, args.rows, args.per_group)
    leaves = sum(1 for _ in catalog.leaves())
    times: dict[str, float] = {}
    peaks: dict[str, float] = {}
    notes: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "catalog.xlsx"
        times["export xlsx"], _ = best(args.repeat, lambda: export_xlsx(catalog, path))
        times["export csv"], csv_text = best(args.repeat, lambda: export_csv(catalog))
        times["export html"], html = best(args.repeat, lambda: export_html(catalog))
        times["export markdown"], md = best(args.repeat, lambda: export_markdown(catalog))
        size = path.stat().st_size / 1e6
        csv_bytes = csv_text.encode("utf-8")

        def gkstd_xlsx() -> Any:
            return import_table(path)

        def gkstd_csv() -> Any:
            return import_table(csv_bytes, fmt="csv", domain=catalog.domain)

        times["gkstd import xlsx"], result = best(args.repeat, gkstd_xlsx)
        assert result.catalog == catalog, "xlsx round trip is not exact"
        times["gkstd import csv"], csv_result = best(args.repeat, gkstd_csv)
        assert csv_result.catalog is not None, [f.message for f in csv_result.findings]
        csv_leaves = sum(1 for _ in csv_result.catalog.leaves())
        assert csv_leaves == leaves, f"CSV import gave {csv_leaves} leaves"
        peaks["gkstd import xlsx"] = peak_mb(gkstd_xlsx)
        peaks["gkstd import csv"] = peak_mb(gkstd_csv)

        readers: dict[str, Callable[[], Any]] = {}
        opx = openpyxl_readers(path)
        if opx is None:
            notes.append("openpyxl is not installed: its comparison is skipped.")
        else:
            readers.update(opx)
        cal = calamine_reader(path)
        if cal is None:
            notes.append("python-calamine is not installed: the floor is skipped.")
        else:
            readers["python-calamine to_python"] = cal
        for label, run in readers.items():
            times[label], count = best(args.repeat, run)
            assert count >= leaves, f"{label} read {count} rows"
            peaks[label] = peak_mb(run)
    process = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"catalog: {catalog.id} — synthetic benchmark data from the {args.domain} national")
    print(
        f"  catalog: {leaves:,} leaf rows in {len(catalog.items)} first-level items; "
        f".xlsx {size:.2f} MB, CSV {len(csv_bytes) / 1e6:.2f} MB, HTML {len(html.encode()) / 1e6:.2f} MB, "
        f"Markdown {len(md.encode()) / 1e6:.2f} MB"
    )
    print(f"  best of {args.repeat} runs; xlsx round trip exact: {result.catalog == catalog}")
    print()
    print(f"{'run':<28}{'time':>10}{'rows/s':>12}{'peak (tracemalloc)':>22}")
    for label, seconds in times.items():
        peak = f"{peaks[label]:.0f} MB" if label in peaks else ""
        print(f"{label:<28}{seconds:>8.3f} s{leaves / seconds:>12,.0f}{peak:>22}")
    print()
    mine, mine_peak = times["gkstd import xlsx"], peaks["gkstd import xlsx"]
    print(f"{'gkstd import xlsx ÷':<48}{'time':>8}{'peak':>8}")
    for label in ("openpyxl load_workbook", "openpyxl read_only=True", "python-calamine to_python"):
        if label in times:
            print(f"  {label:<46}{mine / times[label]:7.2f}×{mine_peak / peaks[label]:7.1f}×")
    print(f"process peak memory (ru_maxrss): {process:.0f} MB")
    for note in notes:
        print(f"note: {note}")


if __name__ == "__main__":
    main()
