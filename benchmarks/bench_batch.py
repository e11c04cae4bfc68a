"""Benchmark: ``gkstd check`` on a supervisor's folder of tables and on a province tree.

Two inputs, both synthetic benchmark data (合成基准数据) written to a temporary folder and
never into a pack or the test data:

* **a folder of ``--tables`` (300) real-layout tables**, made from the real published
  extracts in ``tests/data/tables/real/*.csv``.  Each table takes the caption-less layout
  (header rows, columns) of one real extract, cycling through all of them, and rows
  recombined from every extract of the same domain: a row of another extract is mapped onto
  the layout's columns by header name, a column it lacks is taken from a row of the layout's
  own extract.  Each table has 10–30 rows (seeded); once a domain's distinct rows are used
  up, rows repeat with the 二级事项 suffixed ``（合成N）`` (then they are local items, not in
  the national catalog).  The caption names a made-up jurisdiction and says what it is:
  ``示例市第07县救灾领域基层政务公开标准目录（合成基准数据 synthetic benchmark data）``.
  Four in five are counties (示例市第01县 …: at least 20, one table per county and
  domain, 24 counties at 300 tables); the rest are townships (示例市第07县第02镇) of a
  domain their county has a table for, so the batch finds the county's table as their
  parent (the second pass).  Half the tables are .xlsx written with xlsxwriter (merged
  caption, merged two-row headers, merged 一级事项 runs), the other half .csv (UTF-8 with
  BOM, every third one GB18030, as Excel in China writes).
* **the province tree of 2,578 tailorings** of ``bench_inheritance.py`` (its
  ``build_tree``/``padded_national``; 50 items, ``urban-law-enforcement``) and the
  national document they extend: 2,579 gkstd documents.

Every configuration runs in a fresh Python process (so memory and caches do not carry
over), ``--repeat`` (3) times; figures are the min and median of the runs.  Timed in the
process, from the first call (gkstd is imported before, nothing is warmed up): wall time
(``perf_counter``) and CPU time (``getrusage``, this process and its worker processes).
Peak RSS is ``ru_maxrss`` of the process and of its largest worker.  Each process runs in
the data's folder, as ``cd folder && gkstd check .`` would: gkstd reads a parent named by a
relative path (``../province.json``) only below the working directory or the document's
own folder, so from elsewhere the tree's documents would not find their parents (GK210).

Configurations, for the tree:

* ``gkstd.validate(path)`` per file: what a user writes without ``gkstd check``;
* one shared ``Workspace``'s ``validate_all`` over the same files: the best gkstd path so far;
* ``gkstd.batch.check(folder, jobs=1|2)``, then the HTML, XLSX and JSON reports
  (``render_html``, ``write_xlsx``, the CLI's JSON text), each stage timed;
* the ``gkstd check FOLDER --report x.html --report x.xlsx --report x.json -j 2 -q``
  command as a subprocess (start-up included).

For the tables: ``gkstd.tables.import_table(path)`` per file, then the same batch and CLI
runs.  Run::

    python benchmarks/bench_batch.py [--repeat 3] [--tables 300] [--quick]

``--quick`` is a smoke run (12 tables, one city's branch of the tree, one repeat).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REAL = HERE.parent / "tests" / "data" / "tables" / "real"
SYNTHETIC = "合成基准数据 synthetic benchmark data"
COUNTIES = 20

TARGETS = {"tables": 15.0, "tree": 3.0, "html_mb": 20.0, "rss_mb": 500.0}


# -- the synthetic folder of tables ---------------------------------------------------------


def _label(text: str) -> str:
    """A header cell's name, normalised: ``公开内容(要素)`` → ``公开内容``."""
    text = re.sub(r"[（(][^）)]*[）)]", "", text).replace(" ", "").strip()
    return text.replace("和载体", "").replace("事项名称一级事项/二级事项", "事项名称")


class Extract:
    """One real extract: its domain, header rows and data rows."""

    def __init__(self, path: Path, domain: str, header_rows: int) -> None:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))
        self.path = path
        self.domain = domain
        self.header = rows[1 : 1 + header_rows]
        width = max(len(r) for r in rows[1:])
        self.header = [r + [""] * (width - len(r)) for r in self.header]
        self.rows = [r + [""] * (width - len(r)) for r in rows[1 + header_rows :]]
        self.labels = []
        for column in range(width):
            cells = [row[column] for row in self.header if row[column].strip()]
            self.labels.append(_label(cells[-1]) if cells else "")

    def column(self, label: str) -> int | None:
        return self.labels.index(label) if label in self.labels else None

    def as_dict(self, row: Sequence[str]) -> dict[str, str]:
        out: dict[str, str] = {}
        for label, cell in zip(self.labels, row, strict=True):
            if label and label not in out:
                out[label] = cell
        return out


