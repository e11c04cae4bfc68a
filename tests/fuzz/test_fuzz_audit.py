"""The audit keeps the library contract on hostile records files (issue 16).

Hypothesis writes CSV and JSON Lines records with hostile values in every column (wrong
JSON types, impossible dates, huge numbers, quotes, control characters, stray line
breaks) and files of random bytes; each is audited through :func:`harness.call` (returns
or raises :class:`gkstd.GkstdError`, within ``max_seconds``), with every finding built
and rendered.  A few go through ``gkstd audit`` in this process.
"""

from __future__ import annotations

import datetime
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import gkstd
from gkstd.audit import AuditResult, audit
from gkstd.audit.records import COLUMNS
from gkstd.audit.rules import EXAMPLE_CATALOG
from gkstd.inherit.workspace import Workspace
from gkstd.model import Catalog
from tests.fuzz import harness

AS_OF = datetime.date(2026, 11, 23)

#: Header spellings: every known column in two spellings, an unknown one and blanks.
NAMES = [*(names[0] for names in COLUMNS.values()), *(names[-1] for names in COLUMNS.values())]
HEADERS = st.lists(st.sampled_from([*NAMES, "其他", "", " item ", "ITEM"]), min_size=1, max_size=9)

#: Text that looks like what the columns hold, and what breaks readers.
TEXT_CELLS = st.one_of(
    st.sampled_from(
        [
            "permit",
            "standing",
            "gas.operating-permit",
            "municipal-services",
            "example",
            "燃气经营许可证核发",
            "政府网站",
            "2026-02-10",
            "2026-03-16",
            "0000-01-01",
            "10000-01-01",
            "2026-02-30",
            "9999-12-31",
            "2026-02-10T08:00:00+99:00",
            "2026年2月10日",
            "45000",
            "2958466",
            "-1",
            "1e308",
            "NaN",
            "9" * 5000,
            '"',
            '"unclosed',
            'a"b',
            "\r",
            "\n",
            "\u2028",
            "\ufeff",
            "x" * 40_000,
        ]
    ),
    st.text(max_size=30),
)

#: JSON values of every type, including what ``json`` accepts beyond the standard.
JSON_VALUES = st.one_of(
    TEXT_CELLS.map(json.dumps),
    st.sampled_from(
        ["null", "true", "false", "NaN", "Infinity", "-Infinity", "1e999", "1" + "0" * 400]
    ),
    st.integers().map(str),
    st.floats(allow_nan=False, allow_infinity=False).map(json.dumps),
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=5),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner),
        max_leaves=6,
    ).map(json.dumps),
)

LINE_ENDS = st.sampled_from(["\n", "\r\n", "\r"])


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    loaded, report = gkstd.load(EXAMPLE_CATALOG)
    assert loaded is not None, report.findings
    return loaded


@pytest.fixture(scope="module")
def catalogs(catalog: Catalog) -> list[Catalog]:
    """The rule-example catalog and a pack's national catalog (compound time limits, so
    the scope column matters)."""
    pack = Workspace().resolve_ref("municipal-services").catalog
    assert pack is not None
    return [catalog, pack]


@pytest.fixture(scope="module")
def folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as name:
        yield Path(name)


def _audited(path: Path, catalogs: list[Catalog]) -> AuditResult:
    """The audit, with every finding built and rendered (they are built lazily)."""
    result = audit(path, catalogs, as_of=AS_OF)
    for finding in result.findings:
        assert finding.message
        assert finding.message_en
    result.to_dict()
    return result


def _run(folder: Path, name: str, data: bytes, catalogs: list[Catalog]) -> None:
    path = folder / name
    path.write_bytes(data)
    outcome = harness.call(_audited, path, catalogs)
    if outcome.error is None:
        assert isinstance(outcome.value, AuditResult)


@st.composite
def csv_files(draw: st.DrawFn) -> bytes:
    header = draw(HEADERS)
    rows = draw(st.lists(st.lists(TEXT_CELLS, max_size=len(header) + 2), max_size=8))
    quote = draw(st.booleans())
    end = draw(LINE_ENDS)

    def cell(value: str) -> str:
        return '"' + value.replace('"', '""') + '"' if quote else value

    lines = [",".join(header), *(",".join(cell(v) for v in row) for row in rows)]
    text = end.join(lines) + draw(st.sampled_from(["", end]))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]))
    return text.encode(encoding, errors="replace")


@st.composite
def jsonl_files(draw: st.DrawFn) -> bytes:
    keys = st.sampled_from([*NAMES, "其他", ""])
    lines = draw(
        st.lists(
            st.one_of(
                st.dictionaries(keys, JSON_VALUES, max_size=8).map(
                    lambda d: "{" + ", ".join(f"{json.dumps(k)}: {v}" for k, v in d.items()) + "}"
                ),
                JSON_VALUES,
                st.text(max_size=20),
                st.just("[" * 5000),
            ),
            max_size=8,
        )
    )
    return draw(LINE_ENDS).join(lines).encode("utf-8", errors="replace")


@harness.FUZZ
@given(data=csv_files())
def test_hostile_csv_records(folder: Path, catalogs: list[Catalog], data: bytes) -> None:
    _run(folder, "records.csv", data, catalogs)


