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
    assert by_name["work-safety-town.csv"].parent_file == "work-safety-county.json"
    assert all(r.catalog is None or not r.catalog.items for r in heads.files)
    assert any(r.catalog is not None and r.catalog.items for r in full.files)
    assert "GK307" in {f.code for r in heads.files for f in r.report.findings}
    assert check([corpus], jobs=1, parents=parents, catalogs=False).to_dict() == full.to_dict()
