"""The work of ``POST /v1/deadline`` and ``POST /v1/audit``: a disclosure deadline from a
start date and a 公开时限 (as ``gkstd deadline``), and publication records audited
against catalogs (as ``gkstd audit``), as JSON-ready data in both languages.

Nothing names a file of the server's: holiday notices come inline, catalogs are packs
(code, name or alias) or uploaded documents, and the records are written into a
temporary folder that is removed before the result is returned (the findings name them
by the name they were uploaded under).
"""

from __future__ import annotations

import datetime
import json
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from gkstd.diagnostics.findings import Finding, Severity
from gkstd.diagnostics.i18n import Text
from gkstd.model import Catalog, TimeLimit, TimeLimitKind
from gkstd.serve.rules import BAD_REQUEST
from gkstd.serve.work import (
    DOCUMENT_SUFFIXES,
    TEMP_PREFIX,
    RequestError,
    Upload,
    bad_parameter,
    finding_json,
    national,
    pack_code,
    pack_not_found,
    renamed,
    safe_name,
    suffix_of,
)
from gkstd.timing.calendar import (
    MAX_YEAR,
    MIN_YEAR,
    CalendarError,
    Convention,
    Deadline,
    HolidayNotice,
    WorkCalendar,
)

__all__ = [
    "DEADLINE_FIELDS",
    "RECORD_SUFFIXES",
    "AuditParams",
    "CalendarParams",
    "audit_upload",
    "compute_deadline",
]

#: The keys a ``POST /v1/deadline`` body may have.
DEADLINE_FIELDS = frozenset(
    {
        "from",
        "time_limit",
        "working_days",
        "calendar_days",
        "item",
        "catalog",
        "scope",
        "region",
        "count_start_day",
        "roll_forward",
        "holidays",
        "lang",
    }
)
_LIMIT_FIELDS = ("time_limit", "working_days", "calendar_days", "item")

#: Records files the audit reads.
RECORD_SUFFIXES = frozenset({".csv", ".jsonl", ".ndjson", ".json", ".xlsx", ".parquet", ".pq"})

_MAX_DAYS = 3660


@attrs.frozen(kw_only=True)
class CalendarParams:
    """The working-day calendar of a request: inline holiday notices (YAML or JSON text),
    a region, and the counting convention."""

    holidays: str | None = None
    region: str | None = None
    count_start_day: bool = False
    roll_forward: bool = True

    def build(self) -> WorkCalendar:
        """The calendar; HTTP 400 (GK802 ``holidays``) for notices that cannot be read."""
        from gkstd.timing.calendar import load_notices

        notices: tuple[HolidayNotice, ...] = ()
        if self.holidays is not None:
            try:
                notices = load_notices(self.holidays, origin="holidays")
            except CalendarError as exc:
                raise bad_parameter(
                    "holidays", _clip(self.holidays), exc.message, exc.message_en
                ) from None
        convention = Convention(
            count_start_day=self.count_start_day, roll_forward=self.roll_forward
        )
        return WorkCalendar(extra_notices=notices, region=self.region, convention=convention)

    def to_dict(self) -> dict[str, Any]:
        """What the response says of the calendar."""
        return {
            "region": self.region,
            "count_start_day": self.count_start_day,
            "roll_forward": self.roll_forward,
            "holidays": self.holidays is not None,
        }


def _clip(value: object) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 80 else text[:77] + "..."


def parse_date(value: object, name: str) -> datetime.date:
    """A ``YYYY-MM-DD`` date, or HTTP 400 (GK802) naming the parameter."""
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise bad_parameter(
        name,
        _clip(value),
        "请写成 YYYY-MM-DD 格式的日期，如 2026-02-10。",
        "write a date as YYYY-MM-DD, e.g. 2026-02-10.",
    )


