"""The pyarrow CSV reader gives what the csv module gives: the same findings, in the same
order, and the same summaries as the row-by-row reference audit (which reads with the csv
module), on awkward generated CSV: quotes, blank cells and lines, bad dates, unknown items,
ragged rows, BOM, GB18030, CRLF, cells over the length limit, read whole or in chunks."""

from __future__ import annotations

import codecs
import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gkstd
from gkstd.audit import COLUMNS, audit, iter_records, read_records
from gkstd.audit import records as records_module
from gkstd.io import decode as decode_module
from gkstd.model import Catalog
from tests import test_audit_reference as reference
from tests.test_audit import HEAD, ROWS
from tests.test_audit_vectorised import _ALT, AS_OF, EXTRA, _load, _same

_CATALOGS: list[Catalog] = []


def _catalogs() -> list[Catalog]:
    if not _CATALOGS:
        from gkstd.audit.rules import EXAMPLE_CATALOG

        _CATALOGS.extend([_load(EXAMPLE_CATALOG), _load(_ALT)])
    return _CATALOGS


class _NoText(Exception):
    """The text reader was asked for a file the pyarrow reader should take."""


@pytest.fixture
def arrow_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail when a file goes the text way (the csv module or the comma split)."""

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise _NoText

    monkeypatch.setattr(records_module, "_read_csv", refuse)
    monkeypatch.setattr(records_module, "_simple_csv", refuse)
    monkeypatch.setattr(records_module, "_csv_chunk", refuse)


def test_a_plain_file_is_read_by_pyarrow(tmp_path: Path, arrow_only: None) -> None:
    path = tmp_path / "records.csv"
    path.write_text(HEAD + ROWS + EXTRA, encoding="utf-8")
    table = read_records(path)
    assert table.rows == list(range(2, 2 + len((ROWS + EXTRA).splitlines())))
    assert table.column("item")[:3] == ["permit", "permit", "燃气经营许可证核发"]
    assert table.column("published")[2] is None  # an empty cell
    codes, values = table.coded("channel") or ((), [])
    assert len(values) < len(codes)  # dictionary-encoded
    for encoded in (
        codecs.BOM_UTF8 + (HEAD + ROWS).encode("utf-8"),
        (HEAD + ROWS).replace("\n", "\r\n").encode("gb18030"),
    ):
        path.write_bytes(encoded)
        assert read_records(path).column("channel")[0] == "政府网站"


def test_a_large_plain_file_streams_through_pyarrow(
    tmp_path: Path, arrow_only: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "records.csv"
    path.write_text(HEAD + (ROWS + EXTRA) * 30, encoding="utf-8")
    monkeypatch.setattr(records_module, "STREAM_FROM", 0)
    chunks = list(iter_records(path, chunk=500, columns=("item", "formed")))
    assert len(chunks) > 5
    assert sorted({k for c in chunks for k in c.columns}) == ["formed", "item"]
    assert [n for c in chunks for n in c.rows] == read_records(path).rows


def test_a_quote_in_the_first_rows_still_streams(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One quoted cell in row 2 (Excel quotes a cell holding a comma) made the stream read
    the whole file at once: a 150 MB file took 1.96 GB instead of 130 MB."""
    path = tmp_path / "records.csv"
    quoted = ROWS.replace("政府网站,", '"政府网站,网站",', 1)
    path.write_text(HEAD + quoted + (ROWS + EXTRA) * 30, encoding="utf-8")
    monkeypatch.setattr(records_module, "STREAM_FROM", 0)
    chunks = list(iter_records(path, chunk=500))
    assert len(chunks) > 5
    whole = read_records(path)
    assert [n for c in chunks for n in c.rows] == whole.rows
    assert [v for c in chunks for v in c.column("channel")] == whole.column("channel")


@pytest.mark.parametrize(
    "text",
    [
        HEAD + ROWS.replace("政府网站,", '"政府网站",', 1),  # quotes
        HEAD + ROWS + "\n" + ROWS,  # a blank line
        HEAD + ROWS + ",,,,\n" + ROWS,  # a line of commas
        HEAD + ROWS + "permit,2026-02-10\n",  # a short row
        HEAD + ROWS.replace("\n", "\r", 3),  # lone carriage returns
    ],
)
def test_files_pyarrow_cannot_take_exactly_go_the_text_way(tmp_path: Path, text: str) -> None:
    path = tmp_path / "records.csv"
    path.write_text(text, encoding="utf-8", newline="")
    assert records_module._arrow_csv(path.read_bytes(), str(path)) is None
    for catalogs in ([_catalogs()[0]], _catalogs()):
        _same(audit(path, catalogs, as_of=AS_OF), reference.audit(path, catalogs, as_of=AS_OF))


