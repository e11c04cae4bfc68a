"""GK8xx: what the HTTP service (``gkstd serve``) answers when it cannot take a request.

They are produced by the service (scope ``request``), never by catalog validation: an
upload over the size limit, a request without a file or with a parameter it cannot read,
a request that ran past its time budget, something asked for that does not exist.  Each
is a 4xx response (or 503/504) whose body is a report with one finding of these codes,
Chinese and English messages included; the findings of a catalog that *could* be read
are the catalog's own (GK0xx–GK7xx), returned with status 200.

This module imports nothing of the web stack: the rules are registered (and documented)
whether or not the ``serve`` extra is installed.
"""

from __future__ import annotations

from gkstd.diagnostics.findings import Finding, Severity
from gkstd.diagnostics.rule import Example, Rule, rule
from gkstd.diagnostics.samples import minimal_document

__all__ = ["BAD_REQUEST", "NOT_FOUND", "OVER_BUDGET", "SERVE_RULES", "TOO_LARGE", "body_refused"]

_BASIS = "gkstd serve 的请求上限（docs/serve.md）"
_NONE = "请求出错时由服务返回，不能用目录文档演示（见 tests/test_serve_api.py）。"
#: A document the service validates without refusing the request.
_GOOD = Example(minimal_document(), scope="document")

TOO_LARGE = rule(
    "GK801",
    Severity.ERROR,
    ("上传超过大小上限", "Upload over the size limit"),
    (
        "服务对每次请求的上传大小设有上限（默认 50 MB，GKSTD_SERVE_MAX_UPLOAD），"
        "以免一个请求占满内存或磁盘。超过上限的请求整体被拒绝（HTTP 413），不读取、不保存任何内容。",
        "The service limits the size of each request's upload (50 MB by default, "
        "GKSTD_SERVE_MAX_UPLOAD) so that one request cannot fill the memory or the disk. A "
        "request over it is refused whole (HTTP 413): nothing is read or kept.",
    ),
    _BASIS,
    bad=Example(_NONE, scope="none"),
    good=_GOOD,
    scope="request",
    fix=(
        "拆分为几次上传，或请服务的管理员提高上限 GKSTD_SERVE_MAX_UPLOAD。",
        "Upload in several requests, or ask the service's operator to raise "
        "GKSTD_SERVE_MAX_UPLOAD.",
    ),
    messages={
        "default": (
            "上传共 {size} 字节，超过上限 {limit} 字节，请求被拒绝。",
            "The upload of {size} bytes exceeds the limit of {limit} bytes; refused.",
        ),
        "files": (
            "一次最多上传 {limit} 个文件，本次有 {count} 个，请求被拒绝。",
            "At most {limit} files per request; this one has {count}. Refused.",
        ),
    },
)

BAD_REQUEST = rule(
    "GK802",
    Severity.ERROR,
    ("请求无法处理", "The request cannot be processed"),
    (
        "请求缺少要校验的文件，文件类型不受支持，或参数的取值无法识别（HTTP 400/415）。"
        "服务只读取请求里上传的内容：引用服务器上文件的路径一律不接受。",
        "The request has no file to check, a file of a type that is not supported, or a "
        "parameter whose value cannot be read (HTTP 400/415). The service reads only what "
        "the request uploads: a path naming a file on the server is never accepted.",
    ),
    _BASIS,
    bad=Example(_NONE, scope="none"),
    good=_GOOD,
    scope="request",
    fix=(
        "按 OpenAPI 文档（/v1/openapi.json）上传文件并填写参数。",
        "Upload the file and fill in the parameters as the OpenAPI document "
        "(/v1/openapi.json) describes.",
    ),
    messages={
        "default": (
            "请求中没有要校验的文件：请以 multipart/form-data 的 file 字段上传，"
            "或把文档本身作为请求体发送。",
            "The request has no file to check: upload it as the multipart/form-data field "
            "file, or send the document itself as the request body.",
        ),
        "format": (
            "不支持的文件类型 {name!r}：可上传 .yaml、.yml、.json（目录文档）或 .xlsx、.xls、.et、.ods、.csv、.docx（表格）{extra}。",
            "Unsupported file type {name!r}: upload .yaml, .yml, .json (catalog documents) or "
            ".xlsx, .xls, .et, .ods, .csv, .docx (tables){extra}.",
        ),
        "parameter": (
            "参数 {name} 的取值 {value!r} 无法识别：{hint}",
            "Parameter {name}: the value {value!r} cannot be read: {hint_en}",
        ),
        "body": (
            "请求体无法读取：{reason}",
            "The request body cannot be read: {reason_en}",
        ),
        "zip": (
            "压缩包 {name!r} 无法读取或含有不安全的路径：{reason}",
            "The zip file {name!r} cannot be read or holds an unsafe path: {reason_en}",
        ),
        "records-format": (
            "不支持的记录文件类型 {name!r}：请上传 .csv、.jsonl、.xlsx 或 .parquet 格式的公开记录。",
            "Unsupported records file type {name!r}: upload the publication records as .csv, "
            ".jsonl, .xlsx or .parquet.",
        ),
        "missing": (
            "请求缺少 {name}：{hint}",
            "The request has no {name}: {hint_en}",
        ),
    },
)

