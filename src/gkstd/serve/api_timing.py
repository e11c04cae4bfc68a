"""``POST /v1/deadline`` and ``POST /v1/audit``: a disclosure deadline (``gkstd
deadline``) and the publication-records audit (``gkstd audit``).  The work is in
:mod:`gkstd.serve.timingwork`."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from gkstd.serve.api import FORM_MEDIA, json_value, lang_of, param, read_body, read_form
from gkstd.serve.lang import note_lang
from gkstd.serve.rules import BAD_REQUEST, body_refused
from gkstd.serve.timingwork import (
    AuditParams,
    CalendarParams,
    audit_upload,
    compute_deadline,
)
from gkstd.serve.work import RequestError, Upload, bad_parameter

__all__ = ["ROUTES"]

_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off")


def _body_error(reason: str, reason_en: str) -> RequestError:
    return RequestError(400, body_refused(reason, reason_en))


def _missing(name: str, hint: str, hint_en: str) -> RequestError:
    return RequestError(400, BAD_REQUEST.emit("missing", name=name, hint=hint, hint_en=hint_en))


async def deadline(request: Request) -> Response:
    """``POST /v1/deadline``: the deadline of a JSON body (``from``, a time limit, the
    calendar's options)."""
    body = await read_body(request)
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _body_error("不是 UTF-8 的 JSON", "not JSON in UTF-8") from None
    data: Any = json_value(text)
    if not isinstance(data, dict):
        raise _body_error(
            '应为 JSON 对象，如 {"from": "2026-02-10", "time_limit": "20个工作日"}',
            'a JSON object is expected, e.g. {"from": "2026-02-10", "time_limit": "20个工作日"}',
        )
    note_lang(request, data.get("lang"))
    asked = data.get("lang")
    lang = lang_of(request, {"lang": asked} if isinstance(asked, str) else {})
    result = await request.app.state.runner.run(compute_deadline, data, lang)
    return JSONResponse(result)


def _flag(request: Request, fields: dict[str, str], name: str, default: bool) -> bool:
    value = param(request, fields, name)
    if value is None:
        return default
    if value.lower() in _TRUE + _FALSE:
        return value.lower() in _TRUE
    raise bad_parameter(name, value, "请写 true 或 false。", "use true or false.")


def _limit(request: Request, fields: dict[str, str]) -> int:
    value = param(request, fields, "limit")
    if value is None:
        return 1000
    if value.isascii() and value.isdigit() and len(value) <= 9:  # ("²".isdigit() too)
        return int(value)
    raise bad_parameter(
        "limit",
        value,
        "请写 0 到 999999999 的整数。",
        "use a whole number from 0 to 999999999.",
    )


async def audit(request: Request) -> Response:
    """``POST /v1/audit``: uploaded records (``records``) audited against catalogs
    (``catalog`` uploads, or ``catalog``/``domain`` pack codes)."""
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media not in FORM_MEDIA:
        raise _body_error("应为 multipart/form-data 表单", "a multipart/form-data form is expected")
    files, texts = await read_form(request)
    fields = {k: v[0] for k, v in texts.items()}
    lang = lang_of(request, fields)
    records = files.get("records", [])
    if len(records) > 1:
        raise _body_error(
            f"只能上传一个公开记录文件（records 字段），收到 {len(records)} 个；请合并后再上传",
            f"upload one publication-records file (the field records), not {len(records)}; "
            "join them first",
        )
    if len(records) != 1:
        raise _missing(
            "records",
            "请以 records 字段上传一个公开记录文件（CSV）。",
            "upload one publication-records file (CSV) as the field records.",
        )
    catalogs: list[str | Upload] = [*files.get("catalog", [])]
    catalogs += [*texts.get("catalog", []), *texts.get("domain", [])]
    if not catalogs:  # pack codes may also come in the query (?domain=…)
        query = request.query_params
        catalogs += [*query.getlist("catalog"), *query.getlist("domain")]
    if not catalogs:
        raise _missing(
            "catalog",
            "请上传目录文件（catalog 字段），或以 catalog/domain 字段给出领域包代码。",
            "upload a catalog document (field catalog), or give a pack code as catalog or domain.",
        )
    holidays = [data.decode("utf-8-sig", "replace") for _, data in files.get("holidays", [])]
    holidays += texts.get("holidays", [])
    params = AuditParams(
        as_of=param(request, fields, "as_of"),
        calendar=CalendarParams(
            holidays=holidays[0] if holidays else None,
            region=param(request, fields, "region"),
            count_start_day=_flag(request, fields, "count_start_day", False),
            roll_forward=_flag(request, fields, "roll_forward", True),
        ),
        limit=_limit(request, fields),
        lang=lang,
    )
    result = await request.app.state.runner.run(audit_upload, records[0], catalogs, params)
    return JSONResponse(result)


ROUTES = [
    Route("/v1/deadline", deadline, methods=["POST"]),
    Route("/v1/audit", audit, methods=["POST"]),
]
