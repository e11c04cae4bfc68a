"""What the service's requests do, as plain functions of uploaded bytes and parameters
that return JSON-ready data: they run in the service's worker processes (each builds the
registry once) and know nothing of HTTP.

Nothing here reads a file of the server's: a document is validated from its bytes (a
parent reference that is not a pack's code cannot be found: GK2xx), a table is imported
from its bytes, and the batch check writes the uploads into a temporary folder that is
removed when the request ends (:mod:`gkstd.serve.batchwork`).  Findings name the uploaded file by the name it was sent
under, never by the server's temporary path.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Iterable, Mapping
from pathlib import PurePosixPath
from typing import Any

import attrs

from gkstd.diagnostics.findings import Finding, with_table_cell
from gkstd.diagnostics.report import Report
from gkstd.inherit.locate import ParentLocator
from gkstd.inherit.resolved import ResolvedCatalog
from gkstd.inherit.workspace import Workspace
from gkstd.model import Catalog, Level
from gkstd.plugins.manager import default_registry
from gkstd.rules.engine import Selection
from gkstd.serve.rules import BAD_REQUEST, NOT_FOUND

__all__ = [
    "DOCUMENT_SUFFIXES",
    "TABLE_SUFFIXES",
    "TEMP_PREFIX",
    "RequestError",
    "Upload",
    "ValidateParams",
    "finding_json",
    "national",
    "pack_code",
    "renamed",
    "report_json",
    "safe_name",
    "start_worker",
    "validate_upload",
    "warm",
]

#: The prefix of the temporary folders the work writes uploads into (removed after each
#: request; :meth:`gkstd.serve.runner.Runner.sweep` removes those of a stopped worker).
TEMP_PREFIX = "gkstd-serve-"

#: An upload: the name it was sent under (made safe) and its bytes.
Upload = tuple[str, bytes]

DOCUMENT_SUFFIXES = frozenset({".yaml", ".yml", ".json"})
TABLE_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls", ".et", ".ods", ".csv", ".docx"})


class RequestError(Exception):
    """A request the service cannot take: ``status`` and the GK8xx ``finding``."""

    def __init__(self, status: int, finding: Finding) -> None:
        super().__init__(status, finding)  # the arguments: it pickles back from a worker
        self.status = status
        self.finding = finding


def bad_parameter(name: str, value: object, hint: str, hint_en: str) -> RequestError:
    """HTTP 400, GK802 naming the parameter."""
    return RequestError(
        400, BAD_REQUEST.emit("parameter", name=name, value=value, hint=hint, hint_en=hint_en)
    )


@attrs.frozen(kw_only=True)
class ValidateParams:
    """The optional parameters of ``POST /v1/validate`` (see the OpenAPI document)."""

    domain: str | None = None
    parent: str | None = None
    jurisdiction: str | None = None
    level: str | None = None
    select: str | None = None
    ignore: str | None = None
    lang: str = "zh"


def warm() -> None:
    """Build this process's registry."""
    default_registry()


def start_worker() -> None:
    """The initializer of each worker process: no workspace of the process looks for a
    parent in the working directory (a table's import and the batch check build their
    own workspaces), and the registry is built now, not on the first request."""
    ParentLocator.working_directory = False
    warm()


def safe_name(name: str | None, default: str = "upload") -> str:
    """The last part of an uploaded file's name, without folders, control characters or
    a leading dot: what the findings call it and what the batch check writes."""
    text = (name or "").replace("\\", "/")
    base = PurePosixPath(text).name if text else ""
    base = "".join(ch for ch in base if ch.isprintable() and ch not in '<>:"|?*').strip()
    base = base.lstrip(".")
    return _within_bytes(base, _NAME_BYTES) or default


#: Most bytes of a name written to disk (most file systems allow 255; ``-2`` may be added).
_NAME_BYTES = 200


def _within_bytes(name: str, most: int) -> str:
    """``name`` shortened, its suffix kept, to at most ``most`` UTF-8 bytes (a name of 150
    Chinese characters is 450 bytes: the file system refused it)."""
    if len(name.encode("utf-8", "replace")) <= most:
        return name
    suffix = PurePosixPath(name).suffix
    suffix = suffix if len(suffix.encode("utf-8", "replace")) <= 16 else ""
    stem = name[: len(name) - len(suffix)].encode("utf-8", "replace")
    room = most - len(suffix.encode("utf-8", "replace"))
    return stem[:room].decode("utf-8", "ignore") + suffix  # (a character cut in two: dropped)


def suffix_of(name: str) -> str:
    """The lower-case suffix of ``name`` (``.xlsx``)."""
    return PurePosixPath(name).suffix.lower()


def _level(text: str | None) -> Level | None:
    if text is None:
        return None
    try:
        return Level.parse(text)
    except ValueError:
        raise bad_parameter(
            "level",
            text,
            "请写层级，如 县级、乡级。",
            "write a level, e.g. 县级 (county) or 乡级 (township).",
        ) from None


def pack_code(ref: str) -> str | None:
    """The code of the pack ``ref`` names (its code, Chinese name or alias), or ``None``;
    never for anything that looks like a path (the service reads no file of its own)."""
    if os.sep in ref or "/" in ref or "\\" in ref:
        return None
    return default_registry().domain_code(ref)


