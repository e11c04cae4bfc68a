"""Reading publication records (公开记录) for an audit: CSV, JSON Lines, XLSX or Parquet.

Records are read column-wise into :class:`RecordTable`, so that a million rows cost a few
arrays, not a million objects: CSV through pyarrow's CSV reader (C++, each column
dictionary-encoded: integer codes into its distinct values), with the csv module for what
pyarrow cannot take as it is (quotes, blank lines, ragged rows), giving the same table.  Column names are matched against :data:`COLUMNS` (Chinese
and English variants).  A file that cannot be used raises :class:`RecordsError` with the
file, the place and the fix; a bad *row* is not an error here: the audit reports it with
its row number and goes on.

Long module: the readers (pyarrow, csv module, JSON Lines, XLSX, Parquet), the quick CSV
paths and the chunked stream share one column model, one set of cell checks and one error
wording; split, each would import the others' private parts.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import functools
import io
import json
import math
import os
import re
import stat
from collections.abc import Iterable, Iterator, Sequence
from itertools import repeat
from operator import methodcaller
from pathlib import Path
from typing import Any, cast

import numpy as np
import numpy.typing as npt

from gkstd.diagnostics import limits
from gkstd.diagnostics.arguments import expect
from gkstd.diagnostics.errors import GkstdError, os_reason
from gkstd.diagnostics.readfiles import note_read
from gkstd.io.decode import decode, utf16_without_bom
from gkstd.io.files import readable_name
from gkstd.model.enums import normalize_label
from gkstd.tables.grid import TableError, looks_like_html, read_grids

__all__ = [
    "COLUMNS",
    "MAX_RECORD_BYTES",
    "RecordTable",
    "RecordsError",
    "from_arrow",
    "iter_records",
    "read_records",
]

#: Record columns and the header spellings accepted for each (after normalisation).
COLUMNS: dict[str, tuple[str, ...]] = {
    "item": ("item", "item_id", "事项", "事项编号", "事项名称", "公开事项", "二级事项"),
    "formed": (
        "formed",
        "formed_date",
        "形成日期",
        "信息形成日期",
        "形成或变更日期",
        "形成(变更)日期",
        "变更日期",
        "生成日期",
    ),
    "published": ("published", "published_date", "发布日期", "公开日期", "发布时间", "公开时间"),
    "channel": ("channel", "渠道", "公开渠道", "发布渠道", "公开渠道和载体"),
    "url": ("url", "链接", "网址", "发布地址"),
    "domain": ("domain", "领域", "领域代码"),
    "scope": ("scope", "分项", "适用范围"),
}
_HEADER = {normalize_label(v).lower(): key for key, vs in COLUMNS.items() for v in vs}

#: Largest records file read by default (bytes); the limit in force is
#: ``gkstd.limits.get("max_record_bytes")`` (kept for code that imported this name).
MAX_RECORD_BYTES = limits.get("max_record_bytes")

#: What a records file must contain, for messages about a file without usable records.
_EXPECTED = (
    "表头行，至少含事项列（item、事项、事项编号或事项名称）和形成日期列（formed、形成日期），"
    "可选 published（发布日期）、channel（渠道）、url（链接）、domain（领域）、scope（分项）",
    "a header row with at least an item column (item, 事项, 事项编号) and a formed column "
    "(formed, 形成日期); optional: published, channel, url, domain, scope",
)


class RecordsError(GkstdError, ValueError):
    """The records file cannot be used at all (Chinese ``message``, English ``message_en``)."""

    def __init__(self, message: str, message_en: str) -> None:
        super().__init__(message, message_en)


#: A column as codes into its values: ``values[codes[i]]`` is record *i*'s cell.
Coded = tuple[npt.NDArray[np.integer[Any]], list[Any]]


#: The largest row number a ``row`` column may give (a trillion rows: any real file).
_MAX_ROW_NUMBER = 1 << 40


def _row_numbers(column: Any, file: str) -> npt.NDArray[np.int64]:
    """The ``row`` column (pyarrow) of a table as row numbers: whole numbers from 1 to
    :data:`_MAX_ROW_NUMBER` (text of digits too); raises :class:`RecordsError` naming
    the first record whose number is not one (2**62 overflowed the sort key: exit 3).
    An integer column without nulls is checked as an array."""
    pa = _arrow()
    if pa.types.is_integer(column.type) and column.null_count == 0:
        if not len(column):
            return np.zeros(0, dtype=np.int64)
        numbers: npt.NDArray[np.int64] = np.asarray(column.to_numpy(), dtype=np.int64)
        if int(numbers.min()) >= 1 and int(numbers.max()) <= _MAX_ROW_NUMBER:
            return numbers
    values = column.to_pylist()
    out = np.empty(len(values), dtype=np.int64)
    for index, value in enumerate(values):
        number = value
        if isinstance(value, str) and value.strip().isdecimal() and len(value.strip()) <= 15:
            number = int(value.strip())
        if (
            isinstance(number, bool)
            or not isinstance(number, int)
            or not (1 <= number <= _MAX_ROW_NUMBER)
        ):
            shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:40] + "…"
            raise RecordsError(
                f"{file}：row 列第 {index + 1} 条记录的行号 {shown} 无效，应为 1 到 "
                f"{_MAX_ROW_NUMBER:,} 的整数；请改正，或删去 row 列（按记录顺序编号）。",
                f"{file}: record {index + 1} of the row column has the row number {shown}; "
                f"it must be a whole number from 1 to {_MAX_ROW_NUMBER:,}. Correct it, or "
                "drop the row column (records are then numbered in order).",
            )
        out[index] = number
    return out


class RecordTable:
    """Records column by column.  ``rows[i]`` is record *i*'s row number in the file
    (1-based, header included), ``columns`` maps a key of :data:`COLUMNS` to its values
    (``None`` where the cell is empty), and ``bad_rows`` lists rows that could not be read
    at all, with the reason.

    A table read by the CSV reader (pyarrow) holds its columns as codes into their
    distinct values (:meth:`coded`) and its row numbers as an array (:meth:`row_numbers`);
    ``rows`` and ``columns`` build the lists from them when first read.
    """

    __slots__ = ("_coded", "_columns", "_rows", "bad_rows", "file", "unknown_columns")

    def __init__(
        self,
        file: str | None,
        rows: list[int] | npt.NDArray[np.integer[Any]],
        columns: dict[str, list[Any]] | None = None,
        unknown_columns: tuple[str, ...] = (),
        bad_rows: list[tuple[int, str, str]] | None = None,
        *,
        coded: dict[str, Coded] | None = None,
    ) -> None:
        self.file = file
        self._rows = rows
        self._columns: dict[str, list[Any]] = dict(columns or {})
        self._coded: dict[str, Coded] = dict(coded or {})
        self.unknown_columns = tuple(unknown_columns)
        self.bad_rows: list[tuple[int, str, str]] = list(bad_rows or ())

    def __len__(self) -> int:
        return len(self._rows)

    def __repr__(self) -> str:
        keys = [*self._columns, *(k for k in self._coded if k not in self._columns)]
        return f"RecordTable({self.file!r}, {len(self)} rows, columns {keys})"

    @property
    def rows(self) -> list[int]:
        """Row numbers in the file, one per record."""
        rows = self._rows
        if not isinstance(rows, list):
            rows = self._rows = rows.tolist()
        return rows

    def row_numbers(self) -> npt.NDArray[np.int64]:
        """Row numbers as an array."""
        return np.asarray(self._rows, dtype=np.int64)

    @property
    def columns(self) -> dict[str, list[Any]]:
        """Values per column key (lists; built from the codes when first read)."""
        for key, (codes, values) in self._coded.items():
            if key not in self._columns:
                pool = np.empty(len(values), dtype=object)
                pool[:] = values
                self._columns[key] = pool[codes].tolist() if len(codes) else []
        return self._columns

    def column(self, key: str) -> list[Any]:
        """Values of column ``key`` (all ``None`` when the file has no such column)."""
        values = self.columns.get(key)
        return values if values is not None else [None] * len(self)

    def has(self, key: str) -> bool:
        """True when the file has column ``key``."""
        return key in self._coded or key in self._columns

    def coded(self, key: str) -> Coded | None:
        """Column ``key`` as codes into its distinct values (None without the column).

        Equal values share one code (computed here for a table built from lists)."""
        found = self._coded.get(key)
        if found is None:
            values = self._columns.get(key)
            if values is None:
                return None
            index = {value: n for n, value in enumerate(dict.fromkeys(values))}
            codes = np.fromiter(map(index.__getitem__, values), dtype=np.int64, count=len(values))
            found = self._coded[key] = (codes, list(index))
        return found

    def cell(self, key: str, index: int) -> Any:
        """The cell of record ``index`` in column ``key`` (None without the column)."""
        values = self._columns.get(key)
        if values is not None:
            return values[index]
        found = self._coded.get(key)
        return None if found is None else found[1][int(found[0][index])]


#: Most columns a records file may have: a publication record has about ten, and a header
#: of a million columns made pyarrow reserve about 2 GB.
MAX_RECORD_COLUMNS = 1000


def _keys(header: Sequence[Any], file: str) -> tuple[list[str | None], tuple[str, ...]]:
    if len(header) > MAX_RECORD_COLUMNS:
        raise RecordsError(
            f"{file}：表头有 {len(header):,} 列，超过 {MAX_RECORD_COLUMNS:,} 列的上限，"
            "不像公开记录表（每条记录约十列：事项、形成日期、公开日期……）；请检查是否选错了文件。",
            f"{file}: the header has {len(header):,} columns, over the "
            f"{MAX_RECORD_COLUMNS:,}-column limit: not a table of publication records "
            "(about ten columns: item, formed, published …). Check the file.",
        )
    keys: list[str | None] = []
    unknown: list[str] = []
    for cell in header:
        name = normalize_label(str(cell or "")).lower()
        key = _HEADER.get(name)
        keys.append(key)
        if key is None and name:
            unknown.append(str(cell))
    if "item" not in keys:
        expected = "、".join(COLUMNS["item"][2:5])
        shown = "、".join(str(c) for c in header)
        shown = shown if len(shown) <= 200 else shown[:200] + "…"
        shown_en = ", ".join(str(c) for c in header)
        shown_en = shown_en if len(shown_en) <= 200 else shown_en[:200] + "…"
        raise RecordsError(
            f"{file}：第 1 行（表头）没有事项列；请把事项编号或名称所在列命名为 {expected} 或 item。"
            f"实际表头：{shown}。",
            f"{file}: row 1 (header) has no item column; name it item (or 事项/事项编号). "
            f"Header found: {shown_en}.",
        )
    return keys, tuple(unknown)


def _no_records(file: str, what: str, what_en: str) -> RecordsError:
    """The error for a file without a single record: what it holds and what it should."""
    return RecordsError(
        f"{file} 没有可审计的记录（{what}）；记录文件应有{_EXPECTED[0]}，其下每行一条记录。",
        f"{file} has no records to audit ({what_en}); a records file needs {_EXPECTED[1]}, "
        "then one record per row.",
    )


#: Reasons a JSON value cannot be a cell, by type (zh, en).
_TYPE_NAMES: dict[type, tuple[str, str]] = {
    bool: ("布尔值（true/false）", "a boolean (true/false)"),
    list: ("列表（JSON 数组）", "a list (JSON array)"),
    dict: ("对象（JSON {…}）", "an object (JSON {…})"),
}


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _cell_problem(key: str, value: Any) -> tuple[str, str] | None:
    """Why ``value`` cannot be the cell of column ``key`` (None when it can).

    Cells are text, numbers (finite, at most ``max_digits`` digits) or dates; text is at
    most ``max_text_chars`` characters.
    """
    kind = type(value)
    if kind is str:
        limit = limits.get("max_text_chars")
        if len(value) > limit:
            return (
                f"的 {key} 列超过 {limit} 个字符（{len(value)} 个）",
                f"{key} is longer than {limit} characters ({len(value)})",
            )
        if not value.isascii() and _LONE_SURROGATE.search(value) is not None:
            return (  # a JSON "\ud800" escape: no text can be written with it
                f"的 {key} 列含有无效的 Unicode 字符（单独的代理码位）",
                f"{key} holds an invalid Unicode character (a lone surrogate)",
            )
        return None
    if value is None or isinstance(value, datetime.date):
        return None
    if kind is int:
        digits = limits.get("max_digits")
        if abs(value) < 10**digits:
            return None
        return (
            f"的 {key} 列是超过 {digits} 位的数字",
            f"{key} is a number of more than {digits} digits",
        )
    if kind is float:
        if math.isfinite(value):
            return None
        return (f"的 {key} 列不是有限数值（{value}）", f"{key} is not a finite number ({value})")
    zh, en = _TYPE_NAMES.get(kind, (f"{kind.__name__} 类型的值", f"a {kind.__name__} value"))
    return (
        f"的 {key} 列是{zh}，应为文字、数字或日期",
        f"{key} is {en}; expected text, a number or a date",
    )


_TEXT_OR_NONE = frozenset({str, type(None)})

#: Columns read as text (numbers in them, e.g. a numeric item id, become text).
_TEXT_KEYS = frozenset({"item", "channel", "url", "domain", "scope"})


def _table(
    rows: Iterable[tuple[int, Sequence[Any]]],
    header: Sequence[Any],
    file: str,
    *,
    bad: Iterable[tuple[int, str, str]] = (),
    all_text: bool = False,
    chunk: bool = False,
) -> RecordTable:
    """The table of ``rows`` under ``header``; a row with a cell that cannot be used (wrong
    type, too long) joins ``bad`` instead.  ``all_text``: every cell is a string (CSV), so
    only lengths need checking."""
    keys, unknown = _keys(header, file)
    wanted: list[tuple[int, str]] = []
    for index, key in enumerate(keys):
        if key is not None and all(key != k for _, k in wanted):
            wanted.append((index, key))
    limit = limits.get("max_text_chars")
    bad_rows = list(bad)
    kept: list[tuple[int, Sequence[Any]]] = []
    append = kept.append
    for n, r in rows:  # the hot path (a million rows): C-level checks for text rows
        if all_text or set(map(type, r)) <= _TEXT_OR_NONE:
            joined = "".join(r) if all_text else "".join(filter(None, r))
            if not joined or joined.isspace():
                continue  # a blank row
            if len(joined) <= limit and (
                all_text or joined.isascii() or _LONE_SURROGATE.search(joined) is None
            ):  # (decoded CSV holds no surrogate; a JSON "\ud800" escape does)
                append((n, r))
                continue
        elif all(c is None or (type(c) is str and not c.strip()) for c in r):
            continue  # a blank row
        problem = _row_problem(r, wanted)
        if problem is None:
            append((n, r))
        else:
            bad_rows.append((n, *problem))
    if not kept and not bad_rows and not chunk:
        raise _no_records(
            file, "只有表头" if header else "空文件", "header only" if header else "empty"
        )
    numbers = [n for n, _ in kept]
    columns: dict[str, list[Any]] = {}
    for index, key in wanted:
        cell = _text_cell if key in _TEXT_KEYS and not all_text else _cell
        columns[key] = [cell(r[index]) if index < len(r) else None for _, r in kept]
    table = RecordTable(file, numbers, columns, unknown)
    table.bad_rows.extend(bad_rows)
    return table


def _row_problem(row: Sequence[Any], wanted: list[tuple[int, str]]) -> tuple[str, str] | None:
    """Why a cell of ``row`` in one of the ``wanted`` (index, column) cannot be used."""
    for index, key in wanted:
        if index < len(row):
            problem = _cell_problem(key, row[index])
            if problem is not None:
                return problem
    return None


def _cell(value: Any) -> Any:
    if isinstance(value, str):
        return value.strip() or None
    return value if value != "" else None


def _text_cell(value: Any) -> Any:
    if value is None or isinstance(value, str):
        return _cell(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


#: The most physical lines one quoted CSV cell may span; a quote still open after this
#: (or after ``max_text_chars`` characters) is a stray quote, not a cell.
_QUOTED_LINES = 100
#: What a line with a stray quote is read as (a private-use character no record holds).
_STRAY = "\ue000gkstd-stray-quote\ue000"


def _unstray(text: str) -> tuple[str, list[int]]:
    """``text`` with each line whose quoted cell never closes (within :data:`_QUOTED_LINES`
    lines and ``max_text_chars`` characters, or before the end) replaced by one
    :data:`_STRAY` cell, and those lines (1-based).  Read as it is, the quote took every
    later line into one cell up to the cell limit: thousands of records lost without a
    word, the rows after misnumbered."""
    if '"' not in text:
        return text, []
    lines = io.StringIO(text, newline="").readlines()
    limit = limits.get("max_text_chars")
    stray: list[int] = []
    i = 0
    while i < len(lines):
        if '"' not in lines[i] or not _opens(lines[i]):
            i += 1
            continue
        j, size, closed = i, len(lines[i]), False
        while not closed and j + 1 < len(lines) and j - i < _QUOTED_LINES and size <= limit:
            j += 1
            size += len(lines[j])
            closed = not _opens("".join(lines[i : j + 1]))
        if closed:
            i = j + 1  # a quoted cell over several lines: kept whole
            continue
        stray.append(i + 1)
        ending = lines[i][len(lines[i].rstrip("\r\n")) :] or "\n"
        lines[i] = _STRAY + ending
        i += 1
    return ("".join(lines), stray) if stray else (text, [])


def _opens(chunk: str) -> bool:
    """Whether ``chunk`` (whole lines) ends inside a quoted CSV cell."""
    try:
        for _ in csv.reader(io.StringIO(chunk, newline=""), strict=True):
            pass
    except csv.Error as exc:
        return "unexpected end of data" in str(exc)
    return False


def _stray_bad(number: int, line: int) -> tuple[int, str, str]:
    """The row problem of a line with a stray quote (see :func:`_unstray`)."""
    return (
        number,
        f"的引号不配对：第 {line} 行的带引号单元格没有结束，该行未读取（其后各行照常读取）",
        f"has unbalanced quotes: the quoted cell on line {line} never closes; the line was "
        "not read (the lines after it were)",
    )


def _set_aside_strays(
    rows: list[list[str] | None],
    stray: list[int],
    bad: list[tuple[int, str, str]],
    first_row: int = 1,
    lines: int = 0,
) -> None:
    """The rows :func:`_unstray` marked, each made a row problem (``first_row``: the number
    of the first of ``rows``; ``lines``: physical lines before them), ``None`` in ``rows``."""
    if not stray:
        return
    at = iter(stray)
    for k, row in enumerate(rows):
        if row == [_STRAY]:
            bad.append(_stray_bad(first_row + k, lines + next(at)))
            rows[k] = None
    bad.sort()


def _csv_rows(text: str, bad: list[tuple[int, str, str]]) -> list[list[str] | None]:
    """The rows of a CSV text with rows it cannot read noted in ``bad`` (their place in
    the list is ``None``, so that the rows after keep their numbers)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[list[str] | None] = []
    while True:
        try:
            rows.append(next(reader))
        except StopIteration:
            return rows
        except csv.Error as exc:
            reason = str(exc)
            if "field larger than field limit" in reason:
                reason = f"单元格超过 {csv.field_size_limit()} 个字符"
            bad.append((len(rows) + 1, f"无法读取（{reason}）", f"cannot be read ({exc})"))
            rows.append(None)


