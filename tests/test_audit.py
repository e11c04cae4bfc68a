"""The disclosure audit: records in CSV/GBK/JSONL/XLSX, findings with row numbers, summaries."""

from __future__ import annotations

import csv
import datetime
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import gkstd
from gkstd.audit import audit, read_records
from gkstd.audit.rules import EXAMPLE_CATALOG
from gkstd.cli.main import cli
from gkstd.model import Catalog

AS_OF = datetime.date(2026, 11, 23)
HEAD = "item,formed,published,channel,url\n"
ROWS = (
    "permit,2026-02-10,2026-03-16,政府网站,https://example.invalid/1\n"  # 2 on time
    "permit,2026-02-10,2026-03-18,政府网站,https://example.invalid/2\n"  # 3 late by 2
    "燃气经营许可证核发,2026-09-18,,,\n"  # 4 overdue (due 10-22)
    "permit,2026-11-20,,,\n"  # 5 pending
    "permit,2026-03-02,2026-03-10,政务新媒体,\n"  # 6 wrong channel
    "燃气许可证核发,2026-03-02,2026-03-10,政府网站,\n"  # 7 unknown item
    ",2026-03-02,2026-03-10,政府网站,\n"  # 8 no item
    "permit,2026-02-30,2026-03-10,政府网站,\n"  # 9 bad date
    "permit,2026-03-20,2026-03-01,政府网站,\n"  # 10 published before formed
    "standing,2026-03-02,2026-03-10,政府网站,\n"  # 11 no deadline
)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    loaded, report = gkstd.load(EXAMPLE_CATALOG)
    assert loaded is not None, report.findings
    return loaded


def _write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> str:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return str(path)


def _expect(result: gkstd.audit.AuditResult) -> None:
    by_row = {(f.location.line, f.code) for f in result.findings}
    assert by_row == {
        (3, "GK501"),
        (4, "GK502"),
        (6, "GK503"),
        (7, "GK504"),
        (8, "GK505"),
        (9, "GK506"),
        (10, "GK507"),
        (11, "GK508"),
    }
    late = next(f for f in result.findings if f.code == "GK501")
    assert "2 个工作日" in late.message
    assert "permit" in next(f.message for f in result.findings if f.code == "GK504")
    permit = next(s for s in result.items if s.item == "permit")
    assert (permit.records, permit.on_time, permit.late, permit.overdue, permit.pending) == (
        5,
        2,
        1,
        1,
        1,
    )
    assert permit.on_time_rate == pytest.approx(0.5)
    assert permit.average_delay == pytest.approx(2.0)
    (domain,) = result.domains
    assert domain.records == 6
    assert domain.no_deadline == 1


def test_csv_records(tmp_path: Path, catalog: Catalog) -> None:
    path = _write(tmp_path, "records.csv", HEAD + ROWS)
    _expect(audit(path, [catalog], as_of=AS_OF))


def test_gbk_csv_records(tmp_path: Path, catalog: Catalog) -> None:
    path = _write(tmp_path, "records.csv", HEAD + ROWS, "gbk")
    _expect(audit(path, [catalog], as_of=AS_OF))


def test_jsonl_records_with_a_broken_line(tmp_path: Path, catalog: Catalog) -> None:
    reader = csv.DictReader(io.StringIO(HEAD + ROWS))
    lines = [json.dumps({k: v for k, v in row.items() if v}, ensure_ascii=False) for row in reader]
    lines.insert(3, "{not json")
    path = _write(tmp_path, "records.jsonl", "\n".join(lines) + "\n")
    result = audit(path, [catalog], as_of=AS_OF)
    assert (4, "GK506") in {(f.location.line, f.code) for f in result.findings}
    assert sum(1 for f in result.findings if f.code == "GK501") == 1


