"""What is installed, as data: the rows of ``gkstd domains --json`` and ``gkstd rules
--json``, and of the service's ``GET /v1/packs`` and ``GET /v1/rules``."""

from __future__ import annotations

from typing import Any

from gkstd.diagnostics.findings import Severity
from gkstd.diagnostics.rule import Rule
from gkstd.plugins.registry import Registry

__all__ = ["pack_rows", "rule_dict"]


def pack_rows(reg: Registry, *, checked: bool = False) -> list[dict[str, Any]]:
    """One JSON-ready row per installed pack (and per plugin that failed to load):
    code, names, version, distribution, status and error, and for a pack whose catalog
    loads its item counts, gaps, coverage and guide.  With ``checked`` each national
    catalog is also validated (about 10 ms a pack): one with errors (a parent of its own,
    two items of one id) has ``catalog_status`` ``errors``, status ``errors`` and its
    first error (it had been listed as ok, found only by the conformance suite)."""
    rows: list[dict[str, Any]] = []
    workspace = None
    if checked:
        from gkstd.inherit.workspace import Workspace

        workspace = Workspace(reg)
    for plugin in reg.plugins:
        codes = plugin.packs or (plugin.name,)
        for code in codes:
            # a failed plugin named like a loaded pack is not that pack (an older version of
            # it, say): its row shows the failure, not the other's counts
            pack = reg.packs.get(code) if plugin.status == "ok" else None
            row: dict[str, Any] = {
                "code": code,
                "name": pack.name_zh if pack else None,
                "name_en": pack.name_en if pack else None,
                "version": pack.version if pack else plugin.version,
                "distribution": plugin.distribution,
                "entry_point": plugin.name,
                "status": plugin.status,
                "error": plugin.error,
                "error_en": plugin.error_en,
                "items": None,
                "catalog_status": None,
            }
            if pack is not None:
                doc = pack.load_catalog()
                if doc.catalog is None:
                    row["catalog_status"] = "unusable"
                    row["status"] = "failed"
                    first = doc.findings[0] if doc.findings else None
                    row["error"] = (
                        f"目录数据无法读取：{first.location.display()} {first.message}"
                        if first
                        else "目录数据无法读取"
                    )
                    row["error_en"] = (
                        f"the catalog data cannot be read: {first.location.display()} "
                        f"{first.message_en}"
                        if first
                        else "the catalog data cannot be read"
                    )
                else:
                    row["catalog_status"] = "ok"
                    if workspace is not None:
                        _check_catalog(row, workspace, code)
                    row["items"] = sum(1 for _ in doc.catalog.walk())
                    row["leaf_items"] = sum(1 for _ in doc.catalog.leaves())
                    row["gaps"] = sum(1 for i in doc.catalog.walk() if i.gap is not None)
                    coverage = pack.coverage()
                    row["completeness"] = coverage.status if coverage else None
                    row["coverage"] = coverage.to_dict() if coverage else None
                    row["guide"] = {
                        "issuer": pack.guide.issuer,
                        "doc_no": pack.guide.doc_no,
                        "status": pack.guide.status,
                    }
            rows.append(row)
    return rows


def _check_catalog(row: dict[str, Any], workspace: Any, code: str) -> None:
    """Mark ``row`` when the pack's national catalog has errors (see :func:`pack_rows`)."""
    report = workspace.report(workspace.resolve_ref(code))
    errors = [f for f in report.findings if f.severity is Severity.ERROR]
    if not errors:
        return
    first = errors[0]
    where = first.location.display()
    row["catalog_status"] = row["status"] = "errors"
    row["error"] = f"国家目录有 {len(errors)} 个错误，如 {where} {first.code} {first.message}"
    row["error_en"] = (
        f"the national catalog has {len(errors)} error(s), e.g. {where} {first.code} "
        f"{first.message_en}"
    )


def rule_dict(rule: Rule) -> dict[str, Any]:
    """The JSON-ready description of ``rule``: code, severity, pack, scope, titles,
    rationale, basis, fix, examples, status and message templates (zh/en)."""
    return {
        "code": rule.code,
        "severity": rule.severity.value,
        "pack": rule.pack,
        "scope": rule.scope,
        "title": rule.title.zh,
        "title_en": rule.title.en,
        "rationale": rule.rationale.zh,
        "rationale_en": rule.rationale.en,
        "basis": rule.basis,
        "fix": rule.fix.zh if rule.fix else None,
        "fix_en": rule.fix.en if rule.fix else None,
        "bad": {"scope": rule.bad.scope, "text": rule.bad.text},
        "good": {"scope": rule.good.scope, "text": rule.good.text},
        "status": rule.status,
        "messages": {
            name: {"zh": m.zh, "en": m.en, "fields": sorted(m.fields)}
            for name, m in rule.messages.items()
        },
    }
