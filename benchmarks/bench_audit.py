"""Audit benchmark: one million synthetic publication records against a county catalog.

The county catalog is the resolved national catalog of a real pack (default
``municipal-services``) restated for a county.  The records are synthetic benchmark data
(random items, formation dates over 2025–2026, publication 0–40 days later, 5 % on an
unlisted channel, 3 % unpublished), written to a CSV file first so that reading is timed too.

Compared in the same run, each configuration in a fresh process (so that its peak RSS is
its own), ``--repeats`` times, alternating:

* ``gkstd``: ``gkstd.audit.audit(path, [catalog])`` (read, match, deadlines, verdicts,
  summaries; findings counted per code, not rendered);
* ``fair``: the plain loop a competent engineer writes in about 50 lines (:func:`fair_loop`):
  the csv module, a dict item → time limit and channels, a precomputed sorted list of
  working-day ordinals and ``bisect``.  Before timing, both run once in this process and the
  sets of (row, code) they find are asserted equal.

gkstd reads CSV with pyarrow: its import (once per process, like the csv module's for the
loop) is done before the timer and timed on its own (``import pyarrow`` row).  ``--dask``
also audits the same records written as 4 Parquet partitions with
``gkstd.distributed.audit`` on a 2-worker ``LocalCluster`` (wall time of the audit; CPU of
the client and the workers), after asserting the same findings.

CPU time (``time.process_time``) is the figure that counts on a shared machine; wall time
and the load average (``os.getloadavg``) are printed beside it.  ``--records 10000000``
also runs the 10M streaming check (``gkstd.audit.iter_records``, peak RSS).

    python benchmarks/bench_audit.py [--records 1000000] [--repeats 3] [--domain municipal-services]
                                     [--dask]
"""

from __future__ import annotations

import argparse
import bisect
import csv
import datetime
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import attrs

import gkstd
from gkstd.audit import audit
from gkstd.model import Jurisdiction, Level
from gkstd.timing.calendar import default_calendar

AS_OF = datetime.date(2026, 11, 23)


def county_catalog(domain: str) -> gkstd.Catalog:
    pack = gkstd.registry().pack(domain)
    assert pack is not None, f"no pack {domain}"
    national = pack.load_catalog().catalog
    assert national is not None
    return attrs.evolve(
        national,
        id=f"{domain}/bench-county",
        jurisdiction=Jurisdiction("基准测试县", Level.COUNTY),
    )


