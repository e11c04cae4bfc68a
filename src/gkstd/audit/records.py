"""Reading publication records (公开记录) for an audit: CSV, JSON Lines or XLSX.

Records are read column-wise into :class:`RecordTable`, so that a million rows cost a few
lists, not a million objects.  Column names are matched against :data:`COLUMNS` (Chinese
and English variants).  A file that cannot be used raises :class:`RecordsError` with the
file, the place and the fix; a bad *row* is not an error here: the audit reports it with
its row number and goes on.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import attrs

from gkstd.diagnostics.errors import GkstdError
from gkstd.io.decode import decode
from gkstd.model.enums import normalize_label
from gkstd.tables.grid import TableError, looks_like_html, read_grids

__all__ = ["COLUMNS", "MAX_RECORD_BYTES", "RecordTable", "RecordsError", "read_records"]

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

#: Largest records file read (bytes).
MAX_RECORD_BYTES = 2 * 1024 * 1024 * 1024


class RecordsError(GkstdError, ValueError):
    """The records file cannot be used at all (Chinese ``message``, English ``message_en``)."""

    def __init__(self, message: str, message_en: str) -> None:
        super().__init__(message, message_en)


@attrs.define
class RecordTable:
    """Records column by column.  ``rows[i]`` is record *i*'s row number in the file
    (1-based, header included), ``columns`` maps a key of :data:`COLUMNS` to its values
    (``None`` where the cell is empty), and ``bad_rows`` lists rows that could not be read
    at all, with the reason."""

    file: str | None
    rows: list[int]
    columns: dict[str, list[Any]]
    unknown_columns: tuple[str, ...] = ()
    bad_rows: list[tuple[int, str, str]] = attrs.field(factory=list)

    def __len__(self) -> int:
        return len(self.rows)

    def column(self, key: str) -> list[Any]:
        """Values of column ``key`` (all ``None`` when the file has no such column)."""
        values = self.columns.get(key)
        return values if values is not None else [None] * len(self.rows)


def _keys(header: Sequence[Any], file: str) -> tuple[list[str | None], tuple[str, ...]]:
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
        raise RecordsError(
            f"{file}：第 1 行（表头）没有事项列；请把事项编号或名称所在列命名为 {expected} 或 item。"
            f"实际表头：{'、'.join(str(c) for c in header)}。",
            f"{file}: row 1 (header) has no item column; name it item (or 事项/事项编号). "
            f"Header found: {', '.join(str(c) for c in header)}.",
        )
    return keys, tuple(unknown)


def _table(
    rows: Iterable[tuple[int, Sequence[Any]]], header: Sequence[Any], file: str
) -> RecordTable:
    keys, unknown = _keys(header, file)
    kept = [(n, r) for n, r in rows if any(c not in (None, "") for c in r)]
    numbers = [n for n, _ in kept]
    columns: dict[str, list[Any]] = {}
    for index, key in enumerate(keys):
        if key is None or key in columns:
            continue
        columns[key] = [_cell(r[index]) if index < len(r) else None for _, r in kept]
    return RecordTable(file, numbers, columns, unknown)


def _cell(value: Any) -> Any:
    if isinstance(value, str):
        return value.strip() or None
    return value if value != "" else None


def _read_csv(text: str, file: str) -> RecordTable:
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration:
        raise RecordsError(f"{file} 是空文件。", f"{file} is empty.") from None
    except csv.Error as exc:
        raise RecordsError(f"{file} 第 1 行无法读取：{exc}。", f"{file} row 1: {exc}.") from None
    if looks_like_html(text):
        raise RecordsError(
            f"{file} 实际上是 HTML 网页，不是 CSV；请从原系统导出 CSV 或 Excel。",
            f"{file} is an HTML page, not CSV; export CSV or Excel from the source system.",
        )

    try:
        body = list(reader)
    except csv.Error as exc:
        raise RecordsError(
            f"{file} 第 {reader.line_num} 行无法读取：{exc}。",
            f"{file} row {reader.line_num}: {exc}.",
        ) from None
    return _table(enumerate(body, start=2), header, file)


def _read_jsonl(text: str, file: str) -> RecordTable:
    header: list[str] = []
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
        if not isinstance(value, dict):
            bad.append((number, "应为 JSON 对象（{…}）", "must be a JSON object ({…})"))
            continue
        for key in value:
            if key not in header:
                header.append(key)
        parsed.append((number, value))
    if not parsed and not bad:
        raise RecordsError(f"{file} 是空文件。", f"{file} is empty.")
    table = _table(((n, [v.get(k) for k in header]) for n, v in parsed), header or ["item"], file)
    table.bad_rows.extend(bad)
    return table


def _read_xlsx(path: Path, file: str) -> RecordTable:
    """The first sheet of a workbook, read as the table import reads it (cell values only,
    with its guards against encrypted, HTML-disguised and oversized files)."""
    try:
        grids, _ = read_grids(path, fmt="xlsx", file=file)
    except TableError as exc:
        raise RecordsError(exc.finding.message, exc.finding.message_en) from None
    rows = grids[0].rows if grids else ()
    if not rows:
        raise RecordsError(f"{file} 的第一个工作表是空的。", f"The first sheet of {file} is empty.")
    return _table(((n, row) for n, row in enumerate(rows[1:], start=2)), rows[0], file)


def read_records(source: str | os.PathLike[str], *, fmt: str | None = None) -> RecordTable:
    """Read a records file; ``fmt`` is ``csv``, ``jsonl`` or ``xlsx`` (default: by suffix).

    CSV may be UTF-8 (with or without BOM) or GBK.  Raises :class:`RecordsError`.
    """
    path = Path(source)
    file = str(source)
    kind = (fmt or path.suffix.lstrip(".")).lower()
    kind = {
        "jsonl": "jsonl",
        "ndjson": "jsonl",
        "json": "jsonl",
        "xlsx": "xlsx",
        "xls": "xlsx",
    }.get(kind, kind)
    if kind not in ("csv", "jsonl", "xlsx"):
        raise RecordsError(
            f"{file}：不支持的记录格式 {kind!r}；请使用 .csv、.jsonl 或 .xlsx。",
            f"{file}: unsupported records format {kind!r}; use .csv, .jsonl or .xlsx.",
        )
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise RecordsError(
            f"无法读取 {file}：{exc.strerror or exc}。",
            f"Cannot read {file}: {exc.strerror or exc}.",
        ) from None
    if size > MAX_RECORD_BYTES:
        raise RecordsError(f"{file} 超过 2 GB，请分批审计。", f"{file} is over 2 GB; split it.")
    if kind == "xlsx":
        return _read_xlsx(path, file)
    decoded = decode(path.read_bytes(), file)
    if decoded.text is None:
        message = decoded.findings[0] if decoded.findings else None
        raise RecordsError(
            f"{file}：{message.message}" if message else f"{file} 无法解码。",
            f"{file}: {message.message_en}" if message else f"{file} cannot be decoded.",
        )
    return _read_csv(decoded.text, file) if kind == "csv" else _read_jsonl(decoded.text, file)
