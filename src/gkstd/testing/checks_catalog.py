"""Conformance checks on the pack's national catalog: it loads with provenance, round-trips
through the model, JSON and YAML and through xlsx, and validates clean."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from gkstd.diagnostics.findings import Severity

if TYPE_CHECKING:
    from gkstd.model import Catalog

from gkstd.testing.target import (
    ConformanceFailure,
    Target,
    finding_lines,
    listing,
    workspace_for,
)

__all__ = [
    "check_catalog",
    "check_clean",
    "check_round_trip",
    "check_xlsx_round_trip",
]


def check_catalog(target: Target) -> str | None:
    """The national catalog loads, belongs to the pack (or, for an overlay pack, to the
    national pack it tailors), and records its provenance."""
    pack = target.need_pack()
    doc = pack.load_catalog()
    if doc.catalog is None:
        raise ConformanceFailure(
            f"目录数据 {pack.catalog_path()} 无法读取："
            + listing(finding_lines(doc.findings, "zh")),
            f"Catalog data {pack.catalog_path()} is unusable:"
            + listing(finding_lines(doc.findings, "en")),
        )
    catalog = doc.catalog
    problems: list[tuple[str, str]] = []
    overlay = _overlay_of(target, catalog)
    if catalog.domain != pack.code and overlay is None:
        problems.append(
            (
                f"domain 为 {catalog.domain!r}，应为 {pack.code!r}",
                f"domain is {catalog.domain!r}, not {pack.code!r}",
            )
        )
    if not catalog.sources:
        problems.append(
            ("sources 为空：目录须列出来源文件", "sources is empty: list the published sources")
        )
    sources = {s.id for s in catalog.sources}
    for source in catalog.sources:
        if not (source.url or source.file):
            problems.append(
                (f"来源 {source.id} 没有 url 或 file", f"source {source.id} has no url or file")
            )
    seen: set[str] = set()
    for item in catalog.walk():
        if item.id in seen:
            problems.append((f"事项 id {item.id} 重复", f"item id {item.id} is repeated"))
        seen.add(item.id)
        if not item.sources:
            problems.append(
                (f"事项 {item.id} 没有 sources（出处）", f"item {item.id} names no source")
            )
        elif not set(item.sources) <= sources:
            unknown = ", ".join(sorted(set(item.sources) - sources))
            problems.append(
                (
                    f"事项 {item.id} 引用了未列出的来源 {unknown}",
                    f"item {item.id} cites unlisted source(s) {unknown}",
                )
            )
        if item.gap is not None and not item.gap.missing:
            problems.append(
                (
                    f"事项 {item.id} 的 gap 未写明缺少什么（missing）",
                    f"item {item.id}: gap names nothing missing",
                )
            )
    if problems:
        raise ConformanceFailure(
            f"目录 {pack.catalog_path()}：" + listing([p[0] for p in problems]),
            f"Catalog {pack.catalog_path()}:" + listing([p[1] for p in problems]),
        )
    if overlay is not None:
        return (
            f"覆盖包：目录属于 {overlay} 领域，继承其全国目录 / overlay pack: the catalog "
            f"belongs to {overlay} and inherits its national catalog"
        )
    return None


def _overlay_of(target: Target, catalog: Catalog) -> str | None:
    """The national pack an overlay pack's catalog tailors: the catalog's ``domain`` is
    that pack's code and its ``extends``/``conforms_to`` names that pack (a provincial
    catalog published as a pack, docs/pack-authoring.md)."""
    parent_ref = catalog.extends or catalog.conforms_to
    parent = target.registry.pack(parent_ref) if parent_ref else None
    if parent is None or parent.code != catalog.domain or parent.code == target.code:
        return None
    return parent.code


def check_round_trip(target: Target) -> str | None:
    """The national catalog round-trips: structure/unstructure, JSON Schema, YAML/JSON."""
    from gkstd.io.converter import structure_catalog, unstructure_catalog
    from gkstd.io.dumper import dump_catalog
    from gkstd.io.loader import load_document
    from gkstd.io.schema import catalog_validator

    catalog = target.need_catalog()
    data = unstructure_catalog(catalog)
    errors = sorted(catalog_validator().iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        lines = [f"{'/'.join(map(str, e.absolute_path)) or '$'}: {e.message}" for e in errors]
        raise ConformanceFailure(
            "导出的数据不符合 JSON Schema：" + listing(lines),
            "Unstructured data fails the JSON Schema:" + listing(lines),
        )
    if structure_catalog(data) != catalog:
        raise ConformanceFailure(
            "structure(unstructure(目录)) 与原目录不同。",
            "structure(unstructure(catalog)) differs from the catalog.",
        )
    for fmt in ("yaml", "json"):
        loaded = load_document(dump_catalog(catalog, fmt))
        if loaded.catalog != catalog:
            raise ConformanceFailure(
                f"以 {fmt} 写出再读入后目录发生变化："
                + listing(finding_lines(loaded.findings, "zh")),
                f"The catalog changes when written as {fmt} and read back:"
                + listing(finding_lines(loaded.findings, "en")),
            )
    return None


def check_clean(target: Target) -> str | None:
    """The national catalog validates with no errors or warnings (waivers need reasons)."""
    pack = target.need_pack()
    catalog = target.need_catalog()
    blank = [f"{w.code}/{w.item}" for w in catalog.waivers if not w.reason.strip()]
    if blank:
        raise ConformanceFailure(
            f"豁免缺少理由：{', '.join(blank)}", f"Waiver(s) without a reason: {', '.join(blank)}"
        )
    ws = workspace_for(target)
    findings = ws.check(ws.resolve_ref(pack.code))  # located in the pack's data file
    problems = [f for f in findings if f.severity >= Severity.WARNING]
    if problems:
        raise ConformanceFailure(
            f"目录 {pack.catalog_path()} 校验未通过；请修正数据，或在目录的 waivers 中写明理由豁免："
            + listing(finding_lines(problems, "zh")),
            f"Catalog {pack.catalog_path()} does not validate clean; fix the data or add a "
            "waiver with a reason:" + listing(finding_lines(problems, "en")),
        )
    if catalog.waivers:
        return f"{len(catalog.waivers)} 项豁免（均有理由） / {len(catalog.waivers)} waiver(s), each with a reason"
    return None


def check_xlsx_round_trip(target: Target) -> str | None:
    """The national catalog survives export to the official xlsx template and import."""
    from gkstd.tables import export_xlsx, import_table

    catalog = target.need_catalog()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "catalog.xlsx"
        export_xlsx(catalog, path)
        result = import_table(path, check=False)
    imported = attrs.evolve(result.catalog, origin=None) if result.catalog is not None else None
    if imported != catalog:  # the table origin the import records is not part of it
        lines = finding_lines(result.findings, "zh")
        raise ConformanceFailure(
            "导出为 xlsx 再导入后目录发生变化：" + listing(lines or ["（无提示）"]),
            "The catalog changes through xlsx export and import:"
            + listing(finding_lines(result.findings, "en") or ["(no findings)"]),
        )
    return None
