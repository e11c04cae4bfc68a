"""``GET /v1/openapi.json``: the service's OpenAPI 3.1 document, built from the same
objects the service uses (the report's fields, the finding codes, the parameters), and
shipped as ``docs/openapi.json`` (``python -m gkstd.serve.openapi > docs/openapi.json``;
a test keeps the two equal and tests the service against it with schemathesis).

``/v1`` is stable: fields may be added to its responses, never removed or renamed.

Long module: one declaration per endpoint and per response shape, with its Chinese and
English descriptions; together they are one document.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from gkstd import __version__

__all__ = ["ROUTES", "openapi_document"]

_REF = "#/components/schemas/"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": _REF + name}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


_TEXT_PARAMS: dict[str, tuple[str, str]] = {
    "domain": ("领域包代码、名称或别名；不填时按内容判断", "domain pack code, name or alias"),
    "parent": (
        "表格的上级目录：领域包代码、名称或别名（不接受路径）",
        "a table's parent: a pack code, name or alias (never a path)",
    ),
    "jurisdiction": ("本级政府名称（表格）", "the jurisdiction's name (tables)"),
    "level": ("层级，如 县级、乡级", "level, e.g. 县级 or 乡级"),
    "select": (
        "只报告这些代码或前缀，逗号分隔，如 GK1,GK201",
        "report only these codes or prefixes",
    ),
    "ignore": ("不报告这些代码或前缀，逗号分隔", "do not report these codes or prefixes"),
}


def _described(zh: str, en: str) -> str:
    return f"{zh} / {en}"


def _lang_param() -> dict[str, Any]:
    return {
        "name": "lang",
        "in": "query",
        "required": False,
        "description": _described(
            "说明文字的语言（默认按 Accept-Language，否则中文）",
            "language of the text field (default: Accept-Language, else Chinese)",
        ),
        "schema": {"type": "string", "enum": ["zh", "en"]},
    }


def _errors(*statuses: int) -> dict[str, Any]:
    texts = {
        400: ("请求无法处理（GK802）", "bad request (GK802)"),
        404: ("不存在（GK804）", "not found (GK804)"),
        405: ("不接受此请求方法（GK804）", "method not allowed (GK804)"),
        413: ("上传超过大小上限（GK801）", "upload over the size limit (GK801)"),
        415: ("不支持的文件类型（GK802）", "unsupported file type (GK802)"),
        503: ("服务繁忙或工作进程退出（GK803）", "busy, or the worker died (GK803)"),
        504: ("处理超时（GK803）", "ran past the time budget (GK803)"),
    }
    return {
        str(status): {
            "description": _described(*texts[status]),
            "content": {"application/json": {"schema": _ref("ErrorReport")}},
        }
        for status in statuses
    }


def _components() -> dict[str, Any]:
    finding = {
        "type": "object",
        "description": _described("一个问题", "one finding"),
        "required": ["code", "severity", "message", "message_en", "args"],
        "properties": {
            "code": {"type": "string", "pattern": "^[A-Z]+[0-9]{3}$"},
            "severity": {"type": "string", "enum": ["error", "warning", "info"]},
            "message": {"type": "string", "description": "中文说明 / Chinese message"},
            "message_en": {"type": "string", "description": "English message"},
            "text": {
                "type": "string",
                "description": "说明（所请求的语言）/ in the asked language",
            },
            "args": {"type": "object", "description": "说明中的各项取值 / the message's values"},
            "file": _nullable({"type": "string"}),
            "line": _nullable({"type": "integer"}),
            "path": _nullable(
                {
                    "type": "string",
                    "description": _described(
                        "JSON 路径（如 $.items[0].channels）；表格导入自身的问题为单元格，如 目录!D5",
                        "JSON path ($.items[0].channels); a table import's own finding: a cell, "
                        "e.g. 目录!D5",
                    ),
                }
            ),
            "item": _nullable({"type": "string"}),
            "element": _nullable({"type": "string"}),
            "cell": _nullable(_ref("Cell")),
            "pack": _nullable({"type": "string"}),
        },
    }
    cell = {
        "type": "object",
        "required": ["file", "cell"],
        "properties": {
            "file": {"type": "string"},
            "sheet": _nullable({"type": "string"}),
            "cell": {"type": "string", "description": "D5, D5:F5 或行号 / or a row number"},
            "row": _nullable({"type": "integer"}),
        },
    }
    count = {"type": "integer", "minimum": 0}
    stats = {
        "type": "object",
        "required": ["files", "unusable", "items", "errors", "warnings", "infos"],
        "properties": dict.fromkeys(
            ("files", "unusable", "items", "errors", "warnings", "infos"), count
        ),
    }
    report = {
        "type": "object",
        "description": _described(
            "校验报告；valid 为真表示没有错误且文件可读",
            "the report; valid: no error, file readable",
        ),
        "required": ["valid", "stats", "findings", "lang"],
        "properties": {
            "valid": {"type": "boolean"},
            "stats": _ref("Stats"),
            "findings": {"type": "array", "items": _ref("Finding")},
            "lang": {"type": "string", "enum": ["zh", "en"]},
            "file": {"type": "string", "description": "上传时的文件名 / the uploaded name"},
            "sheet": _nullable({"type": "string"}),
            "rows": {"type": "integer", "minimum": 0},
            "domain": _nullable({"type": "string"}),
            "imported": {"type": "boolean"},
        },
    }
    error = {
        "type": "object",
        "description": _described(
            "被拒绝的请求：与报告同形，含一个 GK8xx 问题",
            "a refused request: a report with a GK8xx finding",
        ),
        "required": ["valid", "status", "stats", "findings", "lang"],
        "properties": {
            "valid": {"const": False},
            "status": {"type": "integer"},
            "stats": _ref("Stats"),
            "findings": {"type": "array", "items": _ref("Finding"), "minItems": 1},
            "lang": {"type": "string", "enum": ["zh", "en"]},
        },
    }
    health = {
        "type": "object",
        "required": ["status", "version", "packs", "rules"],
        "properties": {
            "status": {"const": "ok"},
            "version": {"type": "string"},
            "packs": count,
            "rules": count,
        },
    }
    pack = {
        "type": "object",
        "required": ["code", "status"],
        "properties": {
            "code": {"type": "string"},
            "name": _nullable({"type": "string"}),
            "name_en": _nullable({"type": "string"}),
            "version": _nullable({"type": "string"}),
            "status": {"type": "string"},
            "items": _nullable({"type": "integer"}),
        },
    }
    rule = {
        "type": "object",
        "required": ["code", "severity", "pack", "scope", "title", "title_en", "messages"],
        "properties": {
            "code": {"type": "string"},
            "severity": {"type": "string", "enum": ["error", "warning", "info"]},
            "pack": {"type": "string"},
            "scope": {"type": "string"},
            "title": {"type": "string"},
            "title_en": {"type": "string"},
            "messages": {"type": "object"},
        },
    }
    return {
        "schemas": {
            "Finding": finding,
            "Cell": cell,
            "Stats": stats,
            "Report": report,
            "ErrorReport": error,
            "Health": health,
            "Pack": pack,
            "Rule": rule,
            "BatchReport": {
                "type": "object",
                "description": _described(
                    "批量报告：每个文件的评分和问题、按政府和领域的排名",
                    "the batch report: each file's score and findings, rankings",
                ),
                "required": ["passed", "files", "lang"],
                "properties": {
                    "passed": {"type": "boolean"},
                    "files": {"type": "array", "items": {"type": "object"}},
                    "by_jurisdiction": {"type": "array", "items": {"type": "object"}},
                    "by_domain": {"type": "array", "items": {"type": "object"}},
                    "skipped": {"type": "array", "items": {"type": "object"}},
                    "lang": {"type": "string", "enum": ["zh", "en"]},
                },
            },
            "Deadline": {
                "type": "object",
                "required": ["from", "deadline", "lang"],
                "properties": {
                    "from": {"type": "string", "format": "date"},
                    "deadline": _nullable({"type": "string", "format": "date"}),
                    "provisional": {"type": "boolean"},
                    "reason": _nullable({"type": "string"}),
                    "reason_zh": _nullable({"type": "string"}),
                    "reason_en": _nullable({"type": "string"}),
                    "parts": {"type": "array", "items": {"type": "object"}},
                    "lang": {"type": "string", "enum": ["zh", "en"]},
                },
            },
            "AuditResult": {
                "type": "object",
                "required": ["valid", "findings", "lang"],
                "properties": {
                    "valid": {"type": "boolean"},
                    "audited": {"type": "boolean"},
                    "records": {"type": "integer", "minimum": 0},
                    "summary": {"type": "object"},
                    "truncated": {"type": "boolean"},
                    "total_findings": {"type": "integer", "minimum": 0},
                    "findings": {"type": "array", "items": _ref("Finding")},
                    "lang": {"type": "string", "enum": ["zh", "en"]},
                },
            },
        }
    }


def _validate_path() -> dict[str, Any]:
    form_properties: dict[str, Any] = {
        "file": {
            "type": "string",
            "format": "binary",
            "description": _described(
                "目录文档（.yaml/.yml/.json）或表格（.xlsx/.xls/.et/.ods/.csv，Word 的 .docx）",
                "a catalog document or table",
            ),
        },
        **{
            name: {"type": "string", "description": _described(*text)}
            for name, text in _TEXT_PARAMS.items()
        },
        "lang": {"type": "string", "enum": ["zh", "en"]},
    }
    raw = {"schema": {"type": "string", "format": "binary"}}
    return {
        "post": {
            "operationId": "validate",
            "summary": _described(
                "校验一个目录文档或表格", "validate one catalog document or table"
            ),
            "description": _described(
                "以 multipart/form-data 的 file 字段上传，或把文件本身作为请求体（用 ?filename= 给出文件名）。"
                "目录本身的问题在 200 响应的报告里；请求本身无法处理时返回 4xx。",
                "Upload as the multipart field file, or send the file as the body (name it "
                "with ?filename=). The catalog's findings come with 200; a request that "
                "cannot be processed gets a 4xx.",
            ),
            "parameters": [
                {
                    "name": "filename",
                    "in": "query",
                    "required": False,
                    "description": _described(
                        "请求体即文件时的文件名（决定按文档还是表格读取）",
                        "the name of a file sent as the body",
                    ),
                    "schema": {"type": "string"},
                },
                *(
                    {  # also form fields: a file sent as the body has only the query
                        "name": name,
                        "in": "query",
                        "required": False,
                        "description": _described(zh, en),
                        "schema": {"type": "string"},
                    }
                    for name, (zh, en) in _TEXT_PARAMS.items()
                ),
                _lang_param(),
            ],
            "requestBody": {
                "required": True,
                "content": {
                    "multipart/form-data": {
                        "schema": {
                            "type": "object",
                            "required": ["file"],
                            "properties": form_properties,
                        }
                    },
                    "application/yaml": raw,
                    "application/json": {"schema": {}},
                    "text/csv": raw,
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": raw,
                    "application/vnd.ms-excel": raw,  # what many clients call any workbook
                    "application/octet-stream": raw,  # read by its bytes (a workbook or text)
                },
            },
            "responses": {
                "200": {
                    "description": _described("校验报告", "the report"),
                    "content": {"application/json": {"schema": _ref("Report")}},
                },
                **_errors(400, 405, 413, 415, 503, 504),
            },
        }
    }


def _get(
    operation: str,
    zh: str,
    en: str,
    schema: dict[str, Any],
    *errors: int,
    media: str = "application/json",
) -> dict[str, Any]:
    return {
        "get": {
            "operationId": operation,
            "summary": _described(zh, en),
            "parameters": [_lang_param()],
            "responses": {
                "200": {
                    "description": _described(zh, en),
                    "content": {media: {"schema": schema}},
                },
                **_errors(400, 405, *errors),
            },
        }
    }


def _with_code(path_item: dict[str, Any], zh: str, en: str) -> dict[str, Any]:
    path_item["get"]["parameters"].insert(
        0,
        {
            "name": "code",
            "in": "path",
            "required": True,
            "description": _described(zh, en),
            "schema": {"type": "string"},
        },
    )
    return path_item


def _form(
    operation: str,
    zh: str,
    en: str,
    properties: dict[str, Any],
    required: list[str],
    responses: dict[str, Any],
    *errors: int,
) -> dict[str, Any]:
    return {
        "post": {
            "operationId": operation,
            "summary": _described(zh, en),
            "parameters": [_lang_param()],
            "requestBody": {
                "required": True,
                "content": {
                    "multipart/form-data": {
                        "schema": {"type": "object", "required": required, "properties": properties}
                    }
                },
            },
            "responses": {**responses, **_errors(*errors, 405)},
        }
    }


def _text(zh: str, en: str, **extra: Any) -> dict[str, Any]:
    return {"type": "string", "description": _described(zh, en), **extra}


_FILES = {"type": "array", "items": {"type": "string", "format": "binary"}}


def _check_path() -> dict[str, Any]:
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return _form(
        "check",
        "批量检查、评分和排名（gkstd check）",
        "check, score and rank several catalogs (gkstd check)",
        {
            "file": {
                **_FILES,
                "description": _described(
                    "目录文档、表格或 .zip（安全解压）", "documents, tables or .zip files"
                ),
            },
            "format": _text("报告格式", "report format", enum=["json", "html", "xlsx"]),
            "lang": {"type": "string", "enum": ["zh", "en"]},
        },
        ["file"],
        {
            "200": {
                "description": _described(
                    "批量报告（json）、HTML 报告或 Excel 工作簿",
                    "the batch report as JSON, an HTML page or an Excel workbook",
                ),
                "content": {
                    "application/json": {"schema": _ref("BatchReport")},
                    "text/html": {"schema": {"type": "string"}},
                    xlsx: {"schema": {"type": "string", "format": "binary"}},
                },
            }
        },
        400,
        413,
        503,
        504,
    )


def _deadline_path() -> dict[str, Any]:
    flag = {"type": "boolean"}
    return {
        "post": {
            "operationId": "deadline",
            "summary": _described("计算公开期限（gkstd deadline）", "a disclosure deadline"),
            "parameters": [_lang_param()],
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "required": ["from"],
                            "properties": {
                                "from": _text("信息形成日期", "the start date", format="date"),
                                "time_limit": {
                                    "description": _described(
                                        "时限的文字（如 20个工作日）或时限对象",
                                        "the limit's wording or a time-limit object",
                                    ),
                                    "anyOf": [{"type": "string"}, {"type": "object"}],
                                },
                                "working_days": {"type": "integer", "minimum": 0, "maximum": 3660},
                                "calendar_days": {"type": "integer", "minimum": 0, "maximum": 3660},
                                "item": _text("事项编号或名称", "an item's id or name"),
                                "catalog": _text("领域包", "a pack's code, name or alias"),
                                "scope": _text(
                                    "复合时限的适用部分", "the part of a compound limit"
                                ),
                                "region": _text("地区（节假日）", "region (holidays)"),
                                "count_start_day": flag,
                                "roll_forward": flag,
                                "holidays": {
                                    "description": _described(
                                        "放假通知（列表、对象或 YAML 文字）",
                                        "holiday notices (a list, an object or YAML text)",
                                    )
                                },
                                "lang": {"type": "string", "enum": ["zh", "en"]},
                            },
                        }
                    }
                },
            },
            "responses": {
                "200": {
                    "description": _described("公开期限", "the deadline"),
                    "content": {"application/json": {"schema": _ref("Deadline")}},
                },
                **_errors(400, 404, 405, 413, 503, 504),
            },
        }
    }


def _audit_path() -> dict[str, Any]:
    return _form(
        "audit",
        "审计公开记录（gkstd audit）",
        "audit publication records against catalogs (gkstd audit)",
        {
            "records": {
                "type": "string",
                "format": "binary",
                "description": _described(
                    "公开记录（.csv/.jsonl/.json/.xlsx/.parquet）", "the publication records"
                ),
            },
            "catalog": {
                "description": _described(
                    "目录文档（.yaml/.json）或领域包代码，可多个", "catalog documents or pack codes"
                ),
                "anyOf": [_FILES, {"type": "array", "items": {"type": "string"}}],
            },
            "domain": _text("领域包代码、名称或别名", "a pack's code, name or alias"),
            "as_of": _text("审计日期（默认今天）", "the audit date (default today)", format="date"),
            "region": _text("地区（节假日）", "region (holidays)"),
            "count_start_day": _text(
                "是否计入起始日", "count the start day", enum=["true", "false"]
            ),
            "roll_forward": _text(
                "遇节假日顺延", "roll forward over holidays", enum=["true", "false"]
            ),
            "holidays": {"type": "string", "format": "binary"},
            "limit": {"type": "integer", "minimum": 0},
            "lang": {"type": "string", "enum": ["zh", "en"]},
        },
        ["records"],
        {
            "200": {
                "description": _described("审计结果", "the audit result"),
                "content": {"application/json": {"schema": _ref("AuditResult")}},
            }
        },
        400,
        404,
        413,
        415,
        503,
        504,
    )


def openapi_document() -> dict[str, Any]:
    """The OpenAPI 3.1 document of the ``/v1`` API."""
    paths: dict[str, Any] = {
        "/v1/health": _get("health", "服务状态", "service health", _ref("Health")),
        "/v1/validate": _validate_path(),
        "/v1/check": _check_path(),
        "/v1/deadline": _deadline_path(),
        "/v1/audit": _audit_path(),
        "/v1/packs": _get(
            "packs", "已安装的领域包", "installed packs", {"type": "array", "items": _ref("Pack")}
        ),
        "/v1/packs/{code}": _with_code(
            _get("pack", "一个领域包", "one pack", _ref("Pack"), 404),
            "领域包代码、名称或别名",
            "pack code, name or alias",
        ),
        "/v1/rules": _get(
            "rules", "全部规则", "every rule", {"type": "array", "items": _ref("Rule")}
        ),
        "/v1/rules/{code}": _with_code(
            _get("rule", "一条规则", "one rule", _ref("Rule"), 404), "规则代码", "rule code"
        ),
        "/v1/schema": _get(
            "schema",
            "目录文档格式 1.0 的 JSON Schema",
            "the JSON Schema of catalog documents",
            {"type": "object"},
            media="application/schema+json",
        ),
        "/v1/openapi.json": _get("openapi", "本文档", "this document", {"type": "object"}),
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "gkstd 政务公开事项标准目录校验服务 / gkstd checks over HTTP",
            "version": __version__,
            "description": _described(
                "把目录校验、批量检查、公开期限和公开记录审计提供给任何语言的业务系统（docs/integrators.md）。",
                "gkstd's checks for business systems in any language (docs/integrators.md).",
            ),
        },
        "servers": [{"url": "/"}],
        "paths": paths,
        "components": _components(),
    }


async def openapi(request: Request) -> Response:
    """``GET /v1/openapi.json``: the document, its server under the path prefix of a
    reverse proxy (``--root-path``) when there is one."""
    document = openapi_document()
    prefix = request.scope.get("root_path") or ""
    if prefix:
        document["servers"] = [{"url": prefix.rstrip("/") + "/"}]
    return JSONResponse(document)


ROUTES = [Route("/v1/openapi.json", openapi, methods=["GET"])]


def main() -> None:
    """Print the document (``python -m gkstd.serve.openapi > docs/openapi.json``)."""
    sys.stdout.write(json.dumps(openapi_document(), ensure_ascii=False, indent=2) + "\n")


if __name__ == "__main__":
    main()
