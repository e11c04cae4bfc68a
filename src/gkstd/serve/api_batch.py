"""``POST /v1/check``: several catalogs (files, or zip files unpacked safely) checked,
scored and ranked as the supervisor's desk does (``gkstd check``); the report as JSON, an
HTML page or an Excel workbook.  The work is :func:`gkstd.serve.batchwork.check_uploads`.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from gkstd.serve.api import lang_of, param, read_uploads
from gkstd.serve.batchwork import FORMATS, BatchParams, check_uploads
from gkstd.serve.rules import BAD_REQUEST
from gkstd.serve.work import RequestError, bad_parameter

__all__ = ["ROUTES", "XLSX_MEDIA"]

#: The media type of an Excel workbook.
XLSX_MEDIA = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


async def check(request: Request) -> Response:
    """``POST /v1/check``: the batch report of the uploaded files and zip files."""
    files, fields = await read_uploads(request)
    fmt = (param(request, fields, "format") or "json").lower()
    if fmt not in FORMATS:
        raise bad_parameter("format", fmt, "请写 json、html 或 xlsx。", "use json, html or xlsx.")
    lang = lang_of(request, fields)
    if not files:
        raise RequestError(400, BAD_REQUEST.emit("default"))
    config = request.app.state.config
    params = BatchParams(
        fmt=fmt, lang=lang, max_files=config.max_files, max_unpacked=config.max_upload * 4
    )
    result = await request.app.state.runner.run(check_uploads, files, params)
    if fmt == "html":
        return HTMLResponse(result)  # text/html; charset=utf-8
    if fmt == "xlsx":
        disposition = 'attachment; filename="gkstd-check.xlsx"'
        return Response(result, media_type=XLSX_MEDIA, headers={"Content-Disposition": disposition})
    return JSONResponse(result)


ROUTES = [Route("/v1/check", check, methods=["POST"])]