def real_extracts() -> list[Extract]:
    """The real tables of ``tests/data/tables/real`` with their domain and header rows."""
    import yaml

    corpus = yaml.safe_load((REAL / "CORPUS.yaml").read_text("utf-8"))
    return [Extract(REAL / e["file"], e["domain"], int(e["header_rows"])) for e in corpus]


def _rows(rng: random.Random, layout: Extract, pool: list[Extract], count: int) -> list[list[str]]:
    """``count`` rows in ``layout``'s columns, recombined from the extracts of ``pool``."""
    candidates: list[list[str]] = []
    seen: set[tuple[str, ...]] = set()
    first = layout.column("一级事项")
    second = layout.column("二级事项")
    for extract in pool:
        for source in extract.rows:
            values = extract.as_dict(source)
            filler = rng.choice(layout.rows)
            row = [
                values.get(label, filler[c]) if label else filler[c]
                for c, label in enumerate(layout.labels)
            ]
            key = tuple(row[c] for c in (first, second) if c is not None) or tuple(row)
            if key not in seen:
                seen.add(key)
                candidates.append(row)
    rng.shuffle(candidates)
    rows = candidates[:count]
    n = 0
    while len(rows) < count:  # the domain's distinct rows are used up: local copies
        n += 1
        row = list(rng.choice(candidates))
        if second is not None:
            row[second] = f"{row[second]}（合成{n}）"
        rows.append(row)
    if first is not None:  # first-level items together, in order of first appearance
        order: dict[str, int] = {}
        for row in rows:
            order.setdefault(row[first], len(order))
        rows.sort(key=lambda r: order[r[first]])
    number = layout.column("序号")
    if number is not None:
        for index, row in enumerate(rows, 1):
            row[number] = str(index)
    return rows


def _write_csv(path: Path, caption: str, header: list[list[str]], rows: list[list[str]]) -> None:
    encoding = "gb18030" if path.stem.endswith("-gb") else "utf-8-sig"
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([caption])
        writer.writerows(header)
        writer.writerows(rows)


def _write_xlsx(
    path: Path, caption: str, header: list[list[str]], rows: list[list[str]], first: int | None
) -> None:
    import xlsxwriter

    width = len(header[0])
    book = xlsxwriter.Workbook(str(path))
    try:
        sheet = book.add_worksheet("Sheet1")
        title = book.add_format({"bold": True, "font_size": 16, "align": "center"})
        head = book.add_format({"bold": True, "border": 1, "align": "center", "text_wrap": True})
        cell = book.add_format({"border": 1, "text_wrap": True, "valign": "vcenter"})
        sheet.merge_range(0, 0, 0, width - 1, caption, title)
        merged: set[tuple[int, int]] = set()
        if len(header) == 2:  # merge as the published tables do
            top, bottom = header
            for c in range(width):
                if not top[c]:
                    continue
                if not bottom[c]:
                    sheet.merge_range(1, c, 2, c, top[c], head)
                    merged.update({(1, c), (2, c)})
                    continue
                end = c
                while end + 1 < width and not top[end + 1] and bottom[end + 1]:
                    end += 1
                if end > c:
                    sheet.merge_range(1, c, 1, end, top[c], head)
                    merged.update((1, k) for k in range(c, end + 1))
        for r, values in enumerate(header, 1):
            for c, value in enumerate(values):
                if (r, c) not in merged:
                    sheet.write_string(r, c, value, head)
        start = 1 + len(header)
        for r, values in enumerate(rows, start):
            for c, value in enumerate(values):
                if c != first:
                    sheet.write_string(r, c, value, cell)
        if first is not None:  # 一级事项 runs merged down
            r = 0
            while r < len(rows):
                end = r
                while end + 1 < len(rows) and rows[end + 1][first] == rows[r][first]:
                    end += 1
                if end > r:
                    sheet.merge_range(start + r, first, start + end, first, rows[r][first], cell)
                else:
                    sheet.write_string(start + r, first, rows[r][first], cell)
                r = end + 1
        sheet.set_column(0, width - 1, 18)
    finally:
        book.close()


