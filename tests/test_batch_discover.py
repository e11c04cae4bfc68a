"""gkstd.batch.discover: every file handed over is either checked or listed with a reason."""

from __future__ import annotations

import shutil
from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner

from gkstd.batch import discover

ROOT = Path(__file__).parent.parent
REAL_TABLES = ROOT / "tests" / "data" / "tables" / "real"
REAL_DOCUMENTS = ROOT.parent / "shared" / "reference" / "catalogs" / "local"


def test_a_folder_of_real_tables_is_found_and_its_notes_listed() -> None:
    found = discover([REAL_TABLES])
    tables = [f.path.name for f in found.files if f.kind == "table"]
    assert len(tables) == len(list(REAL_TABLES.glob("*.csv")))
    assert tables == sorted(tables)
    reasons = {s.path.name: s.reason for s in found.skipped}
    assert reasons["CORPUS.yaml"] == "not-gkstd"  # a YAML file that is no catalog
    assert reasons["MANIFEST.tsv"] == "not-a-catalog-format"
    assert {f.path for f in found.files}.isdisjoint(s.path for s in found.skipped)


def test_reference_captures_are_listed_not_lost() -> None:
    """The shared reference extracts are YAML captures in their own layout, not gkstd
    documents: each is listed with the reason, none is taken for a catalog."""
    if not REAL_DOCUMENTS.is_dir():  # the shared reference folder sits beside the repo
        return
    found = discover([REAL_DOCUMENTS])
    captures = sorted(REAL_DOCUMENTS.glob("*.yaml"))
    assert len(captures) >= 20
    reasons = {s.path: s.reason for s in found.skipped}
    assert all(reasons.get(p) == "not-gkstd" for p in captures)
    assert all(s.zh and s.en for s in found.skipped)


def test_mixed_folder_hidden_missing_and_duplicates(tmp_path: Path) -> None:
    folder = tmp_path / "县区目录"
    (folder / "乡镇").mkdir(parents=True)
    shutil.copy(ROOT / "examples" / "zichuan-municipal-services.yaml", folder / "淄川.yaml")
    shutil.copy(
        ROOT / "examples" / "shizheng-fuwu__chongqing-youyang.csv", folder / "乡镇" / "酉阳.csv"
    )
    (folder / "说明.txt").write_bytes(b"PK")
    (folder / ".~lock.淄川.yaml#").write_text("lock", "utf-8")
    (folder / ".git").mkdir()
    (folder / ".git" / "x.yaml").write_text('gkstd: "1.0"', "utf-8")
    (folder / "link.yaml").symlink_to(folder / "淄川.yaml")
    found = discover([folder, folder / "淄川.yaml", tmp_path / "没有这个文件夹"])
    assert [(f.path.relative_to(folder).as_posix(), f.kind) for f in found.files] == [
        ("乡镇/酉阳.csv", "table"),
        ("淄川.yaml", "document"),
    ]  # the repeated name is one file; hidden files are left out; the link is listed below
    reasons = sorted((s.path.name, s.reason) for s in found.skipped)
    assert reasons == [
        ("link.yaml", "link"),
        ("没有这个文件夹", "missing"),
        ("说明.txt", "not-a-catalog-format"),
    ]
    missing = next(s for s in found.skipped if s.reason == "missing")
    assert "不存在" in missing.zh


def test_a_folder_given_again_through_a_link_is_walked_once(tmp_path: Path) -> None:
    """Files are told apart by their real paths (the folder's, resolved once per folder):
    a folder named directly and through a link to it gives each file once."""
    folder = tmp_path / "县区目录"
    (folder / "乡镇").mkdir(parents=True)
    shutil.copy(ROOT / "examples" / "zichuan-municipal-services.yaml", folder / "淄川.yaml")
    shutil.copy(
        ROOT / "examples" / "shizheng-fuwu__chongqing-youyang.csv", folder / "乡镇" / "酉阳.csv"
    )
    (tmp_path / "另一名称").symlink_to(folder, target_is_directory=True)
    found = discover([tmp_path / "另一名称", folder])
    assert [(f.path.relative_to(tmp_path).as_posix(), f.kind) for f in found.files] == [
        ("另一名称/乡镇/酉阳.csv", "table"),
        ("另一名称/淄川.yaml", "document"),
    ]
    assert found.skipped == ()