#: Every character ``str.strip()`` removes, and the comma: a line made only of these is a
#: blank row (tests/test_audit_vectorised.py checks the list against ``str.isspace``).
_BLANK = (
    ",\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)

#: Lines split into cells at a time by the simple CSV path.
_BLOCK = 1 << 16

#: Distinct values a column keeps shared (beyond that, e.g. URLs, cells are not pooled).
_POOL = 1 << 16


def _simple_csv(
    text: str,
    file: str,
    header: Sequence[str] | None = None,
    first_row: int = 1,
    keys: frozenset[str] | None = None,
) -> RecordTable | None:
    """The table of a CSV text without quotes, read by splitting at commas (None when the
    text needs the csv module: quotes, lone ``\r``, rows of another width than the header,
    blank rows, lines longer than ``max_text_chars``).  The same table as the csv module
    path, several times faster and with one shared object per distinct cell value.

    ``header``: the text is a chunk of a file whose header was read before; its first
    line is row ``first_row``.  ``keys``: read only these columns."""
    if '"' in text or "\x00" in text:
        return None
    if "\r" in text:
        if text.count("\r") != text.count("\r\n"):
            return None
        text = text.replace("\r\n", "\n")
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    if header is None:
        if not lines or not lines[0].strip(_BLANK):
            return None
        header = lines[0].split(",")
        start = 1
    else:
        start = 0
    width = len(header)
    body = lines[start:] if start else lines
    del lines
    if not body:
        return None
    limit = limits.get("max_text_chars")
    if (
        list(map(str.count, body, repeat(","))).count(width - 1) != len(body)
        or max(map(len, body)) > limit
        or not all(map(methodcaller("strip", _BLANK), body))
    ):
        return None
    found, unknown = _keys(header, file)
    wanted: list[tuple[int, str]] = []
    for index, key in enumerate(found):
        if key is not None and all(key != k for _, k in wanted):
            wanted.append((index, key))
    if keys is not None:
        wanted = [(index, key) for index, key in wanted if key in keys]
    columns: dict[str, list[Any]] = {key: [] for _, key in wanted}
    pools: dict[str, dict[str, Any] | None] = {key: {} for _, key in wanted}
    for at in range(0, len(body), _BLOCK):
        cells = ",".join(body[at : at + _BLOCK]).split(",")
        for index, key in wanted:
            values = cells[index::width]
            pool = pools[key]
            if pool is not None:
                for value in dict.fromkeys(values):
                    if value not in pool:
                        pool[value] = value.strip() or None
                columns[key] += map(pool.__getitem__, values)
                if len(pool) > _POOL:
                    pools[key] = None
            else:
                columns[key] += [value.strip() or None for value in values]
        del cells
    first = first_row + start
    return RecordTable(file, list(range(first, first + len(body))), columns, unknown)


# --------------------------------------------------------------------------- pyarrow

#: The signatures of binary files that :func:`gkstd.io.decode.decode` refuses (a file that
#: starts with one goes the text way, which says what it is).
_BINARY = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"%PDF", b"\x89PNG", b"\xff\xd8\xff")