def write_tables(directory: Path, count: int, seed: int = 19) -> list[Path]:
    """Write ``count`` synthetic real-layout tables below ``directory`` (module docstring)."""
    rng = random.Random(seed)
    extracts = real_extracts()
    by_domain: dict[str, list[Extract]] = {}
    for extract in extracts:
        by_domain.setdefault(extract.domain, []).append(extract)
    directory.mkdir(parents=True, exist_ok=True)
    counties = count - count // 5
    layouts = [extracts[i % len(extracts)] for i in range(counties)]
    # at least COUNTIES counties, and enough for one table per county and domain
    places = max([COUNTIES, *Counter(x.domain for x in layouts).values()])
    plan: list[tuple[str, Extract]] = []  # (place, layout)
    used: set[tuple[int, str]] = set()
    county_tables: list[tuple[str, str]] = []  # (county, domain)
    n = 0
    for layout in layouts:
        while (n % places, layout.domain) in used:
            n += 1
        used.add((n % places, layout.domain))
        county = f"示例市第{n % places + 1:02d}县"
        n += 1
        plan.append((county, layout))
        county_tables.append((county, layout.domain))
    towns: dict[str, int] = {}
    for k in range(count - counties):
        county, domain = county_tables[(k * 4 + 1) % len(county_tables)]
        towns[county] = towns.get(county, 0) + 1
        plan.append((f"{county}第{towns[county]:02d}镇", rng.choice(by_domain[domain])))
    paths: list[Path] = []
    for i, (place, layout) in enumerate(plan):
        rows = _rows(rng, layout, by_domain[layout.domain], rng.randint(10, 30))
        caption = f"{place}{layout.domain}领域基层政务公开标准目录（{SYNTHETIC}）"
        stem = f"合成基准-{i + 1:03d}-{place}-{layout.path.stem.split('__')[0]}"
        if i % 2 == 0:
            path = directory / f"{stem}.xlsx"
            _write_xlsx(path, caption, layout.header, rows, layout.column("一级事项"))
        else:
            path = directory / f"{stem}{'-gb' if i % 6 == 5 else ''}.csv"
            _write_csv(path, caption, layout.header, rows)
        paths.append(path)
    return paths


def write_tree(directory: Path, quick: bool) -> None:
    """The province tree of ``bench_inheritance.py`` (in ``--quick``: one county branch)."""
    sys.path.insert(0, str(HERE))
    from bench_inheritance import build_tree, padded_national

    build_tree(directory, padded_national("urban-law-enforcement", 50))
    if quick:  # keep national, province, city m0, county m0/c0 and its 15 townships
        for city in (directory / "p").iterdir():
            if city.is_dir() and city.name != "m0":
                shutil.rmtree(city)
        for county in (directory / "p" / "m0").iterdir():
            if county.is_dir() and county.name != "c0":
                shutil.rmtree(county)


# -- one configuration, in a fresh process --------------------------------------------------


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _files(folder: Path) -> list[Path]:
    from gkstd.batch import discover

    return [found.path for found in discover([folder]).files]


def _run_batch(folder: Path, out: Path, jobs: int) -> dict[str, Any]:
    from gkstd.batch import check
    from gkstd.batch.html import render_html
    from gkstd.batch.xlsx import write_xlsx
    from gkstd.cli.common import json_text

    stages: dict[str, float] = {}
    sizes: dict[str, int] = {}
    t = time.perf_counter()
    report = check([folder], jobs=jobs)
    stages["check"] = time.perf_counter() - t
    t = time.perf_counter()
    html = render_html(report, base=str(out)).encode("utf-8")
    (out / "report.html").write_bytes(html)
    stages["html"] = time.perf_counter() - t
    t = time.perf_counter()
    write_xlsx(report, str(out / "report.xlsx"))
    stages["xlsx"] = time.perf_counter() - t
    t = time.perf_counter()
    text = json_text(report.to_dict()).encode("utf-8")
    (out / "report.json").write_bytes(text)
    stages["json"] = time.perf_counter() - t
    for kind in ("html", "xlsx", "json"):
        sizes[kind] = (out / f"report.{kind}").stat().st_size
    return {
        "stages": stages,
        "sizes": sizes,
        "files": len(report.files),
        "findings": sum(len(r.report.findings) for r in report.files),
        "parents_not_found": sum(
            1 for r in report.files for f in r.report.findings if f.code == "GK210"
        ),
        "unusable": sum(1 for r in report.files if r.catalog is None),
        "batch_parents": sum(1 for r in report.files if r.parent_file is not None),
        "governments": len(report.by_jurisdiction),
        "domains": len(report.by_domain),
    }


def _run_loop_validate(folder: Path) -> dict[str, Any]:
    import gkstd

    files = _files(folder)
    findings = sum(len(gkstd.validate(path).findings) for path in files)
    return {"files": len(files), "findings": findings}


