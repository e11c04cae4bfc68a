"""Reading an earlier ``gkstd check`` report for a comparison (``--compare 上季度.json``):
the JSON a check wrote (``--report 结果.json`` or ``--format json``; the summary of a
streamed run holds the rankings only), checked with JSON Schema (Draft 2020-12) before
any work and refused with its file, place and fix when it is not such a report
(:class:`EarlierReportError`); and the keys that hold a path made comparable between two
quarters' folders (:func:`rooted`).  :mod:`gkstd.batch.compare` sets a check beside it.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from gkstd.batch.naming import SHEET_MARK
from gkstd.diagnostics import limits
from gkstd.diagnostics.arguments import expect
from gkstd.diagnostics.errors import GkstdError
from gkstd.diagnostics.sidefiles import SideFile, read_side_bytes, side_text
from gkstd.model.catalog import UNNAMED, UNNAMED_EN

__all__ = [
    "Earlier",
    "EarlierReportError",
    "Standing",
    "load_earlier",
    "rooted",
    "scored_catalogs",
]


class EarlierReportError(GkstdError):
    """The earlier report cannot be used (names the file, the place and the fix)."""


@attrs.frozen
class Standing:
    """A row's standing in one report: its name, score, grade, errors, and its rank (a
    catalog has none, but its file: ``file › sheet`` for a sheet)."""

    name: str
    score: float
    grade: str = ""
    errors: int = 0
    rank: int | None = None
    name_en: str = ""
    file: str | None = None


@attrs.frozen
class Earlier:
    """What is read of the earlier report: each government's, domain's and catalog's
    standing by key (``catalogs`` is empty when the report held no files: a streamed run's
    summary), and the catalog keys two catalogs shared (left out)."""

    file: str
    jurisdictions: Mapping[str, Standing]
    domains: Mapping[str, Standing]
    catalogs: Mapping[tuple[str, str], Standing] = attrs.field(factory=dict)
    shared: frozenset[tuple[str, str]] = frozenset()
    #: whether the report held its files' results (a streamed run's summary does not)
    has_files: bool = True
    #: the scoring scheme the earlier check used (its ``scheme``; ``None``: not said)
    scheme: Mapping[str, Any] | None = attrs.field(default=None, eq=False)


def rooted(keys: Iterable[str], files: Iterable[str] = ()) -> dict[str, str]:
    """The keys that hold a path, by the path below the folder the checked ``files`` share
    (the folder checked; without files, the folder the keys' paths share), so that one
    government keeps its key from one quarter's folder to the next:

    * a government a table does not name (``（未注明）`` and the file's path: each file its
      own government): 各地目录2026Q3/甲县/目录.xlsx and 各地目录2026Q4/甲县/目录.xlsx;
    * a name two governments share, told apart by the higher-level folder
      (城关镇（各地目录2026Q3/乙县）).

    Other keys are left out (they stay as they are)."""
    found: dict[str, tuple[str, str, str]] = {}  # key -> (head, path, tail)
    for key in keys:
        if key.startswith(UNNAMED) and len(key) > len(UNNAMED):
            found[key] = (UNNAMED, key[len(UNNAMED) :], "")
        elif (match := _PLACED.match(key)) is not None:
            found[key] = (f"{match['name']}（", match["folder"], "）")
    if not found:
        return {}
    folders = [os.path.dirname(_file_of(f)) or "." for f in files]
    if not folders:
        folders = [
            os.path.dirname(path) if head == UNNAMED else path for head, path, _ in found.values()
        ]
    try:
        root = os.path.commonpath([f or "." for f in folders])
    except ValueError:  # absolute and relative paths mixed, or two drives: left as they are
        return {}
    out = {}
    for key, (head, path, tail) in found.items():
        try:
            inside = os.path.commonpath([root or ".", path]) == os.path.normpath(root or ".")
        except ValueError:
            continue
        if inside:
            out[key] = f"{head}{os.path.relpath(path, root or '.')}{tail}"
    return out


#: A ranking key told apart by its higher-level folder: 城关镇（各地目录/乙县）.
_PLACED = re.compile(r"^(?P<name>[^（]+)（(?P<folder>.+)）$")


def _file_of(label: str) -> str:
    """The file of a catalog's name in the reports (``file › sheet``: the file)."""
    return label.partition(SHEET_MARK)[0]


# -- reading the earlier report -------------------------------------------------------------

#: A score as a report writes it (0–100 under any scheme; a wider range is no score).
_SCORE = {"type": "number", "minimum": -1000, "maximum": 1000}
_ROLLUP = {
    "type": "object",
    "required": ["key", "name", "score", "rank"],
    "properties": {
        "key": {"type": "string"},
        "name": {"type": "string"},
        "name_en": {"type": "string"},
        "score": _SCORE,
        "rank": {"type": "integer", "minimum": 1},
        "grade": {"type": "string"},
        "errors": {"type": "integer", "minimum": 0},
    },
}
_CARD = {
    "type": ["object", "null"],  # (null: a file not scored)
    "required": ["jurisdiction", "domain", "score"],
    "properties": {
        "file": {"type": "string"},
        "jurisdiction": {"type": "string"},
        "jurisdiction_key": {"type": "string"},
        "domain": {"type": "string"},
        "domain_name": {"type": "string"},
        "domain_name_en": {"type": "string"},
        "usable": {"type": "boolean"},
        "score": _SCORE,
        "grade": {"type": "string"},
        "errors": {"type": "integer", "minimum": 0},
    },
}
#: What is read of an earlier report (other keys are allowed: reports gain keys).
SCHEMA: Mapping[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["by_jurisdiction", "by_domain"],
    "properties": {
        "by_jurisdiction": {"type": "array", "items": _ROLLUP},
        "by_domain": {"type": "array", "items": _ROLLUP},
        "files": {  # each file's result, or (a streamed run's summary) how many
            "type": ["array", "integer"],
            "items": {
                "type": "object",
                "properties": {"file": {"type": "string"}, "score": _CARD},
            },
        },
        "scheme": {"type": "object"},
    },
}

_ENV = "GKSTD_LIMIT_MAX_REPORT_BYTES"
_PATH = (
    "上次 JSON 报告的路径（str 或 pathlib.Path）",
    "the earlier JSON report's path (str or Path)",
)
_FIX = "请给出上次 gkstd check 写出的 JSON 报告（--report 结果.json，或 --format json 的输出）。"
_FIX_EN = "Give the JSON report an earlier gkstd check wrote (--report out.json, or --format json)."
#: An earlier report, for its messages (:mod:`gkstd.diagnostics.sidefiles`).
_KIND = SideFile("上次的检查报告", "the earlier report", EarlierReportError, _FIX, _FIX_EN, _ENV)


def load_earlier(path: str | os.PathLike[str]) -> Earlier:
    """Read an earlier ``gkstd check`` JSON report; :class:`EarlierReportError` (file,
    place, fix) when it cannot be used.  At most ``max_report_bytes`` are read."""
    import jsonschema

    expect(path, (str, os.PathLike), "gkstd.batch.load_earlier(path)", _PATH)
    name = os.fspath(path)
    raw = read_side_bytes(name, limits.get("max_report_bytes"), _KIND)
    kind = _other_report(raw)
    if kind is not None:
        raise _KIND.refuse(
            name,
            f"这是 {kind[0]}，不是 JSON 报告；Excel 和 HTML 报告不能用于比较",
            f"this is {kind[1]}, not a JSON report; an Excel or HTML report cannot be compared",
        )
    text = side_text(raw, name, _KIND)
    try:
        data = json.loads(text, parse_constant=_no_constant)
    except _NotFinite as exc:
        raise _KIND.refuse(
            name,
            f"有不是数的值 {exc}（NaN 或 Infinity），不是 gkstd 写出的报告",
            f"it holds {exc}, which is no number; not a report gkstd wrote",
        ) from None
    except json.JSONDecodeError as exc:
        raise _KIND.refuse(
            name,
            f"第 {exc.lineno} 行第 {exc.colno} 列不是有效的 JSON（文件不完整或被改动过？）",
            f"line {exc.lineno} column {exc.colno} is not valid JSON ({exc.msg}); "
            "an Excel or HTML report cannot be compared",
        ) from None
    except RecursionError:
        raise _KIND.refuse(
            name,
            "JSON 嵌套过深，不是 gkstd 写出的报告",
            "the JSON is nested too deep; not a report gkstd wrote",
        ) from None
    if not isinstance(data, dict) or not {"by_jurisdiction", "by_domain"} <= data.keys():
        raise _KIND.refuse(
            name,
            "不是 gkstd check 的检查报告（没有排名 by_jurisdiction、by_domain）",
            "not a gkstd check report (no rankings by_jurisdiction, by_domain)",
        )
    validator = jsonschema.Draft202012Validator(SCHEMA)
    error = min(
        validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path)), default=None
    )
    if error is not None:
        raise _KIND.misfit(name, error, " gkstd check 报告的格式", "a gkstd check report")
    return _earlier(name, data)


