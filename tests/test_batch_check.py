"""gkstd.batch.check: a folder of mixed real files checked in one call, as data."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import gkstd
from gkstd.batch import check
from gkstd.tables import import_table

ROOT = Path(__file__).parent.parent
REAL_TABLES = ROOT / "tests" / "data" / "tables" / "real"


def test_every_real_table_is_imported_and_checked_as_gkstd_import_does() -> None:
    report = check([REAL_TABLES])
    tables = sorted(REAL_TABLES.glob("*.csv"))
    assert [f.path for f in report.files] == tables
    for result in report.files[:8]:  # the same answer as importing the file alone
        alone = import_table(result.path)
        assert result.catalog == alone.catalog
        assert result.report.codes() == alone.report().codes()
    usable = [f for f in report.files if f.catalog is not None]
    assert len(usable) == len(tables)
    json.dumps(report.to_dict(), ensure_ascii=False)  # plain data


def test_a_mixed_folder_goes_on_past_files_that_are_not_catalogs(tmp_path: Path) -> None:
    shutil.copy(ROOT / "examples" / "zichuan-municipal-services.yaml", tmp_path / "淄川.yaml")
    shutil.copy(
        ROOT / "examples" / "synthetic-records-municipal-services.csv", tmp_path / "记录.csv"
    )
    (tmp_path / "坏.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    (tmp_path / "说明.pdf").write_bytes(b"%PDF-1.7")
    report = check([tmp_path])
    by_name = {f.path.name: f for f in report.files}
    assert set(by_name) == {"淄川.yaml", "记录.csv", "坏.xlsx"}
    zichuan = by_name["淄川.yaml"]
    assert zichuan.passed
    assert zichuan.report.codes() == gkstd.validate(tmp_path / "淄川.yaml").codes()
    assert zichuan.to_dict()["jurisdiction"] == "山东省淄博市淄川区"
    for name in ("记录.csv", "坏.xlsx"):  # reported, and the batch went on
        assert not by_name[name].passed
        assert by_name[name].report.unusable == 1
        assert by_name[name].report.findings
    assert [s.path.name for s in report.skipped] == ["说明.pdf"]
    assert not report.passed


def test_gkstd_check_summarises_a_folder_and_exits_like_validate(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from gkstd.cli.main import cli

    shutil.copy(ROOT / "examples" / "zichuan-municipal-services.yaml", tmp_path / "淄川.yaml")
    clean = CliRunner().invoke(cli, ["check", str(tmp_path)])
    assert clean.exit_code == 0, clean.output
    assert "山东省淄博市淄川区" in clean.output
    assert clean.output.rstrip().endswith("通过")
    mixed = CliRunner().invoke(cli, ["check", str(ROOT / "examples"), "--format", "json"])
    assert mixed.exit_code == 2  # the records file is no catalog table
    data = json.loads(mixed.stdout)
    assert data["passed"] is False
    assert {Path(f["file"]).name for f in data["files"]} >= {"zichuan-municipal-services.yaml"}


@pytest.mark.parametrize("mode", ["extends", "conforms_to"])
def test_every_file_of_a_cycle_reports_it_at_its_own_reference(tmp_path: Path, mode: str) -> None:
    """a → b → a: a.json was unusable with no finding (0 errors, yet its score counted
    one) and the one GK211 stood under b.json; each file now says it, at its own line."""
    base = {
        "gkstd": "1.0",
        "domain": "municipal-services",
        "title": "循环",
        "jurisdiction": {"name": "某县", "level": "县级"},
        "items": [],
    }
    for name, other in (("a", "b"), ("b", "a")):
        doc = dict(base, id=name, **{mode: f"{other}.json"})
        (tmp_path / f"{name}.json").write_text(json.dumps(doc), "utf-8")
    report = check([tmp_path])
    for result in report.files:
        codes = [(f.code, f.location.path) for f in result.report.findings]
        assert codes == [("GK211", f"$.{mode}")], (result.path, codes)
        assert result.report.findings[0].location.file == str(result.path)
        assert result.stats.errors == 1
        # the cycle is spelled with the files' names as the batch gave them, never the
        # absolute paths of the workspace's keys
        cycle = result.report.findings[0].args["cycle"]
        assert cycle == f"{tmp_path / 'a.json'} → {tmp_path / 'b.json'} → a.json"


def test_a_cycle_names_files_relative_to_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``gkstd validate a.yaml`` in the folder of a → b → a says ``a.yaml → b.yaml →
    a.yaml`` (it said ``/home/…/a.yaml → /home/…/b.yaml → a.yaml``)."""
    import gkstd

    base = {"gkstd": "1.0", "domain": "municipal-services", "title": "循环", "items": []}
    for name, other in (("a", "b"), ("b", "a")):
        doc = dict(base, id=name, extends=f"{other}.json")
        doc["jurisdiction"] = {"name": "某县", "level": "县级"}
        (tmp_path / f"{name}.json").write_text(json.dumps(doc), "utf-8")
    monkeypatch.chdir(tmp_path)
    [finding] = gkstd.validate("a.json").findings
    assert finding.args["cycle"] == "a.json → b.json → a.json"


def test_a_file_that_kills_its_worker_is_reported_and_the_batch_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A table that made the reader abort lost the whole ``-j 2`` batch ("a worker died,
    retry with -j 1", which then aborted too): the files without a result are checked
    again, each table in a process of its own; the one that kills its process is
    reported unusable, every other result is the same as in one process."""
    import os

    from gkstd.batch import worker as worker_module

    for source in sorted(REAL_TABLES.glob("*.csv"))[:12]:
        shutil.copy(source, tmp_path / source.name)
    shutil.copy(sorted(REAL_TABLES.glob("*.csv"))[0], tmp_path / "boom.csv")
    expected = {str(r.path): r for r in check([tmp_path]).files}
    run = worker_module.Worker.run

    def aborting(self: worker_module.Worker, task: worker_module.Task) -> object:
        if task.path.name == "boom.csv" and os.getpid() != parent:
            os._exit(70)  # as a reader's abort kills its process
        return run(self, task)

    parent = os.getpid()
    monkeypatch.setattr(worker_module.Worker, "run", aborting)
    report = check([tmp_path], jobs=2)
    assert [str(r.path) for r in report.files] == list(expected)
    for result in report.files:
        if result.path.name == "boom.csv":
            assert result.problem is not None
            assert "进程意外退出" in result.problem
            assert not result.passed
        else:
            assert result.report.findings == expected[str(result.path)].report.findings


def test_a_table_s_findings_name_its_path_in_the_batch(tmp_path: Path) -> None:
    """Findings at a table cell had file None, a line of gkstd's own imported document
    (no line of the table) and only the bare name 目录.csv, which two counties shared."""
    import shutil

    from gkstd import check

    table = Path(__file__).parent / "data/tables/real/jiuzai__jiangxi-fuliang-sanlong.csv"
    for county in ("南江县", "浮梁县"):
        (tmp_path / county).mkdir()
        shutil.copy(table, tmp_path / county / "目录.csv")
    for result in check([tmp_path]).files:
        at_cells = [f for f in result.report.findings if f.location.cell is not None]
        assert at_cells
        for finding in at_cells:
            assert finding.location.file == str(result.path)
            assert finding.location.cell.file == str(result.path)
            assert finding.location.line is None
            assert finding.location.display().startswith(str(result.path))
