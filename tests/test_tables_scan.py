"""The pre-scan of workbooks (``gkstd.tables.xlsxscan``): the quick scan agrees with the
tag-by-tag scan; the shared strings are measured only when a cell needs it; the 同上 test's
short cut holds for every character."""

from __future__ import annotations

import io
import sys
import unicodedata
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gkstd.diagnostics import limits
from gkstd.tables import cells as C
from gkstd.tables import import_table, xlsxscan
from gkstd.tables.xlsxscan import ScanError

PART = "xl/worksheets/sheet1.xml"

_ROWS = st.one_of(
    st.integers(1, 40),
    st.sampled_from([0, 9_999, 10_000, 99_999, 100_000, 999_999, 1_048_576, 1_048_577]),
    st.integers(1, 9_999_999),
)
_LETTERS = st.one_of(
    st.sampled_from(["A", "B", "Z", "AA", "AZ", "ZZ", "AAA", "XFD", "XFE", "ZZZ"]),
    st.text("ABCXYZ", min_size=1, max_size=3),
)


@st.composite
def _ref(draw: st.DrawFn, usual: bool = False) -> str:
    letters, row = draw(_LETTERS), draw(_ROWS)
    odd = "" if usual else draw(st.sampled_from(["", "", "", "", "$", "lower", "zero", "junk"]))
    if odd == "$":
        return f"${letters}${row}"
    if odd == "lower":
        return f"{letters.lower()}{row}"
    if odd == "zero":
        return f"{letters}0{row}"
    if odd == "junk":
        return f"{letters}{row}x"
    return f"{letters}{row}"


@st.composite
def _cell(draw: st.DrawFn, usual: bool = False) -> str:
    ref = draw(_ref(usual))
    odd = ["s-first", "bare", "tab", "prefixed"]
    formulas = ["formula", "uncached", "shared"]
    form = draw(st.sampled_from(["usual"] * 6 + ["empty", *formulas] + ([] if usual else odd)))
    if form == "usual":
        return f'<c r="{ref}" t="s"><v>1</v></c>'
    if form == "formula":
        return f'<c r="{ref}"><f>A1</f><v>1</v></c>'
    if form == "uncached":
        return f'<c r="{ref}"><f>A1&amp;"-"</f></c>'
    if form == "shared":
        return f'<c r="{ref}"><f t="shared" si="0"/><v></v></c>'
    if form == "empty":
        return f'<c r="{ref}" s="1"{draw(st.sampled_from(["", " "]))}/>'
    if form == "s-first":
        return f'<c s="1" r="{ref}"><v>2</v></c>'
    if form == "bare":
        return "<c><v>3</v></c>"
    if form == "tab":
        return f'<c\tr="{ref}"><v>4</v></c>'
    return f'<x:c r="{ref}"><x:v>5</x:v></x:c>'


@st.composite
def _row(draw: st.DrawFn, usual: bool = False) -> str:
    number = draw(_ROWS)
    odd = ["bare", "spans-first", "prefixed"]
    form = draw(st.sampled_from(["usual"] * 5 + ([] if usual else odd)))
    cells = "".join(draw(st.lists(_cell(usual), max_size=5)))
    if form == "usual":
        return f'<row r="{number}" spans="1:5">{cells}</row>'
    if form == "bare":
        return f"<row>{cells}</row>"
    if form == "spans-first":
        return f'<row spans="1:2" r="{number}">{cells}</row>'
    return f'<x:row r="{number}">{cells}</x:row>'


@st.composite
def _range(draw: st.DrawFn) -> str:
    first = draw(_ref())
    return f"{first}:{draw(_ref())}" if draw(st.booleans()) else first


@st.composite
def sheet_xml(draw: st.DrawFn) -> bytes:
    """Sheet XML as written by Excel, WPS and xlsxwriter, and written otherwise (every
    tag written the usual way in about half the examples)."""
    usual = draw(st.booleans())
    rows = "".join(draw(st.lists(_row(usual), max_size=8)))
    merges = "".join(f'<mergeCell ref="{r}"/>' for r in draw(st.lists(_range(), max_size=3)))
    dimension = f'<dimension ref="{draw(_range())}"/>' if draw(st.booleans()) else ""
    cols = '<cols><col min="1" max="3" width="9"/></cols>'
    return (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns:x="urn:x">'
        f"{dimension}{cols}<sheetData>{rows}</sheetData>"
        f"<mergeCells>{merges}</mergeCells></worksheet>"
    ).encode()