def national(code: str) -> ResolvedCatalog:
    """The resolved national catalog of the pack ``code``."""
    return Workspace(default_registry()).resolve_ref(code)


def _parent(parent: str | None) -> tuple[Catalog | None, list[Finding]]:
    """The parent catalog of a table: a pack's code, name or alias (its national catalog),
    never a path (the service reads no file of its own)."""
    if parent is None:
        return None, []
    code = pack_code(parent)
    if code is None:
        raise bad_parameter(
            "parent",
            parent,
            "上级目录只能是领域包的代码、名称或别名（见 GET /v1/packs）。",
            "the parent can only be a pack's code, name or alias (see GET /v1/packs).",
        )
    resolved = national(code)
    return resolved.catalog, list(resolved.findings)


def _domain(domain: str | None) -> str | None:
    """The pack code of ``domain`` (a code, Chinese name or alias); 400 when no pack has
    that name (the import would otherwise take it as a domain of its own)."""
    if domain is None:
        return None
    code = pack_code(domain)
    if code is None:
        raise bad_parameter(
            "domain",
            domain,
            "请写领域包的代码、名称或别名（见 GET /v1/packs），如 市政服务。",
            "write a pack's code, name or alias (see GET /v1/packs).",
        )
    return code


def _selected(findings: Iterable[Finding], select: str | None, ignore: str | None) -> list[Finding]:
    selection = Selection.parse(select, ignore)
    return [f for f in findings if selection.wants(f.code)]


def report_json(report: Report, lang: str, renames: Mapping[str, str] = {}) -> dict[str, Any]:
    """The report as JSON, each finding with ``text`` in ``lang``; server paths in
    ``renames`` (a temporary folder or file) replaced by the names the files were sent
    under."""
    data = report.to_dict()
    data["findings"] = [finding_json(f, lang) for f in report.findings]
    data["lang"] = lang
    return renamed(data, renames) if renames else data


def finding_json(finding: Finding, lang: str) -> dict[str, Any]:
    """One finding as the service's JSON has it: the report fields, ``text`` in
    ``lang``, and for a table import's own finding the ``cell`` its path names."""
    out = with_table_cell(finding).to_dict()
    out["text"] = finding.text(lang)
    return out


def renamed(value: Any, renames: Mapping[str, str]) -> Any:
    """``value`` (JSON data) with every text naming a server path (a key of ``renames``)
    renamed to what the client calls it."""
    if isinstance(value, str):
        for old, new in renames.items():
            if old in value:
                value = value.replace(old, new)
        return value
    if isinstance(value, dict):
        return {k: renamed(v, renames) for k, v in value.items()}
    if isinstance(value, list):
        return [renamed(v, renames) for v in value]
    return value


def _workbook_suffix(data: bytes) -> str:
    """The suffix of a workbook sent without a file name (a request body, a form field
    without a name): ``.xlsx`` for a ZIP package, ``.xls`` for an OLE file, else ``""``
    (read as a document, which the request body usually is)."""
    if data.startswith(b"PK\x03\x04"):
        return ".xlsx"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return ".xls"
    return ""


def validate_upload(name: str, data: bytes, params: ValidateParams) -> dict[str, Any]:
    """``POST /v1/validate``: the report of one uploaded document or table."""
    suffix = suffix_of(name) or _workbook_suffix(data)
    level = _level(params.level)
    if suffix in TABLE_SUFFIXES:
        return _validate_table(name, suffix, data, params, level)
    if suffix and suffix not in DOCUMENT_SUFFIXES:
        raise RequestError(415, BAD_REQUEST.emit("format", name=name, extra=""))
    registry = default_registry()
    workspace = Workspace(registry, select=params.select, ignore=params.ignore)
    workspace.locator.working_directory = False  # an upload names no file of the server's
    report = workspace.validate_all([data])
    renamed = {"<bytes>": name, "<text>": name}
    out = report_json(report, params.lang, renamed)
    out["file"] = name
    return out


def _validate_table(
    name: str, suffix: str, data: bytes, params: ValidateParams, level: Level | None
) -> dict[str, Any]:
    from gkstd.tables.importer import import_table  # the table reader: only when needed

    parent, parent_findings = _parent(params.parent)
    result = import_table(
        data,
        fmt=suffix.lstrip("."),
        file=name,
        domain=_domain(params.domain),
        parent=parent,
        parent_ref=params.parent if parent is not None else None,
        jurisdiction=params.jurisdiction,
        level=level,
        document=name,
    )
    report = result.report()
    findings = _selected((*parent_findings, *report.findings), params.select, params.ignore)
    report = attrs.evolve(report, findings=tuple(findings))
    out = report_json(report, params.lang)
    out.update(
        {
            "file": name,
            "sheet": result.sheet,
            "rows": result.rows,
            "domain": result.catalog.domain if result.catalog is not None else None,
            "imported": result.ok,
        }
    )
    return out


def today() -> datetime.date:
    """Today's date (the default start of a deadline)."""
    return datetime.date.today()


def pack_not_found(code: str) -> RequestError:
    """HTTP 404, GK804 naming the pack."""
    return RequestError(404, NOT_FOUND.emit("pack", code=code))
