"""Benchmark: the national corpus on Dask (``gkstd.distributed``), scaled down.

The corpus is synthetic benchmark data (合成基准数据) written to a temporary folder: a
national-shaped tree, one folder per jurisdiction holding one catalog per domain, as a
province's supervisors would hand it over::

    national/<domain>.json                       the pack's national catalog (padded)
    p0/<domain>.json                             某省: extends ../national/<domain>.json
    p0/m0/<domain>.json                          its cities
    p0/m0/c0/<domain>.json                       their counties
    p0/m0/c0/t0/<domain>.json                    their townships

Each tailoring is made by ``bench_inheritance.py``'s ``_tailoring`` (two refined national
items and one local item).  Configurations, each timed from the first call:

* ``gkstd.batch.check(folder, jobs=1)``: one process, the baseline;
* ``gkstd.distributed.check(folder, client=…)`` on a ``LocalCluster`` of 1 and 2
  single-threaded worker processes (cluster start-up timed apart), results compared with
  the baseline's (``to_dict()``), again with ``catalogs=False`` (each catalog's head
  only, as ``gkstd check --scheduler`` asks), then streamed to JSON Lines.

Reported: wall time, CPU time of the workers (``getrusage`` in each), catalogs per second per
worker, peak RSS per worker, and the time for ~1M catalogs extrapolated from the per-worker
throughput.  ``--quick`` runs a tiny corpus (for a smoke test).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_inheritance import _tailoring, padded_national

import gkstd
from gkstd.io.converter import unstructure_catalog
from gkstd.model import Level

#: the whole country (issue 20): counties + townships × 26 domains, about 1M catalogs
NATIONAL = 1_000_000


def build_corpus(
    directory: Path,
    *,
    provinces: int = 3,
    domains: int = 4,
    cities: int = 2,
    counties: int = 3,
    townships: int = 5,
    items: int = 30,
    seed: int = 1,
) -> list[Path]:
    """Write the national catalogs and the province trees below ``directory`` (see the
    module docstring); returns the files written."""
    rng = random.Random(seed)
    codes = sorted(gkstd.registry().packs)[:domains]
    paths: list[Path] = []

    def write(path: Path, data: dict[str, object]) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
        paths.append(path)

    for code in codes:
        root = padded_national(code, items)
        write(directory / "national" / f"{code}.json", unstructure_catalog(root))
        for p in range(provinces):
            here = directory / f"p{p}"
            name = f"第{p}省"
            write(
                here / f"{code}.json",
                _tailoring(rng, root, name, Level.PROVINCIAL, f"../national/{code}.json", f"p{p}"),
            )
            for m in range(cities):
                city, cname = here / f"m{m}", f"{name}第{m}市"
                cid = f"p{p}m{m}"
                write(
                    city / f"{code}.json",
                    _tailoring(rng, root, cname, Level.MUNICIPAL, f"../{code}.json", cid),
                )
                for c in range(counties):
                    county, kname, kid = city / f"c{c}", f"{cname}第{c}县", f"{cid}c{c}"
                    write(
                        county / f"{code}.json",
                        _tailoring(rng, root, kname, Level.COUNTY, f"../{code}.json", kid),
                    )
                    for t in range(townships):
                        write(
                            county / f"t{t}" / f"{code}.json",
                            _tailoring(
                                rng,
                                root,
                                f"{kname}第{t}镇",
                                Level.TOWNSHIP,
                                f"../{code}.json",
                                f"{kid}t{t}",
                            ),
                        )
    return paths


def _corpus(folder: Path, args: argparse.Namespace, provinces: int | None = None) -> list[Path]:
    """:func:`build_corpus` with the command line's shape (``provinces`` overriding it)."""
    return build_corpus(
        folder,
        provinces=args.provinces if provinces is None else provinces,
        domains=args.domains,
        cities=args.cities,
        counties=args.counties,
        townships=args.townships,
    )


def _peak_rss_mb() -> float:
    """This process's peak RSS (MB): ``VmHWM`` on Linux, the peak of its own memory
    image.  ``ru_maxrss`` survives ``exec``, so a worker spawned by a large client
    reports the client's size as its peak (the 2-worker figures before 2026-12-07 were
    that); it is the fallback elsewhere."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _usage() -> dict[str, float]:
    """This process's CPU seconds and peak RSS (MB): run in each Dask worker."""
    use = resource.getrusage(resource.RUSAGE_SELF)
    return {"cpu": use.ru_utime + use.ru_stime, "rss": _peak_rss_mb()}


