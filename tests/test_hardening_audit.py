"""Hardening of the audit's records reader: each test is the minimal reproducer of a crash
or a silent misreading found on hostile records files."""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import gkstd
from gkstd.audit import RecordsError, audit, read_records
from gkstd.audit.rules import EXAMPLE_CATALOG
from gkstd.cli.main import cli
from gkstd.model import Catalog
from gkstd.timing.calendar import WorkCalendar

AS_OF = datetime.date(2026, 11, 23)
GOOD = '{"item": "permit", "formed": "2026-02-10", "published": "2026-03-16"}'


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    loaded, report = gkstd.load(EXAMPLE_CATALOG)
    assert loaded is not None, report.findings
    return loaded


def _file(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def _codes(result: gkstd.audit.AuditResult) -> list[tuple[int | None, str]]:
    return [(f.location.line, f.code) for f in result.findings]


# --------------------------------------------------------------------- no usable row


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("records.csv", "item,formed,published\n"),  # header only: crashed (year 0)
        ("records.csv", "item,formed,published\n,,\n , ,\n"),  # header and empty rows
        ("records.csv", ""),
        ("records.csv", "\n\n\r\n  \n"),
        ("records.jsonl", ""),
        ("records.jsonl", "\n \n\n"),
        ("records.jsonl", "{}\n"),
    ],
)
def test_a_file_without_records_says_so_and_what_is_expected(
    tmp_path: Path, catalog: Catalog, name: str, data: str
) -> None:
    path = _file(tmp_path, name, data)
    with pytest.raises(RecordsError) as raised:
        read_records(path)
    assert "没有可审计的记录" in raised.value.message
    assert "formed" in raised.value.message
    assert "item" in raised.value.message
    assert "no records" in raised.value.message_en
    (finding,) = audit(path, [catalog], as_of=AS_OF).findings
    assert finding.code == "GK509"
    assert "item" in finding.message


def test_an_audit_with_no_accepted_row_does_not_crash(tmp_path: Path, catalog: Catalog) -> None:
    """Every row rejected: the calendar had no year loaded when asked for provisional years."""
    path = _file(tmp_path, "records.csv", "item,formed\npermit,2026-02-30\nnope,2026-02-10\n")
    result = audit(path, [catalog], as_of=AS_OF, calendar=WorkCalendar())
    assert _codes(result) == [(2, "GK506"), (3, "GK504")]


# --------------------------------------------------------------------- JSON value types

HOSTILE_VALUES = [
    "[1, 2]",
    '{"a": 1}',
    "true",
    "false",
    "NaN",
    "Infinity",
    "-Infinity",
    "1" + "0" * 400,  # 10**400
    "1e999",
]


@pytest.mark.parametrize("column", ["item", "formed", "published", "channel", "domain", "scope"])
@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_jsonl_values_of_the_wrong_type_are_row_problems(
    tmp_path: Path, catalog: Catalog, column: str, value: str
) -> None:
    row = {"item": '"permit"', "formed": '"2026-02-10"', "published": '"2026-03-16"'}
    row[column] = value
    line = "{" + ", ".join(f'"{k}": {v}' for k, v in row.items()) + "}"
    path = _file(tmp_path, "records.jsonl", GOOD + "\n" + line + "\n")
    table = read_records(path)
    assert len(table) == 1
    ((number, zh, en),) = table.bad_rows
    assert number == 2
    assert column in zh
    assert column in en
    assert _codes(audit(path, [catalog], as_of=AS_OF)) == [(2, "GK506")]


def test_jsonl_null_and_numbers_are_cells(tmp_path: Path, catalog: Catalog) -> None:
    lines = [
        '{"item": "permit", "formed": "2026-02-10", "published": null, "scope": null}',
        '{"item": 7, "formed": 20260210}',  # a number item is text; a number date is wrong
        '{"item": "permit", "formed": "2026-02-10", "scope": 3}',
    ]
    path = _file(tmp_path, "records.jsonl", "\n".join(lines) + "\n")
    assert read_records(path).column("item") == ["permit", "7", "permit"]
    assert _codes(audit(path, [catalog], as_of=AS_OF)) == [(1, "GK502"), (2, "GK504"), (3, "GK502")]