def test_xlsx_records(tmp_path: Path, catalog: Catalog) -> None:
    xlsxwriter = pytest.importorskip("xlsxwriter")
    pytest.importorskip("python_calamine")
    path = tmp_path / "records.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet()
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    for r, row in enumerate(csv.reader(io.StringIO(HEAD + ROWS))):
        for c, value in enumerate(row):
            if c in (1, 2) and r and value and value != "2026-02-30":
                sheet.write_datetime(r, c, datetime.datetime.fromisoformat(value), date_format)
            elif value:
                sheet.write_string(r, c, value)
    workbook.close()
    _expect(audit(str(path), [catalog], as_of=AS_OF))


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("records.csv", "编号,日期\n1,2026-02-10\n"),
        ("records.csv", "<!DOCTYPE html><html><table><tr><td>item</td></tr></table></html>\n"),
        ("records.csv", ""),
        ("records.txt", "item\npermit\n"),
        ("records.xlsx", "this is not a workbook"),
    ],
)
def test_unusable_files_give_one_clear_finding(
    tmp_path: Path, catalog: Catalog, name: str, content: str
) -> None:
    path = _write(tmp_path, name, content)
    result = audit(path, [catalog], as_of=AS_OF)
    (finding,) = result.findings
    assert finding.code == "GK509"
    assert path in finding.message


def test_provisional_deadlines_are_marked(tmp_path: Path, catalog: Catalog) -> None:
    path = _write(tmp_path, "records.csv", HEAD + "permit,2026-12-15,,,\n")
    result = audit(path, [catalog], as_of=datetime.date(2027, 3, 1))
    (finding,) = result.findings
    assert finding.code == "GK502"
    if gkstd.timing.calendar.default_calendar().basis(2027).provisional:
        assert "暂定" in finding.message
        assert result.items[0].provisional == 1


def test_records_are_read_column_wise(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "r.csv",
        "事项编号,信息形成日期,发布日期,发布渠道,其他\nA,2026-01-05,,,x\n\nB,,,,\n",
    )
    table = read_records(path)
    assert table.rows == [2, 4]
    assert table.column("item") == ["A", "B"]
    assert table.column("url") == [None, None]
    assert table.unknown_columns == ("其他",)


def test_cli_audit_formats_and_exit_codes(tmp_path: Path) -> None:
    catalog_path = _write(tmp_path, "catalog.yaml", EXAMPLE_CATALOG)
    records = _write(tmp_path, "records.csv", HEAD + ROWS)
    runner = CliRunner()
    base = ["audit", records, "--catalog", catalog_path, "--as-of", "2026-11-23"]
    text = runner.invoke(cli, base)
    assert text.exit_code == 1, text.output
    assert "GK502" in text.output
    assert "50.0%" in text.output
    data = json.loads(runner.invoke(cli, [*base, "--format", "json"]).output)
    assert data["records"] == 10
    assert {f["code"] for f in data["findings"]} >= {"GK501", "GK502", "GK504"}
    rows = list(
        csv.DictReader(
            io.StringIO(
                runner.invoke(cli, [*base, "--format", "csv"]).stdout.removeprefix("\ufeff")
            )
        )
    )
    assert {r["kind"] for r in rows} == {"finding", "item", "domain"}
    clean = _write(tmp_path, "clean.csv", HEAD + "permit,2026-02-10,2026-03-16,政府网站,\n")
    assert (
        runner.invoke(
            cli, ["audit", clean, "--catalog", catalog_path, "--as-of", "2026-11-23"]
        ).exit_code
        == 0
    )
    bad = _write(tmp_path, "bad.csv", "编号\n1\n")
    assert runner.invoke(cli, ["audit", bad, "--catalog", catalog_path]).exit_code == 2
    wrong_date = runner.invoke(
        cli, ["audit", clean, "--catalog", catalog_path, "--as-of", "2026-02-30"]
    )
    assert wrong_date.exit_code == 2
    assert "Traceback" not in wrong_date.output


def test_demo_records_against_the_pack() -> None:
    demo = Path(__file__).parent.parent / "examples" / "synthetic-records-municipal-services.csv"
    result = CliRunner().invoke(
        cli, ["audit", str(demo), "--catalog", "municipal-services", "--as-of", "2026-11-23"]
    )
    assert result.exit_code == 1
    assert "GK501" in result.output


def test_out_of_range_dates_and_path_objects(tmp_path: Path, catalog: Catalog) -> None:
    path = tmp_path / "records.csv"
    path.write_text(
        HEAD + "permit,1999-01-04,,,\npermit,2026-02-10,2026-03-20,政府网站,\n", encoding="utf-8"
    )
    result = audit(path, [catalog], as_of=AS_OF)
    assert [(f.location.line, f.code) for f in result.findings] == [(2, "GK506"), (3, "GK501")]
    assert "2004" in result.findings[0].message


