"""``Workspace.validate_all(jobs=N)`` / ``gkstd validate --jobs N``: the same report as one
process, with the documents validated in worker processes.

The corpus: two domains, each a county tailoring of the pack's national catalog and ten
townships below it (the same ten township names in both domains, so GK307 pools catalogs
that land in different chunks), plus a broken file.  ``MIN_CHUNK`` is lowered so that
this small corpus is cut into several chunks.
"""

from __future__ import annotations

import copy
import json
import pickle
import signal
from pathlib import Path
from typing import Any

import attrs
import pytest
from click.testing import CliRunner

import gkstd
from gkstd.cli.main import cli
from gkstd.diagnostics.findings import Finding
from gkstd.inherit import parallel
from gkstd.inherit import workspace as workspace_module
from gkstd.inherit.rules import UNKNOWN_PARENT
from gkstd.inherit.workspace import Workspace
from tests.tailorings import DOMAINS, tailoring


@pytest.fixture
def corpus(tmp_path: Path) -> list[Path]:
    paths: list[Path] = []
    for domain in DOMAINS:
        folder = tmp_path / domain
        folder.mkdir()
        county = folder / "county.json"
        county.write_text(
            json.dumps(tailoring(domain, "示例县", "县级", domain, f"{domain}-county")), "utf-8"
        )
        paths.append(county)
        for k in range(10):
            town = folder / f"t{k}.json"
            doc = tailoring(domain, f"第{k}镇", "乡级", "county.json", f"{domain}-t{k}")
            town.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
            paths.append(town)
    broken = tmp_path / "broken.json"
    broken.write_text('{"gkstd": "1.0", "id": ', "utf-8")
    paths.append(broken)
    return paths


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Chunks of 3 documents; the sizes of the runs sent to processes are recorded."""
    monkeypatch.setattr(parallel, "MIN_CHUNK", 3)
    monkeypatch.setattr(workspace_module, "MIN_CHUNK", 3)
    sent: list[int] = []
    original = workspace_module.validate_in_processes

    def spy(settings: parallel.Settings, sources: Any, jobs: int) -> Any:
        sent.append(len(sources))
        return original(settings, sources, jobs)

    monkeypatch.setattr(workspace_module, "validate_in_processes", spy)
    return sent


def test_processes_give_the_report_of_one_process(
    corpus: list[Path], small_chunks: list[int]
) -> None:
    one = Workspace(gkstd.registry()).validate_all(corpus)
    assert small_chunks == []
    two = Workspace(gkstd.registry()).validate_all(corpus, jobs=2)
    assert small_chunks == [len(corpus)]
    assert two == one
    codes = {f.code for f in one.findings}
    assert "GK307" in codes  # pooled across chunks: the towns of both domains
    assert one.unusable == 1  # the broken file
    gk307 = [f for f in one.findings if f.code == "GK307"]
    assert {f.args["count"] for f in gk307} == {2}


def test_chunks_are_contiguous_and_cover_everything() -> None:
    for count in (0, 1, 5, 64, 65, 1000, 2579):
        for jobs in (1, 2, 3, 8):
            parts = parallel.chunks(count, jobs)
            assert [i for part in parts for i in part] == list(range(count))
            assert all(len(p) >= min(parallel.MIN_CHUNK, count) for p in parts[:-1])


def test_a_workspace_that_cannot_be_rebuilt_stays_in_this_process(
    corpus: list[Path], small_chunks: list[int]
) -> None:
    own_registry = copy.copy(gkstd.registry())  # not the default registry object
    report = Workspace(own_registry).validate_all(corpus, jobs=2)
    assert small_chunks == []
    assert report == Workspace(gkstd.registry()).validate_all(corpus)
    odd = Workspace(gkstd.registry(), options={"hook": lambda: None})  # cannot be pickled
    assert odd.validate_all(corpus, jobs=2) == Workspace(gkstd.registry()).validate_all(corpus)
    assert small_chunks == []
    text = corpus[0].read_text("utf-8")
    Workspace(gkstd.registry()).validate_all([text, *corpus[1:]], jobs=2)
    assert small_chunks == []  # document text is not a file path


def test_selection_and_search_path_reach_the_workers(
    corpus: list[Path], small_chunks: list[int]
) -> None:
    def run(jobs: int) -> gkstd.Report:
        ws = Workspace(gkstd.registry(), ignore="GK102", search_path=[corpus[0].parent])
        return ws.validate_all(corpus, jobs=jobs)

    one, two = run(1), run(2)
    assert small_chunks == [len(corpus)]
    assert two == one
    assert not any(f.code == "GK102" for f in two.findings)


def test_cli_jobs_gives_the_same_json(corpus: list[Path], small_chunks: list[int]) -> None:
    runner = CliRunner()
    args = ["validate", "--format", "json", *map(str, corpus)]
    one = runner.invoke(cli, [*args, "--jobs", "1"])
    two = runner.invoke(cli, [*args, "-j", "2"])
    assert one.exit_code == two.exit_code == 2  # the broken file
    assert json.loads(two.stdout) == json.loads(one.stdout)
    assert small_chunks == [len(corpus)]


def test_a_file_name_with_a_line_break_is_a_file_in_the_workers_too(
    corpus: list[Path], small_chunks: list[int]
) -> None:
    """A name on the command line is always a file; sent to a worker as text, one with a
    line break in it was read as the document itself (GK009 at ``<text>``, exit 2 with
    ``-j 2``, exit 0 with ``-j 1``)."""
    odd = corpus[1].with_name("第一\n镇.json")
    odd.write_bytes(corpus[1].read_bytes())
    files = [str(p) for p in corpus if p.name != "broken.json"] + [str(odd)]
    runner = CliRunner()
    one = runner.invoke(cli, ["validate", "--format", "json", *files, "--jobs", "1"])
    two = runner.invoke(cli, ["validate", "--format", "json", *files, "-j", "2"])
    assert one.exit_code == two.exit_code, two.output
    assert json.loads(two.stdout) == json.loads(one.stdout)
    assert "<text>" not in two.stdout
    assert small_chunks == [len(files)]


def test_workers_send_entries_without_catalogs(corpus: list[Path]) -> None:
    ws = Workspace(gkstd.registry())
    settings = parallel.settings_for(ws, corpus)
    assert settings is not None
    interrupt = signal.getsignal(signal.SIGINT)
    parallel._start(settings)  # as a worker process starts (it ignores Ctrl-C)
    try:
        part = parallel._validate([str(p) for p in corpus])
    finally:
        parallel._WORKSPACE = None
        signal.signal(signal.SIGINT, interrupt)
    assert part.entries
    assert all(isinstance(topics, frozenset) for *_, topics in part.entries)
    assert len(part.rows) == len(part.hashes) == len(set(part.hashes))
    pickle.loads(pickle.dumps(part))  # plain data: no catalog, no workspace
    collected = parallel.Collected()
    collected.add(part)
    assert all(e.catalog is None and e.topics is not None for e in collected.entries)
    one = Workspace(gkstd.registry()).validate_all(corpus)
    assert collected.report(ws.selection) == one


def _part(findings: list[Finding], probe: int | None = None) -> parallel.Part:
    part = parallel.Part.of([gkstd.Report(tuple(findings), files=1)], [])
    return attrs.evolve(part, probe=part.probe if probe is None else probe)


def test_merging_keeps_each_finding_once_in_its_first_place() -> None:
    """Chunks that share a parent both report its findings: the merge keeps the first;
    equal findings are found by the hashes the workers send, or by hashing them here
    when the worker hashes otherwise (its probe differs)."""
    a, b, c = (UNKNOWN_PARENT.emit("outside", ref=r, file=f"{r}.json") for r in "abc")
    copy_of_a = pickle.loads(pickle.dumps(a))
    for probe in (None, 1):
        collected = parallel.Collected()
        collected.add(_part([a, b], probe))
        collected.add(_part([copy_of_a, c, b], probe))
        assert collected.findings == [a, b, c]
        assert collected.files == 2


def test_findings_of_one_hash_are_told_apart() -> None:
    a, b = (UNKNOWN_PARENT.emit("outside", ref=r) for r in "ab")
    collected = parallel.Collected()
    collected.extend([a, b, a], [7, 7, 7])  # a hash clash: equality decides
    assert collected.findings == [a, b]


def test_args_are_shared_only_when_written_alike() -> None:
    """Equal args of two findings are sent as one object, but not ``1`` and ``True``."""
    rule = UNKNOWN_PARENT
    a, b, c = (rule.emit("outside", ref=r, file=f) for r, f in ((1, "a"), (1, "b"), (True, "c")))
    assert a.args == b.args == c.args
    rows = _part([a, b, c]).rows
    assert rows[0][3] is rows[1][3]
    assert rows[2][3] is not rows[0][3]
    assert rows[2][3]["ref"] is True


def test_a_file_read_first_as_a_parent_keeps_its_given_name(
    corpus: list[Path], small_chunks: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Townships given before their county read it as their parent through the reference
    (an absolute path); the county's findings still name it as the caller did, so the
    report is the same whatever order the files are given in, in one process or several."""
    root = corpus[0].parent.parent
    monkeypatch.chdir(root)
    given = [p.relative_to(root) for p in corpus]
    county_first = Workspace(gkstd.registry()).validate_all(given)
    towns_first = [p for p in given if p.name != "county.json"] + [
        p for p in given if p.name == "county.json"
    ]
    assert towns_first != given
    files = {f.location.file for f in county_first.findings}
    assert files <= {str(p) for p in given} | {None}  # every file named as given
    assert {str(p) for p in given if p.name == "county.json"} <= files
    for jobs in (1, 2):
        report = Workspace(gkstd.registry()).validate_all(towns_first, jobs=jobs)
        assert set(report.findings) == set(county_first.findings)
    assert small_chunks == [len(given)]  # the run with jobs=2 went to the processes
