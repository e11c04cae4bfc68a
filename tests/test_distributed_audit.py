"""gkstd.distributed.audit: records stored as Parquet partitions, audited as a Dask
dataframe on a LocalCluster, give what one process gives for the same records in one CSV
file; and the parts of an audit combine into the audit of the whole."""

from __future__ import annotations

import csv
import datetime
import io
import itertools
import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gkstd
from gkstd.audit import RecordsError, audit, read_records
from gkstd.audit.parts import audit_part, combine
from gkstd.audit.records import from_arrow
from gkstd.model import Catalog
from tests.test_audit import HEAD, ROWS
from tests.test_audit_vectorised import _ALT, AS_OF, EXTRA, _load, _same

try:
    import dask.dataframe  # noqa: F401
    import distributed  # noqa: F401

    HAVE_DASK = True
except ImportError:  # pragma: no cover
    HAVE_DASK = False

needs_dask = pytest.mark.skipif(not HAVE_DASK, reason="pip install 'gkstd[distributed]'")

_HEADER = HEAD.rstrip("\n") + ",domain,scope\n"
_EXTRA_ROWS = (
    "scoped,2026-03-02,2026-04-20,政府网站,,alt,供水\n"
    "scoped,2026-03-02,2026-03-10,政府网站,,alt,城市道路\n"
    "permit,2026-03-02,2026-03-10,政府网站,,example,\n"
)


@pytest.fixture(scope="module")
def catalogs() -> list[Catalog]:
    from gkstd.audit.rules import EXAMPLE_CATALOG

    return [_load(EXAMPLE_CATALOG), _load(_ALT)]


def _body(repeat: int) -> str:
    rows = [line + ",," for line in (ROWS + EXTRA).splitlines()]
    return ("\n".join(rows) + "\n" + _EXTRA_ROWS) * repeat


def _columns(text: str) -> dict[str, list[str]]:
    reader = csv.reader(io.StringIO(text))
    header = next(reader)
    rows = list(reader)
    return {name: [r[k] for r in rows] for k, name in enumerate(header)}


