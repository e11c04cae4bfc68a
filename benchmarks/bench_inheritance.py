"""Benchmark: resolving and validating a province-scale tree of tailorings.

The tree is built from a real pack's national catalog: 1 provincial, 17 municipal, 160
county and 2,400 township tailorings (``extends``), each refining two items and adding
one.  The national catalog is padded to ``--items`` second-level items by repeating its
own items under new ids (synthetic benchmark data, never written into a pack).

Printed figures, all measured in the same run:

* gkstd: wall time and peak memory to resolve and validate every tailoring;
* python-jsonschema: shape check (``is_valid``) of the same catalogs, fully resolved;
* jsonschema-rs: the same shape check, compiled (if installed: ``pip install jsonschema-rs``);
* json.loads of the resolved documents, for scale.

``--scale 10`` repeats the run with national catalogs ten times larger and the same deltas;
``--all-domains`` builds one tree per installed pack.  Run::

    python benchmarks/bench_inheritance.py [--domain CODE] [--items 50] [--scale 10]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import attrs

import gkstd
from gkstd.inherit.workspace import Workspace
from gkstd.io.converter import unstructure_catalog
from gkstd.io.schema import catalog_schema, catalog_validator
from gkstd.model import (
    Audience,
    Catalog,
    Channel,
    Citation,
    Item,
    Jurisdiction,
    Level,
    Method,
    TimeLimit,
    TimeLimitKind,
)

TREE = {"municipal": 17, "county_per_city": (9, 10), "township_per_county": 15}


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def padded_national(code: str, items: int) -> Catalog:
    """The pack's national catalog, its leaves repeated under new ids up to ``items``."""
    pack = gkstd.registry().packs[code]
    national = pack.load_catalog().catalog
    assert national is not None, code
    groups = [g for g in national.items if g.items] or [Item(id="group", name="事项")]
    leaves = [leaf for g in groups for leaf in g.items]
    if not leaves:
        leaves = [Item(id="group.item", name="事项")]
    extra: dict[str, list[Item]] = {g.id: [] for g in groups}
    count, n = len(leaves), 0
    while count < items:
        group = groups[n % len(groups)]
        source = group.items[(n // len(groups)) % len(group.items)] if group.items else leaves[0]
        extra[group.id].append(
            attrs.evolve(source, id=f"{group.id}.b{n}", name=f"{source.name}（{n}）")
        )
        n += 1
        count += 1
    new_groups = tuple(attrs.evolve(g, items=(*g.items, *extra[g.id])) for g in groups)
    others = tuple(g for g in national.items if not g.items)
    return attrs.evolve(national, id=f"bench/{code}", items=(*new_groups, *others))


def _leaf_ids(catalog: Catalog) -> list[tuple[str, str]]:
    return [(g.id, leaf.id) for g in catalog.items for leaf in g.items]


def _tailoring(
    rng: random.Random,
    root: Catalog,
    name: str,
    level: Level,
    parent_ref: str,
    catalog_id: str,
) -> dict[str, object]:
    leaves = _leaf_ids(root)
    groups: dict[str, list[Item]] = {}
    for group, leaf in rng.sample(leaves, 2):
        groups.setdefault(group, []).append(
            Item(
                id=leaf,
                name=next(i.name for i in root.walk() if i.id == leaf),
                content=(f"{name}补充要点",),
                channels=(Channel.SERVICE_CENTER,),
                subject=f"{name}有关部门",
            )
        )
    group = rng.choice(root.items)
    groups.setdefault(group.id, []).append(
        Item(
            id=f"{group.id}.local-{catalog_id.replace('/', '-')}",
            name=f"{name}本地事项",
            content=("事项名称", "办理结果"),
            basis=(Citation("中华人民共和国政府信息公开条例", "国务院令第711号"),),
            time_limit=TimeLimit(TimeLimitKind.WORKING_DAYS, days=20, text="20个工作日"),
            subject=f"{name}有关部门",
            method=Method.PROACTIVE,
            channels=(Channel.WEBSITE,),
            audience=Audience.PUBLIC,
            levels=(level,) if level is Level.TOWNSHIP else (Level.COUNTY, Level.TOWNSHIP),
        )
    )
    names = {g.id: g.name for g in root.items}
    items = tuple(Item(id=g, name=names[g], items=tuple(c)) for g, c in groups.items())
    catalog = Catalog(
        id=catalog_id,
        domain=root.domain,
        title=f"{name}标准目录",
        jurisdiction=Jurisdiction(name, level),
        extends=parent_ref,
        items=items,
    )
    return unstructure_catalog(catalog)


def build_tree(directory: Path, root: Catalog, seed: int = 1) -> list[Path]:
    """Write the national catalog and the 2,578 tailorings below ``directory``."""
    rng = random.Random(seed)
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "national.json").write_text(
        json.dumps(unstructure_catalog(root), ensure_ascii=False), "utf-8"
    )
    paths: list[Path] = []

    def write(path: Path, data: dict[str, object]) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
        paths.append(path)

    prov = directory / "p" / "province.json"
    write(prov, _tailoring(rng, root, "某省", Level.PROVINCIAL, "../national.json", "p"))
    counties = 0
    for m in range(TREE["municipal"]):
        city = directory / "p" / f"m{m}" / "city.json"
        write(city, _tailoring(rng, root, f"第{m}市", Level.MUNICIPAL, "../province.json", f"m{m}"))
        per_city = TREE["county_per_city"][0] + (1 if m < 160 - 17 * 9 else 0)
        for c in range(per_city):
            counties += 1
            county = city.parent / f"c{c}" / "county.json"
            cid = f"m{m}c{c}"
            write(
                county, _tailoring(rng, root, f"第{m}市第{c}县", Level.COUNTY, "../city.json", cid)
            )
            for t in range(TREE["township_per_county"]):
                write(
                    county.parent / f"t{t}.json",
                    _tailoring(
                        rng, root, f"{cid}第{t}镇", Level.TOWNSHIP, "county.json", f"{cid}t{t}"
                    ),
                )
    assert counties == 160, counties
    return paths


def tree_workspace(paths: list[Path]) -> Workspace:
    """A workspace that may read the tree's parents: the national document sits beside the
    province's folder, outside the folders a document's parent may be read from by
    default (its own, the working directory), so the tree's root folder is allowed."""
    root = paths[0].parent.parent  # ROOT/p/province.json
    return Workspace(gkstd.registry(), allow_paths=[root])


def run_gkstd(paths: list[Path], repeat: int = 3) -> tuple[float, float, Workspace, int, int]:
    """Resolve and validate every tailoring with one workspace (``validate_all``, the path
    ``gkstd validate`` and ``gkstd check`` take), ``repeat`` times in this process:
    (min CPU seconds, peak memory delta in MB, the last workspace, errors, findings).
    The median and the wall times are printed."""
    cpu: list[float] = []
    wall: list[float] = []
    ws = tree_workspace(paths)
    report = None
    memory = 0.0
    for _ in range(repeat):
        gc.collect()
        before = _rss_mb()
        ws = tree_workspace(paths)
        start, start_cpu = time.perf_counter(), time.process_time()
        report = ws.validate_all(paths)
        cpu.append(time.process_time() - start_cpu)
        wall.append(time.perf_counter() - start)
        memory = max(memory, _rss_mb() - before)
    assert report is not None
    assert report.stats.errors == 0, "the tree must resolve (GK210: a parent not readable?)"
    print(
        f"  gkstd runs (CPU / wall, s): min {min(cpu):.3f} / {min(wall):.3f}, "
        f"median {statistics.median(cpu):.3f} / {statistics.median(wall):.3f}; "
        f"load average {os.getloadavg()[0]:.2f}"
    )
    return min(cpu), max(0.0, memory), ws, report.stats.errors, len(report.findings)


def resolved_documents(ws: Workspace, paths: list[Path]) -> Iterator[dict[str, object]]:
    for path in paths:
        resolved = ws.resolve(path)
        assert resolved.catalog is not None, resolved.findings
        yield unstructure_catalog(resolved.catalog)


def _best(repeat: int, run: Callable[[], object], label: str) -> float:
    """Min CPU seconds of ``repeat`` runs; the CPU and wall times, min and median, are
    printed under ``label``."""
    cpu: list[float] = []
    wall: list[float] = []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        run()
        cpu.append(time.process_time() - start_cpu)
        wall.append(time.perf_counter() - start)
    print(
        f"  {label} runs (CPU / wall, s): min {min(cpu):.3f} / {min(wall):.3f}, "
        f"median {statistics.median(cpu):.3f} / {statistics.median(wall):.3f}"
    )
    return min(cpu)


def run_shape_checks(ws: Workspace, paths: list[Path], sample: int | None) -> dict[str, float]:
    """CPU seconds for python-jsonschema, jsonschema-rs and json.loads over the resolved
    documents, each tool timed in its own pass over documents prepared beforehand (so no
    tool runs in the caches another just warmed or cooled); extrapolated from ``sample``
    documents when given."""
    chosen = paths if sample is None or sample >= len(paths) else paths[:: len(paths) // sample]
    factor = len(paths) / len(chosen)
    documents = list(resolved_documents(ws, chosen))
    texts = [json.dumps(d, ensure_ascii=False) for d in documents]
    py_validator = catalog_validator()
    timings = {"bytes": float(sum(len(t.encode("utf-8")) for t in texts))}
    timings["jsonschema"] = _best(
        1, lambda: all(py_validator.is_valid(d) for d in documents), "python-jsonschema"
    )
    try:
        import jsonschema_rs

        rs_validator = jsonschema_rs.Draft202012Validator(catalog_schema())
        assert all(rs_validator.is_valid(d) for d in documents)
        timings["jsonschema_rs"] = _best(
            3, lambda: [rs_validator.is_valid(d) for d in documents], "jsonschema-rs"
        )
    except ImportError:
        timings["jsonschema_rs"] = float("nan")
    timings["json_loads"] = _best(3, lambda: [json.loads(t) for t in texts], "json.loads")
    return {k: v * factor for k, v in timings.items()} | {"sampled": float(len(chosen))}


def one_domain(code: str, items: int, sample: int | None, label: str) -> dict[str, float]:
    root = padded_national(code, items)
    with tempfile.TemporaryDirectory() as tmp:
        paths = build_tree(Path(tmp), root)
        elapsed, memory, ws, errors, findings = run_gkstd(paths)
        shape = run_shape_checks(ws, paths, sample)
    leaves = len(_leaf_ids(root))
    print(f"\n[{label}] domain {code}: {len(paths):,} tailorings, national catalog {leaves} items")
    print(
        f"  gkstd resolve + validate : {elapsed:8.3f} s CPU (min)   peak memory +{memory:,.0f} MB"
    )
    print(f"  findings                 : {findings:,} ({errors} errors)")
    note = (
        f" (extrapolated from {shape['sampled']:.0f} docs)" if shape["sampled"] < len(paths) else ""
    )
    print(f"  resolved JSON            : {shape['bytes'] / 1e6:8.1f} MB{note}")
    print(f"  json.loads               : {shape['json_loads']:8.3f} s")
    print(
        f"  python-jsonschema        : {shape['jsonschema']:8.3f} s   gkstd/that = {elapsed / shape['jsonschema']:.3f}× (target < 0.05×)"
    )
    rs = shape["jsonschema_rs"]
    if rs == rs:  # not NaN
        print(
            f"  jsonschema-rs            : {rs:8.3f} s   gkstd/that = {elapsed / rs:.2f}× (target ≤ 3×)"
        )
    else:
        print("  jsonschema-rs            : not installed (pip install jsonschema-rs)")
    return {"seconds": elapsed, "memory": memory, "jsonschema": shape["jsonschema"], "rs": rs}


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def all_domains(items: int, jobs: int) -> None:
    """One province tree per installed pack (26 × 2,578 tailorings) in one folder, validated
    by one ``Workspace.validate_all`` with ``jobs`` processes (the path of ``gkstd validate
    -j N``), then in one process (the baseline); the two reports must be equal.  Wall time,
    CPU of this process and of the workers, and the load average are printed."""
    with tempfile.TemporaryDirectory() as tmp:
        paths: list[Path] = []
        for code in sorted(gkstd.registry().packs):
            paths += build_tree(Path(tmp) / code, padded_national(code, items))
        print(
            f"\n[all domains] {len(paths):,} tailorings written; load average {os.getloadavg()[0]:.2f}"
        )
        reports = {}
        for run_jobs in (jobs, 1):
            gc.collect()
            ws = Workspace(gkstd.registry(), allow_paths=[tmp])
            start, cpu, children = time.perf_counter(), time.process_time(), _children_cpu()
            reports[run_jobs] = ws.validate_all(paths, jobs=run_jobs)
            wall = time.perf_counter() - start
            own, workers = time.process_time() - cpu, _children_cpu() - children
            print(
                f"  jobs={run_jobs}: wall {wall:6.2f} s  CPU {own + workers:6.2f} s "
                f"(this process {own:.2f}, workers {workers:.2f})  "
                f"findings {len(reports[run_jobs].findings):,}  "
                f"peak RSS {_rss_mb():,.0f} MB  load {os.getloadavg()[0]:.2f}"
            )
            if run_jobs == jobs:
                print(f"  target: all 26 domains < 20 s wall → {'met' if wall < 20 else 'NOT met'}")
            del ws
        assert reports[jobs] == reports[1], "the processes' report differs from one process's"
        assert reports[1].stats.errors == 0, "every tree must resolve"
        print("  reports equal: yes")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--domain", default="urban-law-enforcement")
    parser.add_argument("--items", type=int, default=50, help="second-level items per catalog")
    parser.add_argument("--scale", type=int, default=10, help="factor of the second run (0: skip)")
    parser.add_argument("--all-domains", action="store_true", help="one tree per installed pack")
    parser.add_argument("--sample", type=int, default=300, help="docs shape-checked in big runs")
    parser.add_argument(
        "--jobs", type=int, default=os.cpu_count() or 1, help="processes for --all-domains"
    )
    parser.add_argument(
        "--skip-base", action="store_true", help="only the --all-domains run (no base tree)"
    )
    args = parser.parse_args(argv)
    print(f"gkstd {gkstd.__version__}, Python {sys.version.split()[0]}")
    if args.skip_base:
        if args.all_domains:
            all_domains(args.items, args.jobs)
        return 0
    base = one_domain(args.domain, args.items, None, "base")
    print(f"  target: whole tree < 1 s → {'met' if base['seconds'] < 1 else 'NOT met'}")
    if args.scale:
        big = one_domain(
            args.domain, args.items * args.scale, args.sample, f"{args.scale}× catalogs"
        )
        print(
            f"  growth: catalogs {args.scale}× larger, same deltas → time ×{big['seconds'] / base['seconds']:.2f}, "
            f"memory +{big['memory']:,.0f} MB vs +{base['memory']:,.0f} MB"
        )
    if args.all_domains:
        all_domains(args.items, args.jobs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
