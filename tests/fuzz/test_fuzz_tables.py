"""Fuzzing the table importer: hostile workbooks and CSVs through :func:`import_table` and
``gkstd import``, each checked against the harness's contract (returns or raises
:class:`gkstd.GkstdError`, in time, never a panic or an abort)."""

from __future__ import annotations

import csv
import datetime
import io
import re
import tempfile
import zipfile
from pathlib import Path

import xlsxwriter
from hypothesis import given
from hypothesis import strategies as st

from gkstd.tables import import_table
from gkstd.tables.grid import csv_escape, read_grids
from gkstd.tables.rules import EXAMPLE_TABLE
from tests.fuzz import harness
from tests.fuzz.harness import FUZZ

#: Strings that broke readers before, or that a spreadsheet treats specially.
HOSTILE = st.sampled_from(
    [
        "=cmd|' /C calc'!A0",
        "+1",
        "-1",
        "@SUM(A1)",
        "\t=1",
        "\r\n",
        "'",
        "<table><tr><td>x",
        "javascript:alert(1)",
        "序号",
        "公开事项",
        "一级事项",
        "公开内容",
        "公开依据",
        "公开时限",
        "公开主体",
        "√",
        "■政府网站 □政府公报",
        "\ufeff",
        "\u202e",
        "x" * 40,
        "",
        "gkstd-table",
        '{"a": [[[[[',
        "A1:XFD1048576",
    ]
)
CELL = st.one_of(HOSTILE, st.text(st.characters(blacklist_categories=("Cs",)), max_size=20))
GRID = st.lists(st.lists(CELL, min_size=1, max_size=8), min_size=1, max_size=12)


def _xlsx_text(text: str) -> str:
    """Text xlsxwriter can store (no XML-illegal control characters)."""
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", "", text)