@pytest.mark.parametrize(
    "line",
    [
        '{"item": ' + "9" * 5000 + "}",  # json.loads: ValueError (int digits limit)
        "[" * 100_000,  # RecursionError
        '{"item": ' + "[" * 100_000 + "}",
    ],
)
def test_unparsable_jsonl_lines_are_row_problems(
    tmp_path: Path, catalog: Catalog, line: str
) -> None:
    path = _file(tmp_path, "records.jsonl", GOOD + "\n" + line + "\n")
    assert _codes(audit(path, [catalog], as_of=AS_OF)) == [(2, "GK506")]


# --------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    "value",
    [
        "0000-01-01",
        "10000-01-01",
        "2026-02-30",
        "9999-12-31",
        "0001-01-01",
        "45000",
        "2958466",  # past Excel's last serial
        "-1",
        "1e308",
        "2026-13-01",
    ],
)
def test_impossible_dates_are_row_problems(tmp_path: Path, catalog: Catalog, value: str) -> None:
    path = _file(tmp_path, "records.csv", f"item,formed,published\npermit,{value},\n")
    for field in ("formed", "published"):
        row = f"permit,{value}," if field == "formed" else f"permit,2026-02-10,{value}"
        path.write_text(f"item,formed,published\n{row}\n", encoding="utf-8")
        assert _codes(audit(path, [catalog], as_of=AS_OF)) == [(2, "GK506")], field


@pytest.mark.parametrize(
    "value", ["2026-02-10T08:00:00+99:00", "2026-02-10T25:61:00Z", "2026-02-10 08:00 UTC+14"]
)
def test_timestamps_with_odd_time_zones_are_read_as_their_day(
    tmp_path: Path, catalog: Catalog, value: str
) -> None:
    path = _file(tmp_path, "records.jsonl", json.dumps({"item": "permit", "formed": value}))
    assert _codes(audit(path, [catalog], as_of=AS_OF)) == [(1, "GK502")]


def test_excel_serials_out_of_range_are_row_problems(tmp_path: Path, catalog: Catalog) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["item", "formed", "published"])
    sheet.append(["permit", 99_999_999, -5])
    sheet.append(["permit", datetime.date(2026, 2, 10), 1e308])
    for cell in ("B2", "C2", "C3"):
        sheet[cell].number_format = "yyyy-mm-dd"
    path = tmp_path / "records.xlsx"
    book.save(path)
    assert _codes(audit(path, [catalog], as_of=AS_OF)) == [(2, "GK506"), (3, "GK506")]


# --------------------------------------------------------------------- bytes and lines


def test_non_utf8_bytes_give_one_clear_finding(tmp_path: Path, catalog: Catalog) -> None:
    path = _file(tmp_path, "records.csv", b"item,formed\n\xff\xfe\x80\x81abc,2026\n")
    (finding,) = audit(path, [catalog], as_of=AS_OF).findings
    assert finding.code == "GK509"
    assert "UTF-8" in finding.message


def test_a_bom_is_not_part_of_the_header(tmp_path: Path, catalog: Catalog) -> None:
    path = _file(tmp_path, "records.csv", b"\xef\xbb\xbfitem,formed\npermit,2026-02-10\n")
    assert _codes(audit(path, [catalog], as_of=AS_OF)) == [(2, "GK502")]


def test_mixed_line_endings_are_lines(tmp_path: Path, catalog: Catalog) -> None:
    data = b"item,formed\r\npermit,2026-02-10\rpermit,2026-02-11\npermit,2026-02-12\r\n"
    path = _file(tmp_path, "records.csv", data)
    assert _codes(audit(path, [catalog], as_of=AS_OF)) == [(2, "GK502"), (3, "GK502"), (4, "GK502")]


@pytest.mark.parametrize("data", [b"item,formed\npermit\x00,2026-02-10\n", b"\x00\x00\x00"])
def test_nul_bytes_mean_a_binary_file(tmp_path: Path, catalog: Catalog, data: bytes) -> None:
    path = _file(tmp_path, "records.csv", data)
    (finding,) = audit(path, [catalog], as_of=AS_OF).findings
    assert finding.code == "GK509"
    assert "NUL" in finding.message
    assert "YAML" not in finding.message


@pytest.mark.parametrize(
    "row",
    ["x" * 200_000 + ",2026-02-10", "permit," + "2" * 200_000, "permit,2026-02-10," + "y" * 40_000],
)
def test_extremely_long_lines_are_row_problems(tmp_path: Path, catalog: Catalog, row: str) -> None:
    path = _file(tmp_path, "records.csv", f"item,formed,channel\n{row}\npermit,2026-02-10,\n")
    result = audit(path, [catalog], as_of=AS_OF)
    assert _codes(result) == [(2, "GK506"), (3, "GK502")]
    assert len(result.findings[0].message) < 300  # the cell is not echoed


