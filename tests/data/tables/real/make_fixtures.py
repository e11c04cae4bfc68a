"""Re-lay the stored real catalog extracts as CSV tables (run by hand, not by the tests).

    python tests/data/tables/real/make_fixtures.py [../shared/reference/catalogs/local]

Reads the rows captured from published local 标准目录 pages (one YAML file per page, each
with its URL) and writes one CSV per extract that has at least two complete rows (an item
name and 公开内容, not cut by the end of the stored excerpt), in the page's own layout as
far as the capture shows it:

* row 1 is the page's caption (empty when the capture has none);
* the header uses the published column names.  Where the capture abbreviates the header
  (``…|公开层级 县级/乡级``), the columns it does not name get the template's names
  (公开内容, 公开对象 全社会/特定群体, 公开方式 主动/依申请 …) and the tick columns get a
  two-row header (公开对象 / 全社会, 特定群体 …) as on the published pages;
* the √ cells are placed only where the capture kept every tick cell, empty ones
  included (as many marks as tick columns); otherwise the tick columns are left out and
  ``CORPUS.yaml`` says which elements the capture lost;
* cell texts are copied verbatim, except the capturer's own annotations: ``[服务]`` and
  ``〔信息公开〕`` (characters the capturer restored) become the restored text, and
  ``[rest not visible]`` is removed (the cell is listed as truncated in ``CORPUS.yaml``);
  ``(blank)``/``(not shown)`` name cells become empty cells.

``MANIFEST.tsv`` lists each CSV with its domain and source URL; ``CORPUS.yaml`` records,
per table, the page's jurisdiction and level as captured and what the capture lost.
Nothing here is invented: a cell is either copied, left empty, or listed as lost.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

import yaml

SOURCE = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/reference/catalogs/local")
HERE = Path(__file__).parent
NAMES = ("一级事项", "二级事项", "三级事项")
TEXT = ("公开内容", "公开依据", "公开时限", "公开主体", "公开渠道和载体")
MARK_TEXT = {"公开对象": "audience", "公开方式": "method", "公开层级": "levels"}
SHORT = {"对象": "公开对象", "方式": "公开方式", "层级": "公开层级"}
#: Published column label → the capture's field.
FIELD_OF = {
    "公开内容": "公开内容",
    "公开内容(要素)": "公开内容",
    "公开内容(要素)及要求": "公开内容",
    "公开依据": "公开依据",
    "公开时限": "公开时限",
    "公开主体": "公开主体",
    "公开渠道和载体": "公开渠道和载体",
    "公开渠道": "公开渠道和载体",
    "一级": "一级事项",
    "二级": "二级事项",
}
AUDIENCE = ("全社会", "特定群体", "特定群众", "特定对象", "特定", "特定群体(请写明)")
METHOD = ("主动", "依申请", "依申请公开", "主动公开")
TEMPLATE = {"audience": ("全社会", "特定群体"), "method": ("主动", "依申请")}


def clean(text: str) -> tuple[str, bool]:
    """The cell without the capturer's annotations, and whether it was truncated."""
    truncated = "[rest not visible]" in text
    text = text.replace("[rest not visible]", "")
    text = re.sub(r"\[(?!cut\]|\.\.\])([^\]]+)\]", r"\1", text)  # [服务] → 服务
    text = re.sub(r"〔([^〕\d]+)〕", r"\1", text)  # 〔信息公开〕 → 信息公开; 〔2019〕 stays
    if text.strip() in ("(blank)", "(not shown)"):
        return "", truncated
    return text.strip(), truncated


def complete(row: dict) -> bool:
    return "cut" not in row and any(row.get(n) for n in NAMES) and bool(row.get("公开内容"))


def family(label: str) -> str | None:
    if label in AUDIENCE or label.startswith("特定"):
        return "audience"
    if label in METHOD:
        return "method"
    if "级" in label and "事项" not in label and "目录" not in label and label not in FIELD_OF:
        return "levels"
    return None


def options_of(columns: str) -> tuple[list[tuple[str, str]], list[str], bool]:
    """(tick columns as (group, label), published text columns, full header?) from the
    capture's ``columns`` line."""
    columns = columns.split("(no ")[0].strip()
    full = bool(columns) and "…" not in columns
    parts = [p.strip() for p in columns.split("|") if p.strip() and p.strip() != "…"]
    ticks: list[tuple[str, str]] = []
    texts: list[str] = []
    groups = {"公开对象": "audience", "公开方式": "method", "公开层级": "levels"}
    for part in parts:
        head, _, rest = part.partition(" ")
        if head == "公开事项":
            continue  # the item-name columns (一级事项/二级事项) are laid out from the rows
        if head in groups and rest:
            for label in re.split(r"\s*/\s*", rest):
                ticks.append((head, label.strip()))
        elif family(part) is not None and part not in FIELD_OF:
            group = {"audience": "公开对象", "method": "公开方式", "levels": "公开层级"}
            ticks.append((group[family(part) or "levels"], part))
        else:
            texts.append(part)
    if not full and ticks and all(g == "公开层级" for g, _ in ticks):
        # "…|公开层级 县级/乡级": the tick columns before it are the template's
        lead = [("公开对象", a) for a in TEMPLATE["audience"]]
        lead += [("公开方式", m) for m in TEMPLATE["method"]]
        ticks = lead + ticks
    return ticks, texts, full


