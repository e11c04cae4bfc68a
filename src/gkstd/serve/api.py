"""The ``/v1`` endpoints for business systems: validate one catalog, describe what is
installed (packs, rules, the document schema), health.

Uploads are read with a hard limit on their size before anything parses them (HTTP 413,
GK801); a document may also be sent as the request body itself (``Content-Type``
``application/yaml``, ``application/json``, ``text/csv`` or the Excel types, with
``?filename=`` giving its name).  The work runs in the service's worker processes
(:mod:`gkstd.serve.runner`).
"""

from __future__ import annotations

import email.errors
import email.header
import urllib.parse
from collections.abc import Mapping
from typing import Any

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from gkstd import __version__
from gkstd.io.schema import catalog_schema
from gkstd.plugins.describe import pack_rows, rule_dict
from gkstd.plugins.manager import default_registry
from gkstd.serve.lang import note_lang, request_lang
from gkstd.serve.rules import BAD_REQUEST, NOT_FOUND, TOO_LARGE, body_refused
from gkstd.serve.work import (
    RequestError,
    Upload,
    ValidateParams,
    bad_parameter,
    pack_code,
    pack_not_found,
    safe_name,
    validate_upload,
)

__all__ = [
    "FORM_MEDIA",
    "ROUTES",
    "Upload",
    "json_value",
    "lang_of",
    "one_upload",
    "param",
    "read_body",
    "read_form",
    "read_uploads",
]

#: The file suffix a request body of each media type is read as.
_MEDIA_SUFFIX = {
    "application/yaml": ".yaml",
    "application/x-yaml": ".yaml",
    "text/yaml": ".yaml",
    "application/json": ".json",
    "text/csv": ".csv",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "application/vnd.ms-excel": ".xls",
}

#: The media types of a form.
FORM_MEDIA = frozenset({"multipart/form-data", "application/x-www-form-urlencoded"})


def _limit(request: Request) -> int:
    limit: int = request.app.state.config.max_upload
    return limit


async def read_body(request: Request) -> bytes:
    """The request body, refused (413, GK801) as soon as it passes the upload limit
    (the declared ``Content-Length`` is checked before anything is read)."""
    limit = _limit(request)
    declared = request.headers.get("content-length", "")
    if declared.isascii() and declared.isdecimal() and int(declared[:20]) > limit:
        raise RequestError(413, TOO_LARGE.emit(size=int(declared), limit=limit))
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise RequestError(413, TOO_LARGE.emit(size=size, limit=limit))
        chunks.append(chunk)
    body = b"".join(chunks)
    request._body = body
    return body


async def read_form(request: Request) -> tuple[dict[str, list[Upload]], dict[str, list[str]]]:
    """The files and the non-blank text values of a form, by field name (the body read
    within the upload limit first).  A form with more files than ``max_files`` is
    refused (413, GK801 ``files``); a malformed one (400, GK802 ``body``)."""
    await read_body(request)
    config = request.app.state.config
    try:
        form = await request.form(max_files=config.max_files, max_fields=100)
    except Exception as exc:  # a malformed form: python-multipart's or Starlette's error
        detail = str(getattr(exc, "detail", None) or exc or type(exc).__name__)
        if "too many files" in detail.lower():
            raise RequestError(
                413, TOO_LARGE.emit("files", count=f">{config.max_files}", limit=config.max_files)
            ) from None
        raise RequestError(400, body_refused(*_form_reason(detail))) from None
    files: dict[str, list[Upload]] = {}
    texts: dict[str, list[str]] = {}
    try:
        for key, value in form.multi_items():
            if isinstance(value, UploadFile):
                data = await value.read()
                if data or value.filename:
                    name = sent_name(value.filename, value.headers.get("content-disposition"))
                    files.setdefault(key, []).append((safe_name(name), data))
            elif value.strip():
                texts.setdefault(key, []).append(value.strip())
    finally:
        await form.close()
    return files, texts


#: What the form parser says, in Chinese (its own text is English).
_FORM_REASONS = (
    ("missing boundary", "multipart 表单缺少分隔符（Content-Type 的 boundary）"),
    ("invalid multipart", "multipart 表单的内容不完整或格式错误"),
    ("too many fields", "表单字段过多"),
    ("field", "表单字段无法读取"),
)


def _form_reason(detail: str) -> tuple[str, str]:
    """Why a form cannot be read, in Chinese and English (``detail``: the parser's)."""
    lower = detail.lower()
    zh = next((z for key, z in _FORM_REASONS if key in lower), "表单无法读取")
    return f"{zh}（{detail}）", detail


def json_value(text: str) -> Any:
    """The JSON value of ``text`` from a request, read as gkstd reads a document: nesting,
    number size and text bounded, no lone surrogate (:func:`gkstd.io.parse.parse_text`);
    ``None`` for blank text.  Raises :class:`RequestError` (400, GK802) otherwise: a value
    nested 500 deep, sent on to a worker, killed the worker pool's scheduler thread (every
    later request failed) and a 5,000-digit number or ``"\\ud800"`` ended in HTTP 500."""
    from gkstd.io.parse import parse_text

    if not text.strip():
        return None
    parsed = parse_text(text.removeprefix("\ufeff"), "request.json")
    if parsed.data is None:
        found = parsed.findings[0] if parsed.findings else None
        zh, en = (found.message, found.message_en) if found else ("不是 JSON", "not JSON")
        raise RequestError(400, body_refused(zh, en))
    return parsed.data


