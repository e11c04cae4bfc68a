"""Snapshots of table imports, to show that a change to the import leaves its results alone.

Not a speed benchmark: a refactoring or speed-up of ``gkstd.tables`` or the matching must not
change what an import gives.  ``make`` imports every case and writes one JSON snapshot per
case (the catalog unstructured, its origin, the findings with their code, severity,
location, fields and Chinese text, the matches, the column mapping, the domain guess, and
the check's findings); ``compare`` imports them again and names each case whose snapshot
differs (the new snapshot is written beside, ``*.new.json``).  Run ``make`` on the code
before the change and ``compare`` after it::

    python benchmarks/import_snapshots.py make /tmp/snap      # before
    python benchmarks/import_snapshots.py compare /tmp/snap   # after: "0 differ"

The cases (written once under ``DIR/cases``; 466 in all):

* the 62 real published tables in ``tests/data/tables/real/`` (checked, and with
  ``check=False`` imported again with the domain they were given);
* 40 real-layout tables of ``bench_batch.py`` (.xlsx with merged cells, .csv);
* each installed pack's national catalog exported to .xlsx, the same without ids and without
  the hidden sheet (a local government's own file), and the export edited three ways with
  openpyxl (a content cell, a row deleted, a name);
* the 3,000-row workbooks of ``bench_tables.py`` (the export and the plain table).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path
from typing import Any

import attrs

import gkstd
from gkstd.diagnostics.findings import Finding
from gkstd.inherit.workspace import Workspace
from gkstd.io.converter import unstructure_catalog
from gkstd.tables import export_xlsx, import_table

HERE = Path(__file__).parent
REAL = HERE.parent / "tests" / "data" / "tables" / "real"
SHEET = "标准目录"


def _edited(source: Path, folder: Path) -> None:
    """Three edits of an export, as a user makes them in Excel (openpyxl)."""
    from openpyxl import load_workbook

    rows = list(load_workbook(source)[SHEET].iter_rows())
    if len(rows) <= 5:
        return
    workbook = load_workbook(source)
    cell = workbook[SHEET].cell(row=5, column=4)
    if type(cell).__name__ != "MergedCell":
        cell.value = f"{cell.value or ''}（修改）"
    workbook.save(folder / f"{source.stem}-cell.xlsx")
    workbook = load_workbook(source)
    workbook[SHEET].delete_rows(5)
    workbook.save(folder / f"{source.stem}-delrow.xlsx")
    workbook = load_workbook(source)
    cell = workbook[SHEET].cell(row=6, column=3)
    if type(cell).__name__ != "MergedCell":
        cell.value = "改名后的事项"
    workbook.save(folder / f"{source.stem}-name.xlsx")


def _plain(target: Path, catalog: Any) -> None:
    """``catalog`` exported without ids, its hidden sheet deleted (openpyxl)."""
    from openpyxl import load_workbook

    export_xlsx(catalog, target, ids=False)
    workbook = load_workbook(target)
    del workbook["gkstd"]
    workbook.save(target)


def write_cases(folder: Path) -> None:
    """Write the cases below ``folder`` (once: an existing folder is kept as it is)."""
    if folder.exists():
        return
    sys.path.insert(0, str(HERE))
    from bench_batch import write_tables
    from bench_tables import synthetic_catalog

    work = folder.with_name(folder.name + ".partial")
    shutil.rmtree(work, ignore_errors=True)
    write_tables(work / "batch", 40)
    registry = gkstd.registry()
    workspace = Workspace(registry)
    for sub in ("exports", "plain", "edited", "large"):
        (work / sub).mkdir(parents=True)
    for code in sorted(registry.packs):
        catalog = workspace.resolve_ref(code).catalog
        if catalog is None:
            continue
        export = work / "exports" / f"{code}.xlsx"
        export_xlsx(catalog, export)
        _plain(work / "plain" / f"{code}.xlsx", catalog)
        _edited(export, work / "edited")
    large = synthetic_catalog("work-safety", 3000, 30)
    export_xlsx(large, work / "large" / "bench3000.xlsx")
    _plain(work / "large" / "bench3000-plain.xlsx", large)
    work.rename(folder)  # whole, or not at all


def cases(folder: Path) -> list[tuple[str, Path, dict[str, Any]]]:
    """(name, file, keyword arguments of ``import_table``) of every case."""
    out: list[tuple[str, Path, dict[str, Any]]] = []
    files = [("real", p) for p in sorted(REAL.glob("*.csv"))]
    for sub in ("batch", "exports", "plain", "edited"):
        files += [(sub, p) for p in sorted((folder / sub).glob("*"))]
    for sub, path in files:
        out.append((f"{sub}__{path.name}__checked", path, {}))
        out.append((f"{sub}__{path.name}__unchecked", path, {"check": False}))
    for path in sorted((folder / "large").glob("*.xlsx")):
        out.append((f"large__{path.name}__unchecked", path, {"check": False}))
    return out


def _finding(finding: Finding) -> dict[str, Any]:
    return {
        "code": finding.code,
        "severity": str(finding.severity),
        "location": attrs.asdict(finding.location),
        "args": dict(finding.args),
        "zh": finding.text("zh"),
    }


def snapshot(path: Path, options: dict[str, Any]) -> str:
    """The JSON snapshot of one import (and, unchecked, of the same import with the domain
    it was given)."""
    result = import_table(path, **options)
    data: dict[str, Any] = {
        "findings": [_finding(f) for f in result.findings],
        "sheet": result.sheet,
        "rows": result.rows,
        "columns": [attrs.asdict(c) for c in result.columns],
        "matches": [m.to_dict() for m in result.matches],
        "restored": result.restored,
        "domain": repr(result.domain),
    }
    if result.catalog is not None:
        data["catalog"] = unstructure_catalog(result.catalog)
        data["origin"] = repr(result.catalog.origin)
    if result.check is not None:
        data["check"] = [_finding(f) for f in result.check.findings]
    if result.ok and options.get("check") is False and result.catalog is not None:
        again = import_table(path, domain=result.catalog.domain, check=False)
        data["with_domain"] = unstructure_catalog(again.catalog) if again.catalog else None
        data["with_domain_findings"] = [_finding(f) for f in again.findings]
    return json.dumps(data, ensure_ascii=False, sort_keys=True, default=str)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("mode", choices=("make", "compare"))
    parser.add_argument("directory", type=Path, help="where the snapshots are kept")
    args = parser.parse_args(argv)
    folder: Path = args.directory
    folder.mkdir(parents=True, exist_ok=True)
    write_cases(folder / "cases")
    differ = 0
    all_cases = cases(folder / "cases")
    for name, path, options in all_cases:
        text = snapshot(path, options)
        stored = folder / f"{name}.json"
        if args.mode == "make":
            stored.write_text(text, "utf-8")
        elif not stored.exists() or stored.read_text("utf-8") != text:
            differ += 1
            print(f"differs: {name}")
            (folder / f"{name}.new.json").write_text(text, "utf-8")
    print(f"{len(all_cases)} cases, {differ} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