def main() -> None:
    manifest = [("file", "domain", "rows", "url")]
    corpus: list[dict] = []
    for path in sorted(SOURCE.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        rows = [r for r in data.get("rows") or [] if isinstance(r, dict) and complete(r)]
        if len(rows) < 2:
            continue
        for r in rows:
            for short, long in SHORT.items():
                if short in r and long not in r:
                    r[long] = r.pop(short)
        ticks, published, full = options_of(str(data.get("columns") or ""))
        marks = [
            [m.strip() for m in str(r["marks"]).split("|")] if r.get("marks") else None
            for r in rows
        ]
        placeable = bool(ticks) and all(m is not None and len(m) == len(ticks) for m in marks)
        names = [n for n in NAMES if any(r.get(n) for r in rows)]
        # (header label, field) of every column but the tick columns, in page order
        texts: list[tuple[str, str]] = []
        if full:
            for label in published:
                field = FIELD_OF.get(label, label)
                if label == "序号" or (field in NAMES and field not in names):
                    continue
                texts.append((label, field))
            missing = [(n, n) for n in names if all(f != n for _, f in texts)]
            texts = missing + texts
        else:
            texts = [(n, n) for n in names] + [(t, t) for t in TEXT if any(r.get(t) for r in rows)]
        tick_cols = ticks if placeable else []
        if not tick_cols and not full:  # the capturer's reading of the ticks, if it gave one
            texts += [(m, m) for m in MARK_TEXT if any(r.get(m) for r in rows)]
        for r in rows:
            for key in r.get("extra") or {}:
                page = key.removesuffix("(本页)")
                if all(f != page and label != page for label, f in texts):
                    texts.append((page, page))
        two_rows = bool(tick_cols) and not full
        top = ["序号"]
        sub = [""]
        for label, field in texts:
            top.append("公开事项" if two_rows and field in NAMES else label)
            sub.append(label if two_rows and field in NAMES else "")
        if tick_cols:
            top += [g if two_rows else label for g, label in tick_cols]
            sub += [label for _, label in tick_cols]
        if two_rows:  # a group's label only above its first column, as merged cells export
            for i in range(len(top) - 1, 0, -1):
                if top[i] == top[i - 1] and sub[i]:
                    top[i] = ""
        truncated: list[dict] = []
        out_rows: list[list[str]] = []
        for number, (r, m) in enumerate(zip(rows, marks, strict=True), start=1):
            cells: dict[str, str] = {}
            for key, value in r.items():
                if isinstance(value, str):
                    cells[key] = value
            for key, value in (r.get("extra") or {}).items():
                cells[key] = str(value)
                if key.endswith("(本页)"):  # the page's own cell under a label the capture reused
                    cells[key.removesuffix("(本页)")] = str(value)
            line = [str(r.get("序号") or number)]
            for _, field in texts:
                line.append(cells.get(field, ""))
            if tick_cols:
                line += m or []
            row_number = number + (3 if two_rows else 2)
            header = sub if two_rows else top
            for note in (str(r.get("note") or ""), str(data.get("note") or "")):
                if "公开内容" in note and ("visible" in note or "first line" in note):
                    label = next(lab for lab, f in texts if f == "公开内容")
                    truncated.append({"row": row_number, "column": label})
            cleaned = []
            for index, text in enumerate(line):
                value, cut = clean(text)
                if cut:
                    label = header[index] or top[index]
                    truncated.append({"row": row_number, "column": label})
                cleaned.append(value)
            out_rows.append(cleaned)
        lost = []
        if not tick_cols:
            have = {MARK_TEXT[f] for _, f in texts if f in MARK_TEXT}
            if any(m is not None for m in marks) or ticks:
                lost = [e for e in ("audience", "method", "levels") if e not in have]
        out = HERE / (path.stem + ".csv")
        with out.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow([clean(str(data.get("title") or ""))[0]])
            writer.writerow(top)
            if two_rows:
                writer.writerow(sub)
            writer.writerows(out_rows)
        manifest.append((out.name, str(data.get("domain")), str(len(rows)), str(data.get("url"))))
        entry: dict = {
            "file": out.name,
            "url": data.get("url"),
            "domain": data.get("domain"),
            "jurisdiction": data.get("jurisdiction"),
            "level": data.get("level"),
            "header_rows": 2 if two_rows else 1,
            "rows": len(rows),
        }
        if lost:
            entry["not_captured"] = lost
        if truncated:
            entry["truncated"] = truncated
        corpus.append(entry)
    with (HERE / "MANIFEST.tsv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter="\t").writerows(manifest)
    header = (
        "# What the capture of each real table shows and lost (written by make_fixtures.py).\n"
        "# not_captured: elements whose tick columns the capture could not place;\n"
        "# truncated: cells the stored excerpt cut off.  Every table is the head of its page:\n"
        "# the stored excerpt ends after its last row, so later items were never seen.\n"
    )
    text = yaml.safe_dump(corpus, allow_unicode=True, sort_keys=False, width=100)
    (HERE / "CORPUS.yaml").write_text(header + text, encoding="utf-8")


if __name__ == "__main__":
    main()
