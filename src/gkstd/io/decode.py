"""Turn the bytes of a document into text, or explain why that is not possible."""

from __future__ import annotations

import codecs

import attrs

from gkstd.diagnostics.findings import Finding
from gkstd.io.codes import EMPTY_DOCUMENT, LEGACY_ENCODING, NOT_TEXT

__all__ = ["Decoded", "decode"]

#: Magic numbers of binary formats people commonly pass by mistake.
_MAGIC: tuple[tuple[bytes, str, str], ...] = (
    (b"PK\x03\x04", "Excel 工作簿（.xlsx）或其他 ZIP 压缩文件", "an Excel workbook (.xlsx) or ZIP"),
    (
        b"\xd0\xcf\x11\xe0",
        "旧版 Office 文件（.xls/.doc）或 WPS 文件",
        "a legacy Office (.xls/.doc) file",
    ),
    (b"%PDF", "PDF 文件", "a PDF file"),
    (b"\x89PNG", "PNG 图片", "a PNG image"),
    (b"\xff\xd8\xff", "JPEG 图片", "a JPEG image"),
)


@attrs.frozen
class Decoded:
    """Result of :func:`decode`: the text (or ``None``) and any findings."""

    text: str | None
    encoding: str | None
    findings: tuple[Finding, ...] = ()


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def decode(data: bytes, file: str | None = None) -> Decoded:
    """Decode document bytes.

    UTF-8 (with or without BOM) and UTF-16 with BOM are read silently.  GBK/GB18030 is
    read with a ``GK003`` warning.  Binary content and undecodable bytes give ``GK002``;
    an empty file gives ``GK007``.
    """
    for magic, zh, en in _MAGIC:
        if data.startswith(magic):
            finding = NOT_TEXT.finding(
                f"文件是{zh}，不是 YAML/JSON 目录文档。Excel 表格请先用 gkstd import 转换为"
                "目录文档后再校验。",
                f"The file is {en}, not a YAML/JSON catalog document. Convert tables with "
                "gkstd import first.",
                file=file,
                line=1,
            )
            return Decoded(None, None, (finding,))
    if data.startswith(codecs.BOM_UTF8):
        return _finish(data[len(codecs.BOM_UTF8) :].decode("utf-8", "replace"), "utf-8-sig", file)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return _finish(data.decode("utf-16"), "utf-16", file)
        except UnicodeDecodeError:
            pass
    if b"\x00" in data:
        offset = data.index(b"\x00")
        finding = NOT_TEXT.finding(
            f"文件含有空字节（第 {_line_of(data, offset)} 行，字节偏移 {offset}），是二进制文件，"
            "不是 YAML/JSON 文本。",
            f"The file contains a NUL byte (line {_line_of(data, offset)}, byte {offset}); it "
            "is binary, not YAML/JSON text.",
            file=file,
            line=_line_of(data, offset),
        )
        return Decoded(None, None, (finding,))
    try:
        return _finish(data.decode("utf-8"), "utf-8", file)
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        offset = utf8_error.start
        finding = NOT_TEXT.finding(
            f"文件既不是 UTF-8 也不是 GBK/GB18030 编码：第 {_line_of(data, offset)} 行"
            f"（字节偏移 {offset}）有无法识别的字节。请另存为 UTF-8。",
            f"The file is neither UTF-8 nor GBK/GB18030: undecodable byte at line "
            f"{_line_of(data, offset)} (byte {offset}). Save it as UTF-8.",
            file=file,
            line=_line_of(data, offset),
        )
        return Decoded(None, None, (finding,))
    warning = LEGACY_ENCODING.finding(
        "文件不是 UTF-8 编码，已按 GBK/GB18030 解码。建议另存为 UTF-8。",
        "The file is not UTF-8; it was decoded as GBK/GB18030. Save it as UTF-8.",
        file=file,
    )
    decoded = _finish(text, "gb18030", file)
    return attrs.evolve(decoded, findings=(warning, *decoded.findings))


def _finish(text: str, encoding: str, file: str | None) -> Decoded:
    if not text.strip():
        finding = EMPTY_DOCUMENT.finding(
            "文件为空。", "The file is empty.", file=file, line=1 if text else None
        )
        return Decoded(None, encoding, (finding,))
    return Decoded(text, encoding)