def test_pipes_devices_and_unreachable_paths_are_listed_never_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A named pipe in a folder would block the check forever (open waits for a writer):
    it is listed as no regular file, never opened; so is one named on the command line.
    A folder that cannot be listed, and a name too long for the file system, are listed
    as unreadable instead of stopping the batch (they raised before)."""
    import os

    folder = tmp_path / "目录"
    folder.mkdir()
    shutil.copy(REAL_TABLES / "fupin__sichuan-nanjiang.csv", folder / "a.csv")
    os.mkfifo(folder / "pipe.yaml")
    locked = folder / "锁定"
    locked.mkdir()
    shutil.copy(REAL_TABLES / "fupin__sichuan-nanjiang.csv", locked / "b.csv")
    real_scandir = os.scandir

    def scandir(path: object = ".") -> object:
        if os.fspath(path) == str(locked):  # as a folder without read permission does
            raise PermissionError(13, "Permission denied", str(locked))
        return real_scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    long_name = tmp_path / ("某" * 90 + ".yaml")  # 270 bytes: over the 255-byte limit
    found = discover([folder, folder / "pipe.yaml", long_name, tmp_path / "无此文件.csv"])
    assert [f.path.name for f in found.files] == ["a.csv"]
    reasons = {s.path: s.reason for s in found.skipped}
    assert reasons[folder / "pipe.yaml"] == "not-a-file"
    assert reasons[locked] == "unreadable"
    assert reasons[long_name] == "unreadable"
    assert reasons[tmp_path / "无此文件.csv"] == "missing"
    said = {s.path: s.zh for s in found.skipped}
    assert "不是普通文件" in said[folder / "pipe.yaml"]
    assert "无法读取文件夹（没有权限），其中的文件未检查" in said[locked]
    assert "文件名过长" in said[long_name]


def test_a_map_beside_a_name_at_the_length_limit_is_simply_absent(tmp_path: Path) -> None:
    """``NAME.map.yaml`` beside a legal 254-byte ``NAME.yaml`` would be 259 bytes: there
    is no such map (the lookup raised ENAMETOOLONG, and validate, import … stopped)."""
    from gkstd.cli.main import cli
    from gkstd.inherit.mapping import map_beside

    name = tmp_path / ("某" * 83 + ".yaml")
    shutil.copy(ROOT / "examples" / "zichuan-municipal-services.yaml", name)
    assert map_beside(name) is None
    result = CliRunner().invoke(cli, ["validate", str(name)])
    assert result.exit_code == 0, result.output


def test_only_missing_or_unreadable_paths_make_a_batch_incomplete(tmp_path: Path) -> None:
    """``Skipped.incomplete`` is what keeps a batch report, streamed or held, from
    passing: a path that may hold catalogs nobody read, not a file of another format."""
    from gkstd.batch import BatchReport
    from gkstd.batch.scheme import default_scheme
    from gkstd.distributed import StreamedReport

    other = tmp_path / "说明.txt"
    other.write_text("x", encoding="utf-8")
    found = discover([other, tmp_path / "无"])
    by_reason = {s.reason: s for s in found.skipped}
    assert not by_reason["not-a-catalog-format"].incomplete
    assert by_reason["missing"].incomplete
    scheme = default_scheme()
    streamed = StreamedReport("out.jsonl", 3, 3, 0, (by_reason["not-a-catalog-format"],), scheme)
    assert streamed.passed
    assert not attrs.evolve(streamed, skipped=found.skipped).passed
    assert not BatchReport((), ()).passed  # nothing checked is never passed


def test_office_lock_files_and_gkstd_reports_are_listed_not_checked(tmp_path: Path) -> None:
    """Excel/WPS keep ``~$NAME.xlsx`` beside a table while it is open, and a supervisor
    saves ``gkstd check --report`` beside the tables: neither is a catalog (both made
    the batch fail, the report with GK606 on its 评分汇总 sheet)."""
    from gkstd.batch import check
    from gkstd.batch.xlsx import write_xlsx

    table = REAL_TABLES / "anquan-shengchan__sichuan-dazhou-dachuan.csv"
    shutil.copy(table, tmp_path / "目录.csv")
    (tmp_path / "~$扶贫领域目录.xlsx").write_bytes(b"\x08gkstd-user" + b"\x00" * 150)
    first = check([tmp_path])
    report = tmp_path / "通报.xlsx"
    write_xlsx(first, str(report))
    again = discover([tmp_path])
    assert [f.path.name for f in again.files] == ["目录.csv"]
    reasons = {s.path.name: s.reason for s in again.skipped}
    assert reasons == {"~$扶贫领域目录.xlsx": "office-lock", "通报.xlsx": "gkstd-report"}
    assert not any(s.incomplete for s in again.skipped)
    assert check([tmp_path]).scorecards == first.scorecards
    # a workbook that only looks like one (a table, a damaged file) is still read
    (tmp_path / "坏.xlsx").write_bytes(b"PK\x03\x04 not a zip")
    assert "坏.xlsx" in [f.path.name for f in discover([tmp_path]).files]


def test_a_utf16_document_is_found_as_validate_reads_it(tmp_path: Path) -> None:
    """A UTF-16 document (Windows Notepad's 'Unicode') that validate passes was skipped as
    not gkstd's, and a folder of them reported 通过 with nothing checked."""
    text = (ROOT / "examples" / "zichuan-municipal-services.yaml").read_text("utf-8")
    (tmp_path / "c.yaml").write_bytes(text.encode("utf-16"))
    found = discover([tmp_path])
    assert [(f.path.name, f.kind) for f in found.files] == [("c.yaml", "document")]


def test_hidden_files_that_may_be_catalogs_are_listed_not_lost(tmp_path: Path) -> None:
    """.收件/南江县扶贫.csv and 三龙镇/.社会救助.csv were neither checked nor listed: the
    summary said 未检查 0 个. Tool folders (.git) and editor locks stay unlisted."""
    folder = tmp_path / "各地"
    (folder / ".收件").mkdir(parents=True)
    (folder / "三龙镇").mkdir()
    table = ROOT / "examples" / "shizheng-fuwu__chongqing-youyang.csv"
    shutil.copy(table, folder / ".收件" / "南江县扶贫.csv")
    shutil.copy(table, folder / "三龙镇" / ".社会救助.csv")
    (folder / ".git").mkdir()
    (folder / ".DS_Store").write_bytes(b"\x00")
    (folder / ".~lock.x.xlsx#").write_text("lock", "utf-8")
    found = discover([folder])
    assert found.files == ()
    hidden = sorted(s.path.name for s in found.skipped if s.reason == "hidden")
    assert hidden == sorted([".社会救助.csv", ".收件"])
    assert all("隐藏" in s.zh for s in found.skipped)
    assert not any(s.incomplete for s in found.skipped)  # said, but the batch is whole


def test_a_file_sent_twice_in_one_folder_is_checked_once(tmp_path: Path) -> None:
    """扶贫领域目录.csv and 扶贫领域目录(1).csv, the same bytes: counted twice in the
    ranking (目录数 2, errors doubled). Identical files in two counties' folders are two
    governments' (a template filled alike) and both stay."""
    table = ROOT / "examples" / "shizheng-fuwu__chongqing-youyang.csv"
    (tmp_path / "南江县").mkdir()
    (tmp_path / "通江县").mkdir()
    shutil.copy(table, tmp_path / "南江县" / "扶贫领域目录.csv")
    shutil.copy(table, tmp_path / "南江县" / "扶贫领域目录(1).csv")
    shutil.copy(table, tmp_path / "通江县" / "扶贫领域目录.csv")
    found = discover([tmp_path])
    assert sorted(f.path.relative_to(tmp_path).as_posix() for f in found.files) == [
        "南江县/扶贫领域目录.csv",
        "通江县/扶贫领域目录.csv",
    ]  # the plainest name is kept
    (copy,) = found.skipped
    assert copy.reason == "duplicate"
    assert copy.path.name == "扶贫领域目录(1).csv"
    assert not copy.incomplete