def holidays_text(value: object) -> str | None:
    """Inline holiday notices as YAML text: a YAML or JSON string, a list of notices or a
    mapping with ``notices``."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, list):
        value = {"notices": value}
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    raise bad_parameter(
        "holidays",
        _clip(value),
        "请给出放假安排：notices 列表（year、source、off_days、work_days、region）。",
        "give the holiday notices: a notices list (year, source, off_days, work_days, region).",
    )


def _flag(body: Mapping[str, Any], name: str, default: bool) -> bool:
    value = body.get(name, default)
    if isinstance(value, bool):
        return value
    raise bad_parameter(name, _clip(value), "请写 true 或 false。", "use true or false.")


def _text(body: Mapping[str, Any], name: str) -> str | None:
    value = body.get(name)
    if value is None:
        return None
    if isinstance(value, str) and value.strip():
        return value.strip()
    raise bad_parameter(name, _clip(value), "请写非空的文字。", "write some non-empty text.")


def _days(value: object, name: str) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= _MAX_DAYS:
        return value
    raise bad_parameter(
        name,
        _clip(value),
        f"请写 0 到 {_MAX_DAYS} 之间的整数。",
        f"write a whole number from 0 to {_MAX_DAYS}.",
    )


def _wording(value: object) -> TimeLimit:
    """A 公开时限 as wording (parsed as catalogs are) or as the catalog format's mapping."""
    from gkstd.io.converter import converter
    from gkstd.timing.limits import parse

    hint = "请写公开时限的原文，如 “20个工作日”“自信息形成之日起7日内”，或目录格式的时限对象。"
    hint_en = (
        "write the time limit's wording, e.g. 20个工作日 or 自信息形成之日起7日内, or a "
        "time-limit object of the catalog format."
    )
    limit: TimeLimit
    if isinstance(value, str):
        try:
            limit = parse(value)
        except ValueError:
            raise bad_parameter("time_limit", _clip(value), hint, hint_en) from None
    elif isinstance(value, dict):
        try:
            limit = converter().structure(value, TimeLimit)
        except Exception:  # cattrs' errors: any shape that is not a time limit
            raise bad_parameter("time_limit", _clip(value), hint, hint_en) from None
        for part in (limit, *limit.parts):  # the bounds a catalog's time limit has
            for amount in (part.days, part.months):
                if amount is not None and not 0 <= amount <= _MAX_DAYS:
                    raise bad_parameter(
                        "time_limit",
                        _clip(value),
                        f"天数、月数应在 0–{_MAX_DAYS} 之间。",
                        f"days and months must be between 0 and {_MAX_DAYS}.",
                    )
    else:
        raise bad_parameter("time_limit", _clip(value), hint, hint_en)
    if limit.kind is TimeLimitKind.TEXT:
        raise bad_parameter(
            "time_limit",
            _clip(value),
            "这段时限文字未能识别，无法计算期限。" + hint,
            "the wording was not understood, so no deadline can be computed; " + hint_en,
        )
    return limit


def _pack_catalog(ref: str) -> Catalog:
    """The national catalog of a pack (code, Chinese name or alias); 404 for no pack."""
    code = pack_code(ref)
    catalog = national(code).catalog if code is not None else None
    if catalog is None:  # no such pack (a pack's own catalog always resolves)
        raise pack_not_found(ref)
    return catalog


def _item_limit(item_ref: str, catalog_ref: str | None) -> tuple[dict[str, Any], TimeLimit | None]:
    if catalog_ref is None:
        raise RequestError(
            400,
            BAD_REQUEST.emit(
                "missing",
                name="catalog",
                hint="给出 item 时须同时给出 catalog（领域包的代码、名称或别名）。",
                hint_en="item needs catalog too (a pack's code, name or alias).",
            ),
        )
    catalog = _pack_catalog(catalog_ref)
    item = catalog.leaf(item_ref)
    if item is None:
        named = [i.id for i in catalog.leaves_named(item_ref)]
        ids = f"（{'、'.join(named)}）" if len(named) > 1 else ""
        ids_en = f" ({', '.join(named)})" if len(named) > 1 else ""
        raise bad_parameter(
            "item",
            item_ref,
            f"目录 {catalog.id} 中没有编号或名称唯一为此的事项{ids}；同名时请写编号。",
            f"no single item of catalog {catalog.id} has this id or name{ids_en}; give the "
            "id when names repeat.",
        )
    return {"id": item.id, "name": item.name, "catalog": catalog.id}, item.time_limit