def _run_workspace(folder: Path) -> dict[str, Any]:
    from gkstd.inherit.workspace import Workspace

    files = _files(folder)
    report = Workspace().validate_all(files)
    return {"files": len(files), "findings": len(report.findings)}


def _run_loop_import(folder: Path) -> dict[str, Any]:
    from gkstd.tables import import_table

    files = _files(folder)
    results = [import_table(path) for path in files]
    return {
        "files": len(files),
        "findings": sum(len(r.report().findings) for r in results),
        "unusable": sum(1 for r in results if r.catalog is None),
    }


def _run_cli(folder: Path, out: Path, jobs: int) -> dict[str, Any]:
    command = [sys.executable, "-m", "gkstd", "check", str(folder), "-q", "--force"]
    command += ["-j", str(jobs)]
    for kind in ("html", "xlsx", "json"):
        command += ["--report", str(out / f"cli.{kind}")]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode not in (0, 1, 2):  # 1: errors found, 2: a file unusable
        raise RuntimeError(f"gkstd check exited {done.returncode}: {done.stderr[-2000:]}")
    return {"sizes": {k: (out / f"cli.{k}").stat().st_size for k in ("html", "xlsx", "json")}}


def child(config: str, folder: Path, out: Path) -> dict[str, Any]:
    """Run ``config`` once in this (fresh) process and measure it."""
    import gkstd  # noqa: F401  imported before the clock starts, nothing warmed up

    runs: dict[str, Callable[[], dict[str, Any]]] = {
        "loop-validate": lambda: _run_loop_validate(folder),
        "workspace": lambda: _run_workspace(folder),
        "loop-import": lambda: _run_loop_import(folder),
        "batch-j1": lambda: _run_batch(folder, out, 1),
        "batch-j2": lambda: _run_batch(folder, out, 2),
        "cli-j2": lambda: _run_cli(folder, out, 2),
    }
    cpu, wall = _cpu(), time.perf_counter()
    result = runs[config]()
    result["wall"] = time.perf_counter() - wall
    result["cpu"] = _cpu() - cpu
    result["rss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result["rss_workers"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    if config.startswith("cli"):  # the gkstd process (or its largest worker), not this one
        result["rss"], result["rss_workers"] = result["rss_workers"], 0.0
    return result


def measure(config: str, folder: Path, out: Path, repeat: int) -> list[dict[str, Any]]:
    runs = []
    for _ in range(repeat):
        done = subprocess.run(
            [sys.executable, __file__, "--child", config, str(folder), str(out)],
            # run from the data's folder, as `cd folder && gkstd check .`: a parent named by
            # a relative path is read only below the working directory or the document's
            cwd=folder.parent,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"{config} failed:\n{done.stderr[-3000:]}")
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return runs


# -- the table ------------------------------------------------------------------------------


def _mm(values: Sequence[float]) -> str:
    return f"{min(values):6.2f} / {statistics.median(values):6.2f}"


def summarise(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Min and median of the runs' figures (sizes and counts from the last run)."""
    out: dict[str, Any] = dict(runs[-1])
    for key in ("wall", "cpu", "rss", "rss_workers"):
        out[key] = [r[key] for r in runs]
    if "stages" in runs[-1]:
        out["stages"] = {k: [r["stages"][k] for r in runs] for k in runs[-1]["stages"]}
    return out


LABELS = {
    "loop-validate": "loop gkstd.validate(path)",
    "workspace": "one Workspace.validate_all",
    "loop-import": "loop import_table(path)",
    "batch-j1": "batch check jobs=1 + reports",
    "batch-j2": "batch check jobs=2 + reports",
    "cli-j2": "CLI gkstd check -j 2, 3 reports",
}


def print_table(title: str, results: dict[str, dict[str, Any]], repeat: int) -> None:
    print(f"\n{title} (min / median of {repeat} run(s), each in a fresh process)")
    print(
        f"  {'configuration':<36}{'wall s':>17}{'CPU s':>17}{'peak RSS MB':>14}"
        f"{'worker RSS MB':>15}{'findings':>10}"
    )
    for config, r in results.items():
        findings = f"{r['findings']:,}" if "findings" in r else ""
        workers = max(r["rss_workers"])
        print(
            f"  {LABELS[config]:<36}{_mm(r['wall']):>17}{_mm(r['cpu']):>17}"
            f"{max(r['rss']):>14.0f}{workers if workers else 0:>15.0f}{findings:>10}"
        )
    for config, r in results.items():
        if "stages" in r:
            parts = ", ".join(f"{k} {_mm(v).strip()} s" for k, v in r["stages"].items())
            print(f"    {LABELS[config]}: {parts}")
    for config, r in results.items():
        if "sizes" in r:
            s = r["sizes"]
            print(
                f"    {LABELS[config]} report sizes: HTML {s['html'] / 1e6:.2f} MB, "
                f"XLSX {s['xlsx'] / 1e6:.2f} MB, JSON {s['json'] / 1e6:.2f} MB"
            )
    batch = results.get("batch-j1")
    if batch is not None:
        print(
            f"    batch: {batch['files']:,} files, {batch['unusable']} unusable, "
            f"{batch['batch_parents']} checked against a parent in the batch, "
            f"{batch['governments']:,} governments and {batch['domains']} domains ranked"
        )
        if batch["parents_not_found"]:
            print(f"    WARNING: {batch['parents_not_found']} GK210 (parent not found) findings")


def verdicts(tables: dict[str, Any], tree: dict[str, Any], tables_n: int) -> list[str]:
    lines = []

    def say(target: str, value: str, ok: bool) -> None:
        lines.append(f"  {target:<58}{value:<34}{'met' if ok else 'NOT met'}")

    for jobs in ("batch-j1", "batch-j2"):
        check = min(tables[jobs]["stages"]["check"])
        say(f"{tables_n} tables checked < 15 s ({jobs[-2:]})", f"{check:.2f} s (min)", check < 15)
    for jobs in ("batch-j1", "batch-j2"):
        r = tree[jobs]
        total = min(sum(stage) for stage in zip(*r["stages"].values(), strict=True))
        check = min(r["stages"]["check"])
        say(
            f"tree checked + reported < 3 s ({jobs[-2:]})",
            f"{total:.2f} s (check alone {check:.2f} s)",
            total < 3,
        )
    cli = min(tree["cli-j2"]["wall"])
    say("tree, the CLI command with 3 reports < 3 s (j2)", f"{cli:.2f} s", cli < 3)
    html = tree["batch-j1"]["sizes"]["html"] / 1e6
    say("tree HTML report < 20 MB", f"{html:.1f} MB", html < 20)
    worst = 0.0
    for results in (tables, tree):
        for r in results.values():
            worst = max(worst, max(r["rss"]) + max(r["rss_workers"]))
    say("peak RSS < 500 MB (process + largest worker)", f"{worst:.0f} MB", worst < 500)
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs per configuration (3)")
    parser.add_argument("--tables", type=int, default=300, help="tables in the folder (300)")
    parser.add_argument("--quick", action="store_true", help="smoke run: 12 tables, small tree")
    parser.add_argument(
        "--child", nargs=3, metavar=("CONFIG", "FOLDER", "OUT"), help=argparse.SUPPRESS
    )
    args = parser.parse_args(argv)
    if args.child:
        config, folder, out = args.child
        print(json.dumps(child(config, Path(folder), Path(out))))
        return 0
    import gkstd

    repeat = 1 if args.quick else args.repeat
    count = 12 if args.quick else args.tables
    print(f"gkstd {gkstd.__version__}, Python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory(prefix="gkstd-bench-batch-") as tmp:
        base = Path(tmp)
        t = time.perf_counter()
        tables = write_tables(base / "tables", count)
        write_tree(base / "tree", args.quick)
        xlsx = sum(1 for p in tables if p.suffix == ".xlsx")
        docs = len(_files(base / "tree"))
        print(
            f"generated in {time.perf_counter() - t:.1f} s: {len(tables)} tables "
            f"({xlsx} .xlsx, {len(tables) - xlsx} .csv), {docs:,} tree documents "
            f"({SYNTHETIC})"
        )
        results: dict[str, dict[str, dict[str, Any]]] = {}
        plans = {
            "tables": ("loop-import", "batch-j1", "batch-j2", "cli-j2"),
            "tree": ("loop-validate", "workspace", "batch-j1", "batch-j2", "cli-j2"),
        }
        for name, configs in plans.items():
            out = base / f"out-{name}"
            out.mkdir()
            results[name] = {c: summarise(measure(c, base / name, out, repeat)) for c in configs}
        print_table(
            f"[tables] {len(tables)} synthetic real-layout tables", results["tables"], repeat
        )
        print_table(f"[tree] {docs:,} gkstd documents", results["tree"], repeat)
        print(
            "\nagainst the targets"
            + (" (quick run: sizes are not the targets')" if args.quick else "")
        )
        for line in verdicts(results["tables"], results["tree"], len(tables)):
            print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
