"""``gkstd check -j N`` sends documents to the worker processes in contiguous chunks (as
it sends tables one by one): the report is the one a single process gives."""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Any

import pytest

from gkstd.batch import check
from gkstd.batch.parents import load_parent_map
from gkstd.batch.worker import Worker
from tests.tailorings import DOMAINS, tailoring

check_module = importlib.import_module("gkstd.batch.check")  # the module, not the function


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    for domain in DOMAINS:  # one folder: the batch pools a township's catalogs by folder
        county = tailoring(domain, "示例县", "县级", domain, f"{domain}-county")
        name = f"{domain}-county.json"
        (tmp_path / name).write_text(json.dumps(county, ensure_ascii=False), "utf-8")
        for k in range(10):
            town = tailoring(domain, f"第{k}镇", "乡级", name, f"{domain}-t{k}")
            text = json.dumps(town, ensure_ascii=False)
            (tmp_path / f"{domain}-t{k}.json").write_text(text, "utf-8")
    (tmp_path / "broken.json").write_text('{"gkstd": "1.0", "id": ', "utf-8")
    return tmp_path


def test_documents_in_workers_give_the_report_of_one_process(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(check_module, "_DOCUMENTS_PER_CHUNK", 3)
    asked: list[tuple[int, int]] = []
    original = check_module._Runner._pool

    def spy(self: Any, tables: int, documents: int = 0) -> Any:
        asked.append((tables, documents))
        return original(self, tables, documents)

    monkeypatch.setattr(check_module._Runner, "_pool", spy)
    one = check([corpus], jobs=1)
    two = check([corpus], jobs=2)
    assert (0, 23) in asked  # every document went to the workers (the first pass)
    assert two.to_dict() == one.to_dict()
    assert all(
        (r.catalog is None) == (s.catalog is None) and r.catalog == s.catalog
        for r, s in zip(one.files, two.files, strict=True)
    )
    codes = {f.code for r in two.files for f in r.report.findings}
    assert "GK307" in codes  # townships of both domains pooled across chunks
    assert sum(r.report.unusable for r in two.files) == 1


def test_heads_from_the_workers_give_the_report_of_full_catalogs(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``check(catalogs=False)`` (what ``gkstd check`` asks for): the workers send each
    document back as its head with what GK307 needs of it; a table whose parent is such a
    document is checked against the document resolved again here.  The report is the one
    of full catalogs in one process, and no result holds items."""
    real = Path(__file__).parent / "data" / "tables" / "real"
    table = corpus / "work-safety-town.csv"
    rows = (real / "anquan-shengchan__sichuan-dazhou-dachuan.csv").read_text("utf-8")
    # a real county's rows under a caption naming a township of the corpus (made up here)
    caption = "示例县第0镇安全生产领域基层政务公开标准目录"
    table.write_text(caption + "\n" + rows.split("\n", 1)[1], "utf-8")
    mapping = corpus / "parents.yaml"
    mapping.write_text("work-safety-town.csv: work-safety-county.json\n", "utf-8")
    parents = load_parent_map(mapping)
    monkeypatch.setattr(check_module, "_DOCUMENTS_PER_CHUNK", 3)
    received: list[str] = []
    original = check_module._Runner._received

    def spy(self: Any, arriving: Any) -> Any:
        for result in original(self, arriving):
            received.append(result.path.name)
            yield result

    monkeypatch.setattr(check_module._Runner, "_received", spy)
    full = check([corpus], jobs=1, parents=parents)
    heads = check([corpus], jobs=2, parents=parents, catalogs=False)
    assert len(received) == 23  # every document came back from a worker as its head
    assert heads.to_dict() == full.to_dict()
    by_name = {r.path.name: r for r in heads.files}
    # named as the batch names its files (it was relative to the table's folder)
    assert by_name["work-safety-town.csv"].parent_file == str(corpus / "work-safety-county.json")
    assert all(r.catalog is None or not r.catalog.items for r in heads.files)
    assert any(r.catalog is not None and r.catalog.items for r in full.files)
    assert "GK307" in {f.code for r in heads.files for f in r.report.findings}
    assert check([corpus], jobs=1, parents=parents, catalogs=False).to_dict() == full.to_dict()


def test_each_chunk_of_documents_is_forgotten_once_checked(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A process of ``gkstd check`` forgets the documents it read once it has a chunk's
    results (here chunks of 4: the county is read again for the townships of each later
    chunk): the report is the one of a process that kept every document, and the process
    holds a chunk and its counties, never the whole batch."""
    kept = check([corpus], jobs=1).to_dict()  # 23 documents: one chunk, nothing forgotten
    kept_heads = check([corpus], jobs=1, catalogs=False).to_dict()
    monkeypatch.setattr(check_module, "_MOST_PER_CHUNK", 4)
    monkeypatch.setattr(check_module, "_DOCUMENTS_PER_CHUNK", 3)
    held: list[int] = []
    original = Worker.forget

    def spy(self: Worker, paths: Any = None) -> None:
        resolved = self.workspace._resolved
        held.append(sum(key.startswith("file:") for key in resolved))
        original(self, paths)
        assert paths is None  # every document: the next chunk reads its ancestors again
        assert not any(key.startswith("file:") for key in resolved)

    monkeypatch.setattr(Worker, "forget", spy)
    assert check([corpus], jobs=1).to_dict() == kept
    assert check([corpus], jobs=1, catalogs=False).to_dict() == kept_heads
    assert len(held) == 2 * (23 // 4)  # each full chunk of both runs
    assert max(held) <= 4 + len(DOMAINS)  # a chunk and the counties, never the 23
    assert check([corpus], jobs=2, catalogs=False).to_dict() == kept_heads  # chunks of 3


def test_a_parent_read_first_for_its_child_keeps_the_batch_s_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A township in a subfolder is checked before its county (``b/`` comes before
    ``county.json``) and reads the county as its parent, by the absolute path its
    reference leads to; the county's own findings still name the file as the batch names
    it, as they do when the county is checked alone (the report does not depend on the
    order the files were read in, nor on the chunks of ``--jobs``)."""
    folder = tmp_path / "catalogs"
    (folder / "b").mkdir(parents=True)
    county = tailoring("work-safety", "示例县", "县级", "work-safety", "c")
    del county["items"][0]["channels"]  # GK106 in the county's own file
    (folder / "county.json").write_text(json.dumps(county, ensure_ascii=False), "utf-8")
    town = tailoring("work-safety", "第一镇", "乡级", "../county.json", "t")
    (folder / "b" / "town.json").write_text(json.dumps(town, ensure_ascii=False), "utf-8")
    monkeypatch.chdir(tmp_path)
    town_first = check(["catalogs"], jobs=1)
    assert [r.path.as_posix() for r in town_first.files] == [
        "catalogs/b/town.json",
        "catalogs/county.json",
    ]
    own = town_first.files[1].report.findings
    assert "GK106" in {f.code for f in own}
    assert {f.location.file for f in own} == {str(Path("catalogs/county.json"))}
    alone = check([Path("catalogs/county.json")], jobs=1)
    assert alone.files[0].report.findings == own
