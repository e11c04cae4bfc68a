"""The column-wise audit gives what the row-by-row reference gives: the same findings, in
the same order, the same summaries (tests/test_audit_reference.py keeps the old code)."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gkstd
from gkstd.audit import RecordTable, audit, iter_records, read_records
from gkstd.audit import records as records_module
from gkstd.audit.check import AuditResult, FindingRows
from gkstd.audit.rules import EXAMPLE_CATALOG
from gkstd.model import Catalog
from tests import test_audit_reference as reference
from tests.test_audit import HEAD, ROWS

AS_OF = datetime.date(2026, 11, 23)

#: A second catalog: calendar days, immediate, a limit per scope, two channels.
_SCOPED = """  - id: scoped
    name: 分项事项
    content: [申请条件]
    basis:
      - {title: 城镇燃气管理条例, doc_no: 国务院令第583号, rank: 行政法规}
    time_limit: 城市道路：20个工作日；供水：10个自然日
    subject: 燃气管理部门
    method: 主动
    channels: [政府网站, 政务新媒体]
    audience: 全社会
    levels: [县级, 乡级]
"""
_ALT = (
    EXAMPLE_CATALOG.replace("id: example/county", "id: alt/county")
    .replace("domain: example", "domain: alt")
    .replace(
        "time_limit: {kind: working_days, days: 20, text: 20个工作日}",
        "time_limit: 信息形成之日起10个自然日内",
        1,
    )
    .replace("time_limit: 长期公开", "time_limit: 即时公开")
    .replace("  - id: standing", _SCOPED + "  - id: standing")
)


def _load(text: str) -> Catalog:
    loaded, report = gkstd.load(text)
    assert loaded is not None, report.findings
    return loaded


@pytest.fixture(scope="module")
def catalogs() -> list[Catalog]:
    return [_load(EXAMPLE_CATALOG), _load(_ALT)]


def _same(new: AuditResult, old: reference.AuditResult) -> None:
    assert new.file == old.file
    assert new.records == old.records
    assert [f.to_dict() for f in new.findings] == [f.to_dict() for f in old.findings]
    assert new.findings.codes() == old.findings.codes()
    assert [s.to_dict() for s in new.items] == [s.to_dict() for s in old.items]
    assert [s.to_dict() for s in new.domains] == [s.to_dict() for s in old.domains]


EXTRA = (
    "scoped,2026-03-02,2026-03-20,政务新媒体,\n"
    "alt:permit,2026-03-02,2026-03-20,政府网站,\n"
    "standing,2026-03-02,,,\n"
    "permit,1999-01-01,,,\n"
    "permit,2026-01-01,3000-01-01,,\n"
    "permit,2026-01-05 10:00,2026-2-9,政府 网站,\n"
    "permit,2026年1月5日,2026/03/01,微信公众号,\n"
)


@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
@pytest.mark.parametrize("extra", ["", EXTRA])
def test_the_audit_data_gives_the_reference_results(
    tmp_path: Path, catalogs: list[Catalog], encoding: str, extra: str
) -> None:
    path = tmp_path / "records.csv"
    path.write_bytes((HEAD + ROWS + extra).encode(encoding))
    for chosen in ([catalogs[0]], catalogs):
        _same(audit(path, chosen, as_of=AS_OF), reference.audit(path, chosen, as_of=AS_OF))


def test_quoted_and_jsonl_records_give_the_reference_results(
    tmp_path: Path, catalogs: list[Catalog]
) -> None:
    path = tmp_path / "records.csv"
    path.write_text(HEAD + '"permit",2026-02-10,2026-03-18,"政府\n网站",\n' + ROWS + "\n,,,\n")
    _same(audit(path, catalogs, as_of=AS_OF), reference.audit(path, catalogs, as_of=AS_OF))
    jsonl = tmp_path / "records.jsonl"
    jsonl.write_text(
        '{"item": "permit", "formed": "2026-02-10", "published": "2026-03-18"}\n'
        "{broken\n"
        '{"item": 7, "formed": 20260210}\n'
        '{"item": "scoped", "formed": "2026-02-10", "scope": "供水"}\n'
        '{"item": "scoped", "formed": "2026-02-10", "scope": "城市道路"}\n'
        '{"item": "permit", "formed": true}\n',
        encoding="utf-8",
    )
    _same(audit(jsonl, catalogs, as_of=AS_OF), reference.audit(jsonl, catalogs, as_of=AS_OF))


def test_a_chunked_file_gives_the_whole_file_results(
    tmp_path: Path, catalogs: list[Catalog], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "records.csv"
    body = (ROWS + EXTRA) * 40 + 'permit,2026-02-10,"2026-03-18",政府网站,\n' + ROWS
    path.write_text(HEAD + body, encoding="utf-8")
    monkeypatch.setattr(records_module, "STREAM_FROM", 0)
    chunks = list(iter_records(path, chunk=300))
    assert len(chunks) > 10
    assert [n for c in chunks for n in c.rows] == read_records(path).rows
    expected = reference.audit(path, catalogs, as_of=AS_OF)
    _same(audit(iter_records(path, chunk=300), catalogs, as_of=AS_OF), expected)
    _same(audit(path, catalogs, as_of=AS_OF), expected)  # a path is read in chunks too


def test_a_sink_takes_every_finding_in_row_order_and_nothing_is_kept(
    tmp_path: Path, catalogs: list[Catalog], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "records.csv"
    body = (ROWS + EXTRA) * 40 + ROWS
    path.write_text(HEAD + body, encoding="utf-8")
    monkeypatch.setattr(records_module, "STREAM_FROM", 0)
    expected = reference.audit(path, catalogs, as_of=AS_OF)
    handed: list[dict[str, object]] = []
    calls: list[int] = []

    def sink(rows: FindingRows) -> None:
        calls.append(len(rows))
        handed.extend(f.to_dict() for f in rows)

    result = audit(iter_records(path, chunk=300), catalogs, as_of=AS_OF, sink=sink)
    assert len(calls) > 10  # once per chunk
    assert handed == [f.to_dict() for f in expected.findings]
    assert len(result.findings) == 0
    assert result.records == expected.records
    assert [s.to_dict() for s in result.items] == [s.to_dict() for s in expected.items]
    assert [s.to_dict() for s in result.domains] == [s.to_dict() for s in expected.domains]


_ITEMS = [
    "permit",
    "standing",
    "scoped",
    "燃气经营许可证核发",
    "燃气管理政策文件",
    "example:permit",
    " permit ",
    "燃气许可证",
    "nothing",
    None,
]
_DAYS = st.one_of(
    st.none(),
    st.dates(datetime.date(2025, 6, 1), datetime.date(2027, 2, 1)).map(str),
    st.dates(datetime.date(2025, 6, 1), datetime.date(2027, 2, 1)),
    st.sampled_from(["2026-02-30", "soon", "1999-12-31", "2150-01-01", "2026年3月1日"]),
)
_RECORD = st.tuples(
    st.sampled_from(_ITEMS),
    _DAYS,
    _DAYS,
    st.sampled_from([None, "政府网站", "政务新媒体", "微信", "政府网站、公开栏"]),
    st.sampled_from([None, "example", "alt", "other"]),
    st.sampled_from([None, "供水", "城市道路", "其他"]),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    records=st.lists(_RECORD, max_size=40),
    as_of=st.dates(datetime.date(2026, 1, 1), datetime.date(2027, 6, 30)),
    both=st.booleans(),
)
def test_generated_records_give_the_reference_results(
    catalogs: list[Catalog], records: list[tuple[Any, ...]], as_of: datetime.date, both: bool
) -> None:
    keys = ("item", "formed", "published", "channel", "domain", "scope")
    columns = {key: [r[k] for r in records] for k, key in enumerate(keys)}
    rows = list(range(2, len(records) + 2))
    chosen = catalogs if both else catalogs[:1]
    table = RecordTable("generated.csv", rows, columns)
    _same(audit(table, chosen, as_of=as_of), reference.audit(table, chosen, as_of=as_of))
    # the same records in two chunks
    half = len(records) // 2
    parts = [
        RecordTable("generated.csv", rows[:half], {k: v[:half] for k, v in columns.items()}),
        RecordTable("generated.csv", rows[half:], {k: v[half:] for k, v in columns.items()}),
    ]
    _same(audit(parts, chosen, as_of=as_of), reference.audit(table, chosen, as_of=as_of))


def test_blank_characters_are_whitespace_and_the_comma() -> None:
    blank = {chr(c) for c in range(0x110000) if chr(c).isspace()} | {","}
    assert set(records_module._BLANK) == blank


def test_finding_rows_read_like_a_sequence(tmp_path: Path, catalogs: list[Catalog]) -> None:
    path = tmp_path / "records.csv"
    path.write_text(HEAD + ROWS, encoding="utf-8")
    findings = audit(path, catalogs, as_of=AS_OF).findings
    assert findings[-1] == list(findings)[-1]
    assert findings[1:3] == tuple(findings)[1:3]
    with pytest.raises(IndexError):
        findings[len(findings)]
    assert FindingRows.of(list(findings)) == findings
    assert FindingRows.of(list(findings)).codes() == findings.codes()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records=st.lists(_RECORD, min_size=2, max_size=30))
def test_tables_out_of_row_order_give_findings_in_row_order(
    catalogs: list[Catalog], records: list[tuple[Any, ...]]
) -> None:
    keys = ("item", "formed", "published", "channel", "domain", "scope")
    columns = {key: [r[k] for r in records] for k, key in enumerate(keys)}
    rows = list(range(2, len(records) + 2))
    half = len(records) // 2
    parts = [
        RecordTable("generated.csv", rows[half:], {k: v[half:] for k, v in columns.items()}),
        RecordTable("generated.csv", rows[:half], {k: v[:half] for k, v in columns.items()}),
    ]
    got = audit(parts, catalogs, as_of=AS_OF)
    expected = reference.audit(RecordTable("generated.csv", rows, columns), catalogs, as_of=AS_OF)
    # one GK508 per item: the first record fed without a deadline (here: a later row)
    assert [f.to_dict() for f in got.findings if f.code != "GK508"] == [
        f.to_dict() for f in expected.findings if f.code != "GK508"
    ]
    lines = [f.location.line or 0 for f in got.findings]
    assert lines == sorted(lines)
    assert [s.to_dict() for s in got.items] == [s.to_dict() for s in expected.items]
