"""``gkstd validate``, ``resolve``, ``diff``, ``derive``, ``migrate``, ``show`` and
``schema`` (formatting only: the work is done by :mod:`gkstd.api`)."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

import attrs
import click

from gkstd import api
from gkstd.api import dump, fail_level, registry
from gkstd.cli.common import (
    CATALOG_PATH,
    FORCE,
    echo_json,
    print_findings,
    print_report,
    rebase,
    t,
    warn_failures,
    write,
)
from gkstd.cli.textfmt import say
from gkstd.diagnostics.findings import Severity
from gkstd.diagnostics.i18n import current_language
from gkstd.inherit.derive import starter_header
from gkstd.inherit.resolved import provenance_table
from gkstd.inherit.workspace import Workspace
from gkstd.io.dumper import dump_catalog
from gkstd.io.loader import load_document
from gkstd.io.schema import catalog_schema

__all__ = ["derive", "diff", "migrate", "resolve", "schema", "show", "validate_cmd"]


@click.command()
def schema() -> None:
    """打印文档格式 1.0 的 JSON Schema / print the format 1.0 JSON Schema."""
    echo_json(catalog_schema())


@click.command()
@click.argument("domain")
@click.option("--format", "fmt", type=click.Choice(["yaml", "json"]), default="yaml")
def show(domain: str, fmt: str) -> None:
    """打印领域包的国家标准目录 / print a pack's national catalog."""
    reg = registry()
    pack = reg.pack(domain)
    if pack is None:
        known = ", ".join(reg.packs) or "-"
        say(
            t(f"没有领域包 {domain!r}。已安装：{known}", f"No pack {domain!r}. Installed: {known}"),
            err=True,
        )
        sys.exit(2)
    doc = pack.load_catalog()
    if doc.catalog is None:
        for finding in doc.findings:
            say(
                f"{finding.location.display()}: {finding.code} {finding.text(current_language())}",
                err=True,
            )
        sys.exit(2)
    click.echo(dump(doc.catalog, fmt), nl=False)


@click.command("validate")
@click.argument("paths", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=str))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option("--select", default=None, help="Codes or prefixes to report, e.g. GK1,GK301.")
@click.option("--ignore", default=None, help="Codes or prefixes to skip.")
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info"]),
    default="error",
    help="Exit 1 when a finding is at or above this severity.",
)
@CATALOG_PATH
def validate_cmd(
    paths: Sequence[str],
    fmt: str,
    select: str | None,
    ignore: str | None,
    fail_on: str,
    catalog_path: Sequence[str],
) -> None:
    """校验目录文档（含上级目录链）/ validate catalog documents and their parent chains."""
    reg = registry()
    warn_failures(reg)
    ws = Workspace(reg, search_path=catalog_path, select=select, ignore=ignore)
    report = ws.validate_all([Path(p) for p in paths])  # a file name is never text
    if fmt == "json":
        echo_json(report.to_dict())
    else:
        print_report(report)
    if report.unusable:
        sys.exit(2)
    if fail_level(report, Severity(fail_on)):
        sys.exit(1)


@click.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=str))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    default=None,
    help="Write here instead of standard output (never over the input).",
)
@click.option("--format", "fmt", type=click.Choice(["yaml", "json"]), default="yaml")
@FORCE
def migrate(path: str, output: str | None, fmt: str, force: bool) -> None:
    """把文档另存为当前格式版本 / re-save a document in the current format version."""
    reg = registry()
    doc = load_document(Path(path), reg.migrations, resolve_domain=reg.domain_code)
    for finding in doc.findings:
        say(
            f"{finding.location.display()}: {finding.code} {finding.text(current_language())}",
            err=True,
        )
    if doc.catalog is None:
        sys.exit(2)
    write(dump(doc.catalog, fmt), output, inputs=(path,), force=force)