OVER_BUDGET = rule(
    "GK803",
    Severity.ERROR,
    ("请求处理超时或服务繁忙", "The request ran past its time budget, or the service is busy"),
    (
        "每个请求有处理时限（默认 120 秒，GKSTD_SERVE_TIMEOUT），超时的请求被中止（HTTP 504），"
        "其工作进程被替换；所有工作进程都忙且排队已满时，新请求被拒绝（HTTP 503），"
        "以免一个很大的表格拖住其他请求。",
        "Each request has a time budget (120 s by default, GKSTD_SERVE_TIMEOUT); a request "
        "past it is stopped (HTTP 504) and its worker process replaced. When every worker is "
        "busy and the queue is full, a new request is refused (HTTP 503), so that one large "
        "table cannot hold up the others.",
    ),
    _BASIS,
    bad=Example(_NONE, scope="none"),
    good=_GOOD,
    scope="request",
    fix=(
        "稍后重试；文件很大时可拆分后上传，或请管理员提高 GKSTD_SERVE_TIMEOUT、GKSTD_SERVE_WORKERS。",
        "Retry later; split a very large upload, or ask the operator to raise "
        "GKSTD_SERVE_TIMEOUT or GKSTD_SERVE_WORKERS.",
    ),
    messages={
        "default": (
            "请求处理超过 {seconds} 秒，已中止。",
            "The request ran past {seconds} seconds and was stopped.",
        ),
        "died": (
            "处理本请求的工作进程意外退出（可能是内存不足），已替换；请稍后重试，文件很大时可拆分后上传。",
            "The worker process handling this request stopped unexpectedly (perhaps out of "
            "memory) and was replaced; retry later, or split a very large upload.",
        ),
        "busy": (
            "服务繁忙（{workers} 个工作进程都在处理请求，排队已满或正在接收的上传已达内存上限），请稍后重试。",
            "The service is busy ({workers} workers busy and the queue full, or the uploads "
            "being received at their memory budget); retry later.",
        ),
    },
)

NOT_FOUND = rule(
    "GK804",
    Severity.ERROR,
    ("请求的对象不存在", "What the request asks for does not exist"),
    (
        "请求的地址、领域包或规则代码不存在（HTTP 404），或该地址不接受此请求方法（HTTP 405）。",
        "The address, domain pack or rule code asked for does not exist (HTTP 404), or the "
        "address does not take this method (HTTP 405).",
    ),
    _BASIS,
    bad=Example(_NONE, scope="none"),
    good=_GOOD,
    scope="request",
    fix=(
        "用 GET /v1/packs、GET /v1/rules 查看可用的领域包和规则代码。",
        "List the packs and rule codes with GET /v1/packs and GET /v1/rules.",
    ),
    messages={
        "default": ("没有地址 {address}。", "There is no address {address}."),
        "pack": (
            "没有领域包 {code!r}。可用的领域包见 GET /v1/packs。",
            "No domain pack {code!r}. See GET /v1/packs.",
        ),
        "rule": (
            "没有规则 {code!r}。可用的规则见 GET /v1/rules。",
            "No rule {code!r}. See GET /v1/rules.",
        ),
        "method": (
            "地址 {address} 不接受 {method} 请求。",
            "The address {address} does not take {method} requests.",
        ),
    },
)

#: The service's rules, by code.
SERVE_RULES: tuple[Rule, ...] = (TOO_LARGE, BAD_REQUEST, OVER_BUDGET, NOT_FOUND)


def body_refused(reason: str, reason_en: str) -> Finding:
    """GK802 ``body``: the request body cannot be read, why in Chinese and in English."""
    return BAD_REQUEST.emit("body", reason=reason, reason_en=reason_en)