def write_records(path: Path, catalog: gkstd.Catalog, n: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    leaves = [i for i in catalog.walk() if i.is_leaf]
    first = datetime.date(2025, 1, 1).toordinal()
    span = datetime.date(2026, 10, 31).toordinal() - first
    with path.open("w", encoding="utf-8") as out:
        out.write("item,formed,published,channel,url\n")
        for k in range(n):
            item = rng.choice(leaves)
            formed = first + rng.randrange(span)
            roll = rng.random()
            published = (
                ""
                if roll < 0.03
                else datetime.date.fromordinal(formed + rng.randrange(41)).isoformat()
            )
            channel = "政务新媒体" if roll > 0.95 else "政府网站"
            out.write(
                f"{item.id},{datetime.date.fromordinal(formed).isoformat()},{published},"
                f"{channel},https://example.invalid/{k}\n"
            )


# ----------------------------------------------------------------------------- fair loop


def fair_loop(path: Path, catalog: gkstd.Catalog, as_of: datetime.date) -> list[tuple[int, str]]:
    """The plain loop: (row, code) of every late (GK501), overdue (GK502) and unlisted-channel
    (GK503) record, plus unknown items (GK504) and unreadable dates (GK506)."""
    calendar = default_calendar()  # chinesecalendar's years, then the statutory rule (2027+)
    limits: dict[str, tuple[int | None, frozenset[str]]] = {}
    for item in catalog.walk():
        if item.is_leaf:
            days = item.time_limit.days if item.time_limit else 20  # 及时: 20 working days
            limits[item.id] = (days, frozenset(c.label for c in item.channels))
    day = datetime.date(2024, 1, 1)
    work: list[int] = []
    while day.year < 2029:  # the working-day index, built once
        if calendar.is_workday(day):
            work.append(day.toordinal())
        day += datetime.timedelta(1)
    today = as_of.toordinal()
    ordinal = {}  # date text → ordinal, parsed once per distinct date
    found: list[tuple[int, str]] = []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        for row, (item, formed, published, channel, _url) in enumerate(reader, start=2):
            limit = limits.get(item)
            if limit is None:
                found.append((row, "GK504"))
                continue
            try:
                f = ordinal.get(formed) or ordinal.setdefault(
                    formed, datetime.date.fromisoformat(formed).toordinal()
                )
                p = published and (
                    ordinal.get(published)
                    or ordinal.setdefault(
                        published, datetime.date.fromisoformat(published).toordinal()
                    )
                )
            except ValueError:
                found.append((row, "GK506"))
                continue
            days, channels = limit
            if channel and channels and channel not in channels:
                found.append((row, "GK503"))
            if days is None:
                continue
            due = work[bisect.bisect_right(work, f) + days - 1] if days else f
            if p and p > due:
                found.append((row, "GK501"))
            elif not p and today > due:
                found.append((row, "GK502"))
    return found


# ----------------------------------------------------------------------------- runs


def _one(kind: str, path: Path, domain: str) -> dict[str, float | int]:
    """One timed run in this (fresh) process."""
    catalog = county_catalog(domain)
    imported = time.process_time()
    if kind == "gkstd":
        import pyarrow.compute
        import pyarrow.csv  # noqa: F401
    imported = time.process_time() - imported
    cpu, wall = time.process_time(), time.perf_counter()
    if kind == "gkstd":
        findings = len(audit(str(path), [catalog], as_of=AS_OF).findings)
    else:
        findings = len(fair_loop(path, catalog, AS_OF))
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    peak = _peak_mb()
    return {"cpu": cpu, "wall": wall, "rss": peak, "findings": findings, "import": imported}


def _dask_runs(path: Path, catalog: gkstd.Catalog, repeats: int) -> list[dict[str, float | int]]:
    """The same records as 4 Parquet partitions, audited by ``gkstd.distributed.audit`` on
    a 2-worker LocalCluster (started once): wall time of each audit, CPU of the client and
    of the workers (``process_time`` on each worker, before and after)."""
    import pyarrow.csv
    import pyarrow.parquet
    from dask.distributed import Client, LocalCluster

    from gkstd.distributed import audit as dask_audit

    folder = path.with_suffix(".parquet")
    folder.mkdir()
    table = pyarrow.csv.read_csv(
        path, convert_options=pyarrow.csv.ConvertOptions(column_types={"*": pyarrow.string()})
    )
    table = table.select(["item", "formed", "published", "channel"])  # the audit reads no url
    size = -(-table.num_rows // 4)
    for n in range(4):
        pyarrow.parquet.write_table(table.slice(n * size, size), folder / f"part-{n}.parquet")
    del table
    expected = audit(str(path), [catalog], as_of=AS_OF).findings.codes()
    runs = []
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        Client(cluster) as client,
    ):
        for _ in range(repeats):
            before = sum(client.run(time.process_time).values())
            cpu, wall = time.process_time(), time.perf_counter()
            result = dask_audit(folder, [catalog], as_of=AS_OF, client=client, file=str(path))
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
            workers = sum(client.run(time.process_time).values()) - before
            assert result.findings.codes() == expected
            rss = max(client.run(_peak_mb).values())
            runs.append(
                {"cpu": cpu + workers, "wall": wall, "rss": rss, "findings": len(result.findings)}
            )
    return runs


def _peak_mb() -> float:
    """This process's peak RSS (VmHWM: unlike ru_maxrss, not inherited across exec)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _spawn(kind: str, path: Path, domain: str) -> dict[str, float | int]:
    out = subprocess.run(
        [sys.executable, __file__, "--one", kind, "--path", str(path), "--domain", domain],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, float | int] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def _same_findings(path: Path, catalog: gkstd.Catalog) -> int:
    mine = {
        (f.location.line or 0, f.code) for f in audit(str(path), [catalog], as_of=AS_OF).findings
    }
    plain = set(fair_loop(path, catalog, AS_OF))
    assert mine == plain, (len(mine), len(plain), sorted(mine ^ plain)[:10])
    return len(mine)


def _line(name: str, runs: list[dict[str, float | int]]) -> str:
    cpu = [float(r["cpu"]) for r in runs]
    wall = [float(r["wall"]) for r in runs]
    rss = max(float(r["rss"]) for r in runs)
    return (
        f"{name:<8} CPU min {min(cpu):6.2f} s  median {statistics.median(cpu):6.2f} s   "
        f"wall min {min(wall):6.2f} s  median {statistics.median(wall):6.2f} s   "
        f"peak RSS {rss:6.0f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--domain", default="municipal-services")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--dask", action="store_true", help="also the Dask path over Parquet")
    parser.add_argument("--one", choices=("gkstd", "fair"), help=argparse.SUPPRESS)
    parser.add_argument("--path", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(_one(args.one, args.path, args.domain)))
        return
    catalog = county_catalog(args.domain)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "records.csv"
        write_records(path, catalog, args.records)
        size = path.stat().st_size / 1e6
        same = _same_findings(path, catalog) if args.records <= 2_000_000 else None
        load = os.getloadavg()
        runs: dict[str, list[dict[str, float | int]]] = {"gkstd": [], "fair": []}
        for _ in range(args.repeats):
            for kind in runs:
                runs[kind].append(_spawn(kind, path, args.domain))
        load_after = os.getloadavg()
        dask_runs = _dask_runs(path, catalog, args.repeats) if args.dask else []
    print(f"catalog: {catalog.id}, {sum(1 for i in catalog.walk() if i.is_leaf)} leaf items")
    print(
        f"records: {args.records:,} ({size:.0f} MB CSV), {args.repeats} runs each, fresh processes"
    )
    if same is not None:
        print(f"findings: {same:,}, the same (row, code) set from gkstd and the fair loop")
    else:
        counts = {int(r["findings"]) for rs in runs.values() for r in rs}
        print(f"findings (not compared above 2M records): {sorted(counts)}")
    print(f"load average before / after: {load[0]:.2f} / {load_after[0]:.2f} (1 min)")
    for kind, name in (("gkstd", "gkstd"), ("fair", "fair")):
        print(_line(name, runs[kind]))
    imports = [float(r["import"]) for r in runs["gkstd"]]
    print(
        f"import pyarrow (gkstd, once per process, before the timer): CPU min "
        f"{min(imports):.2f} s  median {statistics.median(imports):.2f} s"
    )
    if dask_runs:
        print(_line("dask", dask_runs) + "  (CPU: client + 2 workers; RSS: largest worker)")
    cpu_gkstd = min(float(r["cpu"]) for r in runs["gkstd"])
    cpu_fair = min(float(r["cpu"]) for r in runs["fair"])
    rss = max(float(r["rss"]) for r in runs["gkstd"])
    print(f"speed-up (fair CPU / gkstd CPU, min): {cpu_fair / cpu_gkstd:.2f}×")
    cold = cpu_gkstd + min(imports)
    print(f"with the pyarrow import counted: {cpu_fair / cold:.2f}×")
    print(f"target ≥ 3× the fair loop: {'met' if cpu_fair / cpu_gkstd >= 3 else 'NOT met'}")
    print(f"target < 300 MB peak: {'met' if rss < 300 else 'NOT met'} ({rss:.0f} MB)")


if __name__ == "__main__":
    main()