def _cpu() -> float:
    use = resource.getrusage(resource.RUSAGE_SELF)
    return use.ru_utime + use.ru_stime


def _children_cpu() -> float:
    """CPU seconds of this process's children that have ended (a process pool's)."""
    use = resource.getrusage(resource.RUSAGE_CHILDREN)
    return use.ru_utime + use.ru_stime


def run(args: argparse.Namespace) -> dict[str, Any]:
    from dask.distributed import Client, LocalCluster

    import gkstd.batch
    import gkstd.distributed

    rows: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="gkstd-bench-dist-") as tmp:
        folder = Path(tmp)
        files = _corpus(folder, args)
        os.chdir(folder)
        n = len(files)
        rows["catalogs"] = n
        start, cpu = time.perf_counter(), _cpu()
        single = gkstd.batch.check(["."], jobs=1)
        rows["single"] = {"wall": time.perf_counter() - start, "cpu": _cpu() - cpu}
        expected = single.to_dict()
        rss_single = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        rows["single"]["rss"] = rss_single
        del single
        for workers in args.workers:
            start = time.perf_counter()
            with (
                LocalCluster(
                    n_workers=workers,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=":0",
                ) as cluster,
                Client(cluster) as client,
            ):
                up = time.perf_counter() - start
                before = client.run(_usage)
                start = time.perf_counter()
                report = gkstd.distributed.check(["."], client=client)
                wall = time.perf_counter() - start
                after = client.run(_usage)
                assert report.to_dict() == expected, "the Dask results differ from one process"
                del report
                start = time.perf_counter()  # as gkstd check --scheduler: catalogs' heads only
                report = gkstd.distributed.check(["."], client=client, catalogs=False)
                light = time.perf_counter() - start
                assert report.to_dict() == expected, "the Dask results differ from one process"
                del report
                start = time.perf_counter()
                out = folder / "results.jsonl"
                gkstd.distributed.check(["."], client=client, out=out)
                streamed = time.perf_counter() - start
                lines = sum(1 for _ in out.open(encoding="utf-8"))
                assert lines == n, (lines, n)
                out.unlink()
            cpu = sum(after[w]["cpu"] - before[w]["cpu"] for w in after)
            rss = max(after[w]["rss"] for w in after)
            rows[f"dask×{workers}"] = {
                "startup": up,
                "wall": wall,
                "heads": light,
                "streamed": streamed,
                "cpu": cpu,
                "rss_worker": rss,
                "per_worker": n / wall / workers,
                "per_cpu_second": n / cpu if cpu else 0.0,
            }
    return rows