class _NotFinite(ValueError):
    """A JSON constant (NaN, Infinity) in the earlier report."""


def _no_constant(word: str) -> Any:
    raise _NotFinite(word)


def _other_report(raw: bytes) -> tuple[str, str] | None:
    """What ``raw`` is when it is one of the other reports (a workbook, a web page)."""
    if raw.startswith(b"PK\x03\x04") or raw.startswith(b"\xd0\xcf\x11\xe0"):
        return "Excel 工作簿（或其他压缩文件）", "an Excel workbook (or another archive)"
    head = raw[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return "HTML 网页", "a web page"
    return None


def _earlier(name: str, data: Mapping[str, Any]) -> Earlier:
    def rows(key: str) -> dict[str, Standing]:
        return {
            r["key"]: Standing(
                r["name"],
                float(r["score"]),
                r.get("grade", ""),
                r.get("errors", 0),
                r["rank"],
                r.get("name_en", ""),
            )
            for r in data[key]
        }

    files = data.get("files") if isinstance(data.get("files"), list) else None
    # each scored file: its scorecard and its name in the reports (the card's, which names
    # a workbook's sheet, else the file's)
    cards = [
        (f["score"], f["score"].get("file") or f.get("file")) for f in files or () if f.get("score")
    ]
    own = rooted(
        [r["key"] for r in data["by_jurisdiction"]] + [_key_of(c) for c, _ in cards],
        [str(file) for _, file in cards if file],
    )
    catalogs, shared = scored_catalogs(cards, own)
    places = rows("by_jurisdiction")
    return Earlier(
        name,
        {own.get(k, k): v for k, v in places.items()},
        rows("by_domain"),
        catalogs,
        shared,
        files is not None,
        data.get("scheme") if isinstance(data.get("scheme"), dict) else None,
    )


def scored_catalogs(
    cards: Iterable[tuple[Mapping[str, Any], str | None]], own: Mapping[str, str]
) -> tuple[dict[tuple[str, str], Standing], frozenset[tuple[str, str]]]:
    """The usable catalogs of a report by (government key, domain), from each scorecard
    as :meth:`~gkstd.batch.score.Scorecard.to_dict` writes it and its name in the reports
    (``own``: the keys :func:`rooted` re-keys); and the keys two catalogs share, left out
    (never matched by guess)."""
    keyed = [
        ((own.get(_key_of(c), _key_of(c)), c["domain"]), c, file)
        for c, file in cards
        if c.get("usable", True) and c["domain"]
    ]
    keys = Counter(key for key, _, _ in keyed)
    catalogs = {key: _card_standing(c, file) for key, c, file in keyed if keys[key] == 1}
    return catalogs, frozenset(k for k, n in keys.items() if n > 1)


def _card_standing(card: Mapping[str, Any], file: Any) -> Standing:
    """An earlier catalog's standing (named as :func:`compare` names this check's)."""
    place = str(card["jurisdiction"])
    domain = str(card.get("domain_name") or card["domain"])
    domain_en = str(card.get("domain_name_en") or domain)
    return Standing(
        f"{place} {domain}",
        float(card["score"]),
        str(card.get("grade", "")),
        int(card.get("errors", 0)),
        name_en=f"{UNNAMED_EN if place == UNNAMED else place} {domain_en}",
        file=str(file) if file else None,
    )


def _key_of(card: Mapping[str, Any]) -> str:
    return str(card.get("jurisdiction_key") or card["jurisdiction"])
