"""How right gkstd is on real tables it was never tuned on: the held-out set.

    python benchmarks/heldout.py            # the figures (text)
    python benchmarks/heldout.py --json     # as JSON

``tests/data/tables/heldout/`` holds tables from published pages that neither the corpus
of ``benchmarks/accuracy.py`` (the tuning set), the packs nor the reference captures used
(``MANIFEST.tsv``: each table's page), in two batches: 16 tables from 13 pages
(``HELDOUT.yaml`` ``tables``; first look 2026-12-07) and 12 tables from 12 more pages
(``second_look.tables``; first look 2026-12-08).  Per table, ``HELDOUT.yaml`` holds the
label written before gkstd was first run on it (domain, jurisdiction, level) and a verdict
(TRUE, FALSE or UNJUDGEABLE, with its reason) on every error and warning finding that first
run gave; ``first_look`` and ``second_look`` keep the figures of each batch's first run.
Each batch is reported on its own, then both together.

Each table is imported as a user would, with no flag (``import_table(path)``), and again
blind (caption row removed, file renamed ``table-NN.csv``).  Measured: the domain (as
published and blind) and the level against the label, the leaf items imported, and the
precision of the GK1xx/GK2xx error and warning findings against the recorded verdicts (the
cells lost were counted by hand at each first look and are read from the file).  A finding no
verdict names is UNLABELLED (new since the first run: judge it and add it to the file); a
TRUE verdict whose finding is gone is a finding lost, listed.

Once gkstd is changed because of what this set showed, the set is no longer held out:
the figures after such a change are reported beside the first look, never instead of it.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

from gkstd.diagnostics.findings import Finding, Severity
from gkstd.tables import import_table

HERE = Path(__file__).resolve().parent.parent / "tests" / "data" / "tables" / "heldout"
JUDGED = ("GK1", "GK2")


def _cell(finding: Finding) -> str | None:
    cell = finding.location.cell
    return cell.cell if cell is not None else None


def _same(verdict: dict[str, Any], finding: Finding) -> bool:
    loc = finding.location
    return (
        verdict["code"] == finding.code
        and verdict.get("cell") == _cell(finding)
        and verdict.get("item") == loc.item
        and verdict.get("element") == loc.element
    )


def _blind(path: Path, tmp: Path, index: int) -> str | None:
    """The domain told with the caption row removed and a file name that says nothing."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    blind = tmp / f"table-{index:02d}.csv"
    with blind.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows[1:])
    catalog = import_table(blind, conform=False, check=False).catalog
    return catalog.domain if catalog is not None else None


def measure(entries: list[dict[str, Any]], tmp: Path) -> dict[str, Any]:
    """The figures of one set of held-out tables (their HELDOUT.yaml entries)."""
    counts: Counter[str] = Counter()
    by_code: dict[str, Counter[str]] = {}
    lost_true: list[str] = []
    unlabelled: list[str] = []
    domain_right = blind_right = level_right = rows = items = cells_lost = 0
    for index, entry in enumerate(entries):
        label = entry["label"]
        result = import_table(HERE / entry["file"])
        catalog = result.catalog
        domain_right += catalog is not None and catalog.domain == label["domain"]
        blind_right += _blind(HERE / entry["file"], tmp, index) == label["domain"]
        level = catalog.jurisdiction.level.label if catalog is not None else None
        level_right += level == label["level"]
        recorded = entry["result"]
        rows += recorded["rows"]
        lost = recorded.get("cells_lost")
        cells_lost += lost if isinstance(lost, int) else 0
        items += sum(1 for i in catalog.walk() if i.is_leaf) if catalog is not None else 0
        verdicts = [v for v in recorded["findings"] if v["code"].startswith(JUDGED)]
        findings = [
            f
            for f in result.report().findings
            if f.severity is not Severity.INFO and f.code.startswith(JUDGED)
        ]
        for finding in findings:
            verdict = next((v for v in verdicts if _same(v, finding)), None)
            judged = verdict["verdict"] if verdict is not None else "UNLABELLED"
            counts[judged] += 1
            by_code.setdefault(finding.code, Counter())[judged] += 1
            if verdict is None:
                unlabelled.append(
                    f"{entry['file']} {finding.code} {_cell(finding)} "
                    f"{finding.location.item} {finding.location.element}: {finding.text()}"
                )
        for verdict in verdicts:
            if verdict["verdict"] == "TRUE" and not any(_same(verdict, f) for f in findings):
                lost_true.append(
                    f"{entry['file']} {verdict['code']} {verdict.get('cell')} "
                    f"{verdict.get('item')} {verdict.get('element')}"
                )
    judged = counts["TRUE"] + counts["FALSE"]
    return {
        "tables": len(entries),
        "domain_right": domain_right,
        "domain_blind_right": blind_right,
        "level_right": level_right,
        "rows": rows,
        "leaf_items": items,
        "cells_lost": cells_lost,
        "precision": counts["TRUE"] / judged if judged else None,
        "interval": wilson(counts["TRUE"], judged),
        "counts": dict(counts),
        "by_code": {code: dict(c) for code, c in sorted(by_code.items())},
        "true_findings_lost": lost_true,
        "unlabelled": unlabelled,
    }