def scaling(counts: list[int], args: argparse.Namespace) -> list[dict[str, float]]:
    """Memory against corpus size: for each number of provinces, the corpus streamed to
    JSON Lines on a ``LocalCluster`` of one worker; the worker's peak RSS (before and
    after the run), its CPU time and the client's peak RSS.  A worker that forgets each
    partition keeps a flat peak; one that holds what it checked grows with the corpus."""
    from dask.distributed import Client, LocalCluster

    import gkstd.distributed

    rows = []
    for provinces in counts:
        with tempfile.TemporaryDirectory(prefix="gkstd-bench-dist-") as tmp:
            folder = Path(tmp)
            files = _corpus(folder, args, provinces)
            os.chdir(folder)
            with (
                LocalCluster(
                    n_workers=1, threads_per_worker=1, processes=True, dashboard_address=":0"
                ) as cluster,
                Client(cluster) as client,
            ):
                before = next(iter(client.run(_usage).values()))
                start = time.perf_counter()
                gkstd.distributed.check(["."], client=client, out=folder / "results.jsonl")
                wall = time.perf_counter() - start
                after = next(iter(client.run(_usage).values()))
            os.chdir(tempfile.gettempdir())
        rows.append(
            {
                "provinces": provinces,
                "catalogs": len(files),
                "wall": wall,
                "cpu": after["cpu"] - before["cpu"],
                "rss_before": before["rss"],
                "rss_peak": after["rss"],
                "client_rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            }
        )
    return rows


def fresh(args: argparse.Namespace) -> list[str]:
    """Each way of running in turn, a Dask mode in a fresh cluster of ``--workers[-1]``
    workers (so none inherits another's memory): ``gkstd.distributed.check`` with full
    catalogs, with heads only and streamed, then one process and ``gkstd check -j N``'s
    local process pool.  Lines of wall time (and CPU: the pool's processes included), and
    per Dask worker (RSS at start, peak, CPU)."""
    from dask.distributed import Client, LocalCluster

    import gkstd.batch
    import gkstd.distributed

    workers = args.workers[-1]
    lines = []
    with tempfile.TemporaryDirectory(prefix="gkstd-bench-dist-") as tmp:
        folder = Path(tmp)
        _corpus(folder, args)
        os.chdir(folder)
        modes: dict[str, dict[str, Any]] = {
            "full catalogs": {},
            "heads only": {"catalogs": False},
            "streamed": {"out": folder / "results.jsonl"},
        }
        for mode, options in modes.items():
            with (
                LocalCluster(
                    n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0"
                ) as cluster,
                Client(cluster) as client,
            ):
                before = client.run(_usage)
                start = time.perf_counter()
                gkstd.distributed.check(["."], client=client, **options)
                wall = time.perf_counter() - start
                after = client.run(_usage)
            each = ", ".join(
                f"{before[w]['rss']:.0f} → {after[w]['rss']:.0f} MB, CPU {after[w]['cpu'] - before[w]['cpu']:.2f} s"
                for w in after
            )
            lines.append(f"Dask, {workers} workers, {mode}: wall {wall:.2f} s; per worker {each}")
        # after the clusters: a process pool started first would leave its start method and
        # this process's size to the workers, and their peak RSS would not be their own
        for jobs in (1, workers):
            start, cpu = time.perf_counter(), _cpu() + _children_cpu()
            gkstd.batch.check(["."], jobs=jobs)  # its pool's processes end with it
            wall, cpu = time.perf_counter() - start, _cpu() + _children_cpu() - cpu
            lines.append(f"gkstd.batch.check jobs={jobs}: wall {wall:.2f} s, CPU {cpu:.2f} s")
        os.chdir(tempfile.gettempdir())
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--provinces", type=int, default=3)
    parser.add_argument("--domains", type=int, default=4)
    parser.add_argument("--cities", type=int, default=2)
    parser.add_argument("--counties", type=int, default=3)
    parser.add_argument("--townships", type=int, default=5)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--quick", action="store_true", help="a tiny corpus (smoke test)")
    parser.add_argument(
        "--scaling",
        type=int,
        nargs="+",
        metavar="PROVINCES",
        help="instead: memory against corpus size, streamed on one worker (e.g. 3 9 18)",
    )
    parser.add_argument(
        "--fresh",
        action="store_true",
        help="instead: each mode in a fresh cluster, beside one process and a process pool",
    )
    args = parser.parse_args(argv)
    if args.fresh:
        for line in fresh(args):
            print(line)
        return 0
    if args.scaling:
        print(
            "| provinces | catalogs | streamed wall s | worker CPU s | worker RSS at start MB "
            "| worker peak RSS MB | client peak RSS MB |"
        )
        print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for r in scaling(args.scaling, args):
            print(
                f"| {r['provinces']} | {r['catalogs']:,} | {r['wall']:.2f} | {r['cpu']:.2f} | "
                f"{r['rss_before']:.0f} | {r['rss_peak']:.0f} | {r['client_rss']:.0f} |"
            )
        return 0
    if args.quick:
        args.provinces, args.domains, args.cities, args.counties, args.townships = 2, 2, 1, 2, 2
        args.workers = [2]
    rows = run(args)
    n = rows["catalogs"]
    print(f"corpus: {n} catalogs ({args.provinces} provinces × {args.domains} domains)")
    s = rows["single"]
    print(
        f"one process (gkstd.batch.check): wall {s['wall']:.2f} s, CPU {s['cpu']:.2f} s, "
        f"{n / s['wall']:.0f} catalogs/s, peak RSS {s['rss']:.0f} MB"
    )
    print(
        "| workers | start-up s | wall s | heads only s | streamed s | worker CPU s "
        "| catalogs/s/worker | catalogs per CPU s | peak RSS/worker MB "
        "| 1M catalogs on one worker, h |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for key, r in rows.items():
        if not key.startswith("dask"):
            continue
        hours = NATIONAL / r["per_worker"] / 3600
        print(
            f"| {key[5:]} | {r['startup']:.1f} | {r['wall']:.2f} | {r['heads']:.2f} | "
            f"{r['streamed']:.2f} | "
            f"{r['cpu']:.2f} | {r['per_worker']:.0f} | {r['per_cpu_second']:.0f} | "
            f"{r['rss_worker']:.0f} | {hours:.1f} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
