"""A batch check beside an earlier one (``gkstd check 各地目录 --compare 上季度.json``):
which governments, domains and catalogs scored higher or lower than last time, which are
new and which are gone, as data (the CLI and the reports only format it).

The earlier report is the JSON a ``gkstd check`` wrote (``--report 结果.json`` or
``--format json``; the summary of a streamed ``--jsonl`` run holds the rankings only).  It
is read before any work and refused with its file, place and fix when it is not such a
report (:class:`EarlierReportError`).

Rows are matched by key: a government by its ranking key (its division code, else its
name and the higher-level folder that tells two 城关镇 apart), a domain by its pack code, a
catalog by its government's key and its domain.  A catalog whose key two catalogs share in
either report (two 社会保险 catalogs of one county) is left out of the catalog rows, never
matched by guess; the rankings count it as usual.  A score moves when it differs by 0.1 or
more (scores are rounded to one decimal).
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal

import attrs

from gkstd.batch.score import Rollup, Scorecard, one_decimal
from gkstd.diagnostics import limits, schemawords
from gkstd.diagnostics.errors import GkstdError, os_reason
from gkstd.diagnostics.readfiles import read_capped
from gkstd.model.catalog import UNNAMED, UNNAMED_EN

__all__ = [
    "Change",
    "Comparison",
    "Earlier",
    "EarlierReportError",
    "Standing",
    "compare",
    "load_earlier",
]

Kind = Literal["jurisdiction", "domain", "catalog"]
Status = Literal["up", "down", "same", "new", "gone"]

#: Each status in Chinese and English (the reports' words).
STATUS_NAMES: Mapping[str, tuple[str, str]] = {
    "up": ("上升", "up"),
    "down": ("下降", "down"),
    "same": ("持平", "same"),
    "new": ("新增", "new"),
    "gone": ("本次没有", "gone"),
}


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


@attrs.frozen
class Change:
    """One row of the comparison: a government, a domain or a catalog (``key``, this
    check's ranking key; a catalog's is its government's and its domain, written
    ``key|domain``), its standing now and last time (``None``: not in that report)."""

    kind: Kind
    key: str
    now: Standing | None
    before: Standing | None

    @property
    def file(self) -> str | None:
        """A catalog's file (this check's, else the earlier one's); ``None`` for a ranking
        row."""
        return (self.now.file if self.now else None) or (self.before.file if self.before else None)

    @property
    def name(self) -> str:
        """The row's name (this check's, else the earlier one's)."""
        standing = self.now or self.before
        assert standing is not None
        return standing.name

    @property
    def name_en(self) -> str:
        """The row's name for English text (a domain's English name; a government's name)."""
        standing = self.now or self.before
        assert standing is not None
        return standing.name_en or standing.name

    @property
    def delta(self) -> float | None:
        """The score now minus the score before, to one decimal (``None``: new or gone)."""
        if self.now is None or self.before is None:
            return None
        return one_decimal(self.now.score - self.before.score)

    @property
    def status(self) -> Status:
        """up, down, same, new (not in the earlier report) or gone (not in this one)."""
        if self.before is None:
            return "new"
        if self.now is None:
            return "gone"
        delta = self.delta or 0.0
        return "up" if delta > 0 else "down" if delta < 0 else "same"

    def to_dict(self) -> dict[str, Any]:
        """Plain data."""
        now, before = self.now, self.before
        return {
            "kind": self.kind,
            "key": self.key,
            "name": self.name,
            "name_en": self.name_en,
            "file": self.file,
            "status": self.status,
            "score": now.score if now else None,
            "score_before": before.score if before else None,
            "delta": self.delta,
            "rank": now.rank if now else None,
            "rank_before": before.rank if before else None,
            "grade": now.grade if now else None,
            "grade_before": before.grade if before else None,
            "errors": now.errors if now else None,
            "errors_before": before.errors if before else None,
        }


@attrs.frozen
class Comparison:
    """This check beside an earlier one: a :class:`Change` per government, per domain
    and per catalog (this check's order, then the rows only the earlier report had)."""

    earlier: str
    jurisdictions: tuple[Change, ...] = ()
    domains: tuple[Change, ...] = ()
    catalogs: tuple[Change, ...] = ()
    #: whether the earlier report held its files' results (else no catalog rows)
    catalogs_compared: bool = True

    def counts(self, kind: Kind = "catalog") -> dict[str, int]:
        """How many rows of ``kind`` went up, down, stayed, are new or gone."""
        rows = {"jurisdiction": self.jurisdictions, "domain": self.domains}.get(kind, self.catalogs)
        found: Counter[str] = Counter(c.status for c in rows)
        return {status: found.get(status, 0) for status in STATUS_NAMES}

    def change_of(self, kind: Kind, key: str) -> Change | None:
        """The row of ``kind`` with ``key`` (a ranking's row), if any."""
        rows = self.jurisdictions if kind == "jurisdiction" else self.domains
        return next((c for c in rows if c.key == key), None)

    def falls(self, most: int = 10) -> tuple[Change, ...]:
        """The catalogs whose score fell most (at most ``most``; the largest fall first,
        then in this check's order)."""
        down = [c for c in self.catalogs if c.status == "down"]
        return tuple(sorted(down, key=lambda c: c.delta or 0.0)[:most])

    def to_dict(self) -> dict[str, Any]:
        """Plain data (the ``comparison`` of the JSON report)."""
        return {
            "earlier": self.earlier,
            "catalogs_compared": self.catalogs_compared,
            "counts": {kind: self.counts(kind) for kind in ("jurisdiction", "domain", "catalog")},
            "by_jurisdiction": [c.to_dict() for c in self.jurisdictions],
            "by_domain": [c.to_dict() for c in self.domains],
            "catalogs": [c.to_dict() for c in self.catalogs],
        }


