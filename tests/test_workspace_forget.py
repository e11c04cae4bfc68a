"""``Workspace.forget``: bulk work drops the documents of one part before the next, so that
memory stays that of one part; what is validated afterwards is validated as before.

The distributed check (``gkstd.distributed``) forgets each partition on its worker, and
writes a streamed report to a file only once every line is written."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from gkstd.batch.discover import discover
from gkstd.batch.scheme import default_scheme
from gkstd.batch.worker import Task, Worker
from gkstd.distributed import partition, run, tasks
from gkstd.inherit.workspace import Workspace
from tests.tailorings import DOMAINS, tailoring


def _province(folder: Path, domain: str, name: str) -> list[Path]:
    """A county tailoring of ``domain`` 's pack and two townships below it (ids from the
    folder's name)."""
    key = folder.name
    folder.mkdir(parents=True)
    county = folder / f"{domain}.json"
    county.write_text(
        json.dumps(tailoring(domain, f"{name}县", "县级", domain, f"{key}-county")), "utf-8"
    )
    paths = [county]
    for k in range(2):
        town = folder / f"t{k}" / f"{domain}.json"
        town.parent.mkdir()
        doc = tailoring(domain, f"{name}第{k}镇", "乡级", f"../{domain}.json", f"{key}-t{k}")
        town.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
        paths.append(town)
    return paths


@pytest.fixture
def provinces(tmp_path: Path) -> list[list[Path]]:
    return [_province(tmp_path / f"p{n}", DOMAINS[n % 2], f"第{n}省") for n in range(2)]


def test_forget_drops_the_documents_and_keeps_the_report(provinces: list[list[Path]]) -> None:
    paths = [p for part in provinces for p in part]
    workspace = Workspace()
    before = workspace.validate_all(paths)
    county = workspace.resolve(paths[0])
    national = workspace.resolve(DOMAINS[0])  # a pack's national catalog
    assert county.catalog is not None
    assert county.parent is not None
    assert not [f for f in before.findings if f.code == "GK009"]  # valid documents
    assert workspace.resolve(paths[0]) is county  # held: resolved once
    town = workspace.resolve(paths[1])
    workspace.forget(paths[1:3])  # the townships only: their county stays
    assert workspace.resolve(paths[0]) is county
    assert workspace.resolve(paths[1]) is not town
    assert workspace.resolve(paths[1]).parent is county
    workspace.forget()
    again = workspace.resolve(paths[0])
    assert again is not county  # loaded and resolved anew ...
    assert again.catalog == county.catalog  # ... with the same result
    assert workspace.resolve(DOMAINS[0]) is national  # the packs' catalogs are kept
    workspace.forget()
    assert workspace.validate_all(paths) == before


def test_a_worker_holds_one_partition_at_a_time(tmp_path: Path) -> None:
    """Two provinces whose counties extend a shared catalog in a third folder: after each
    partition the worker holds the packs' catalogs and that shared ancestor only."""
    domain = DOMAINS[0]
    shared = tmp_path / "shared" / f"{domain}.json"
    shared.parent.mkdir()
    shared.write_text(json.dumps(tailoring(domain, "某省", "省级", domain, "shared")), "utf-8")
    for n in range(2):
        _province(tmp_path / f"p{n}", domain, f"第{n}省")
        county = tmp_path / f"p{n}" / f"{domain}.json"
        doc = json.loads(county.read_text("utf-8"))
        county.write_text(json.dumps({**doc, "extends": f"../shared/{domain}.json"}), "utf-8")
    found = discover([tmp_path]).files
    parts = {os.path.basename(p.key): p for p in partition(found, [tmp_path])}
    assert sorted(parts) == ["p0", "p1", "shared"]
    scheme = default_scheme()
    batch = frozenset(str(f.path) for f in found)
    first = tasks.first_pass("run-forget", scheme, batch, parts["p0"].files)
    worker = tasks._worker("run-forget", scheme, batch)
    kept = {f"pack:{domain}", f"file:{shared}"}
    assert set(worker.workspace._resolved) == kept  # the partition's own files forgotten
    second = tasks.first_pass("run-forget", scheme, batch, parts["p1"].files)
    assert tasks._worker("run-forget", scheme, batch) is worker  # built once per run
    assert set(worker.workspace._resolved) == kept
    alone = Worker(scheme, batch=batch)  # a worker that never forgot gives the same results
    expected = [alone.run(Task(f.path, f.kind)) for f in (*parts["p0"].files, *parts["p1"].files)]
    assert [r.to_dict() for r in first + second] == [r.to_dict() for r in expected]
    assert not [f for r in expected for f in r.report.findings if f.code == "GK009"]