def test_the_binary_signatures_are_those_decode_refuses() -> None:
    assert set(records_module._BINARY) == {magic for magic, _, _ in decode_module._MAGIC}


def test_a_long_cell_is_a_row_problem_through_pyarrow_too(tmp_path: Path) -> None:
    path = tmp_path / "records.csv"
    long = "https://example.invalid/" + "x" * 60
    path.write_text(HEAD + ROWS + f"permit,2026-02-10,,政府网站,{long}\n", encoding="utf-8")
    with gkstd.limits.raised(max_text_chars=40):
        got = audit(path, _catalogs(), as_of=AS_OF)
        expected = reference.audit(path, _catalogs(), as_of=AS_OF)
    _same(got, expected)
    assert any(f.code == "GK506" and f.location.line == 12 for f in got.findings)


# ----------------------------------------------------------------------------- generated

_ITEM = st.sampled_from(
    ["permit", "standing", "scoped", "燃气经营许可证核发", " permit ", "燃气许可证", "nothing", ""]
)
_DAY = st.one_of(
    st.just(""),
    st.dates(datetime.date(2025, 6, 1), datetime.date(2027, 2, 1)).map(str),
    st.sampled_from(
        [
            "2026-02-30",
            "soon",
            "1999-12-31",
            "2150-01-01",
            "2026年3月1日",
            " 2026/3/2 ",
            "2026-03-02 10:00",
        ]
    ),
)
_CELLS = {
    "item": _ITEM,
    "formed": _DAY,
    "published": _DAY,
    "channel": st.sampled_from(
        ["", "政府网站", "政务新媒体", "微信", " 政府网站 ", "政府网站、公开栏"]
    ),
    "domain": st.sampled_from(["", "example", "alt", "other"]),
    "scope": st.sampled_from(["", "供水", "城市道路", "其他"]),
    "url": st.sampled_from(["", "https://example.invalid/1", "x" * 50]),
    "note": st.sampled_from(["", "备注", "y" * 50]),
}


@st.composite
def _csv(draw: st.DrawFn) -> tuple[bytes, int | None]:
    """A CSV file (bytes) and a cell length limit (None: the default)."""
    keys = draw(
        st.lists(st.sampled_from(sorted(_CELLS)), min_size=1, max_size=8, unique=True).filter(
            lambda k: "item" in k
        )
    )
    header = [draw(st.sampled_from(COLUMNS[k])) if k in COLUMNS else "备注" for k in keys]
    lines = [",".join(header)]
    awkward = draw(st.booleans())
    for _ in range(draw(st.integers(1, 25))):
        cells = [draw(_CELLS[k]) for k in keys]
        if awkward:
            kind = draw(st.integers(0, 12))
            if kind == 0:
                lines.append("")  # a blank line
                continue
            if kind == 1:
                lines.append("," * (len(keys) - 1))  # only commas
                continue
            if kind == 2:
                cells = cells[:-1] if len(cells) > 1 else [*cells, "extra"]  # ragged
            if kind == 3:
                at = draw(st.integers(0, len(cells) - 1))
                inner = draw(st.sampled_from(["a,b", 'say "hi"', "政府\n网站", "permit"]))
                cells[at] = '"' + inner.replace('"', '""') + '"'  # quoted
            if kind == 4:
                lines.append("   ")  # whitespace only
                continue
        lines.append(",".join(cells))
    end = draw(st.sampled_from(["\n", "\r\n"]))
    text = end.join(lines) + (end if draw(st.booleans()) else "")
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]))
    limit = draw(st.sampled_from([None, None, 40]))
    return text.encode(encoding), limit


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(generated=_csv(), as_of=st.dates(datetime.date(2026, 1, 1), datetime.date(2027, 6, 30)))
def test_generated_csv_gives_the_reference_results(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    generated: tuple[bytes, int | None],
    as_of: datetime.date,
) -> None:
    data, limit = generated
    path = tmp_path / "records.csv"
    path.write_bytes(data)
    catalogs = _catalogs()
    with gkstd.limits.raised(**({} if limit is None else {"max_text_chars": limit})):
        expected = reference.audit(path, catalogs, as_of=as_of)
        _same(audit(path, catalogs, as_of=as_of), expected)
        with monkeypatch.context() as patch:  # the same file streamed in small chunks
            patch.setattr(records_module, "STREAM_FROM", 0)
            if expected.records or not expected.findings:
                _same(audit(iter_records(path, chunk=64), catalogs, as_of=as_of), expected)


