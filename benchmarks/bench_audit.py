"""Audit benchmark: one million synthetic publication records against a county catalog.

The county catalog is the resolved national catalog of a real pack (default
``municipal-services``) restated for a county.  The records are synthetic benchmark data
(random items, formation dates over 2025–2026, publication 0–40 days later, 5 % on an
unlisted channel, 3 % unpublished), written to a CSV file first so that reading is timed too.

Printed side by side: gkstd's audit (``gkstd.audit.audit``: read, match, bulk deadlines,
verdicts, summaries) and a naive loop that counts working days one day at a time with
``chinese_calendar.is_workday`` for every record.  The naive loop is timed on a sample and
scaled to the full size, as it would take many minutes.

    python benchmarks/bench_audit.py [--records 1000000] [--domain municipal-services]
"""

from __future__ import annotations

import argparse
import datetime
import random
import resource
import tempfile
import time
from pathlib import Path

import attrs

import gkstd
from gkstd.audit import audit, read_records
from gkstd.model import Jurisdiction, Level


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


def naive(path: Path, catalog: gkstd.Catalog, sample: int) -> tuple[float, int]:
    """Day-by-day loop over the first ``sample`` records; returns (seconds, late count)."""
    import chinese_calendar

    limits = {
        i.id: (i.time_limit.days if i.time_limit and i.time_limit.days else 20)
        for i in catalog.walk()
    }
    table = read_records(path)
    items, formed, published = (
        table.column("item"),
        table.column("formed"),
        table.column("published"),
    )
    late = 0
    start = time.perf_counter()
    for k in range(sample):
        day = datetime.date.fromisoformat(formed[k])
        left = limits[items[k]]
        while left:
            day += datetime.timedelta(1)
            if chinese_calendar.is_workday(day):
                left -= 1
        if published[k] and datetime.date.fromisoformat(published[k]) > day:
            late += 1
    return time.perf_counter() - start, late


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--domain", default="municipal-services")
    parser.add_argument("--naive-sample", type=int, default=20_000)
    args = parser.parse_args()
    catalog = county_catalog(args.domain)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "records.csv"
        write_records(path, catalog, args.records)
        size = path.stat().st_size / 1e6
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        start = time.perf_counter()
        result = audit(str(path), [catalog], as_of=datetime.date(2026, 11, 23))
        elapsed = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        counts = dict(result.findings.codes())  # counted without building the findings
        sample = min(args.naive_sample, args.records)
        naive_seconds, _ = naive(path, catalog, sample)
    scaled = naive_seconds * args.records / sample
    print(f"catalog: {catalog.id}, {sum(1 for i in catalog.walk() if i.is_leaf)} leaf items")
    print(f"records: {args.records:,} ({size:.0f} MB CSV)")
    print(f"gkstd audit:            {elapsed:8.2f} s   ({args.records / elapsed:,.0f} records/s)")
    print(
        f"naive day-by-day loop:  {scaled:8.2f} s   (timed {naive_seconds:.2f} s on {sample:,} records, scaled)"
    )
    print(f"ratio gkstd / naive:    {elapsed / scaled:8.3f}×")
    print(f"process peak memory:    {peak:8.0f} MB (before audit {before:.0f} MB)")
    print(f"findings: {dict(sorted(counts.items()))}")
    print(f"target < 10 s on 2 cores: {'met' if elapsed < 10 else 'NOT met'}")


if __name__ == "__main__":
    main()