#: The largest block pyarrow's CSV reader parses at a time (bytes).
_ARROW_BLOCK = 1 << 28


@functools.cache
def _arrow() -> Any:
    """``pyarrow`` with its ``csv`` and ``compute`` modules (imported on first use)."""
    import pyarrow
    import pyarrow.compute
    import pyarrow.csv

    return pyarrow


def _short_lines(data: bytes, start: int, limit: int) -> bool:
    """True when no line of ``data[start:]`` is longer than ``limit`` bytes (so no cell
    has more than ``limit`` characters), found without splitting the lines.

    Every window ``[k·w, (k+1)·w)`` with ``w = limit // 2`` holds a line break, so no
    line is ``2w`` bytes long; a few hundred ``find`` calls per 8 MB.  False may also
    mean a line just under the limit (the cells are then measured)."""
    width = limit // 2
    end = len(data)
    if end - start <= limit:
        return True
    if width < 1:
        return False
    find = data.find
    return all(find(b"\n", at, at + width) >= 0 for at in range(start, end - width, width))


def _indices(array: Any) -> npt.NDArray[np.int32]:
    """The codes of a dictionary array (int32, no nulls) as numpy, without a copy (and
    without pyarrow's ``to_numpy``, which imports pandas)."""
    indices = array.indices
    return np.frombuffer(
        indices.buffers()[1], dtype=np.int32, count=len(indices), offset=indices.offset * 4
    )