@click.command()
@click.argument("parent")
@click.option("--jurisdiction", required=True, help="本级政府名称，如 河南省郑州市金水区。")
@click.option(
    "--level", required=True, help="行政层级：省级/市级/县级/乡级/村级（或 区级、镇级 …）。"
)
@click.option("--division-code", default=None, help="行政区划代码（6、9 或 12 位）。")
@click.option("--id", "catalog_id", default=None, help="目录 id（默认由区划代码和领域生成）。")
@click.option("--title", default=None, help="目录名称。")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None)
@FORCE
@CATALOG_PATH
def derive(
    parent: str,
    jurisdiction: str,
    level: str,
    division_code: str | None,
    catalog_id: str | None,
    title: str | None,
    output: str | None,
    force: bool,
    catalog_path: Sequence[str],
) -> None:
    """生成裁剪起始文件（extends 上级目录）/ write a starter tailoring of PARENT."""
    ws = Workspace(registry(), search_path=catalog_path)
    catalog, report = api.derive(
        parent,
        jurisdiction=jurisdiction,
        level=level,
        division_code=division_code,
        catalog_id=catalog_id,
        title=title,
        workspace=ws,
    )
    if catalog is None:
        print_findings(report.findings)
        sys.exit(2)
    resolved = ws.resolve(catalog)
    check = ws.report(resolved)
    if not check.valid or resolved.parent is None or resolved.parent.catalog is None:
        print_findings(check.findings)
        sys.exit(2)
    ref = rebase(catalog.extends or parent, os.getcwd(), output)
    catalog = attrs.evolve(catalog, extends=ref)
    header = starter_header(resolved.parent.catalog, ref, catalog.jurisdiction.level)
    write(header + dump(catalog, "yaml"), output, inputs=(parent,), force=force)


@click.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=str))
@click.option("--format", "fmt", type=click.Choice(["yaml", "json"]), default="yaml")
@click.option("--provenance", is_flag=True, help="Add where each element comes from.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None)
@FORCE
@CATALOG_PATH
def resolve(
    path: str,
    fmt: str,
    provenance: bool,
    output: str | None,
    force: bool,
    catalog_path: Sequence[str],
) -> None:
    """输出继承后的完整目录 / write the complete (resolved) catalog."""
    reg = registry()
    warn_failures(reg)
    resolved = api.resolve(Path(path), registry=reg, search_path=catalog_path)
    errors = [f for f in resolved.findings if f.severity is Severity.ERROR]
    if resolved.catalog is None:
        print_findings(resolved.findings)
        sys.exit(2)
    print_findings(errors)
    extra = {"provenance": provenance_table(resolved)} if provenance else None
    catalog = resolved.catalog
    if catalog.conforms_to:
        ref = rebase(catalog.conforms_to, os.path.dirname(os.path.abspath(path)), output)
        catalog = attrs.evolve(catalog, conforms_to=ref)
    write(dump_catalog(catalog, fmt, extra=extra), output, inputs=(path,), force=force)


@click.command()
@click.argument("old", type=click.Path(dir_okay=False, path_type=str))
@click.argument("new", type=click.Path(dir_okay=False, path_type=str))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@CATALOG_PATH
def diff(old: str, new: str, fmt: str, catalog_path: Sequence[str]) -> None:
    """比较两个目录（两个版本，或下级与上级）/ compare two catalogs item by item."""
    reg = registry()
    result, report = api.diff(Path(old), Path(new), registry=reg, search_path=catalog_path)
    if result is None:
        print_findings(report.findings)
        sys.exit(2)
    if fmt == "json":
        echo_json(result.to_dict())
        return
    marks = {"added": "+", "removed": "-", "changed": "~"}
    for change in result.items:
        renamed = f"  ({t('原 id', 'was')} {change.old_id})" if change.old_id else ""
        say(f"{marks[change.kind]} {change.item}  {change.name}{renamed}")
        for element in change.elements:
            data = element.to_dict()
            if "added" in data:
                for entry in data["added"]:
                    say(f"    + {element.element}: {entry}")
                for entry in data["removed"]:
                    say(f"    - {element.element}: {entry}")
                if not data["added"] and not data["removed"]:
                    say(f"    ~ {element.element}")
            else:
                say(f"    ~ {element.element}: {data['old']} → {data['new']}")
    stats = result.to_dict()["stats"]
    say(
        t(
            f"新增 {stats['added']}，删除 {stats['removed']}，修改 {stats['changed']}。",
            f"{stats['added']} added, {stats['removed']} removed, {stats['changed']} changed.",
        )
    )
