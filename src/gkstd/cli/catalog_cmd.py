"""``gkstd validate``, ``resolve``, ``diff``, ``derive``, ``migrate``, ``show`` and
``schema`` (formatting only: the work is done by :mod:`gkstd.api`)."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs
import click

from gkstd import api
from gkstd.api import dump, fail_level, registry
from gkstd.cli.common import (
    CATALOG_PATH,
    FORCE,
    JOBS,
    TEXT_OR_JSON,
    echo_json,
    print_findings,
    print_report,
    rebase,
    rule_codes,
    t,
    text_arguments,
    warn_failures,
    write,
)
from gkstd.cli.docformat import YAML_OR_JSON, document_format
from gkstd.cli.textfmt import say
from gkstd.diagnostics.findings import Severity
from gkstd.diagnostics.i18n import current_language
from gkstd.diagnostics.limits import get as get_limit
from gkstd.inherit.derive import starter_header
from gkstd.inherit.diff import element_label, show_value
from gkstd.inherit.parallel import cpu_count
from gkstd.inherit.resolved import ResolvedCatalog, provenance_table
from gkstd.inherit.workspace import Workspace
from gkstd.io.codes import FILE_UNREADABLE
from gkstd.io.dumper import dump_catalog
from gkstd.io.loader import classify_source, load_document
from gkstd.io.schema import catalog_schema
from gkstd.model import Catalog

__all__ = [
    "STDIN",
    "announce",
    "derive",
    "diff",
    "input_workspace",
    "migrate",
    "resolve",
    "resolve_input",
    "schema",
    "show",
    "validate_cmd",
]

#: A catalog argument of ``-``: the document is read from standard input.
STDIN = "-"


def input_workspace(
    refs: Sequence[str], search_path: Sequence[str] = (), **options: Any
) -> tuple[Workspace, list[str | Path]]:
    """A workspace for the catalogs given on the command line, and the sources to
    resolve in it.  Each argument is a file (an existing file wins), a pack's code,
    Chinese name or alias (its national catalog), or ``-`` for standard input (read
    once, named ``<标准输入>``/``<stdin>`` in messages); a name that is none of these is
    reported as a missing file (GK001, see :meth:`Workspace.resolve`)."""
    parents: dict[str, str | bytes | Catalog] = {}
    name = t("<标准输入>", "<stdin>")
    if STDIN in refs:
        limit = get_limit("max_document_bytes")
        data = sys.stdin.buffer.read(limit + 1)  # at most the limit a file has, plus one
        if len(data) > limit:
            too_large = FILE_UNREADABLE.emit("too-large", size=len(data), limit=limit, file=name)
            print_findings([too_large])
            sys.exit(2)
        parents[name] = data
    ws = Workspace(registry(), search_path=search_path, parents=parents, **options)
    sources: list[str | Path] = []
    for ref in refs:
        if ref == STDIN:
            sources.append(name)
        elif os.path.exists(ref) or classify_source(ref) != "path":
            sources.append(Path(ref))  # a file name is never document text
        else:
            _refuse_failed_pack(ref)
            sources.append(ref)  # a pack, a catalog on the search path, or GK001
    return ws, sources


def _refuse_failed_pack(ref: str) -> None:
    """Exit 2 saying so when ``ref`` names a plugin that failed to load (it was reported
    as a missing file, GK001)."""
    failed = next(
        (p for p in registry().plugins if p.status == "failed" and p.name == ref.strip()), None
    )
    if failed is None:
        return
    say(
        t(
            f"{ref}：这个领域包未能加载，无法使用。{failed.error or ''}",
            f"{ref}: this pack failed to load and cannot be used. {failed.error_en or ''}",
        ),
        err=True,
    )
    sys.exit(2)


def announce(ws: Workspace, source: str | Path, zh: str, en: str) -> None:
    """Say on standard error that ``source`` was understood as a pack's national catalog
    (``zh``/``en`` say what is done with it, e.g. 校验 / validating)."""
    code = ws.pack_input(source)
    if code is not None:
        say(
            t(f"按领域包 {code} 的国家目录{zh}", f"{en} the national catalog of pack {code}"),
            err=True,
        )


def resolve_input(ws: Workspace, source: str | Path, zh: str, en: str) -> ResolvedCatalog:
    """:func:`announce` ``source``, then resolve it in ``ws``."""
    announce(ws, source, zh, en)
    return ws.resolve(source)


@click.command()
def schema() -> None:
    """打印文档格式 1.0 的 JSON Schema / print the format 1.0 JSON Schema."""
    echo_json(catalog_schema())


@click.command()
@click.argument("domain")
@YAML_OR_JSON
@CATALOG_PATH
def show(domain: str, fmt: str | None, catalog_path: Sequence[str]) -> None:
    """打印领域包的国家标准目录 / print a pack's national catalog.

    DOMAIN 为领域代码或别名；也可以是目录文件或 -（标准输入），打印其完整目录。

    / DOMAIN is a pack code or alias; it may also be a catalog file or - (standard input),
    whose complete catalog is printed.
    """
    reg = registry()
    warn_failures(reg)
    ws, (source,) = input_workspace([domain], catalog_path)
    resolved = ws.resolve(source)  # a pack is what show is for: no note
    if resolved.catalog is None:
        print_findings(resolved.findings)
        sys.exit(2)
    click.echo(dump(resolved.catalog, fmt or "yaml"), nl=False)


@click.command("validate")
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    help="输出格式：文字（默认）或 JSON 报告 / text (default) or the report as JSON.",
)
@click.option(
    "--select",
    default=None,
    help="只报告这些代码或前缀的问题（如 GK1,GK301）/ report only the findings of "
    "these codes or prefixes (e.g. GK1,GK301).",
)
@click.option(
    "--ignore",
    default=None,
    help="不报告这些代码或前缀的问题 / do not report the findings of these codes or prefixes.",
)
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info"]),
    default="error",
    help="有此级别及以上的问题时退出码为 1 / exit code 1 when there are findings of this "
    "severity or above.",
)
@CATALOG_PATH
@JOBS
def validate_cmd(
    paths: Sequence[str],
    fmt: str,
    select: str | None,
    ignore: str | None,
    fail_on: str,
    catalog_path: Sequence[str],
    jobs: int | None,
) -> None:
    """校验目录文档（含上级目录链）/ validate catalog documents and their parent chains.

    PATHS 为目录文件、领域代码或别名（校验该领域的国家目录），或 -（从标准输入读取）。
    “通过”与退出码一致：0 通过；1 有 --fail-on 级别及以上的问题；2 有文件无法读取。

    / PATHS are catalog files, pack codes or aliases (the pack's national catalog is
    validated), or - (read from standard input). The verdict printed agrees with the exit
    code: 0 passed; 1 findings at or above the --fail-on severity; 2 a file cannot be read.
    """
    warn_failures(registry())
    rule_codes(registry(), select=select, ignore=ignore)
    ws, sources = input_workspace(paths, catalog_path, select=select, ignore=ignore)
    for source in sources:
        announce(ws, source, "校验", "validating")
    report = ws.validate_all(sources, jobs=jobs or cpu_count())
    failed = fail_level(report, Severity(fail_on))
    passed = not report.unusable and not failed
    if fmt == "json":
        echo_json({**report.to_dict(), "passed": passed})
    else:
        print_report(report, passed=passed)
    if report.unusable:
        sys.exit(2)
    if failed:
        sys.exit(1)


@click.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=str))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    default=None,
    help="写入此文件而不是标准输出（不会覆盖输入）/ write to this file instead of standard "
    "output (never over the input).",
)
@YAML_OR_JSON
@FORCE
def migrate(path: str, output: str | None, fmt: str | None, force: bool) -> None:
    """把文档另存为当前格式版本 / re-save a document in the current format version."""
    fmt = document_format(fmt, output)
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
@click.option(
    "--jurisdiction",
    required=True,
    help="本级政府名称，如 河南省郑州市金水区 / name of this level's government, in Chinese "
    "(e.g. 河南省郑州市金水区).",
)
@click.option(
    "--level",
    required=True,
    help="行政层级：省级/市级/县级/乡级/村级（或 区级、镇级 …）/ administrative level: "
    "provincial, municipal, county, township or village (or its Chinese name).",
)
@click.option(
    "--division-code",
    default=None,
    help="行政区划代码（6、9 或 12 位）/ administrative division code (6, 9 or 12 digits).",
)
@click.option(
    "--id",
    "catalog_id",
    default=None,
    help="目录 id（默认由区划代码和领域生成）/ catalog id (default: made from the division "
    "code and the domain).",
)
@click.option("--title", default=None, help="目录名称 / catalog title.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    default=None,
    help="写入此文件（默认标准输出）/ write to this file (default: standard output).",
)
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
    """生成裁剪起始文件（extends 上级目录）/ write a starter tailoring (extends PARENT).

    PARENT 为领域代码或别名（该领域的国家目录）或上级目录文件。

    / PARENT is a pack code or alias (the pack's national catalog) or a parent catalog file.
    """
    if parent == STDIN:
        raise click.UsageError(
            t(
                "derive 的上级目录须是文件或领域代码（起始文件要用 extends 引用它），不能是 -。",
                "derive needs a file or pack code as PARENT (the starter names it in "
                "extends), not -.",
            )
        )
    text_arguments(
        PARENT=parent,
        jurisdiction=jurisdiction,
        level=level,
        division_code=division_code,
        id=catalog_id,
        title=title,
    )
    ws, (source,) = input_workspace([parent], catalog_path)
    announce(ws, source, "生成裁剪起始文件", "deriving a tailoring from")
    catalog, report = api.derive(
        source,
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
    if document_format(None, output) == "json":
        # -o 裁剪.json had been the YAML starter, which gkstd validate reads as JSON and
        # refused (GK004): a .json output is JSON, without the starter's comments
        text = dump(catalog, "json")
    else:
        header = starter_header(resolved.parent.catalog, ref, catalog.jurisdiction.level)
        text = header + dump(catalog, "yaml")
    shape = load_document(text, ws.registry.migrations, resolve_domain=ws.registry.domain_code)
    wrong = [f for f in shape.findings if f.severity is Severity.ERROR]
    if wrong:  # an option gave a value the format refuses: nothing is written
        print_findings(wrong)
        say(
            t(
                "起始文件不会通过校验：请按上面的提示改正 --id、--division-code、--title 或 "
                "--jurisdiction 的值；未写出任何文件。",
                "The starter would not validate: correct the value of --id, --division-code, "
                "--title or --jurisdiction as said above; nothing was written.",
            ),
            err=True,
        )
        sys.exit(2)
    write(text, output, inputs=(parent,), force=force)


@click.command()
@click.argument("path")
@YAML_OR_JSON
@click.option(
    "--provenance",
    is_flag=True,
    help="注明每个要素来自哪个目录 / note which catalog each element comes from.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    default=None,
    help="写入此文件（默认标准输出）/ write to this file (default: standard output).",
)
@FORCE
@CATALOG_PATH
def resolve(
    path: str,
    fmt: str | None,
    provenance: bool,
    output: str | None,
    force: bool,
    catalog_path: Sequence[str],
) -> None:
    """输出继承后的完整目录 / write the complete (resolved) catalog.

    PATH 为目录文件、领域代码或别名，或 -（标准输入）。标准错误上列出的错误与 validate 相同
    （已按目录中的 waivers 豁免）。

    / PATH is a catalog file, a pack code or alias, or - (standard input). The errors listed
    on standard error are the same as validate's (with the catalog's waivers applied).
    """
    fmt = document_format(fmt, output)
    warn_failures(registry())
    ws, (source,) = input_workspace([path], catalog_path)
    resolved = resolve_input(ws, source, "解析", "resolving")
    if resolved.catalog is None:
        print_findings(resolved.findings)
        sys.exit(2)
    report = ws.report(resolved)  # the errors validate reports: waivers applied
    print_findings([f for f in report.findings if f.severity is Severity.ERROR])
    extra = {"provenance": provenance_table(resolved)} if provenance else None
    catalog = resolved.catalog
    if catalog.conforms_to:
        ref = rebase(catalog.conforms_to, os.path.dirname(os.path.abspath(path)), output)
        catalog = attrs.evolve(catalog, conforms_to=ref)
    write(dump_catalog(catalog, fmt, extra=extra), output, inputs=(path,), force=force)


@click.command()
@click.argument("old")
@click.argument("new")
@TEXT_OR_JSON
@CATALOG_PATH
def diff(old: str, new: str, fmt: str, catalog_path: Sequence[str]) -> None:
    """比较两个目录（两个版本，或下级与上级）/ compare two catalogs item by item.

    OLD、NEW 为目录文件、领域代码或别名（该领域的国家目录），或 -（标准输入）。

    / OLD and NEW are catalog files, pack codes or aliases (the pack's national catalog), or
    - (standard input).
    """
    warn_failures(registry())
    ws, sources = input_workspace([old, new], catalog_path)
    for source in sources:
        announce(ws, source, "比较", "comparing")
    result, report = api.diff(*sources, workspace=ws)
    if result is None:
        print_findings(report.findings)
        sys.exit(2)
    if fmt == "json":
        echo_json(result.to_dict())
        return
    lang = current_language()
    marks = {"added": "+", "removed": "-", "changed": "~"}
    for change in result.items:
        renamed = f"  ({t('原 id', 'was')} {change.old_id})" if change.old_id else ""
        say(f"{marks[change.kind]} {change.item}  {change.name}{renamed}")
        for element in change.elements:
            label = element_label(element.element, lang)
            if element.is_list:
                for entry in element.added:
                    say(f"    + {label}: {show_value(entry, lang)}")
                for entry in element.removed:
                    say(f"    - {label}: {show_value(entry, lang)}")
                if not element.added and not element.removed:  # an entry changed in place
                    old_value, new_value = (
                        show_value(element.old, lang),
                        show_value(element.new, lang),
                    )
                    say(f"    ~ {label}: {old_value} → {new_value}")
            else:
                old_value, new_value = show_value(element.old, lang), show_value(element.new, lang)
                say(f"    ~ {label}: {old_value} → {new_value}")
    stats = result.to_dict()["stats"]
    say(
        t(
            f"新增 {stats['added']}，删除 {stats['removed']}，修改 {stats['changed']}。",
            f"{stats['added']} added, {stats['removed']} removed, {stats['changed']} changed.",
        )
    )