def _is_utf8(data: bytes, start: int) -> bool:
    """True when ``data[start:]`` is valid UTF-8 (checked in C++, without a str)."""
    pa = _arrow()
    size = len(data) - start
    offsets = pa.py_buffer(np.array([0, size], dtype=np.int64))
    body = pa.py_buffer(data)
    if start:
        body = body.slice(start)
    try:
        pa.Array.from_buffers(pa.large_string(), 1, [None, offsets, body]).validate(full=True)
    except pa.ArrowInvalid:
        return False
    return True


def _utf8(data: bytes, file: str, lines: int) -> tuple[bytes, int] | None:
    """``data`` as UTF-8 bytes and where the text starts (after a BOM), or None when the
    text reader must take it (a binary file, NUL bytes: it says what is wrong).  Other
    encodings (GB18030, UTF-16, a BOM before bad bytes) are decoded as the text reader
    decodes them, and encoded again."""
    if b"\x00" in data or data.startswith(_BINARY):
        return None
    start = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    if _is_utf8(data, start):
        return data, start
    return _text(data, file, lines).encode("utf-8"), 0


def _arrow_csv(
    block: bytes,
    file: str,
    header: Sequence[str] | None = None,
    first_row: int = 1,
    keys: frozenset[str] | None = None,
    lines: int = 0,
) -> tuple[RecordTable, list[str], int] | None:
    """A CSV block read by pyarrow's CSV reader (C++, no Python object per cell): the
    table, the header and the CSV rows read; None when the block needs the text reader.

    The same table as :func:`_simple_csv`, for the same files: no quotes, no blank or
    whitespace-only line, no lone ``\r``, every row as wide as the header, no cell over
    ``max_text_chars``.  Columns come back dictionary-encoded (codes into the distinct
    values; stripped, empty as ``None``), row numbers as an array.

    ``header``: the block is a chunk of a file whose header was read before; its first
    line is row ``first_row`` and ``lines`` physical lines come before it (for messages
    about its encoding).  ``keys``: keep only these columns.
    """
    if b'"' in block:
        return None
    found = _utf8(block, file, lines)
    if found is None:
        return None
    data, start = found
    del found
    if b"\r" in data and data.count(b"\r") != data.count(b"\r\n"):
        return None  # a lone \r ends a line for the csv module (blank lines follow it)
    if header is None:
        if looks_like_html(data[start : start + 16384].decode("utf-8", "ignore")):
            return None
        end = data.find(b"\n", start)
        if end < 0:
            return None
        line = data[start:end].decode("utf-8").rstrip("\r")
        if not line.strip(_BLANK):
            return None
        header = line.split(",")
        start, first_row = end + 1, first_row + 1
    elif data.startswith((b"\n", b"\r\n"), start):
        return None
    size = len(data) - start
    if not size:
        return None
    found_keys, unknown = _keys(header, file)
    wanted: list[tuple[int, str]] = []
    for index, key in enumerate(found_keys):
        if key is not None and all(key != k for _, k in wanted):
            wanted.append((index, key))
    kept = [(i, k) for i, k in wanted if keys is None or k in keys]
    limit = limits.get("max_text_chars")
    short = _short_lines(data, start, limit)
    if short:  # no cell over the limit: read only the columns kept
        wanted = kept
    # else the columns not kept are read as bytes too, to measure their cells
    pa = _arrow()
    names = [f"c{i}" for i in range(len(header))]
    text = pa.dictionary(pa.int32(), pa.string())
    types = {f"c{i}": text if (i, k) in kept else pa.binary() for i, k in wanted}
    body = pa.py_buffer(data).slice(start)
    try:
        table = pa.csv.read_csv(
            pa.BufferReader(body),
            read_options=pa.csv.ReadOptions(
                column_names=names, use_threads=False, block_size=min(size + 1, _ARROW_BLOCK)
            ),
            # a blank line is a row of one empty cell: of another width, or blank below
            parse_options=pa.csv.ParseOptions(quote_char=False, ignore_empty_lines=False),
            convert_options=pa.csv.ConvertOptions(
                include_columns=[f"c{i}" for i, _ in wanted],
                column_types=types,
                check_utf8=False,  # checked above
            ),
        )
    except pa.ArrowInvalid:  # a row of another width: the text reader keeps it
        return None
    count = table.num_rows  # no quotes, no blank line: one row per line
    table = table.unify_dictionaries()
    coded: dict[str, Coded] = {}
    blank: npt.NDArray[np.bool_] | None = None
    for index, key in wanted:
        column = table.column(f"c{index}")
        if (index, key) not in kept:
            if (
                column.num_chunks
                and pa.compute.max(pa.compute.binary_length(column)).as_py() > limit
            ):
                return None
            continue
        values: list[str] = column.chunk(0).dictionary.to_pylist() if column.num_chunks else []
        if not short and values and max(map(len, values)) > limit:
            return None
        codes = np.concatenate(
            [_indices(c) for c in column.chunks] or [np.zeros(0, dtype=np.int32)]
        )
        stripped = [value.strip() or None for value in values]
        coded[key] = (codes, stripped)
        empty = np.array([value is None for value in stripped], dtype=np.bool_)[codes]
        blank = empty if blank is None else blank & empty
    if blank is not None and bool(blank.any()):
        return None  # perhaps a blank row (only commas): the text reader skips it
    numbers = np.arange(first_row, first_row + count, dtype=np.int64)
    return RecordTable(file, numbers, None, unknown, coded=coded), list(header), count