@pytest.mark.parametrize(
    "data",
    [
        'item,formed\n"permit,2026-02-10\npermit,2026-02-11\n',
        'item,formed\npermit,2026-02-10\npermit,"2026-02-11',
    ],
)
def test_unbalanced_quotes_are_a_row_problem(tmp_path: Path, catalog: Catalog, data: str) -> None:
    path = _file(tmp_path, "records.csv", data)
    result = audit(path, [catalog], as_of=AS_OF)
    bad = [f for f in result.findings if f.code == "GK506"]
    assert len(bad) == 1
    assert "引号不配对" in bad[0].message
    assert "unbalanced quotes" in bad[0].message_en


def test_quoted_line_breaks_are_still_cells(tmp_path: Path, catalog: Catalog) -> None:
    data = 'item,formed,channel\npermit,2026-02-10,"政府\n网站"\n'
    assert read_records(_file(tmp_path, "records.csv", data)).column("channel") == ["政府\n网站"]


def test_the_size_limit_comes_from_gkstd_limits(tmp_path: Path) -> None:
    path = _file(tmp_path, "records.csv", "item,formed\npermit,2026-02-10\n")
    with gkstd.limits.raised(max_record_bytes=10), pytest.raises(RecordsError) as raised:
        read_records(path)
    assert "GKSTD_LIMIT_MAX_RECORD_BYTES" in raised.value.message


def test_cli_header_only_records_exit_2_without_traceback(tmp_path: Path) -> None:
    catalog = _file(tmp_path, "catalog.yaml", EXAMPLE_CATALOG)
    records = _file(tmp_path, "records.csv", "item,formed,published\n")
    result = CliRunner().invoke(cli, ["audit", str(records), "--catalog", str(catalog)])
    assert result.exit_code == 2, result.output
    assert "没有可审计的记录" in result.output
    assert "Traceback" not in result.output


def test_long_cells_within_the_limit_are_cut_in_messages(tmp_path: Path, catalog: Catalog) -> None:
    long = "燃" * 30_000
    path = _file(tmp_path, "records.csv", f"item,formed,channel\n{long},2026-02-10,\n")
    (finding,) = audit(path, [catalog], as_of=AS_OF).findings
    assert finding.code == "GK504"
    assert len(finding.message) < 400
    path.write_text(f"item,formed\npermit,{long}\n", encoding="utf-8")
    (finding,) = audit(path, [catalog], as_of=AS_OF).findings
    assert finding.code == "GK506"
    assert len(finding.message) < 400


def test_a_long_header_without_an_item_column_is_cut(tmp_path: Path) -> None:
    path = _file(tmp_path, "records.csv", ",".join(["列"] * 20_000) + "\n1\n")
    with pytest.raises(RecordsError) as raised:
        read_records(path)
    assert len(raised.value.message) < 600
    assert len(raised.value.message_en) < 600


def test_a_bom_alone_is_a_file_without_records(tmp_path: Path) -> None:
    with pytest.raises(RecordsError) as raised:
        read_records(_file(tmp_path, "records.csv", b"\xef\xbb\xbf\r\n"))
    assert "没有可审计的记录" in raised.value.message


def test_a_stray_quote_costs_its_own_row_only(tmp_path: Path, catalog: Catalog) -> None:
    """A quote that never closes read the next ~2,600 lines into one cell (up to the cell
    limit): those records vanished with one GK506, and every later row was misnumbered."""
    rows = [f"permit,2026-02-10,{chr(34) if n == 7 else ''}row{n}" for n in range(2, 4002)]
    path = _file(tmp_path, "records.csv", "item,formed,channel\n" + "\n".join(rows) + "\n")
    table = read_records(path)
    assert len(table.rows) == 3999  # every line but the one with the stray quote
    assert table.rows[5] == 8  # the row after it keeps its number …
    assert table.column("channel")[5] == "row8"  # … and its own cells
    (bad,) = [b for b in table.bad_rows if b[0] == 7]
    assert "第 7 行的带引号单元格没有结束" in bad[1]
    quoted = 'item,formed,channel\npermit,2026-02-10,"政府\n网站"\npermit,2026-02-11,x\n'
    assert read_records(_file(tmp_path, "q.csv", quoted)).column("channel") == ["政府\n网站", "x"]