def _parquet(tmp_path: Path, text: str, parts: int) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table(_columns(text))
    folder = tmp_path / "records.parquet"
    folder.mkdir()
    size = -(-table.num_rows // parts)
    for n in range(parts):
        pq.write_table(table.slice(n * size, size), folder / f"part-{n:03}.parquet")
    return folder


def test_the_parts_of_an_audit_combine_into_the_whole(
    tmp_path: Path, catalogs: list[Catalog]
) -> None:
    import pyarrow as pa

    path = tmp_path / "records.csv"
    text = _HEADER + _body(5)
    path.write_text(text, encoding="utf-8")
    expected = audit(path, catalogs, as_of=AS_OF)
    table = pa.table(_columns(text))
    cuts = [0, 7, 30, table.num_rows]
    parts = [
        audit_part(
            from_arrow(table.slice(a, b - a), str(path), first_row=a + 2),
            catalogs,
            as_of=AS_OF,
        )
        for a, b in itertools.pairwise(cuts)
    ]
    _same(combine(parts, str(path), AS_OF), expected)


def test_arrow_tables_read_like_records_files(tmp_path: Path, catalogs: list[Catalog]) -> None:
    import pyarrow as pa

    path = tmp_path / "records.csv"
    text = _HEADER + _body(1)
    path.write_text(text, encoding="utf-8")
    columns = _columns(text)
    whole = from_arrow(pa.table(columns), str(path))
    assert whole.rows == read_records(path).rows
    assert whole.columns == read_records(path).columns
    # numbers and dates in typed columns are cells as JSON Lines gives them
    typed = pa.table(
        {"item": [7, None], "formed": [datetime.date(2026, 2, 10), None], "row": [4, 9]}
    )
    table = from_arrow(typed, "typed.parquet")
    assert table.rows == [4]
    assert table.column("item") == ["7"]
    assert table.column("formed") == [datetime.date(2026, 2, 10)]


@needs_dask
def test_parquet_partitions_on_dask_give_the_one_process_results(
    tmp_path: Path, catalogs: list[Catalog], dask_client: Any
) -> None:
    from gkstd.distributed import audit as dask_audit

    path = tmp_path / "records.csv"
    text = _HEADER + _body(150)  # 3,000 records
    path.write_text(text, encoding="utf-8")
    folder = _parquet(tmp_path, text, 3)
    for chosen in ([catalogs[0]], catalogs):
        expected = audit(path, chosen, as_of=AS_OF)
        got = dask_audit(folder, chosen, as_of=AS_OF, client=dask_client, file=str(path))
        _same(got, expected)
        assert got.records == 3000
        one = audit(folder, chosen, as_of=AS_OF)  # the Parquet folder in one process
        assert [f.to_dict() for f in one.findings] == [
            f.to_dict()
            for f in dask_audit(folder, chosen, as_of=AS_OF, client=dask_client).findings
        ]
    # with a row column: the rows it gives
    import pyarrow as pa
    import pyarrow.parquet as pq

    numbered = pa.table(_columns(text)).append_column(
        "row", pa.array(range(2, 3002), type=pa.int64())
    )
    single = tmp_path / "numbered.parquet"
    pq.write_table(numbered, single)
    got = dask_audit(single, catalogs, as_of=AS_OF, client=dask_client, file=str(path))
    _same(got, audit(path, catalogs, as_of=AS_OF))


def test_the_distributed_audit_says_when_dask_dataframes_are_missing(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, catalogs: list[Catalog]
) -> None:
    import builtins

    from gkstd.distributed import DistributedError
    from gkstd.distributed import audit as dask_audit

    real = builtins.__import__

    def no_dask(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.startswith("dask"):
            raise ImportError(f"No module named {name!r}")
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_dask)
    with pytest.raises(DistributedError) as raised:
        dask_audit(tmp_path, catalogs, as_of=AS_OF)
    assert "gkstd[distributed]" in raised.value.message
    assert "dask[dataframe]" in raised.value.message_en


_TYPED = st.tuples(
    st.one_of(st.none(), st.sampled_from(["permit", "standing", " permit ", "nothing", ""])),
    st.one_of(st.none(), st.dates(datetime.date(2025, 6, 1), datetime.date(2027, 2, 1))),
    st.one_of(st.none(), st.dates(datetime.date(2025, 6, 1), datetime.date(2027, 2, 1))),
    st.one_of(st.none(), st.sampled_from(["政府网站", "政务新媒体", "x" * 50])),
    st.one_of(st.none(), st.integers(-(2**63) + 1, 2**63 - 1), st.sampled_from([1, 10**17])),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records=st.lists(_TYPED, min_size=1, max_size=20), limit=st.sampled_from([None, 40]))
def test_typed_arrow_tables_read_as_json_lines_would(
    catalogs: list[Catalog], records: list[tuple[Any, ...]], limit: int | None
) -> None:
    import pyarrow as pa

    names = ("item", "formed", "published", "channel", "scope")
    columns = {name: [r[k] for r in records] for k, name in enumerate(names)}
    typed = pa.table(
        {
            "item": pa.array(columns["item"], pa.string()),
            "formed": pa.array(columns["formed"], pa.date32()),
            "published": pa.array(columns["published"], pa.date32()),
            "channel": pa.array(columns["channel"], pa.string()).dictionary_encode(),
            "scope": pa.array(columns["scope"], pa.int64()),  # numbers: text, or too long
        }
    )
    lines = [
        json.dumps(
            {
                "item": r[0],
                "formed": r[1] and r[1].isoformat(),
                "published": r[2] and r[2].isoformat(),
                "channel": r[3],
                "scope": r[4],
            },
            ensure_ascii=False,
        )
        for r in records
    ]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "records.jsonl"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        with gkstd.limits.raised(**({} if limit is None else {"max_text_chars": limit})):
            try:
                expected = audit(read_records(path), catalogs, as_of=AS_OF)
            except RecordsError:
                return  # no record at all: not a table
            got = audit(from_arrow(typed, str(path), first_row=1), catalogs, as_of=AS_OF)
    _same(got, expected)


@needs_dask
def test_gkstd_audit_takes_a_scheduler_for_parquet(
    tmp_path: Path, catalogs: list[Catalog], dask_client: Any
) -> None:
    from click.testing import CliRunner

    from gkstd.audit.rules import EXAMPLE_CATALOG
    from gkstd.cli.main import cli

    text = _HEADER + _body(20)
    path = tmp_path / "records.csv"
    path.write_text(text, encoding="utf-8")
    folder = _parquet(tmp_path, text, 2)
    catalog = tmp_path / "catalog.yaml"
    catalog.write_text(EXAMPLE_CATALOG, encoding="utf-8")
    base = ["audit", "--catalog", str(catalog), "--as-of", "2026-11-23", "--format", "json"]
    runner = CliRunner()
    address = dask_client.scheduler.address
    got = runner.invoke(cli, [*base, str(folder), "--scheduler", address])
    one = runner.invoke(cli, [*base, str(folder)])
    assert got.exit_code == one.exit_code == 1, got.output
    assert json.loads(got.stdout) == json.loads(one.stdout)
    missing = runner.invoke(cli, [*base, str(tmp_path / "none.parquet"), "--scheduler", address])
    assert missing.exit_code == 2
    assert "Parquet" in missing.output
