"""Re-lay the stored real catalog extracts as CSV tables (run by hand, not by the tests).

Reads ``../shared/reference/catalogs/local/*.yaml`` (rows captured from published local
标准目录 pages, each file with its URL) and writes one CSV per extract that has at least two
complete rows (no ``[cut]``, an item name and 公开内容).  Cell texts are copied verbatim;
the header is the published column names of the fields present; the first row is the
extract's title.  ``MANIFEST.tsv`` lists each CSV with its source URL.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import yaml

SOURCE = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/reference/catalogs/local")
HERE = Path(__file__).parent
NAMES = ("一级事项", "二级事项", "三级事项")
TEXT = ("公开内容", "公开依据", "公开时限", "公开主体", "公开渠道和载体")
MARKS = ("公开对象", "公开方式", "公开层级")


def complete(row: dict) -> bool:
    return "cut" not in row and any(row.get(n) for n in NAMES) and bool(row.get("公开内容"))


def main() -> None:
    manifest = [("file", "domain", "rows", "url")]
    for path in sorted(SOURCE.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        rows = [r for r in data.get("rows") or [] if isinstance(r, dict) and complete(r)]
        if len(rows) < 2:
            continue
        names = [n for n in NAMES if any(r.get(n) for r in rows)]
        marks = [m for m in MARKS if any(r.get(m) for r in rows)]
        extra: list[str] = []
        for r in rows:
            for key in r.get("extra") or {}:
                if key not in extra:
                    extra.append(key)
        header = ["序号", *names, *[t for t in TEXT if any(r.get(t) for r in rows)], *marks, *extra]
        out = HERE / (path.stem + ".csv")
        with out.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow([data.get("title") or ""])
            writer.writerow(header)
            for number, r in enumerate(rows, start=1):
                cells = {
                    **{k: str(v) for k, v in r.items() if isinstance(v, str)},
                    **(r.get("extra") or {}),
                }
                writer.writerow([str(number), *[str(cells.get(h, "")) for h in header[1:]]])
        manifest.append((out.name, str(data.get("domain")), str(len(rows)), str(data.get("url"))))
    with (HERE / "MANIFEST.tsv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter="\t").writerows(manifest)


if __name__ == "__main__":
    main()