def test_a_failed_stream_leaves_the_file_as_it_was(tmp_path: Path) -> None:
    out = tmp_path / "results.jsonl"
    out.write_text("上一次的结果\n", "utf-8")

    def partitions() -> object:
        yield '{"file": "a.json"}\n', [(True, False, None)]
        raise RuntimeError("a worker died")

    with pytest.raises(RuntimeError):
        run._stream(partitions(), out, (), default_scheme(), 2, None, encoded=True)
    assert out.read_text("utf-8") == "上一次的结果\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["results.jsonl"]  # no half file
    done = run._stream(
        iter([('{"file": "a.json"}\n', [(True, False, None)])]),
        out,
        (),
        default_scheme(),
        1,
        None,
        encoded=True,
    )
    assert done.files == 1
    assert done.passed
    assert out.read_text("utf-8") == '{"file": "a.json"}\n'


def test_a_validating_process_forgets_each_chunk(
    provinces: list[list[Path]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``validate --jobs``: a worker process forgets each chunk's own files; the parts it
    sends are those of a workspace that never forgot."""
    from gkstd.inherit import parallel

    paths = [str(p) for part in provinces for p in part]
    settings = parallel.settings_for(Workspace(), paths, paths=True)
    assert settings is not None
    monkeypatch.setattr(parallel, "_WORKSPACE", None)
    parallel._start(settings)
    workspace = parallel._WORKSPACE
    assert workspace is not None
    chunks = [paths[:2], paths[2:4], paths[4:]]  # a county and its townships apart
    parts = [parallel._validate(chunk) for chunk in chunks]
    held = {key for key in workspace._resolved if key.startswith("file:")}
    # each county forgotten with its chunk, then read again for its townships in the next
    assert held == {f"file:{paths[0]}", f"file:{paths[3]}"}
    alone = Workspace()
    for path in paths:
        alone.locator.allow_file(path)
    expected = [parallel.Part.of(*alone.validate_each(chunk)) for chunk in chunks]
    assert [p.rows for p in parts] == [p.rows for p in expected]
    assert [p.entries for p in parts] == [p.entries for p in expected]


def test_checking_documents_leaves_no_cyclic_garbage(tmp_path: Path) -> None:
    """A batch checks documents with the cyclic collector paused (in its worker processes
    for their whole life): resolving and checking a tailoring must leave no reference
    cycles, or a worker's memory grows with every document however often it forgets them.
    Measured in a fresh interpreter (the test session's Dask cluster makes cyclic garbage
    of its own at any moment)."""
    import subprocess
    import sys

    from tests.tailorings import DOMAINS, tailoring

    paths: list[str] = []
    for domain in DOMAINS:
        county = tmp_path / f"{domain}-county.json"
        county.write_text(json.dumps(tailoring(domain, "示例县", "县级", domain, "c")), "utf-8")
        paths.append(str(county))
        for k in range(6):
            town = tmp_path / f"{domain}-t{k}.json"
            doc = tailoring(domain, f"第{k}镇", "乡级", county.name, f"t{k}")
            town.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
            paths.append(str(town))
    code = f"""
import gc
from gkstd.batch.scheme import default_scheme
from gkstd.batch.worker import Task, Worker
from gkstd.rules.engine import rule_session

paths = {paths!r}
worker = Worker(default_scheme(), batch=frozenset(paths))
with rule_session():
    for path in paths[:2]:  # the packs, rules and caches loaded once
        worker.run(Task(path, "document"))
    worker.forget()
    gc.disable()
    gc.collect()
    for path in paths:
        worker.run(Task(path, "document"))
    worker.forget()
    cycles = gc.collect()
print(cycles)  # after the session (it sends what rules print to stderr)
"""
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "0"