def run() -> dict[str, Any]:
    data = yaml.safe_load((HERE / "HELDOUT.yaml").read_text("utf-8"))
    first = data["tables"]
    second = (data.get("second_look") or {}).get("tables") or []
    with tempfile.TemporaryDirectory() as tmp:
        batches = {
            "first": measure(first, Path(tmp)),
            "second": measure(second, Path(tmp)),
            "both": measure(first + second, Path(tmp)),
        }
    looks = {"first": data.get("first_look"), "second": data.get("second_look")}
    return {
        "batches": batches,
        "first_look": looks["first"],
        "second_look": {k: v for k, v in (looks["second"] or {}).items() if k != "tables"},
    }


def wilson(successes: int, n: int, z: float = 1.96) -> tuple[float, float] | None:
    """The 95 % Wilson interval of a proportion."""
    if n == 0:
        return None
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


def _print(name: str, found: dict[str, Any]) -> None:
    c = found["counts"]
    n = found["tables"]
    low, high = found["interval"] or (0.0, 0.0)
    print(f"{name}: {n} tables")
    print(f"  domain right (no flag): {found['domain_right']} / {n} as published, ", end="")
    print(f"{found['domain_blind_right']} / {n} blind (caption removed, file renamed)")
    print(f"  level right: {found['level_right']} / {n}")
    print(f"  leaf items imported: {found['leaf_items']} (rows in the tables: {found['rows']})")
    print(f"  cells lost (counted at the first look): {found['cells_lost']}")
    precision = found["precision"]
    print(
        f"  precision of GK1xx/GK2xx errors and warnings: "
        f"{'-' if precision is None else f'{precision:.1%}'} "
        f"({c.get('TRUE', 0)} TRUE, {c.get('FALSE', 0)} FALSE; 95 % interval "
        f"{low:.1%}–{high:.1%}); {c.get('UNJUDGEABLE', 0)} unjudgeable, "
        f"{c.get('UNLABELLED', 0)} unlabelled"
    )
    for code, counted in found["by_code"].items():
        print(f"    {code}: " + ", ".join(f"{k} {v}" for k, v in sorted(counted.items())))
    if found["true_findings_lost"]:
        print("  TRUE findings no longer given:")
        for line in found["true_findings_lost"]:
            print(f"    {line}")
    if found["unlabelled"]:
        print("  findings no verdict names (judge them in HELDOUT.yaml):")
        for line in found["unlabelled"]:
            print(f"    {line}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    found = run()
    if args.json:
        print(json.dumps(found, ensure_ascii=False, indent=2))
        return 0
    names = {"first": "first batch", "second": "second batch", "both": "both batches"}
    for key, name in names.items():
        _print(name, found["batches"][key])
    for key in ("first", "second"):
        look = found[f"{key}_look"]
        if look:
            print(f"{key} look ({look['date']}): {look['summary']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