def from_arrow(data: Any, file: str, *, first_row: int = 2) -> RecordTable:
    """Records from a ``pyarrow.Table`` (a Parquet file or partition, a data frame).

    Columns are named as in a records file's header (:data:`COLUMNS`); a column named
    ``row`` (integers) gives each record's row number, otherwise records are numbered
    from ``first_row``.  Columns are dictionary-encoded in pyarrow (codes into the
    distinct values, as the CSV reader gives them; text, dates, timestamps and numbers),
    and the distinct values get the cell checks of a JSON Lines file; a table with a cell
    those checks reject (a boolean, a number of too many digits, text over
    ``max_text_chars``), a nested column or a blank row is read cell by cell instead, so
    that it gives what the same records in JSON Lines give.
    """
    pa = _arrow()
    names = [str(n) for n in data.column_names]
    header = [n for n in names if n != "row"]
    if "row" in names:
        rows = _row_numbers(data.column("row"), file)
    else:
        rows = np.arange(first_row, first_row + data.num_rows, dtype=np.int64)
    found, unknown = _keys(header, file)
    wanted: list[tuple[str, str]] = []
    for name, key in zip(header, found, strict=True):
        if key is not None and all(key != k for _, k in wanted):
            wanted.append((name, key))
    coded: dict[str, Coded] = {}
    blank: npt.NDArray[np.bool_] | None = None
    for name, key in wanted:
        column = _china_time(data.column(names.index(name)))  # the first of a repeated name
        kind = column.type
        if pa.types.is_dictionary(kind):
            kind = kind.value_type
        if pa.types.is_nested(kind) or pa.types.is_null(kind):
            break
        try:
            encoded = pa.compute.dictionary_encode(column, null_encoding="encode")
            as_codes = pa.dictionary(pa.int32(), kind)
            chunks = pa.table(
                {"c": pa.chunked_array([c.cast(as_codes) for c in encoded.chunks], as_codes)}
            ).unify_dictionaries()["c"]
        except (pa.ArrowNotImplementedError, pa.ArrowInvalid):  # a type it cannot encode
            break
        if any(c.null_count for c in chunks.chunks):  # (null codes: read cell by cell)
            break
        values = chunks.chunk(0).dictionary.to_pylist() if chunks.num_chunks else []
        if any(_cell_problem(key, value) for value in values):
            break  # a cell the row checks reject: read cell by cell, for the row numbers
        cell = _text_cell if key in _TEXT_KEYS else _cell
        cells = [cell(value) for value in values]
        codes = np.concatenate(
            [_indices(c) for c in chunks.chunks] or [np.zeros(0, dtype=np.int32)]
        )
        coded[key] = (codes, cells)
        empty = np.array([v is None for v in cells], dtype=np.bool_)[codes]  # (text stripped)
        blank = empty if blank is None else blank & empty
    else:
        if blank is None or not bool(blank.any()):
            return RecordTable(file, rows, None, unknown, coded=coded)
    at = [i for i, n in enumerate(names) if n != "row"]  # by place: a name may repeat
    cells = [_china_time(data.column(i)).to_pylist() for i in at]
    table = _table(
        ((int(n), [c[k] for c in cells]) for k, n in enumerate(rows.tolist())),
        header,
        file,
        chunk=True,
    )
    return table


