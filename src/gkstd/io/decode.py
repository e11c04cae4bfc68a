"""Turn the bytes of a document into text, or explain why that is not possible."""

from __future__ import annotations

import codecs
import re

import attrs

from gkstd.diagnostics.findings import Finding
from gkstd.io.codes import EMPTY_DOCUMENT, LEGACY_ENCODING, NOT_TEXT

__all__ = ["Decoded", "decode", "utf16_without_bom"]

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


def utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` when ``data`` reads as UTF-16 text without a byte
    order mark (every other byte of its first characters zero, as in ASCII and line
    breaks written as UTF-16), else ``None``."""
    head = data[:512]
    if len(head) < 4 or len(head) % 2:
        head = head[: len(head) // 2 * 2]
    if len(head) < 4:
        return None
    odd, even = head[1::2], head[0::2]
    half = len(head) // 2
    # ASCII (commas, digits, line breaks) has a zero high byte; a Chinese character
    # rarely a zero low byte (一 is U+4E00): allow a few on the other side
    if odd.count(0) >= 0.1 * half and even.count(0) <= 0.05 * half:
        encoding = "utf-16-le"
    elif even.count(0) >= 0.1 * half and odd.count(0) <= 0.05 * half:
        encoding = "utf-16-be"
    else:
        return None
    text = head.decode(encoding, errors="replace").rstrip("\ufffd")
    plain = "\n" in text and not _CONTROLS.search(text)  # lines of text, as a table has
    return encoding if plain else None


#: Characters no text file holds (line breaks and tabs aside).
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffd]")


def decode(data: bytes, file: str | None = None) -> Decoded:
    """Decode document bytes.

    UTF-8 (with or without BOM), UTF-16 (with BOM, or without one when its bytes
    plainly are UTF-16 text) and UTF-32 with a BOM (its mark begins as UTF-16's does:
    ``FF FE 00 00`` had been read as UTF-16 full of NUL characters) are read silently.  GBK/GB18030 is
    read with a ``GK003`` warning.  Binary content and undecodable bytes give ``GK002``;
    an empty file gives ``GK007``.
    """
    for magic, zh, en in _MAGIC:
        if data.startswith(magic):
            finding = NOT_TEXT.emit(kind=zh, kind_en=en, file=file, line=1)
            return Decoded(None, None, (finding,))
    if data.startswith(codecs.BOM_UTF8):
        try:
            return _finish(data[len(codecs.BOM_UTF8) :].decode("utf-8"), "utf-8-sig", file)
        except UnicodeDecodeError as exc:  # never replaced: a title would read 锟斤拷
            offset = exc.start + len(codecs.BOM_UTF8)
            line = _line_of(data, offset)
            finding = NOT_TEXT.emit(
                "bom-not-utf8", lineno=line, offset=offset, file=file, line=line
            )
            return Decoded(None, None, (finding,))
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):  # before UTF-16: FF FE…
        try:
            return _finish(data.decode("utf-32"), "utf-32", file)
        except UnicodeDecodeError:
            pass
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return _finish(data.decode("utf-16"), "utf-16", file)
        except UnicodeDecodeError:
            pass
    offset = data.find(b"\x00")
    if offset >= 0:
        encoding = utf16_without_bom(data)
        if encoding is not None:  # Notepad's or a system's "Unicode" export that lost its mark
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                text = "\x00"
            if "\x00" not in text:
                return _finish(text, encoding, file)
        line = _line_of(data, offset)
        finding = NOT_TEXT.emit("nul-byte", lineno=line, offset=offset, file=file, line=line)
        return Decoded(None, None, (finding,))
    try:
        return _finish(data.decode("utf-8"), "utf-8", file)
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        offset = utf8_error.start
        line = _line_of(data, offset)
        finding = NOT_TEXT.emit("undecodable", lineno=line, offset=offset, file=file, line=line)
        return Decoded(None, None, (finding,))
    warning = LEGACY_ENCODING.emit(file=file)
    decoded = _finish(text, "gb18030", file)
    return attrs.evolve(decoded, findings=(warning, *decoded.findings))


def _finish(text: str, encoding: str, file: str | None) -> Decoded:
    if not text.strip():
        finding = EMPTY_DOCUMENT.emit(file=file, line=1 if text else None)
        return Decoded(None, encoding, (finding,))
    return Decoded(text, encoding)