def compare(
    jurisdictions: Sequence[Rollup],
    domains: Sequence[Rollup],
    cards: Iterable[Scorecard] | None,
    earlier: Earlier,
) -> Comparison:
    """This check's rankings (``jurisdictions``, ``domains``) and scorecards (``cards``;
    ``None`` when the results were streamed and not held) beside ``earlier``."""
    cards = list(cards) if cards is not None else None
    own = rooted([r.key for r in jurisdictions] + [c.jurisdiction_key for c in cards or ()])
    now_j = {own.get(r.key, r.key): _standing(r) for r in jurisdictions}
    keyed = {own.get(r.key, r.key): r.key for r in jurisdictions}  # (this check's keys)
    now_d = {r.key: _standing(r) for r in domains}
    catalogs: tuple[Change, ...] = ()
    compared = cards is not None and earlier.has_files

    def _card_key(card: Scorecard) -> tuple[str, str]:
        key = card.jurisdiction_key or card.jurisdiction
        return (own.get(key, key), card.domain)

    if compared:
        assert cards is not None
        usable = [c for c in cards if c.usable and c.domain]
        keys = Counter(_card_key(c) for c in usable)
        shared = {k for k, n in keys.items() if n > 1} | set(earlier.shared)
        now_c = {
            _card_key(c): Standing(
                f"{c.jurisdiction} {c.domain_name or c.domain}",
                c.score,
                c.grade,
                c.errors,
                name_en=f"{c.jurisdiction_en} {c.domain_name_en or c.domain_name or c.domain}",
                file=c.file,
            )
            for c in usable
            if _card_key(c) not in shared
        }
        before_c = {k: v for k, v in earlier.catalogs.items() if k not in shared}
        catalogs = tuple(
            Change("catalog", f"{keyed.get(k[0], k[0])}|{k[1]}", now_c.get(k), before_c.get(k))
            for k in _keys(now_c, before_c)
        )
    return Comparison(
        earlier.file,
        tuple(
            Change("jurisdiction", keyed.get(k, k), now_j.get(k), earlier.jurisdictions.get(k))
            for k in _keys(now_j, earlier.jurisdictions)
        ),
        tuple(
            Change("domain", k, now_d.get(k), earlier.domains.get(k))
            for k in _keys(now_d, earlier.domains)
        ),
        catalogs,
        compared,
    )


def _keys(now: Mapping[Any, Any], before: Mapping[Any, Any]) -> list[Any]:
    """This check's keys in order, then those only the earlier report has, in its order."""
    return [*now, *(k for k in before if k not in now)]


def _standing(rollup: Rollup) -> Standing:
    return Standing(
        rollup.name, rollup.score, rollup.grade, rollup.errors, rollup.rank, rollup.name_en
    )


def rooted(keys: Iterable[str]) -> dict[str, str]:
    """The keys of governments a table does not name (``（未注明）`` and the file's path:
    each file its own government) by the path below the folder all of them share, so
    that 各地目录2026Q3/甲县/目录.xlsx and 各地目录2026Q4/甲县/目录.xlsx are one government
    in two checks; other keys are left out (they stay as they are)."""
    paths = {k: k[len(UNNAMED) :] for k in keys if k.startswith(UNNAMED) and len(k) > len(UNNAMED)}
    if not paths:
        return {}
    try:
        root = os.path.commonpath([os.path.dirname(p) or "." for p in paths.values()])
    except ValueError:  # absolute and relative paths mixed, or two drives: left as they are
        return {}
    return {k: UNNAMED + os.path.relpath(p, root or ".") for k, p in paths.items()}


# -- reading the earlier report -------------------------------------------------------------

_ROLLUP = {
    "type": "object",
    "required": ["key", "name", "score", "rank"],
    "properties": {
        "key": {"type": "string"},
        "name": {"type": "string"},
        "name_en": {"type": "string"},
        "score": {"type": "number"},
        "rank": {"type": "integer", "minimum": 1},
        "grade": {"type": "string"},
        "errors": {"type": "integer", "minimum": 0},
    },
}
_CARD = {
    "type": "object",
    "required": ["jurisdiction", "domain", "score"],
    "properties": {
        "file": {"type": "string"},
        "jurisdiction": {"type": "string"},
        "jurisdiction_key": {"type": "string"},
        "domain": {"type": "string"},
        "domain_name": {"type": "string"},
        "domain_name_en": {"type": "string"},
        "usable": {"type": "boolean"},
        "score": {"type": "number"},
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
        "files": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "file": {"type": "string"},
                    "score": {"anyOf": [{"type": "null"}, _CARD]},
                },
            },
        },
    },
}