def _china_time(column: Any) -> Any:
    """``column``, its instants (a timestamp with a time zone, as Spark and Hive write
    UTC) shown in China's time (UTC+8), so that a record's date is the date in China: one
    formed at 04:00 Beijing time was dated the day before (its UTC date), a false GK501."""
    pa = _arrow()
    kind = column.type
    if pa.types.is_timestamp(kind) and kind.tz is not None and kind.tz != "+08:00":
        return column.cast(pa.timestamp(kind.unit, tz="+08:00"))
    return column


def _parquet_files(path: Path) -> list[Path]:
    """The Parquet files of ``path``: itself, or the ``*.parquet`` files of a folder (and
    its subfolders), in path order, as ``dask.dataframe.read_parquet`` takes them."""
    if path.is_dir():
        return sorted(p for p in path.rglob("*.parquet") if p.is_file())
    return [path]


def _read_parquet(path: Path, file: str, rows: int) -> Iterator[RecordTable]:
    """The records of Parquet file(s) ``path``, about ``rows`` at a time, numbered 2, 3, …
    across the files unless they have a ``row`` column (:func:`from_arrow`)."""
    pa = _arrow()
    import pyarrow.parquet

    first = 2
    for part in _parquet_files(path):
        try:
            reader = pyarrow.parquet.ParquetFile(part)
            batches = reader.iter_batches(batch_size=rows)
            for batch in batches:
                table = pa.Table.from_batches([batch])
                yield from_arrow(table, file, first_row=first)
                first += table.num_rows
        except (pa.ArrowException, OSError) as exc:
            raise RecordsError(
                f"{file}：无法读取 Parquet 文件 {part}（{exc}）；请检查文件是否完整。",
                f"{file}: cannot read the Parquet file {part} ({exc}); check that it is whole.",
            ) from None


def _joined(parts: Sequence[RecordTable], file: str) -> RecordTable:
    """One table (of lists) of the records of ``parts``, in order."""
    keys = list(dict.fromkeys(k for part in parts for k in part.columns))
    columns = {key: [v for part in parts for v in part.column(key)] for key in keys}
    unknown = tuple(dict.fromkeys(u for part in parts for u in part.unknown_columns))
    rows = [n for part in parts for n in part.rows]
    bad = [b for part in parts for b in part.bad_rows]
    return RecordTable(file, rows, columns, unknown, bad)


def _read_csv(text: str, file: str) -> RecordTable:
    if looks_like_html(text):
        raise RecordsError(
            f"{file} 实际上是 HTML 网页，不是 CSV；请从原系统导出 CSV 或 Excel。",
            f"{file} is an HTML page, not CSV; export CSV or Excel from the source system.",
        )
    simple = _simple_csv(text, file)
    if simple is not None:
        return simple
    # newline="": \r\n, \r and \n all end a line (mixed line endings), and line breaks
    # inside quoted cells are kept.
    bad: list[tuple[int, str, str]] = []
    rows: list[list[str] | None]
    text, stray = _unstray(text)
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error:
        rows = _csv_rows(text, bad)  # slower: goes on after a row it cannot read
    _set_aside_strays(rows, stray, bad)
    first = next((k for k, row in enumerate(rows) if row and any(c.strip() for c in row)), None)
    if bad and (first is None or bad[0][0] <= first + 1):
        number, zh, en = bad[0]
        raise RecordsError(
            f"{file} 第 {number} 行（表头）{zh}。", f"{file} row {number} (header) {en}."
        )
    if first is None:
        raise _no_records(file, "没有表头", "no header row")
    header = cast(list[str], rows[first])
    body = [(k + 1, row) for k in range(first + 1, len(rows)) if (row := rows[k]) is not None]
    return _table(body, header, file, bad=bad, all_text=True)


