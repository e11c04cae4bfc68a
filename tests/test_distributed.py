"""gkstd.distributed: the batch check on a Dask LocalCluster gives the same results as one
process, streams JSON Lines, and says clearly when Dask is missing."""

from __future__ import annotations

import builtins
import csv
import json
import os
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

from gkstd.batch import check as single_check
from gkstd.batch.discover import discover
from gkstd.distributed import DistributedError, StreamedReport, partition
from gkstd.distributed import check as dask_check

ROOT = Path(__file__).resolve().parent.parent
REAL_TABLES = ROOT / "tests" / "data" / "tables" / "real"
HEYUAN = REAL_TABLES / "shengtai-huanjing__guangdong-heyuan.csv"
sys.path.insert(0, str(ROOT / "benchmarks"))

try:
    import dask.distributed  # noqa: F401
except ImportError:  # pragma: no cover - the distributed extra is not installed
    if os.environ.get("CI") == "true":
        raise  # CI installs the extra (tox.ini): its absence there is a failure
    HAVE_DASK = False
else:
    HAVE_DASK = True

needs_dask = pytest.mark.skipif(not HAVE_DASK, reason="pip install 'gkstd[distributed]'")


def _caption_pair(folder: Path, county: str, towns: list[str]) -> None:
    """A county table and township tables whose captions name it (a synthetic pair from two
    real Heyuan rows): the batch finds the county as their parent."""
    lines = HEYUAN.read_text("utf-8").splitlines()
    head, rows = lines[1], lines[2:]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "county.csv").write_text(
        f"{county}生态环境领域基层政务公开标准目录\n{head}\n" + "\n".join(rows) + "\n", "utf-8"
    )
    for n, town in enumerate(towns):
        (folder / f"town{n}.csv").write_text(
            f"{town}生态环境领域基层政务公开标准目录\n{head}\n{rows[0]}\n", "utf-8"
        )


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two province trees of documents (2 domains), the real tables, and tables whose
    parent is a county table in the same partition and in another one."""
    from bench_distributed import build_corpus

    folder = tmp_path_factory.mktemp("national")
    build_corpus(folder, provinces=2, domains=2, cities=1, counties=2, townships=2, items=20)
    real = folder / "real"
    real.mkdir()
    for table in sorted(REAL_TABLES.glob("*.csv"))[:24]:
        shutil.copy(table, real / table.name)
    _caption_pair(folder / "q1", "平武县", ["平武县响岩镇"])
    _caption_pair(folder / "q2" / "x", "某某县", [])
    (folder / "q3").mkdir()
    shutil.copy(folder / "q1" / "town0.csv", folder / "q3" / "平武县南坝镇.csv")  # parent in q1
    (folder / "notes.txt").write_text("不是目录", "utf-8")
    _sheets(folder / "q4" / "平武县平通镇.xlsx")  # two catalog sheets, one's parent in q1
    return folder


def _sheets(path: Path) -> None:
    """A township workbook of two catalog sheets (real rows): 社会保险, and 生态环境 whose
    caption names 平武县 (its parent is q1's county table, in another partition)."""
    import xlsxwriter

    lines = HEYUAN.read_text("utf-8").splitlines()
    social = (REAL_TABLES / "shehui-baoxian__sichuan-pingwu-township.csv").read_text("utf-8")
    sheets = {
        "社会保险": social.splitlines(),
        "生态环境": ["平武县平通镇生态环境领域基层政务公开标准目录", lines[1], lines[2]],
    }
    path.parent.mkdir(parents=True)
    book = xlsxwriter.Workbook(str(path))
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        for r, row in enumerate(csv.reader(rows)):
            for c, value in enumerate(row):
                sheet.write_string(r, c, value)
    book.close()


def test_partitions_are_the_top_folders_in_discovery_order(corpus: Path) -> None:
    found = discover([corpus]).files
    parts = partition(found, [corpus])
    keys = [os.path.relpath(p.key, corpus) for p in parts]
    assert keys == sorted(keys)
    assert {"national", "p0", "p1", "q1", "q2", "q3", "real"} <= set(keys)
    assert [i for p in parts for i in p.indices] == list(range(len(found)))
    deeper = partition(found, [corpus], depth=2)
    assert os.path.join(str(corpus), "p0", "m0") in {p.key for p in deeper}
    assert partition(found, [], depth=1)[0].key == "<files>"


@needs_dask
def test_the_results_equal_one_process(corpus: Path, dask_client: Any) -> None:
    expected = single_check([corpus], jobs=1)
    got = dask_check([corpus], client=dask_client)
    assert not isinstance(got, StreamedReport)
    assert got.to_dict() == expected.to_dict()
    parents = {r.path.name: r.parent_file for r in got.files if r.parent_file}
    county = {Path(p).parent.name for p in parents.values()}  # named by their batch paths
    assert set(parents) == {"town0.csv", "平武县南坝镇.csv", "平武县平通镇.xlsx"}
    assert all(Path(p).name == "county.csv" and Path(p).is_file() for p in parents.values())
    assert county == {"q1"}
    sheets = [(r.sheet, r.parent_file is not None) for r in got.files if r.sheet]
    assert sheets == [("社会保险", False), ("生态环境", True)]  # a result a catalog sheet
    assert len(got.files) > 60


@needs_dask
def test_results_stream_as_json_lines(corpus: Path, dask_client: Any, tmp_path: Path) -> None:
    expected = single_check([corpus], jobs=1)
    out = tmp_path / "results.jsonl"
    seen: list[int] = []
    streamed = dask_check(
        [corpus], client=dask_client, out=out, progress=lambda done, total, path: seen.append(done)
    )
    assert isinstance(streamed, StreamedReport)
    lines = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert lines == [f.to_dict() for f in expected.files]
    assert seen == list(range(1, len(lines) + 1))
    assert streamed.files == len(lines)
    assert streamed.passed == expected.passed
    assert streamed.to_dict()["by_domain"] == expected.to_dict()["by_domain"]
    assert streamed.to_dict()["by_jurisdiction"] == expected.to_dict()["by_jurisdiction"]
    assert [s["file"] for s in streamed.to_dict()["skipped"]] == [
        s["file"] for s in expected.to_dict()["skipped"]
    ]


@needs_dask
def test_the_cli_entry_on_a_local_cluster(corpus: Path) -> None:
    from gkstd.distributed import run_cli_check

    paths = [str(corpus / "q1"), str(corpus / "q3")]
    report = run_cli_check(paths, scheduler="local", jobs=1)
    assert report.to_dict() == single_check(paths).to_dict()


@needs_dask
def test_an_unreachable_scheduler_is_a_clear_error(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("gkstd.distributed.run.CONNECT_TIMEOUT", "1s")
    with pytest.raises(DistributedError) as caught:
        dask_check([corpus / "q1"], scheduler="tcp://127.0.0.1:9")
    assert "tcp://127.0.0.1:9" in caught.value.message
    assert "Dask" in caught.value.message_en


def test_without_dask_the_error_names_the_extra(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_import = builtins.__import__

    def no_dask(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "dask" or name.startswith("dask."):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_dask)
    with pytest.raises(DistributedError) as caught:
        dask_check([corpus / "q1"], jobs=1)
    assert "gkstd[distributed]" in caught.value.message
    assert "需要 Dask" in caught.value.message
    assert "gkstd[distributed]" in caught.value.message_en


@needs_dask
def test_gkstd_check_scheduler_local_prints_what_one_process_prints(corpus: Path) -> None:
    from click.testing import CliRunner

    from gkstd.cli.main import cli

    alone = CliRunner().invoke(cli, ["check", str(corpus), "-j", "1"])
    dask = CliRunner().invoke(cli, ["check", str(corpus), "--scheduler", "local", "-j", "2"])
    assert dask.exit_code == alone.exit_code, dask.output
    assert dask.stdout == alone.stdout


@needs_dask
def test_gkstd_check_scheduler_jsonl_streams_the_files_results(
    corpus: Path, tmp_path: Path
) -> None:
    """``--scheduler local --jsonl F``: F holds one line per file, as one process's report
    has them; the rankings and the verdict are printed, the exit code is one process's."""
    from click.testing import CliRunner

    from gkstd.cli.main import cli

    expected = single_check([corpus], jobs=1)
    out = tmp_path / "结果.jsonl"
    alone = CliRunner().invoke(cli, ["check", str(corpus), "-j", "1"])
    streamed = CliRunner().invoke(
        cli, ["check", str(corpus), "--scheduler", "local", "-j", "1", "--jsonl", str(out)]
    )
    assert streamed.exit_code == alone.exit_code, streamed.output
    lines = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert lines == [f.to_dict() for f in expected.files]
    assert streamed.stdout.splitlines()[-1] == alone.stdout.splitlines()[-1]  # the verdict
    assert "按领域排名" in streamed.stdout or "Ranking by domain" in streamed.stdout
    as_json = CliRunner().invoke(
        cli,
        [
            "check",
            str(corpus),
            "--scheduler",
            "local",
            "-j",
            "1",
            "--jsonl",
            str(out),
            "--format",
            "json",
            "--force",
        ],
    )
    summary = json.loads(as_json.stdout)
    assert summary["files"] == len(lines)
    assert summary["by_domain"] == expected.to_dict()["by_domain"]


def test_gkstd_check_jsonl_in_one_process_and_refused_outputs(corpus: Path, tmp_path: Path) -> None:
    """Without --scheduler, --jsonl writes the same lines from the gathered report; an
    existing output is refused before any work, and --report cannot go with a stream."""
    from click.testing import CliRunner

    from gkstd.cli.main import cli

    folder = str(corpus / "q1")
    out = tmp_path / "out.jsonl"
    done = CliRunner().invoke(cli, ["check", folder, "-j", "1", "--jsonl", str(out)])
    assert done.exit_code in (0, 1), done.output
    lines = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert lines == [f.to_dict() for f in single_check([folder], jobs=1).files]
    before = out.read_bytes()
    again = CliRunner().invoke(cli, ["check", folder, "--jsonl", str(out)])
    assert again.exit_code == 2
    assert "已存在" in again.output
    assert "--force" in again.output
    assert "共检查" not in again.output  # refused before checking anything
    assert out.read_bytes() == before
    report = tmp_path / "r.html"
    report.write_text("旧报告", "utf-8")
    refused = CliRunner().invoke(cli, ["check", folder, "--report", str(report)])
    assert refused.exit_code == 2
    assert "共检查" not in refused.output
    assert report.read_text("utf-8") == "旧报告"
    both = CliRunner().invoke(
        cli,
        [
            "check",
            folder,
            "--scheduler",
            "local",
            "--jsonl",
            str(tmp_path / "n.jsonl"),
            "--report",
            str(tmp_path / "n.html"),
        ],
    )
    assert both.exit_code == 2
    assert "--report" in both.output
    dash = CliRunner().invoke(cli, ["check", folder, "--jsonl", "-"])
    assert dash.exit_code == 2
    assert "--format json" in dash.output
    assert not Path("-").exists()


@needs_dask
def test_results_without_their_items_give_the_same_reports(
    corpus: Path, dask_client: Any, tmp_path: Path
) -> None:
    """``catalogs=False`` (what ``gkstd check --scheduler`` asks for): each catalog comes
    back as its head, and the JSON, HTML and Excel reports are those of one process."""
    from python_calamine import CalamineWorkbook

    from gkstd.batch.html import render_html
    from gkstd.batch.xlsx import write_xlsx

    expected = single_check([corpus], jobs=1)
    got = dask_check([corpus], client=dask_client, catalogs=False)
    assert not isinstance(got, StreamedReport)
    catalogs = [r.catalog for r in got.files if r.catalog is not None]
    assert catalogs
    assert all(c.items == () for c in catalogs)
    assert any(r.catalog is not None and r.catalog.items for r in expected.files)
    assert got.to_dict() == expected.to_dict()
    assert render_html(got) == render_html(expected)

    def cells(report: Any, name: str) -> list[Any]:
        path = tmp_path / name
        write_xlsx(report, str(path))
        book = CalamineWorkbook.from_path(str(path))
        return [book.get_sheet_by_name(s).to_python() for s in book.sheet_names]

    assert cells(got, "dask.xlsx") == cells(expected, "one.xlsx")


@needs_dask
def test_documents_only_each_partition_in_one_task(
    corpus: Path, dask_client: Any, tmp_path: Path
) -> None:
    """A batch of gkstd documents (no tables) checks each partition in one task
    (``tasks.check_partition``): the results, their heads only, and the stream are one
    process's."""
    roots = [corpus / "national", corpus / "p0", corpus / "p1"]
    expected = single_check(roots, jobs=1)
    assert len(expected.files) > 20
    assert all(r.kind == "document" for r in expected.files)
    got = dask_check(roots, client=dask_client)
    assert not isinstance(got, StreamedReport)
    assert got.to_dict() == expected.to_dict()
    assert [r.catalog for r in got.files] == [r.catalog for r in expected.files]
    light = dask_check(roots, client=dask_client, catalogs=False)
    assert light.to_dict() == expected.to_dict()
    out = tmp_path / "documents.jsonl"
    streamed = dask_check(roots, client=dask_client, out=out)
    assert isinstance(streamed, StreamedReport)
    lines = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert lines == [f.to_dict() for f in expected.files]