def test_names_shared_by_two_catalogs_need_a_domain(tmp_path: Path, catalog: Catalog) -> None:
    import attrs

    other = attrs.evolve(catalog, id="other/county", domain="other")
    path = tmp_path / "records.csv"
    path.write_text(
        "item,formed,published,domain\npermit,2026-02-10,2026-03-16,\npermit,2026-02-10,2026-03-16,other\n",
        encoding="utf-8",
    )
    result = audit(path, [catalog, other], as_of=AS_OF)
    (finding,) = result.findings
    assert (finding.location.line, finding.code) == (2, "GK504")
    assert "domain" in finding.message
    assert [s.domain for s in result.items] == ["other"]


def test_cli_audit_jobs_give_the_same_result(tmp_path: Path) -> None:
    catalog_path = _write(tmp_path, "catalog.yaml", EXAMPLE_CATALOG)
    records = _write(tmp_path, "records.csv", HEAD + ROWS)
    runner = CliRunner()
    base = ["audit", records, "--catalog", catalog_path, "--as-of", "2026-11-23", "--format"]
    one = runner.invoke(cli, [*base, "json", "-j", "1"])
    two = runner.invoke(cli, [*base, "json", "--jobs", "2"])
    assert one.exit_code == two.exit_code == 1
    assert json.loads(one.output) == json.loads(two.output)


def test_cli_findings_out_writes_each_finding_as_found(tmp_path: Path) -> None:
    catalog_path = _write(tmp_path, "catalog.yaml", EXAMPLE_CATALOG)
    records = _write(tmp_path, "records.csv", HEAD + ROWS)
    out = tmp_path / "findings.jsonl"
    runner = CliRunner()
    base = ["audit", records, "--catalog", catalog_path, "--as-of", "2026-11-23"]
    whole = json.loads(runner.invoke(cli, [*base, "--format", "json"]).output)
    streamed = runner.invoke(cli, [*base, "--format", "json", "--findings-out", str(out)])
    assert streamed.exit_code == 1, streamed.output  # errors found, as without the option
    data = json.loads(streamed.stdout)
    assert data["findings"] == []
    assert data["items"] == whole["items"]
    written = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert written == whole["findings"]
    assert sum(data["finding_counts"].values()) == len(written)
    again = runner.invoke(cli, [*base, "--findings-out", str(out)])
    assert again.exit_code == 2  # not over an existing file without --force
    assert "--force" in again.output
    text = runner.invoke(cli, [*base, "--findings-out", str(out), "--force"])
    assert text.exit_code == 1
    assert "GK502" not in text.stdout  # the findings are in the file, the summaries here
    assert f"错误 {data['finding_counts']['error']}" in text.stdout
    refused = runner.invoke(cli, [*base, "--findings-out", records, "--force"])
    assert refused.exit_code == 2  # never over the records
    assert (tmp_path / "records.csv").read_text("utf-8") == HEAD + ROWS


def test_cli_findings_out_writes_nothing_when_the_records_cannot_be_read(tmp_path: Path) -> None:
    catalog_path = _write(tmp_path, "catalog.yaml", EXAMPLE_CATALOG)
    bad = _write(tmp_path, "bad.csv", "no,usable,header\n1,2,3\n")
    out = tmp_path / "findings.jsonl"
    result = CliRunner().invoke(
        cli, ["audit", bad, "--catalog", catalog_path, "--findings-out", str(out)]
    )
    assert result.exit_code == 2
    assert "GK509" in result.output
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".gkstd-tmp")]


def test_the_json_of_an_audit_is_written_a_finding_at_a_time() -> None:
    """audit --format json built the whole mapping and its text (6 GB for 1M findings);
    the parts give the same JSON, the findings as an iterator."""
    import collections.abc
    import json

    import gkstd
    from gkstd.audit import audit
    from gkstd.cli.common import json_pieces, json_text

    records = Path(__file__).parent.parent / "examples" / "synthetic-records-municipal-services.csv"
    result = audit(str(records), [gkstd.resolve("municipal-services").catalog], as_of=AS_OF)
    parts = dict(result.parts())
    assert isinstance(parts["findings"], collections.abc.Iterator)
    assert "".join(json_pieces(result.parts())) == json_text(result.to_dict())
    assert json.loads(json_text(result.to_dict()))["records"] == result.records