def sent_name(filename: str | None, disposition: str | None) -> str | None:
    """The file name a client sent: ``filename*`` (RFC 5987, UTF-8) when the part has
    one, else ``filename`` with an RFC 2047 encoded word decoded (.NET's
    ``MultipartFormDataContent`` sends both forms for a Chinese name)."""
    if disposition:
        for part in disposition.split(";"):
            key, _, value = part.strip().partition("=")
            if key.strip().lower() == "filename*" and "'" in value:
                charset, _, rest = value.strip().strip('"').partition("'")
                _, _, encoded = rest.partition("'")
                try:
                    return urllib.parse.unquote(
                        encoded, encoding=charset or "utf-8", errors="strict"
                    )
                except (LookupError, UnicodeDecodeError):
                    break
    if filename and filename.startswith("=?") and filename.endswith("?="):
        try:
            return str(email.header.make_header(email.header.decode_header(filename)))
        except (LookupError, UnicodeDecodeError, ValueError, email.errors.HeaderParseError):
            return filename
    return filename


async def read_uploads(request: Request) -> tuple[list[Upload], dict[str, str]]:
    """The files and the text fields of a request: a form (every file field, in order;
    the first value of each text field), or the body itself as one file named by
    ``?filename=`` or its media type."""
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media in FORM_MEDIA:
        keyed, texts = await read_form(request)
        fields = {k: v[0] for k, v in texts.items()}
        note_lang(request, (fields.get("lang") or "").strip())
        return [f for files in keyed.values() for f in files], fields
    body = await read_body(request)
    if not body:
        return [], {}
    name = request.query_params.get("filename")
    if name is None:
        name = f"upload{_MEDIA_SUFFIX.get(media, '')}"
    return [(safe_name(name), body)], {}


def param(request: Request, fields: Mapping[str, str], name: str) -> str | None:
    """A text parameter: the form field, else the query parameter; blank is none."""
    value = fields.get(name)
    if value is None:
        value = request.query_params.get(name)
    value = value.strip() if value is not None else None
    return value or None


def lang_of(request: Request, fields: Mapping[str, str]) -> str:
    """``lang`` (form field or query: zh or en; anything else 400, GK802), else the
    first zh or en of ``Accept-Language``; zh."""
    asked = param(request, fields, "lang")
    if asked is not None and asked not in ("zh", "en"):
        raise bad_parameter("lang", asked, "请写 zh 或 en。", "use zh or en.")
    note_lang(request, asked)
    return asked or request_lang(request)


def one_upload(files: list[Upload]) -> Upload:
    """The one file of a validation; 400 (GK802) when there is none or more than one."""
    if not files:
        raise RequestError(400, BAD_REQUEST.emit("default"))
    if len(files) > 1:
        raise RequestError(
            400,
            BAD_REQUEST.emit(
                "parameter",
                name="file",
                value=len(files),
                hint="一次校验一个文件；多个文件请用 POST /v1/check。",
                hint_en="validate one file at a time; use POST /v1/check for several.",
            ),
        )
    return files[0]


async def validate(request: Request) -> Response:
    """``POST /v1/validate``: the report of one catalog document or table."""
    files, fields = await read_uploads(request)
    name, data = one_upload(files)
    params = ValidateParams(
        domain=param(request, fields, "domain"),
        parent=param(request, fields, "parent"),
        jurisdiction=param(request, fields, "jurisdiction"),
        level=param(request, fields, "level"),
        select=param(request, fields, "select"),
        ignore=param(request, fields, "ignore"),
        lang=lang_of(request, fields),
    )
    result = await request.app.state.runner.run(validate_upload, name, data, params)
    return JSONResponse(result)


async def health(request: Request) -> Response:
    """``GET /v1/health``: the service answers, and how many packs and rules it has."""
    registry = default_registry()
    return JSONResponse(
        {
            "status": "ok",
            "version": __version__,
            "packs": len(registry.packs),
            "rules": len(registry.rules),
        }
    )


async def packs(request: Request) -> Response:
    """``GET /v1/packs``: the installed domain packs."""
    return JSONResponse(_pack_rows())


def _pack_rows() -> list[dict[str, Any]]:
    return pack_rows(default_registry())


async def pack(request: Request) -> Response:
    """``GET /v1/packs/{code}``: one pack (its code, Chinese name or alias)."""
    asked = request.path_params["code"]
    code = pack_code(asked)
    rows = [r for r in _pack_rows() if r["code"] == code] if code is not None else []
    if not rows:
        raise pack_not_found(asked)
    return JSONResponse(rows[0])


async def rules(request: Request) -> Response:
    """``GET /v1/rules``: every rule, core and packs."""
    return JSONResponse([rule_dict(r) for r in default_registry().rules.values()])


async def rule(request: Request) -> Response:
    """``GET /v1/rules/{code}``: one rule."""
    code = request.path_params["code"].strip().upper()
    found = default_registry().rules.get(code)
    if found is None:
        raise RequestError(404, NOT_FOUND.emit("rule", code=request.path_params["code"]))
    return JSONResponse(rule_dict(found))


async def schema(request: Request) -> Response:
    """``GET /v1/schema``: the JSON Schema (Draft 2020-12) of catalog documents."""
    return JSONResponse(catalog_schema(), media_type="application/schema+json")


ROUTES = [
    Route("/v1/health", health, methods=["GET"]),
    Route("/v1/validate", validate, methods=["POST"]),
    Route("/v1/packs", packs, methods=["GET"]),
    Route("/v1/packs/{code}", pack, methods=["GET"]),
    Route("/v1/rules", rules, methods=["GET"]),
    Route("/v1/rules/{code}", rule, methods=["GET"]),
    Route("/v1/schema", schema, methods=["GET"]),
]