def _archive(xml: bytes) -> zipfile.ZipFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(PART, xml)
    return zipfile.ZipFile(buffer)


def _outcome(run: object) -> tuple[str, object]:
    try:
        return "ok", run()  # type: ignore[operator]
    except ScanError as exc:
        return "error", exc.finding.text("en")


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    xml=sheet_xml(),
    cap=st.sampled_from([40, 2_000, 260_000, 5_000_000]),
    chunk=st.sampled_from([48, 200, 1 << 20]),
)
def test_quick_scan_agrees_with_the_tag_by_tag_scan(xml: bytes, cap: int, chunk: int) -> None:
    """Whatever the quick scan says, the tag-by-tag scan says the same: the same first
    error, and nothing to report where the quick scan vouches for the part; its bounds
    are at least the exact counts."""
    with pytest.MonkeyPatch.context() as patch, limits.raised(max_cells=cap):
        patch.setattr(xlsxscan, "_CHUNK", chunk)
        archive = _archive(xml)
        exact = _outcome(lambda: xlsxscan._exact_scan(archive, PART, "S", "f.xlsx"))
        quick = _outcome(lambda: xlsxscan._quick_scan(archive, PART, "S", "f.xlsx"))
        combined = _outcome(lambda: xlsxscan._scan_sheet(archive, PART, "S", "f.xlsx"))
    if quick[0] == "error":
        assert exact == quick
    elif quick[1] is not None:
        assert exact[0] == "ok", exact
        scan = exact[1]
        assert isinstance(scan, xlsxscan._SheetScan)
        assert not scan.big_merges
        assert scan.cells <= cap
        assert scan.max_row * scan.max_column <= cap
        assert isinstance(quick[1], xlsxscan._SheetScan)
        assert quick[1].formulas == scan.formulas == (b"<f" in xml)
    if combined[0] == "error" or exact[0] == "error":
        assert combined == exact
    elif quick[1] is None:
        assert combined[1] == exact[1]


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(xml=sheet_xml())
def test_quick_bounds_are_upper_bounds(xml: bytes) -> None:
    cut = xml.rfind(b">") + 1
    bounds = xlsxscan._SheetScan()
    try:
        exact = xlsxscan._exact_scan(_archive(xml), PART, "S", "f.xlsx")
        vouched = xlsxscan._quick_chunk(bounds, xml, cut, {}, "S", "f.xlsx")
    except ScanError:
        return
    if vouched:
        assert bounds.cells >= exact.cells
        assert bounds.max_row >= exact.max_row
        assert bounds.max_column >= exact.max_column
        assert bounds.big_merges == exact.big_merges
        assert bounds.merged_cells == exact.merged_cells


def test_usual_sheet_is_vouched_for_by_the_quick_scan() -> None:
    """The quick scan does vouch for a usual sheet (else every workbook would be scanned
    twice)."""
    rows = "".join(
        f'<row r="{r}" spans="1:3">'
        + "".join(f'<c r="{c}{r}" t="s"><v>0</v></c>' for c in "ABC")
        + f'<c r="D{r}" s="1"/></row>'
        for r in range(1, 300)
    )
    xml = f'<worksheet><sheetData>{rows}</sheetData><mergeCells><mergeCell ref="A1:C1"/></mergeCells></worksheet>'
    assert xlsxscan._quick_scan(_archive(xml.encode()), PART, "S", "f.xlsx")


def test_shared_strings_are_measured_only_when_a_cell_needs_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import xlsxwriter

    path = tmp_path / "t.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("目录")
    sheet.write_string(0, 0, "示例县安全生产领域基层政务公开标准目录")
    book.close()
    measured: list[str] = []
    original = xlsxscan._long_shared_strings

    def spy(archive: zipfile.ZipFile) -> dict[int, int]:
        measured.append("yes")
        return original(archive)

    monkeypatch.setattr(xlsxscan, "_long_shared_strings", spy)
    import_table(path, domain="example", check=False)
    assert measured == []
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("目录")
    sheet.write_string(0, 0, "长" * xlsxscan.READER_CELL_CHARS)
    book.close()
    result = import_table(path, domain="example", check=False)
    assert measured == ["yes"]
    assert "GK616" in [f.code for f in result.findings]


def test_only_tong_folds_to_a_text_holding_tong() -> None:
    """:func:`gkstd.tables.cells.is_same_as_above` answers ``False`` for a text without 同
    at once: no other character folds (NFKC) to a text holding 同 (characters without a
    decomposition fold to themselves, and no composition yields an ideograph)."""
    folding = [
        hex(code)
        for code in range(sys.maxunicode + 1)
        if unicodedata.decomposition(chr(code)) and "同" in unicodedata.normalize("NFKC", chr(code))
    ]
    assert folding == []
    assert C.is_same_as_above("同 上。")
    assert C.is_same_as_above("\u3000同上")
    assert not C.is_same_as_above("上同")