def test_a_stray_quote_in_a_streamed_file_reads_one_bounded_chunk(
    tmp_path: Path, catalog: Catalog
) -> None:
    """The chunked reader read on until the quotes paired up: a 144 MB file with one stray
    quote took 19 GB.  Now a chunk grows by at most one quoted cell."""
    lines = [f"permit,2026-02-10,{chr(34) if n == 9000 else ''}site{n}" for n in range(2, 40_000)]
    path = _file(tmp_path, "records.csv", "item,formed,channel\n" + "\n".join(lines) + "\n")
    with gkstd.limits.raised(max_text_chars=1000):
        chunks = list(iter_records_from(str(path), chunk=64 * 1024))
    assert max(len(c.rows) for c in chunks) < 5000  # no chunk ran to the end of the file
    numbers = [n for c in chunks for n in c.rows]
    assert len(numbers) == len(lines) - 1
    assert 9000 not in numbers  # (after the first chunk, which is plain: streamed)
    assert numbers == sorted(numbers)


def iter_records_from(path: str, chunk: int) -> Iterator[Any]:
    """iter_records on a file it streams whatever its size (STREAM_FROM lowered)."""
    from gkstd.audit import iter_records
    from gkstd.audit import records as records_module

    saved = records_module.STREAM_FROM
    records_module.STREAM_FROM = 0
    try:
        yield from iter_records(path, chunk=chunk)
    finally:
        records_module.STREAM_FROM = saved


@pytest.mark.parametrize("value", ["2026-02-10 garbage", "2026-03-01 至 2026-03-05"])
def test_text_after_a_date_that_is_no_time_makes_no_date(
    tmp_path: Path, catalog: Catalog, value: str
) -> None:
    """A range or a note after the date was read as the date alone."""
    path = _file(tmp_path, "records.csv", f"item,formed,published\npermit,{value},\n")
    assert _codes(audit(path, [catalog], as_of=AS_OF)) == [(2, "GK506")]


def test_an_audit_date_outside_the_calendar_is_refused(tmp_path: Path, catalog: Catalog) -> None:
    """``as_of`` 1900 audited records as pending before they were formed; 9999 was
    reported as an unusable records file."""
    from gkstd.timing.calendar import CalendarError

    path = _file(tmp_path, "records.csv", "item,formed,published\npermit,2026-02-10,\n")
    for day in (datetime.date(1900, 1, 1), datetime.date(9999, 12, 31)):
        with pytest.raises(CalendarError):
            audit(path, [catalog], as_of=day)


def test_a_parquet_file_of_blank_rows_has_no_records(tmp_path: Path, catalog: Catalog) -> None:
    """As a CSV or JSON Lines file of blank rows: GK509, not "0 records, no error"."""
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    path = tmp_path / "blank.parquet"
    blank = pa.array([None, None], pa.string())
    pq.write_table(pa.table({"item": blank, "formed": blank}), path)
    assert [f.code for f in audit(path, [catalog], as_of=AS_OF).findings] == ["GK509"]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_read(
    tmp_path: Path, catalog: Catalog, encoding: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An export saved as "Unicode" that lost its mark was called a binary file; streamed,
    its two-byte line breaks must not be split between chunks."""
    from gkstd.audit import iter_records
    from gkstd.audit import records as records_module

    text = "item,formed\npermit,2026-02-10\n一级,2026-02-11\n" * 40
    path = _file(tmp_path, "records.csv", text.encode(encoding))
    expected = _codes(audit(_file(tmp_path, "utf8.csv", text), [catalog], as_of=AS_OF))
    assert _codes(audit(path, [catalog], as_of=AS_OF)) == expected
    monkeypatch.setattr(records_module, "STREAM_FROM", 0)
    assert _codes(audit(iter_records(path, chunk=64), [catalog], as_of=AS_OF)) == expected


def test_a_parquet_row_number_that_is_no_number_is_a_finding(
    tmp_path: Path, catalog: Catalog
) -> None:
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    path = tmp_path / "records.parquet"
    table = {"row": ["²", "3"], "item": ["permit", "permit"], "formed": ["2026-02-10"] * 2}
    pq.write_table(pa.table(table), path)
    codes = [f.code for f in audit(path, [catalog], as_of=AS_OF).findings]
    assert codes  # a finding (GK509 naming the row), not an internal error
    assert set(codes) <= {"GK509", "GK502", "GK506"}