def test_a_folder_of_parquet_partitions_is_read_without_a_cluster(tmp_path: Path) -> None:
    """docs/audit.md and the help say Parquet may be a folder; without --scheduler a
    folder was refused as the unsupported format ''. Its partitions read as one table
    (rows numbered on across files); a folder of anything else is refused, naming it."""
    pa = pytest.importorskip("pyarrow")
    from pyarrow import parquet

    from gkstd.cli.main import cli

    folder = tmp_path / "records"
    folder.mkdir()
    days = [f"2026-02-1{n}" for n in range(4)]
    for part in range(2):
        table = pa.table({"item": ["permit", "permit"], "formed": days[2 * part : 2 * part + 2]})
        parquet.write_table(table, folder / f"part-{part}.parquet")
    whole = tmp_path / "whole.parquet"
    parquet.write_table(pa.table({"item": ["permit"] * 4, "formed": days}), whole)
    read = read_records(folder)
    assert read.columns["formed"] == read_records(whole).columns["formed"]
    assert list(read.rows) == [2, 3, 4, 5]
    with pytest.raises(records_module.RecordsError, match="只有 Parquet 记录可以按文件夹给出"):
        read_records(folder, fmt="csv")
    csv_folder = tmp_path / "csv"
    csv_folder.mkdir()
    (csv_folder / "r.csv").write_text("item,formed\npermit,2026-02-10\n", "utf-8")
    with pytest.raises(records_module.RecordsError, match=r"其中没有 \.parquet 文件"):
        read_records(csv_folder)
    from click.testing import CliRunner

    from gkstd.audit.rules import EXAMPLE_CATALOG

    catalog = tmp_path / "catalog.yaml"
    catalog.write_text(EXAMPLE_CATALOG, "utf-8")
    result = CliRunner().invoke(
        cli, ["audit", str(folder), "--catalog", str(catalog), "--as-of", "2026-11-23"]
    )
    assert result.exit_code in (0, 1), result.output
    assert "审计 4 条记录" in result.output


def test_a_repeated_column_name_in_parquet_reads_as_in_csv(tmp_path: Path) -> None:
    """Two Parquet columns named item made the audit exit 3 (KeyError from pyarrow); CSV
    takes the first of them."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    names = ["item", "item", "formed", "published"]
    values = ["gas.operating-permit", "x", "2026-02-10", "2026-03-16"]
    pq.write_table(pa.table([pa.array([v]) for v in values], names=names), tmp_path / "r.parquet")
    (tmp_path / "r.csv").write_text(",".join(names) + "\n" + ",".join(values) + "\n", "utf-8")
    catalogs = [gkstd.resolve("municipal-services").catalog]
    as_of = datetime.date(2026, 11, 23)
    from_parquet = audit(str(tmp_path / "r.parquet"), catalogs, as_of=as_of)
    from_csv = audit(str(tmp_path / "r.csv"), catalogs, as_of=as_of)
    assert from_parquet.records == from_csv.records == 1
    assert [f.code for f in from_parquet.findings] == [f.code for f in from_csv.findings]


def test_a_utc_timestamp_is_dated_in_china(tmp_path: Path) -> None:
    """Spark and Hive write instants in UTC: a record formed at 04:00 Beijing time was
    dated the day before (its UTC date), giving a false GK501."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    formed = datetime.datetime(2026, 2, 9, 20, 0, tzinfo=datetime.UTC)  # 2026-02-10 04:00 +08
    pq.write_table(
        pa.table(
            {
                "item": ["gas.operating-permit"],
                "formed": pa.array([formed], pa.timestamp("us", tz="UTC")),
                "published": ["2026-03-16"],
            }
        ),
        tmp_path / "r.parquet",
    )
    (tmp_path / "r.csv").write_text(
        "item,formed,published\ngas.operating-permit,2026-02-10,2026-03-16\n", "utf-8"
    )
    catalogs = [gkstd.resolve("municipal-services").catalog]
    as_of = datetime.date(2026, 11, 23)
    utc = audit(str(tmp_path / "r.parquet"), catalogs, as_of=as_of)
    local = audit(str(tmp_path / "r.csv"), catalogs, as_of=as_of)
    assert [f.code for f in utc.findings] == [f.code for f in local.findings] == []