@st.composite
def workbooks(draw: st.DrawFn) -> bytes:
    """A workbook of 1-4 sheets of hostile grids, with some merged ranges."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "w.xlsx"
        book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False})
        book.set_properties({"created": datetime.datetime(2020, 1, 1)})  # same bytes each run
        sheets = draw(st.integers(1, 4))
        for index in range(sheets):
            name = "gkstd" if index == 1 and draw(st.booleans()) else f"S{index}"
            sheet = book.add_worksheet(name)
            for r, row in enumerate(draw(GRID)):
                for c, text in enumerate(row):
                    sheet.write_string(r, c, _xlsx_text(text))
            taken: set[tuple[int, int]] = set()
            for _ in range(draw(st.integers(0, 3))):
                r0, c0 = draw(st.integers(0, 15)), draw(st.integers(0, 8))
                r1, c1 = r0 + draw(st.integers(0, 3)), c0 + draw(st.integers(0, 3))
                cells = {(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
                if len(cells) > 1 and not cells & taken:
                    taken |= cells
                    sheet.merge_range(r0, c0, r1, c1, "")
            if draw(st.booleans()):
                sheet.hide()
        book.close()
        return path.read_bytes()


def _rewrite(data: bytes, part: str, mutate: object) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            body = source.read(info)
            if info.filename == part:
                body = mutate(body.decode("utf-8")).encode("utf-8")  # type: ignore[operator]
            archive.writestr(info.filename, body)
    return out.getvalue()


def _import(data: bytes, suffix: str) -> harness.Outcome:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"t{suffix}"
        path.write_bytes(data)
        return harness.call(import_table, path, domain="example")


@FUZZ
@given(workbooks())
def test_hostile_workbooks(data: bytes) -> None:
    _import(data, ".xlsx")


REF = st.one_of(
    st.sampled_from(["A0", "!!", "XFD1048576", "ZZZZZZ99999999999", "A1:XFD1048576", "$A$1", ""]),
    st.text("AZ$:019!-", max_size=12),
)


@FUZZ
@given(workbooks(), REF, st.sampled_from(["c", "row", "dimension", "mergeCell"]))
def test_mutated_references(data: bytes, ref: str, tag: str) -> None:
    attribute = "r" if tag in ("c", "row") else "ref"

    def mutate(xml: str) -> str:
        if tag in ("dimension", "mergeCell") and f"<{tag} " not in xml:
            return xml.replace("<sheetData", f'<{tag} {attribute}="{ref}"/><sheetData', 1)
        return re.sub(f'(<{tag} [^>]*?{attribute}=")[^"]*"', rf'\g<1>{ref}"', xml, count=1)

    _import(_rewrite(data, "xl/worksheets/sheet1.xml", mutate), ".xlsx")


@FUZZ
@given(workbooks(), st.data())
def test_broken_zips(data: bytes, draw: st.DataObject) -> None:
    cut = draw.draw(st.integers(0, len(data)))
    flips = draw.draw(st.lists(st.integers(0, len(data) - 1), max_size=4))
    broken = bytearray(data[:cut] if draw.draw(st.booleans()) else data)
    for at in flips:
        if at < len(broken):
            broken[at] ^= 0xFF
    _import(bytes(broken), ".xlsx")


@FUZZ
@given(st.binary(max_size=2000), st.sampled_from([".xlsx", ".xls", ".csv", ".xlsm", ".ods"]))
def test_random_bytes_with_a_table_name(data: bytes, suffix: str) -> None:
    prefix = {".xlsx": b"PK\x03\x04", ".xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"}
    _import(prefix.get(suffix, b"") + data, suffix)


@FUZZ
@given(GRID, st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]), st.booleans())
def test_hostile_csv(grid: list[list[str]], encoding: str, header: bool) -> None:
    out = io.StringIO()
    if header:
        out.write(EXAMPLE_TABLE)
    csv.writer(out).writerows(grid)
    try:
        data = out.getvalue().encode(encoding)
    except UnicodeEncodeError:
        data = out.getvalue().encode("utf-8", "surrogatepass")
    harness.call(import_table, data, fmt="csv", domain="example", check=False)
    harness.call(read_grids, data, fmt="csv")


@FUZZ
@given(st.lists(st.lists(CELL, min_size=3, max_size=3), min_size=1, max_size=8))
def test_escaped_csv_cells_read_back_exactly(grid: list[list[str]]) -> None:
    """Cells written as the exporter writes them (``csv_escape``) read back unchanged."""
    clean = [[c.replace("\x00", "") for c in row] for row in grid]
    out = io.StringIO()
    rows = [["标题", "", ""], *clean]
    csv.writer(out, lineterminator="\r\n").writerows([[csv_escape(c) for c in row] for row in rows])
    text = out.getvalue()
    if "<table" in text.lower() or not text.strip('\r\n\ufeff \t,"'):
        return
    grids, _ = harness.call(read_grids, ("\ufeff" + text).encode(), fmt="csv").value
    assert [list(r) for r in grids[0].rows] == rows


def test_cli_in_a_child_on_hostile_files(tmp_path: Path) -> None:
    """A few hostile files through ``python -m gkstd import`` under the 2 GB limit."""
    book = tmp_path / "far.xlsx"
    plain = xlsxwriter.Workbook(str(book))
    plain.add_worksheet("S").write_string(1, 0, "x")
    plain.close()
    book.write_bytes(
        _rewrite(
            book.read_bytes(),
            "xl/worksheets/sheet1.xml",
            lambda x: x.replace('r="A2"', 'r="XFD1048576"'),
        )
    )
    junk = tmp_path / "junk.xls"
    junk.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 8)
    bom = tmp_path / "bom.csv"
    bom.write_bytes(b"\xef\xbb\xbf" + EXAMPLE_TABLE.encode() + b"\xff\n")
    strings = tmp_path / "strings.xlsx"  # the reader reserved 100 GB and aborted
    strings.write_bytes(_declaring_strings(4_294_967_295))
    for path in (book, junk, bom, strings):
        outcome = harness.cli_subprocess(["import", str(path), "-o", str(tmp_path / "o.yaml")])
        assert outcome.exit_code == 2, outcome.output
    assert "共享字符串表（xl/sharedStrings.xml）声明有 4294967295 个不同的字符串" in outcome.output
    assert not (tmp_path / "o.yaml").exists()
    checked = harness.cli_subprocess(["check", str(tmp_path), "-j", "2"])
    assert checked.exit_code == 2, checked.output
    assert "GK604" in checked.output or "strings.xlsx" in checked.output


def _declaring_strings(count: int) -> bytes:
    """A small workbook whose shared-strings part declares ``count`` distinct strings."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet("S")
    for column, text in enumerate(("序号", "公开事项", "公开内容")):
        sheet.write_string(0, column, text)
        sheet.write_string(1, column, text + "1")
    book.close()
    return _rewrite(
        out.getvalue(),
        "xl/sharedStrings.xml",
        lambda x: re.sub(r'uniqueCount="\d+"', f'uniqueCount="{count}"', x),
    )


def test_a_declared_count_of_shared_strings_over_the_limit_is_refused() -> None:
    """The count the reader reserves memory for is checked before it reads (GK604); a
    count within ``max_cells`` is read as usual (the count is only a hint)."""
    from gkstd import limits

    with limits.raised(max_cells=1000):
        refused = _import(_declaring_strings(1001), ".xlsx")
        read = _import(_declaring_strings(1000), ".xlsx")
    assert refused.value.catalog is None
    assert [f.code for f in refused.value.findings] == ["GK604"]
    assert "1001 个不同的字符串" in refused.value.findings[0].message
    assert read.value.sheet == "S"
    assert "GK604" not in [f.code for f in read.value.findings]
