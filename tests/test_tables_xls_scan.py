"""gkstd.tables.xlsscan: an .xls (OLE, BIFF8) whose sheets declare or hold more cells than
the reader can be given is refused before python-calamine opens it (a 5 KB file made it
abort the whole process: it allocates every sheet's grid when it opens the workbook)."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from gkstd.tables import import_table
from gkstd.tables.xlsscan import prescan_xls
from gkstd.tables.xlsxscan import ScanError


def _record(kind: int, data: bytes = b"") -> bytes:
    return struct.pack("<HH", kind, len(data)) + data


def _bof(kind: int) -> bytes:
    return _record(0x0809, struct.pack("<HHHHII", 0x0600, kind, 0x0DBB, 0x07CC, 0, 6))


def _label(row: int, column: int, text: str) -> bytes:
    data = text.encode("utf-16-le")
    return _record(0x0204, struct.pack("<HHHHB", row, column, 0, len(text), 1) + data)


def _number(row: int, column: int, value: float) -> bytes:
    return _record(0x0203, struct.pack("<HHHd", row, column, 0, value))


def _dimensions(first_row: int, last_row: int, first_column: int, last_column: int) -> bytes:
    return _record(0x0200, struct.pack("<IIHHH", first_row, last_row, first_column, last_column, 0))


def _stream(name: str, records: list[bytes]) -> bytes:
    """A workbook stream: the globals (codepage, one BOUNDSHEET) and one sheet."""
    head = _bof(0x0005) + _record(0x0042, struct.pack("<H", 1200))
    encoded = name.encode("utf-16-le")

    def sheet(offset: int) -> bytes:
        return _record(0x0085, struct.pack("<IBBBB", offset, 0, 0, len(name), 1) + encoded)

    offset = len(head) + len(sheet(0)) + 4
    return (
        head + sheet(offset) + _record(0x000A) + _bof(0x0010) + b"".join(records) + _record(0x000A)
    )


def _compound(stream: bytes) -> bytes:
    """The smallest OLE compound file holding ``stream`` as ``Workbook`` (512-byte
    sectors: header, one FAT sector, one directory sector, then the stream)."""
    stream = stream.ljust(4096, b"\0")  # at the mini-stream cutoff: kept in regular sectors
    sectors = (len(stream) + 511) // 512
    stream = stream.ljust(sectors * 512, b"\0")
    fat = [0xFFFFFFFD, 0xFFFFFFFE] + [n + 1 for n in range(2, 1 + sectors)] + [0xFFFFFFFE]
    fat += [0xFFFFFFFF] * (128 - len(fat))

    def entry(name: str, kind: int, start: int, size: int, child: int = 0xFFFFFFFF) -> bytes:
        encoded = (name + "\0").encode("utf-16-le")
        return (
            encoded.ljust(64, b"\0")
            + struct.pack("<HBB", len(encoded), kind, 1)
            + struct.pack("<III", 0xFFFFFFFF, 0xFFFFFFFF, child)
            + b"\0" * 36
            + struct.pack("<IQ", start, size)
        )

    directory = (
        entry("Root Entry", 5, 0xFFFFFFFE, 0, child=1) + entry("Workbook", 2, 2, len(stream))
    ).ljust(512, b"\0")
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack("<9I", 0, 1, 1, 0, 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)
        + struct.pack("<109I", 0, *[0xFFFFFFFF] * 108)
    )
    return header + struct.pack("<128I", *fat) + directory + stream


def _xls(tmp_path: Path, name: str, records: list[bytes]) -> Path:
    path = tmp_path / name
    path.write_bytes(_compound(_stream("事项", records)))
    return path


@pytest.mark.parametrize(
    "records",
    [
        [_dimensions(0, 0xFFFFFFFF, 0, 0xFFFF), _label(0, 0, "事项名称")],
        [_label(0, 0, "事项名称"), _number(65535, 65535, 1.0)],
    ],
    ids=["declared-range", "far-cell"],
)
def test_a_sheet_too_large_for_the_reader_is_refused_before_it(
    tmp_path: Path, records: list[bytes]
) -> None:
    path = _xls(tmp_path, "bomb.xls", records)
    with pytest.raises(ScanError) as raised:
        prescan_xls(path, path.name)
    assert raised.value.finding.code == "GK604"
    assert "事项" in raised.value.finding.message


def test_an_ordinary_xls_passes_and_is_read(tmp_path: Path) -> None:
    """A sheet declaring Excel's whole grid (what converters write) and holding a small
    table is not refused; its rows reach the import."""
    header = ["事项名称", "公开内容", "公开依据", "公开时限", "公开主体"]
    row = ["城市供水", "供水价格", "《城市供水条例》", "20个工作日", "县住房城乡建设局"]
    records = [
        _dimensions(0, 2, 0, len(header)),
        *(_label(0, n, text) for n, text in enumerate(header)),
        *(_label(1, n, text) for n, text in enumerate(row)),
    ]
    small = _xls(tmp_path, "small.xls", records)
    prescan_xls(small, small.name)
    whole = _xls(tmp_path, "whole.xls", [_dimensions(0, 65536, 0, 256), *records[1:]])
    prescan_xls(whole, whole.name)
    result = import_table(small, domain="municipal-services", check=False)
    assert result.catalog is not None, [f.message for f in result.findings]
    assert [i.name for i in result.catalog.walk()] == ["城市供水"]


def test_a_broken_compound_file_is_a_finding_not_a_crash(tmp_path: Path) -> None:
    """A truncated compound file passes the scan (it holds no sheet to measure) and the
    reader's refusal is GK601."""
    path = tmp_path / "broken.xls"
    path.write_bytes(_compound(_stream("事项", [_label(0, 0, "事项名称")]))[:1200])
    prescan_xls(path, path.name)
    result = import_table(path, check=False)
    assert result.catalog is None
    assert [f.code for f in result.findings] == ["GK601"]