@pytest.mark.parametrize(
    "damage",
    [lambda xml: xml.replace("</si>", "</sx>", 1), lambda xml: xml[: len(xml) // 2]],
    ids=["bad-tag", "cut-short"],
)
def test_broken_shared_strings_are_still_refused(tmp_path: Path, damage: object) -> None:
    """The pre-scan no longer parses the shared strings of every workbook: the reader
    refuses broken ones (GK601), and nothing is imported."""
    from tests.test_hardening_tables import rewrite, workbook

    path = workbook(tmp_path / "s.xlsx")
    rewrite(path, "xl/sharedStrings.xml", damage)  # type: ignore[arg-type]
    result = import_table(path, domain="example", check=False)
    assert result.catalog is None
    assert [f.code for f in result.findings] == ["GK601"]
    assert "s.xlsx" in result.findings[0].message


# -- the gaps a hostile-input campaign found (each made python-calamine abort the process) --

_FAR = '<row r="6000"><c t="inlineStr"{extra} r="XFD6000"><is><t>x</t></is></c></row>'


_BOOK = (
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    "<sheets>{sheets}</sheets></workbook>"
)
_RELS = (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    "{rels}</Relationships>"
)


def _package(path: Path, parts: dict[str, str | bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return path


def _rel(rid: str, target: str) -> str:
    return f'<Relationship Id="{rid}" Type="worksheet" Target="{target}"/>'


#: a workbook of one sheet, S, relationship rId1
_ONE_SHEET = '<sheet name="S" sheetId="1" r:id="rId1"/>'


def _workbook(
    path: Path, target: str, part: str, sheet: str, extra: dict[str, str | bytes]
) -> Path:
    """A package of one sheet ``S`` whose relationship names ``target``, stored as
    ``part`` holding the rows ``sheet``, with the ``extra`` parts."""
    return _package(
        path,
        {
            "xl/workbook.xml": _BOOK.format(sheets=_ONE_SHEET),
            "xl/_rels/workbook.xml.rels": _RELS.format(rels=_rel("rId1", target)),
            part: f"<worksheet><sheetData>{sheet}</sheetData></worksheet>",
            **extra,
        },
    )


def _refused(path: Path) -> str:
    """The code of what the scan refused: the workbook, or (the reader reading the
    others) a sheet of it."""
    try:
        scanned = xlsxscan.prescan(path, path.name)
    except ScanError as exc:
        return exc.finding.code
    assert scanned.refused, "the scan refused nothing"
    return next(iter(scanned.refused.values())).code


@pytest.mark.parametrize("extra", ["", ' x=">"', " x='a>b'"])
def test_a_quoted_greater_than_sign_does_not_hide_a_cell_reference(
    tmp_path: Path, extra: str
) -> None:
    """``<c x=">" r="XFD6000">`` is well-formed XML: the tag ends at the first ``>``
    outside quotes (the scan stopped at the quoted one and never saw ``r``)."""
    path = tmp_path / "far.xlsx"
    _workbook(
        path, "worksheets/sheet1.xml", "xl/worksheets/sheet1.xml", _FAR.format(extra=extra), {}
    )
    assert _refused(path) == "GK604"


def test_a_sheet_at_an_absolute_target_is_scanned_where_the_reader_reads_it(
    tmp_path: Path,
) -> None:
    """A relationship's ``Target="/custom/s.xml"`` names ``custom/s.xml`` from the
    package's root (the scan looked for ``xl/custom/s.xml`` and checked nothing)."""
    path = tmp_path / "abs.xlsx"
    _workbook(path, "/custom/s.xml", "custom/s.xml", _FAR.format(extra=""), {})
    assert _refused(path) == "GK604"
    assert xlsxscan._part_of("worksheets/sheet1.xml") == "xl/worksheets/sheet1.xml"
    assert xlsxscan._part_of("xl/worksheets/s.xml") == "xl/worksheets/s.xml"


_ODS_FAR = (
    '<office:document-content xmlns:office="o" xmlns:table="t" xmlns:text="x">'
    '<office:body><office:spreadsheet><table:table table:name="S">'
    '<table:table-row text:x=">" table:number-rows-repeated="6000">'
    '<table:table-cell text:x=">" table:number-columns-repeated="16384">'
    "<text:p>x</text:p></table:table-cell></table:table-row>"
    "</table:table></office:spreadsheet></office:body></office:document-content>"
)


def test_an_ods_is_checked_whatever_other_parts_the_archive_holds(tmp_path: Path) -> None:
    """Repeats hidden behind a quoted ``>``, and an .ods that also holds a small
    workbook's parts (the reader picks its format by the file's name; the scan checked
    only the workbook), are both refused."""
    alone = tmp_path / "alone.ods"
    with zipfile.ZipFile(alone, "w") as archive:
        archive.writestr("content.xml", _ODS_FAR)
    assert _refused(alone) == "GK604"
    both = tmp_path / "both.ods"
    _workbook(
        both,
        "worksheets/sheet1.xml",
        "xl/worksheets/sheet1.xml",
        '<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>',
        {"content.xml": _ODS_FAR.encode()},
    )
    assert _refused(both) == "GK604"


def test_a_tag_is_never_cut_between_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """With tiny chunks, a tag whose quoted value holds ``>`` still reaches the scan
    whole (a chunk was cut after the last ``>``, inside the quotes)."""
    monkeypatch.setattr(xlsxscan, "_CHUNK", 7)
    far = _FAR.format(extra=' x=">>"')
    archive = _archive(f"<worksheet><sheetData>{far}</sheetData></worksheet>".encode())
    with pytest.raises(ScanError):
        xlsxscan._exact_scan(archive, PART, "S", "f.xlsx")


_FAR_SHEET = f"<worksheet><sheetData>{_FAR.format(extra='')}</sheetData></worksheet>"
_SMALL_SHEET = (
    '<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>'
)


def test_parts_are_found_whatever_their_case(tmp_path: Path) -> None:
    """The reader finds ``XL/Worksheets/Sheet1.xml`` for ``worksheets/sheet1.xml``; the
    scan looked names up exactly and checked nothing."""
    upper = _package(
        tmp_path / "upper.xlsx",
        {
            "XL/workbook.xml": _BOOK.format(sheets=_ONE_SHEET),
            "XL/_rels/workbook.xml.rels": _RELS.format(rels=_rel("rId1", "worksheets/sheet1.xml")),
            "XL/Worksheets/Sheet1.xml": _FAR_SHEET,
        },
    )
    assert _refused(upper) == "GK604"


def test_every_relationship_id_of_a_sheet_is_followed(tmp_path: Path) -> None:
    """``q:id`` bound to the relationships namespace and ``r:id`` bound to another: the
    reader takes the attribute named ``r:id``, the scan took the first ``…}id``."""
    path = _package(
        tmp_path / "ids.xlsx",
        {
            "xl/workbook.xml": (
                '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                'xmlns:r="urn:x" '
                'xmlns:q="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                '<sheets><sheet name="S" sheetId="1" q:id="rId2" r:id="rId1"/></sheets></workbook>'
            ),
            "xl/_rels/workbook.xml.rels": _RELS.format(
                rels=_rel("rId1", "/custom/s.xml") + _rel("rId2", "/custom/g.xml")
            ),
            "custom/s.xml": _FAR_SHEET,
            "custom/g.xml": _SMALL_SHEET,
        },
    )
    assert _refused(path) == "GK604"


def test_a_workbook_part_this_parser_refuses_leaves_every_part_scanned(tmp_path: Path) -> None:
    """Junk after the root element: ElementTree refuses it, the reader's parser does not;
    the sheet it names outside ``xl/worksheets/`` is scanned all the same."""
    book = _BOOK.format(sheets=_ONE_SHEET) + "<junk/>"
    path = _package(
        tmp_path / "junk.xlsx",
        {
            "xl/workbook.xml": book,
            "xl/_rels/workbook.xml.rels": _RELS.format(rels=_rel("rId1", "/custom/s.xml")),
            "custom/s.xml": _FAR_SHEET,
        },
    )
    assert _refused(path) == "GK604"


def test_a_sheet_holding_an_xml_comment_is_refused(tmp_path: Path) -> None:
    """``<!--<row r="1">-->`` moved 16,384 cells without references to row 1 for the scan;
    the reader skips comments and put them on row 6,000 (98 million cells)."""
    cells = "<c><v>1</v></c>" * 3
    rows = f'<row r="6000"><!--<row r="1">-->{cells}</row>'
    path = _workbook(
        tmp_path / "comment.xlsx", "worksheets/sheet1.xml", "xl/worksheets/sheet1.xml", rows, {}
    )
    assert _refused(path) == "GK601"