_ENV = "GKSTD_LIMIT_MAX_REPORT_BYTES"
_FIX = "请给出上次 gkstd check 写出的 JSON 报告（--report 结果.json，或 --format json 的输出）。"
_FIX_EN = "Give the JSON report an earlier gkstd check wrote (--report out.json, or --format json)."


def load_earlier(path: str | os.PathLike[str]) -> Earlier:
    """Read an earlier ``gkstd check`` JSON report; :class:`EarlierReportError` (file,
    place, fix) when it cannot be used.  At most ``max_report_bytes`` are read."""
    import jsonschema

    name = os.fspath(path)
    largest = limits.get("max_report_bytes")
    try:
        raw = read_capped(name, largest)
    except OSError as exc:
        why, why_en = os_reason(exc)
        raise EarlierReportError(
            f"{name}：无法读取上次的检查报告（{why}）。请检查路径。{_FIX}",
            f"{name}: cannot read the earlier report ({why_en}). Check the path. {_FIX_EN}",
        ) from None
    if len(raw) > largest:
        raise EarlierReportError(
            f"{name}：上次的检查报告超过 {largest // limits.MiB} MB"
            f"（可用 {_ENV} 调高上限）。{_FIX}",
            f"{name}: the earlier report is over {largest // limits.MiB} MB (raise the "
            f"limit with {_ENV}). {_FIX_EN}",
        )
    kind = _other_report(raw)
    if kind is not None:
        raise EarlierReportError(
            f"{name}：这是 {kind[0]}，不是 JSON 报告；Excel 和 HTML 报告不能用于比较。{_FIX}",
            f"{name}: this is {kind[1]}, not a JSON report; an Excel or HTML report cannot "
            f"be compared. {_FIX_EN}",
        )
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise EarlierReportError(
            f"{name}：第 {exc.start + 1} 个字节不是 UTF-8 文本，不是 gkstd 写出的报告。{_FIX}",
            f"{name}: byte {exc.start + 1} is not UTF-8; not a report gkstd wrote. {_FIX_EN}",
        ) from None
    except json.JSONDecodeError as exc:
        raise EarlierReportError(
            f"{name}：第 {exc.lineno} 行第 {exc.colno} 列不是有效的 JSON（{exc.msg}）。"
            f"Excel 报告和 HTML 报告不能用于比较。{_FIX}",
            f"{name}: line {exc.lineno} column {exc.colno} is not valid JSON ({exc.msg}); "
            f"an Excel or HTML report cannot be compared. {_FIX_EN}",
        ) from None
    except RecursionError:
        raise EarlierReportError(
            f"{name}：JSON 嵌套过深，不是 gkstd 写出的报告。{_FIX}",
            f"{name}: the JSON is nested too deep; not a report gkstd wrote. {_FIX_EN}",
        ) from None
    if not isinstance(data, dict) or not {"by_jurisdiction", "by_domain"} <= data.keys():
        raise EarlierReportError(
            f"{name}：不是 gkstd check 的检查报告（没有排名 by_jurisdiction、by_domain）。{_FIX}",
            f"{name}: not a gkstd check report (no rankings by_jurisdiction, by_domain). {_FIX_EN}",
        )
    validator = jsonschema.Draft202012Validator(SCHEMA)
    error = min(
        validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path)), default=None
    )
    if error is not None:
        where, where_en = schemawords.where(error.absolute_path)
        said, said_en = schemawords.said(error)
        raise EarlierReportError(
            f"{name}：{where} 不符合 gkstd check 报告的格式（{said}）。{_FIX}",
            f"{name}: {where_en} does not fit a gkstd check report ({said_en}). {_FIX_EN}",
        )
    return _earlier(name, data)


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

    files = data.get("files")
    cards = [(f["score"], f.get("file")) for f in files or () if f.get("score")]
    usable = [(c, file) for c, file in cards if c.get("usable", True) and c["domain"]]
    own = rooted([r["key"] for r in data["by_jurisdiction"]] + [_key_of(c) for c, _ in cards])

    def _data_key(card: Mapping[str, Any]) -> tuple[str, str]:
        key = card.get("jurisdiction_key") or card["jurisdiction"]
        return (own.get(key, key), card["domain"])

    keys = Counter(_data_key(c) for c, _ in usable)
    places = rows("by_jurisdiction")
    return Earlier(
        name,
        {own.get(k, k): v for k, v in places.items()},
        rows("by_domain"),
        {_data_key(c): _card_standing(c, file) for c, file in usable if keys[_data_key(c)] == 1},
        frozenset(k for k, n in keys.items() if n > 1),
        files is not None,
    )


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
        file=str(card.get("file") or file) if card.get("file") or file else None,
    )


def _key_of(card: Mapping[str, Any]) -> str:
    return str(card.get("jurisdiction_key") or card["jurisdiction"])