@harness.FUZZ
@given(data=jsonl_files())
def test_hostile_jsonl_records(folder: Path, catalogs: list[Catalog], data: bytes) -> None:
    _run(folder, "records.jsonl", data, catalogs)


@harness.FUZZ
@given(data=st.binary(max_size=400), suffix=st.sampled_from(["csv", "jsonl", "xlsx"]))
def test_random_bytes_as_records(
    folder: Path, catalogs: list[Catalog], data: bytes, suffix: str
) -> None:
    _run(folder, f"records.{suffix}", data, catalogs)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("header.csv", b"item,formed,published\n"),
        ("types.jsonl", b'{"item": [1], "formed": NaN, "published": ' + b"1" * 400 + b"}\n"),
        ("dates.csv", b"item,formed\npermit,0000-01-01\npermit,10000-01-01\npermit,2026-02-30\n"),
        ("quote.csv", b'item,formed\n"permit,2026-02-10\n'),
        ("nul.csv", b"item,formed\npermit\x00,2026-02-10\n"),
        ("bytes.csv", bytes(range(256))),
    ],
)
def test_cli_audit_on_hostile_records(folder: Path, name: str, data: bytes) -> None:
    catalog = folder / "catalog.yaml"
    catalog.write_text(EXAMPLE_CATALOG, encoding="utf-8")
    records = folder / name
    records.write_bytes(data)
    for fmt in ("text", "json", "csv"):
        outcome = harness.cli(
            ["audit", str(records), "--catalog", str(catalog), "--as-of", "2026-11-23",
             "--format", fmt]
        )  # fmt: skip
        assert outcome.exit_code in (0, 1, 2)


@pytest.mark.skipif(os.name != "posix", reason="RLIMIT_AS is POSIX only")
def test_cli_audit_in_a_child_under_the_memory_limit(folder: Path) -> None:
    catalog = folder / "catalog.yaml"
    catalog.write_text(EXAMPLE_CATALOG, encoding="utf-8")
    records = folder / "long.jsonl"
    records.write_bytes(b'{"item": "' + b"x" * 2_000_000 + b'", "formed": "2026-02-10"}\n' * 3)
    outcome = harness.cli_subprocess(["audit", str(records), "--catalog", str(catalog)])
    assert outcome.exit_code in (1, 2)


@pytest.mark.parametrize("row", [2**62, 0, -5, None])
def test_a_parquet_row_number_out_of_range_names_the_record(folder: Path, row: int | None) -> None:
    """A ``row`` column of 2**62 overflowed the sort key (exit 3); 0, negative or missing
    numbers are no row numbers either: GK509 naming the record, exit 2."""
    pa = pytest.importorskip("pyarrow")
    from pyarrow import parquet

    catalog = folder / "catalog.yaml"
    catalog.write_text(EXAMPLE_CATALOG, encoding="utf-8")
    records = folder / "records.parquet"
    table = pa.table(
        {
            "item": ["permit", "permit"],
            "formed": ["2026-02-10", "2026-02-11"],
            "row": pa.array([2, row], pa.int64()),
        }
    )
    parquet.write_table(table, records)
    outcome = harness.cli(
        ["audit", str(records), "--catalog", str(catalog), "--as-of", "2026-11-23"]
    )
    assert outcome.exit_code == 2, outcome.output
    assert "GK509" in outcome.output
    assert f"row 列第 2 条记录的行号 {row!r} 无效" in outcome.output


def test_a_records_file_of_a_million_columns_is_refused_by_its_header(folder: Path) -> None:
    """pyarrow reserved about 2 GB for a 10 MB CSV of 1,000,003 columns (exit 3 under
    the 2 GB limit): the header alone says it is no records table."""
    catalog = folder / "catalog.yaml"
    catalog.write_text(EXAMPLE_CATALOG, encoding="utf-8")
    records = folder / "wide.csv"
    width = 1_000_003
    records.write_bytes(b"item,formed" + b",x" * (width - 2) + b"\npermit,2026-02-10\n")
    outcome = harness.cli_subprocess(["audit", str(records), "--catalog", str(catalog)])
    assert outcome.exit_code == 2, outcome.output
    assert f"表头有 {width:,} 列" in outcome.output


@pytest.mark.parametrize("name", ["a\x00b.csv", "\ud800.csv"])
def test_a_path_no_file_system_holds_is_a_finding_not_an_exception(
    folder: Path, catalogs: list[Catalog], name: str
) -> None:
    """A name with a NUL or a lone surrogate (taken from JSON input) made import_table and
    audit raise ValueError / UnicodeEncodeError from pathlib."""
    from gkstd.tables import import_table

    imported = harness.call(import_table, name).value
    assert [f.code for f in imported.findings] == ["GK601"]
    audited = harness.call(audit, name, catalogs).value
    (finding,) = list(audited.findings)
    assert finding.code == "GK509"
    assert "文件名无效" in finding.message


def test_a_negative_number_of_working_days_is_a_calendar_error() -> None:
    from gkstd.timing.calendar import CalendarError, WorkCalendar

    with pytest.raises(CalendarError, match="不小于 0"):
        WorkCalendar().add_working_days(datetime.date(2026, 1, 5), -5)