def _read_jsonl(text: str, file: str) -> RecordTable:
    header: dict[str, None] = {}
    parsed: list[tuple[int, dict[str, Any]]] = []
    bad: list[tuple[int, str, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            bad.append(
                (
                    number,
                    f"不是有效的 JSON（第 {exc.colno} 列：{exc.msg}）",
                    f"not valid JSON (column {exc.colno}: {exc.msg})",
                )
            )
            continue
        except (ValueError, RecursionError) as exc:  # too many digits, too deep
            reason = "嵌套过深" if isinstance(exc, RecursionError) else "数字位数过多"
            reason_en = "nested too deep" if isinstance(exc, RecursionError) else "too many digits"
            bad.append((number, f"无法读取（{reason}）", f"cannot be read ({reason_en})"))
            continue
        if not isinstance(value, dict):
            bad.append((number, "应为 JSON 对象（{…}）", "must be a JSON object ({…})"))
            continue
        for key in value:
            if key not in header:
                header[key] = None
        parsed.append((number, value))
    if not parsed and not bad:
        raise _no_records(file, "没有 JSON 对象", "no JSON object")
    names = list(header)
    return _table(
        ((n, [v.get(k) for k in names]) for n, v in parsed), names or ["item"], file, bad=bad
    )


def _read_xlsx(path: Path, file: str) -> RecordTable:
    """The first sheet of a workbook, read as the table import reads it (cell values only,
    with its guards against encrypted, HTML-disguised and oversized files)."""
    try:
        grids, _ = read_grids(path, fmt="xlsx", file=file)
    except TableError as exc:
        raise RecordsError(exc.finding.message, exc.finding.message_en) from None
    if grids and grids[0].refused is not None:  # the first sheet was kept from the reader
        raise RecordsError(grids[0].refused.message, grids[0].refused.message_en)
    rows = grids[0].rows if grids else ()
    if not rows:
        raise _no_records(file, "第一个工作表是空的", "the first sheet is empty")
    return _table(((n, row) for n, row in enumerate(rows[1:], start=2)), rows[0], file)


def read_records(source: str | os.PathLike[str], *, fmt: str | None = None) -> RecordTable:
    """Read a records file; ``fmt`` is ``csv``, ``jsonl``, ``xlsx`` or ``parquet`` (default:
    by suffix; Parquet may be a folder of ``*.parquet`` files, see :func:`from_arrow`).

    CSV may be UTF-8 (with or without BOM) or GBK; its lines may end in ``\n``, ``\r\n``
    or ``\r``.  It is read by pyarrow's CSV reader (columns dictionary-encoded) unless it
    has quotes, blank lines, rows of another width or lone ``\r`` (then the csv module);
    both give the same table.  Raises :class:`RecordsError` for a file that cannot be used at all
    (unreadable, binary, over ``gkstd.limits.get("max_record_bytes")``, no header with
    an item column, not a single record).  A row that cannot be used (a value of the wrong
    JSON type, a cell over ``max_text_chars``, a CSV row the reader rejects, unbalanced
    quotes) is listed in :attr:`RecordTable.bad_rows` with the reason, and reading goes on.
    """
    return _read(source, fmt, arrow=True)


def _read(source: str | os.PathLike[str], fmt: str | None, *, arrow: bool) -> RecordTable:
    """:func:`read_records`; ``arrow=False``: CSV through the text reader only (the csv
    module: the reference the pyarrow reader is tested against)."""
    path, file, kind = _checked(source, fmt)
    if kind == "xlsx":
        return _read_xlsx(path, file)
    if kind == "parquet":
        parts = list(_read_parquet(path, file, 1 << 62))
        if not any(len(p) or p.bad_rows for p in parts):  # no part, or blank rows only
            raise _no_records(file, "没有记录", "no records")
        return _joined(parts, file) if len(parts) > 1 else parts[0]
    data = path.read_bytes()
    if not data or data.isspace():  # (no copy of a large file)
        raise _no_records(file, "空文件", "empty file")
    if arrow and kind == "csv" and (quick := _arrow_csv(data, file)) is not None:
        return quick[0]
    text = _text(data, file)
    del data
    return _read_csv(text, file) if kind == "csv" else _read_jsonl(text, file)


def _checked(source: str | os.PathLike[str], fmt: str | None) -> tuple[Path, str, str]:
    """The path, its name and format, once the format and the size are checked."""
    expect(
        source,
        (str, os.PathLike),
        "gkstd.audit.read_records(source)",
        ("记录文件的路径", "the records file's path"),
    )
    expect(
        fmt,
        (str, type(None)),
        "gkstd.audit.read_records(fmt)",
        ("格式名或 None", "a format name or None"),
    )
    path = Path(source)
    file = str(source)
    try:
        folder = path.is_dir()
    except (OSError, ValueError, UnicodeError):
        folder = False
    # a folder holds Parquet partitions (the only format read from a folder)
    kind = (fmt or ("parquet" if folder else path.suffix.lstrip("."))).lower()
    kind = {
        "jsonl": "jsonl",
        "ndjson": "jsonl",
        "json": "jsonl",
        "xlsx": "xlsx",
        "xls": "xlsx",
        "pq": "parquet",
    }.get(kind, kind)
    if folder and kind == "parquet" and not _parquet_files(path):
        raise RecordsError(
            f"{file} 是文件夹，其中没有 .parquet 文件；只有 Parquet 记录可以按文件夹给出，"
            "CSV、JSON Lines 和 XLSX 记录请逐个文件给出。",
            f"{file} is a folder without .parquet files; only Parquet records may be given as "
            "a folder, give CSV, JSON Lines and XLSX records file by file.",
        )
    if folder and kind != "parquet":
        raise RecordsError(
            f"{file} 是文件夹；只有 Parquet 记录可以按文件夹给出（其中的 *.parquet 文件），"
            "其他格式请给出文件。",
            f"{file} is a folder; only Parquet records may be given as a folder (its *.parquet "
            "files); give other formats as a file.",
        )
    if kind not in ("csv", "jsonl", "xlsx", "parquet"):
        raise RecordsError(
            f"{file}：不支持的记录格式 {kind!r}；请使用 .csv、.jsonl、.xlsx 或 .parquet。",
            f"{file}: unsupported records format {kind!r}; use .csv, .jsonl, .xlsx or .parquet.",
        )
    try:
        status = path.stat()
        size = status.st_size
        if kind == "parquet":
            size = sum(p.stat().st_size for p in _parquet_files(path))
        regular = kind == "parquet" or stat.S_ISREG(status.st_mode)
    except OSError as exc:
        raise RecordsError(
            f"无法读取 {file}：{os_reason(exc)[0]}。",
            f"Cannot read {file}: {os_reason(exc)[1]}.",
        ) from None
    except (ValueError, UnicodeError):  # a NUL in the name; a name no file system holds
        shown = readable_name(file)
        raise RecordsError(
            f"无法读取 {shown}：文件名无效。", f"Cannot read {shown}: invalid file name."
        ) from None
    if not regular:  # /dev/zero says 0 bytes, then never ends
        raise RecordsError(
            f"{file} 不是普通文件（设备或管道），未读取；请给出记录文件本身。",
            f"{file} is not a regular file (a device or a pipe); not read. Give the "
            "records file itself.",
        )
    note_read(path)
    largest = limits.get("max_record_bytes")
    if size > largest:
        raise RecordsError(
            f"{file} 有 {size} 字节，超过上限 {largest} 字节，请分批审计"
            f"（或用环境变量 GKSTD_LIMIT_MAX_RECORD_BYTES 提高上限）。",
            f"{file} has {size} bytes, over the limit of {largest}; split it "
            "(or raise GKSTD_LIMIT_MAX_RECORD_BYTES).",
        )
    return path, file, kind


def _text(data: bytes, file: str, line: int = 0) -> str:
    """The decoded text of records bytes (``line``: lines before them in the file)."""
    if (
        b"\x00" in data
        and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
        and utf16_without_bom(data) is None
    ):
        line += data.count(b"\n", 0, data.index(b"\x00")) + 1
        raise RecordsError(
            f"{file} 第 {line} 行含有空字节（NUL），是二进制文件，不是 CSV 或 JSON Lines 文本；"
            "请从原系统导出 CSV、JSON Lines 或 XLSX。",
            f"{file} has a NUL byte on line {line}: a binary file, not CSV or JSON Lines "
            "text; export CSV, JSON Lines or XLSX from the source system.",
        )
    decoded = decode(data, file)
    if decoded.text is None:
        message = decoded.findings[0] if decoded.findings else None
        if message is not None and message.code == "GK007":  # empty after a BOM
            raise _no_records(file, "空文件", "empty file")
        raise RecordsError(
            f"{file}：{message.message}" if message else f"{file} 无法解码。",
            f"{file}: {message.message_en}" if message else f"{file} cannot be decoded.",
        )
    return decoded.text


#: Files up to this size are read whole by :func:`iter_records` (bytes).
STREAM_FROM = 32 * 1024 * 1024


def iter_records(
    source: str | os.PathLike[str],
    *,
    fmt: str | None = None,
    chunk: int = 8 * 1024 * 1024,
    columns: Iterable[str] | None = None,
) -> Iterator[RecordTable]:
    """Read a records file in chunks of about ``chunk`` bytes, for an audit in bounded
    memory (``gkstd.audit.audit(iter_records(path), catalogs)``).

    A CSV file over :data:`STREAM_FROM` bytes (UTF-8 or GBK, its header without quotes;
    see the docs) is read ``chunk`` bytes at a time (whole lines; 8 MB ≈ 80,000 records);
    ``columns`` (keys of :data:`COLUMNS`) limits the chunks' columns to those (the audit
    reads no ``url``); the chunks number their rows as the whole
    file does, a quoted cell spanning lines stays in one chunk, and each chunk is decoded
    on its own (UTF-8, or GBK/GB18030 as detected) and read by pyarrow (the csv module
    for a chunk it cannot take as it is).  Parquet is read in batches of about
    ``chunk / 100`` records.  Any other file (JSON Lines, XLSX, a small or UTF-16 CSV) is
    one chunk, :func:`read_records`.  Raises :class:`RecordsError` as
    :func:`read_records` does, for a later chunk when the audit reaches it.
    """
    path, file, kind = _checked(source, fmt)
    if kind == "parquet":
        found = False
        for table in _read_parquet(path, file, max(1, chunk // 100)):
            found = found or bool(len(table) or table.bad_rows)  # blank rows are none
            yield table
        if not found:
            raise _no_records(file, "没有记录", "no records")
        return
    if kind != "csv" or path.stat().st_size <= STREAM_FROM:
        yield read_records(source, fmt=fmt)
        return
    keys = None if columns is None else frozenset(columns)
    with path.open("rb") as handle:
        block = _lines(handle, chunk)
        if block.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or (
            b"\x00" in block[:512] and utf16_without_bom(block) is not None
        ):  # UTF-16: its line breaks are two bytes, which chunks of lines would split
            yield read_records(source, fmt=fmt)
            return
        quick = _arrow_csv(block, file, keys=keys)
        if quick is not None:
            first, header, count = quick
        else:
            text = _text(block, file)
            head, newline, rest = text.partition("\n")
            if looks_like_html(text) or not newline or '"' in head or "\r" in head[:-1]:
                yield read_records(source, fmt=fmt)  # (a header cell over lines: rare)
                return
            header = head.rstrip("\r").split(",")
            plain = _simple_csv(text, file, keys=keys)
            if plain is not None:
                first, count = plain, len(plain.rows)
            else:  # quotes (Excel quotes a cell with a comma): in chunks all the same
                last = not block.endswith(b"\n")
                first, count = _csv_chunk(rest, file, header, 2, 1, last, keys)
            del text, rest
        lines = block.count(b"\n") if quick is None else 1 + count
        number = 1 + count + 1
        seen = bool(len(first) or first.bad_rows)
        del block, quick
        yield first
        del first
        while block := _lines(handle, chunk):
            quick = _arrow_csv(block, file, header, number, keys, lines)
            if quick is not None:
                table, _, count = quick
            else:
                # a chunk of blank lines only is no empty file: its rows are just blank
                text = block.decode("ascii") if block.isspace() else _text(block, file, lines)
                last = not block.endswith(b"\n")
                table, count = _csv_chunk(text, file, header, number, lines, last, keys)
                del text
            lines += block.count(b"\n") if quick is None else count
            number += count
            seen = seen or bool(len(table) or table.bad_rows)
            del block, quick
            yield table
            del table
        if not seen:  # a header, then blank lines only (as the whole file would say)
            raise _no_records(file, "只有表头", "header only")


def _lines(handle: io.BufferedReader, size: int) -> bytes:
    """The next ``size`` bytes to the end of a line, extended until its quotes pair up
    (or the file ends), by at most what one quoted cell can hold (``max_text_chars``
    characters of up to 4 bytes, or :data:`_QUOTED_LINES` lines): a stray quote read the
    rest of the file into memory (a 144 MB file took 19 GB)."""
    block = handle.read(size)
    block += handle.readline(_LINE_BYTES)  # a line of gigabytes is cut, not held
    if b'"' not in block or block.count(b'"') % 2 == 0:
        return block
    parts = [block]
    budget = 4 * limits.get("max_text_chars")
    odd = True
    for _ in range(_QUOTED_LINES):
        line = handle.readline(budget + 1)
        if not line:
            break
        parts.append(line)
        budget -= len(line)
        odd ^= line.count(b'"') % 2 == 1
        if not odd or budget <= 0:
            break
    if not parts[-1].endswith(b"\n"):  # a line cut at the budget: to its end
        parts.append(handle.readline(_LINE_BYTES))
    return b"".join(parts)


#: The most bytes one line of a records file is read as (longer: cut into rows of their own,
#: reported; the file's other lines are read as usual).
_LINE_BYTES = 16 * 1024 * 1024


def _csv_chunk(
    text: str,
    file: str,
    header: Sequence[str],
    first_row: int,
    lines: int,
    last: bool,
    keys: frozenset[str] | None,
) -> tuple[RecordTable, int]:
    """A chunk of a CSV file after its header: the table and the number of CSV rows read
    (``first_row``: the number of its first row; ``lines``: physical lines before it)."""
    simple = _simple_csv(text, file, header, first_row, keys)
    if simple is not None:
        return simple, len(simple.rows)
    bad: list[tuple[int, str, str]] = []
    found: list[list[str] | None]
    text, stray = _unstray(text)
    try:
        found = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error:
        found = _csv_rows(text, bad)
    bad = [(first_row + n - 1, zh, en) for n, zh, en in bad]
    _set_aside_strays(found, stray, bad, first_row, lines)
    body = [(first_row + k, row) for k, row in enumerate(found) if row is not None]
    return _table(body, header, file, bad=bad, all_text=True, chunk=True), len(found)