def _limit_json(limit: TimeLimit | None) -> dict[str, Any] | None:
    from gkstd.io.converter import converter

    if limit is None:
        return None
    data: dict[str, Any] = converter().unstructure(limit, TimeLimit)
    return data


def _deadline_json(result: Deadline, lang: str) -> dict[str, Any]:
    """The deadline as ``gkstd deadline --json`` gives it, its reason in both languages."""
    reason: Text | None = result.reason
    return {
        **result.to_dict(lang),
        "reason_zh": reason.zh if reason else None,
        "reason_en": reason.en if reason else None,
    }


def compute_deadline(body: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """``POST /v1/deadline``: the deadline (and each part's, for a compound limit) of
    the request ``body`` (see the OpenAPI document); 400 (GK802) for what cannot be read."""
    from gkstd.timing.deadlines import deadline

    unknown = sorted(set(body) - DEADLINE_FIELDS)
    if unknown:
        raise bad_parameter(
            unknown[0],
            _clip(body[unknown[0]]),
            "没有这个参数；可用：" + "、".join(sorted(DEADLINE_FIELDS)) + "。",
            "no such parameter; use " + ", ".join(sorted(DEADLINE_FIELDS)) + ".",
        )
    if "from" not in body:
        raise RequestError(
            400,
            BAD_REQUEST.emit(
                "missing",
                name="from",
                hint="请给出起算日 from（YYYY-MM-DD）。",
                hint_en="give the start date from (YYYY-MM-DD).",
            ),
        )
    start = parse_date(body["from"], "from")
    given = [k for k in _LIMIT_FIELDS if body.get(k) is not None]
    if len(given) != 1:
        raise RequestError(
            400,
            BAD_REQUEST.emit(
                "missing",
                name="time_limit",
                hint="请只给出一种期限：time_limit、working_days、calendar_days，或 item 与 catalog。",
                hint_en="give exactly one of time_limit, working_days, calendar_days, or item "
                "with catalog.",
            ),
        )
    calendar = CalendarParams(
        holidays=holidays_text(body.get("holidays")),
        region=_text(body, "region"),
        count_start_day=_flag(body, "count_start_day", False),
        roll_forward=_flag(body, "roll_forward", True),
    )
    cal = calendar.build()
    scope = _text(body, "scope")
    item: dict[str, Any] | None = None
    limit: TimeLimit | int | None
    shown: TimeLimit | None
    if given == ["working_days"]:
        limit = _days(body["working_days"], "working_days")
        shown = TimeLimit(TimeLimitKind.WORKING_DAYS, days=limit) if limit else None
    elif given == ["calendar_days"]:
        limit = shown = TimeLimit(
            TimeLimitKind.CALENDAR_DAYS, days=_days(body["calendar_days"], "calendar_days")
        )
    elif given == ["item"]:
        item, limit = _item_limit(str(body["item"]), _text(body, "catalog"))
        shown = limit
    else:
        limit = shown = _wording(body["time_limit"])
    try:
        result = deadline(start, limit, cal, scope=scope)
        parts = [
            {
                "scope": p.scope,
                "time_limit_text": p.display(),
                **_deadline_json(deadline(start, p, cal), lang),
            }
            for p in (shown.parts if shown is not None else ())
        ]
    except CalendarError as exc:
        # a start the calendar has: the limit ran past its last year
        blamed = "from" if not MIN_YEAR <= start.year <= MAX_YEAR else given[0]
        shown_value = start.isoformat() if blamed == "from" else _clip(body[blamed])
        raise bad_parameter(blamed, shown_value, exc.message, exc.message_en) from None
    return {
        "from": start.isoformat(),
        **_deadline_json(result, lang),
        "time_limit": _limit_json(shown),
        "time_limit_text": shown.display() if shown is not None else None,
        "scope": scope,
        "parts": parts,
        "item": item,
        "calendar": calendar.to_dict(),
        "lang": lang,
    }


@attrs.frozen(kw_only=True)
class AuditParams:
    """The parameters of ``POST /v1/audit`` besides the uploads (see the OpenAPI document)."""

    as_of: str | None = None
    calendar: CalendarParams = CalendarParams()
    limit: int = 1000
    lang: str = "zh"


def _catalogs(refs: Sequence[str | Upload]) -> tuple[list[Catalog], list[Finding], str]:
    """The catalogs to audit against; or the findings of an uploaded one that cannot be
    used, with the name it was uploaded under."""
    from gkstd.inherit.workspace import Workspace
    from gkstd.plugins.manager import default_registry

    catalogs: list[Catalog] = []
    workspace = Workspace(default_registry())
    workspace.locator.working_directory = False  # an upload names no file of the server's
    for ref in refs:
        if isinstance(ref, str):
            catalogs.append(_pack_catalog(ref))
            continue
        name, data = ref
        if suffix_of(name) not in DOCUMENT_SUFFIXES:
            raise RequestError(
                415, BAD_REQUEST.emit("format", name=name, extra="；目录须为 .yaml、.yml 或 .json")
            )
        resolved = workspace.resolve(data)
        if resolved.catalog is None:
            return [], list(resolved.findings), name
        catalogs.append(resolved.catalog)
    return catalogs, [], ""


def _summary(findings: Any, limit: int, lang: str) -> dict[str, Any]:
    counts = dict.fromkeys((s.value for s in Severity), 0)
    shown = []
    for index, finding in enumerate(findings):
        counts[finding.severity.value] += 1
        if index < limit:
            shown.append(finding_json(finding, lang))
    total = sum(counts.values())
    return {
        "valid": counts[Severity.ERROR.value] == 0,
        "summary": {"total": total, **counts},
        "truncated": total > limit,
        "total_findings": total,
        "limit": limit,
        "findings": shown,
    }


def audit_upload(
    records: Upload, catalogs: Sequence[str | Upload], params: AuditParams
) -> dict[str, Any]:
    """``POST /v1/audit``: the uploaded records audited against the catalogs (packs by
    code, name or alias, or uploaded documents)."""
    from gkstd.audit import audit

    name, data = records
    if suffix_of(name) not in RECORD_SUFFIXES:
        raise RequestError(415, BAD_REQUEST.emit("records-format", name=name))
    if params.limit < 0:
        raise bad_parameter(
            "limit", params.limit, "请写不小于 0 的整数。", "use a whole number ≥ 0."
        )
    as_of = parse_date(params.as_of, "as_of") if params.as_of is not None else None
    cal = params.calendar.build()
    found, problems, unusable = _catalogs(catalogs)
    head = {"file": name, "calendar": params.calendar.to_dict(), "lang": params.lang}
    if problems:
        day = (as_of or datetime.date.today()).isoformat()
        out = {
            **head,
            "audited": False,
            "as_of": day,
            "records": 0,
            "catalogs": [],
            **_summary(problems, params.limit, params.lang),
            "items": [],
            "domains": [],
        }
        out["valid"] = False  # a catalog that cannot be used: no audit
        refused: dict[str, Any] = renamed(out, {"<bytes>": unusable, "<text>": unusable})
        return refused
    with tempfile.TemporaryDirectory(prefix=TEMP_PREFIX) as tmp:
        path = Path(tmp) / safe_name(name)
        path.write_bytes(data)
        try:
            result = audit(str(path), found, as_of=as_of, calendar=cal)
        except CalendarError as exc:
            raise bad_parameter("as_of", params.as_of, exc.message, exc.message_en) from None
        out = {
            **head,
            "audited": True,
            "as_of": result.as_of.isoformat(),
            "records": result.records,
            "catalogs": [{"id": c.id, "domain": c.domain, "title": c.title} for c in found],
            **_summary(result.findings, params.limit, params.lang),
            "items": [s.to_dict() for s in result.items],
            "domains": [s.to_dict() for s in result.domains],
        }
        result_data: dict[str, Any] = renamed(out, {str(path): name, tmp: "."})
    return result_data
