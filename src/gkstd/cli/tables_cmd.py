"""``gkstd import``, ``gkstd export`` and ``gkstd columns`` (formatting only).

Long module: three commands, their many options and the import's text report (columns,
matches, findings) belong together; each part is a small function."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

import attrs
import click

from gkstd.api import dump, registry
from gkstd.cli.catalog_cmd import input_workspace, resolve_input
from gkstd.cli.common import (
    CATALOG_PATH,
    FORCE,
    TEXT_OR_JSON,
    a_number,
    echo_json,
    print_report,
    rebase,
    refuse_output,
    t,
    text_arguments,
    write,
)
from gkstd.cli.docformat import YAML_OR_JSON, document_format
from gkstd.cli.textfmt import say, table
from gkstd.diagnostics.findings import Finding
from gkstd.diagnostics.report import Report
from gkstd.inherit.mapping import ItemMap, MapError, load_map, map_beside
from gkstd.inherit.resolved import ResolvedCatalog
from gkstd.inherit.workspace import Workspace
from gkstd.io.schema import is_catalog_id
from gkstd.model import Catalog
from gkstd.model.enums import Level
from gkstd.tables import ACCEPT_SCORE, FORMATS, ImportResult, import_table
from gkstd.tables.export import export_csv, export_html, export_markdown, export_xlsx
from gkstd.tables.publish import for_publishing
from gkstd.tables.siteplan import PlanColumn, SiteError, check_site, column_plan, read_site

__all__ = ["columns_cmd", "export_cmd", "import_cmd"]

_ROLE_NAMES = {
    "seq": ("序号（导出时重排）", "row number (renumbered on export)"),
    "id": ("事项编号", "item id"),
    "name": ("事项名称", "item name"),
    "content": ("公开内容", "content"),
    "basis": ("公开依据", "basis"),
    "time_limit": ("公开时限", "time limit"),
    "subject": ("公开主体", "subject"),
    "channels": ("公开渠道和载体", "channels"),
    "audience": ("公开对象", "audience"),
    "method": ("公开方式", "method"),
    "levels": ("公开层级", "levels"),
    "category": ("五公开", "category"),
    "notes": ("备注", "notes"),
    "extra": ("extra（原样保留）", "extra (kept verbatim)"),
}


def _print_mapping(result: ImportResult) -> None:
    if result.sheet is None:
        return
    items = result.report().items
    say(
        t(
            f"{result.file}：工作表“{result.sheet}”，{items} 个事项（含各级分组事项，其中末级事项 "
            f"{result.rows} 个）"
            + ("（由 gkstd 导出的工作簿，已按隐藏表 gkstd 精确还原）" if result.restored else ""),
            f"{result.file}: sheet {result.sheet!r}, {items} item(s) at all levels "
            f"({result.rows} leaves)"
            + (
                " (a gkstd export, restored exactly from its hidden sheet)"
                if result.restored
                else ""
            ),
        ),
        err=True,
    )
    _print_domain(result)
    if result.columns:
        rows = [
            [c.column, c.label, t(*_ROLE_NAMES.get(c.role, (c.role, c.role))), _detail(c.detail)]
            for c in result.columns
        ]
        head = [
            t("列", "col"),
            t("表头", "header"),
            t("对应要素", "element"),
            t("取值", "value"),
        ]
        say(table(head, rows), err=True)
    if result.matches:
        status = {
            "id": t("编号相同", "same id"),
            "mapped": t("按对应表", "mapped"),
            "accepted": t("采用", "accepted"),
            "review": t("需人工确认", "REVIEW"),
            "local": t("对应表：本级新增", "mapped: local addition"),
            "none": t("未匹配（本级新增）", "none (local addition)"),
        }
        origin = result.catalog.origin if result.catalog is not None else None
        rows = [
            [
                str(origin.rows.get(m.child, "")) if origin is not None else "",
                m.name,
                f"{m.score:.0f}",
                m.parent or "-",
                m.parent_name or "-",
                status[m.status],
            ]
            for m in result.matches
        ]
        head = [
            t("行", "row"),
            t("表中名称", "name in table"),
            t("相似度", "score"),
            t("上级编号", "parent id"),
            t("上级名称", "parent name"),
            t("结果", "result"),
        ]
        say("", err=True)
        say(table(head, rows), err=True)


@click.command("import")
@click.argument("path", type=click.Path(dir_okay=False, path_type=str))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    default=None,
    help="写出目录文档的文件（默认标准输出）/ file to write the catalog document to (default: "
    "standard output).",
)
@click.option(
    "--domain",
    default=None,
    help="领域：领域包代码、中文名称或别名（默认按标题、文件名和内容判断）/ domain: a pack's "
    "code, Chinese name or alias (default: detected from the title, the file name and the "
    "contents).",
)
@click.option(
    "--conforms-to",
    "conforms_to",
    default=None,
    help="上级目录（领域代码或文件；默认为该领域的国家目录）/ parent catalog (a pack code or "
    "a file; default: the domain's national catalog).",
)
@click.option(
    "--standalone",
    is_flag=True,
    help="不与上级目录匹配，不写 conforms_to / do not match to a parent catalog, and write "
    "no conforms_to.",
)
@click.option(
    "--map",
    "map_path",
    type=click.Path(dir_okay=False, exists=True, path_type=str),
    default=None,
    help="事项对应表（默认使用表格旁的 NAME.map.yaml）/ item map (default: the NAME.map.yaml "
    "beside the table).",
)
@click.option(
    "--sheet",
    default=None,
    help="工作表名称或序号（默认第一个非空表）/ sheet name or number (default: the first "
    "sheet that is not empty).",
)
@click.option(
    "--jurisdiction",
    default=None,
    help="本级政府名称（默认取自表格标题）/ name of this level's government (default: from "
    "the table's title).",
)
@click.option(
    "--level",
    default=None,
    help="行政层级：省级/市级/县级/乡级/村级 / administrative level: provincial, municipal, "
    "county, township or village (or its Chinese name).",
)
@click.option("--id", "catalog_id", default=None, help="目录 id / catalog id.")
@click.option(
    "--title",
    default=None,
    help="目录名称（默认取自表格标题）/ catalog title (default: the table's title).",
)
@click.option(
    "--accept-score",
    type=click.FloatRange(0, 100),
    callback=a_number,
    default=ACCEPT_SCORE,
    show_default=True,
    help="名称和内容相似度不低于此值才采用上级编号 / take the parent item's id only when the "
    "name and content score at least this.",
)
@YAML_OR_JSON
@click.option(
    "--report",
    "report_fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    help="标准错误上导入报告的格式：文字（默认）或 JSON / the import report on standard "
    "error: text (default) or JSON.",
)
@FORCE
@CATALOG_PATH
def import_cmd(
    path: str,
    output: str | None,
    domain: str | None,
    conforms_to: str | None,
    standalone: bool,
    map_path: str | None,
    sheet: str | None,
    jurisdiction: str | None,
    level: str | None,
    catalog_id: str | None,
    title: str | None,
    accept_score: float,
    fmt: str | None,
    report_fmt: str,
    force: bool,
    catalog_path: Sequence[str],
) -> None:
    """把 Excel/Word/CSV 标准目录表格导入为目录文档，并像 validate 一样检查 / import an Excel/Word/CSV catalog table as a document, checked as validate checks.

    领域、本级政府和层级按标题、工作表名、文件名和表格内容判断；事项按名称和内容与上级目录
    （默认是该领域的国家目录）逐项对应，并报告与 gkstd validate 相同的问题，每个问题都指向表格的
    工作表、行和单元格。退出码：0 无错误，1 有错误（文件已写出），2 无法导入（未写任何文件）。

    / The domain, the government and its level are detected from the title, the sheet names,
    the file name and the table's contents; the items are matched one by one, by name and
    content, to the parent catalog (by default the domain's national catalog), and the
    findings gkstd validate reports are reported, each pointing at the table's sheet, row
    and cell. Exit codes: 0 no errors, 1 errors (the file is written), 2 cannot import
    (nothing is written).
    """
    text_arguments(jurisdiction=jurisdiction, level=level, id=catalog_id, title=title, sheet=sheet)
    if not path:
        raise click.BadParameter(
            t("路径为空。请写表格文件的路径。", "The path is empty: write a table file's path."),
            param_hint="PATH",
        )
    if catalog_id is not None and not is_catalog_id(catalog_id):
        raise click.BadParameter(
            t(
                f"{catalog_id!r} 不能作目录 id：请只用字母、数字和 . _ / -，并以字母或数字开头"
                "（如 370302/municipal-services）。",
                f"{catalog_id!r} cannot be a catalog id: use letters, digits and . _ / - only, "
                "starting with a letter or digit (such as 370302/municipal-services).",
            ),
            param_hint="--id",
        )
    if domain is not None:
        code = registry().domain_code(domain)
        if code is None:
            packs = sorted(registry().packs.items())
            known = "、".join(f"{c}（{p.name_zh}）" for c, p in packs)
            known_en = ", ".join(f"{c} ({p.name_en})" for c, p in packs)
            raise click.BadParameter(
                t(
                    f"没有领域包 {domain!r}。请写领域包的代码、中文名称或别名（gkstd domains 列出全部）：{known}",
                    f"No domain pack {domain!r}. Write a pack's code, Chinese name or alias "
                    f"(gkstd domains lists them): {known_en}",
                ),
                param_hint="--domain",
            )
        domain = code
    parsed_level: Level | None = None
    if level is not None:
        try:
            parsed_level = Level.parse(level)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--level") from None
    parent: Catalog | None = None
    if conforms_to is not None and not standalone:
        resolved = Workspace(registry(), search_path=catalog_path).resolve_ref(conforms_to)
        if resolved.catalog is None:
            print_report(Report(findings=resolved.findings, files=1, unusable=1))
            sys.exit(2)
        parent = resolved.catalog
    if output is not None:  # before the work, not after it (the whole import, then refused)
        refuse_output(output, (path, map_path) if map_path else (path,), force)
    fmt = document_format(fmt, output)
    mapping = _read_item_map(map_path or map_beside(path))
    result = import_table(
        path,
        sheet=sheet,
        domain=domain,
        parent=parent,
        parent_ref=rebase(conforms_to, os.getcwd(), output) if conforms_to and parent else None,
        conform=not standalone,
        mapping=mapping,
        jurisdiction=jurisdiction,
        level=parsed_level,
        catalog_id=catalog_id,
        title=title,
        accept=accept_score,
        document=output or t("<标准输出>", "<stdout>"),
        document_format=fmt,
    )
    report = result.report()
    if report_fmt == "json":
        data = {
            "file": result.file,
            "sheet": result.sheet,
            "sheets": list(result.sheets),
            "items": report.items,
            "leaves": result.rows,
            "restored": result.restored,
            "domain": _domain_json(result),
            "columns": [attrs.asdict(c) for c in result.columns],
            "matches": [m.to_dict() for m in result.matches],
            **report.to_dict(),
        }
        echo_json(data, err=True)
    else:
        _print_mapping(result)
        if report.findings or not result.ok:
            say("", err=True)
            print_report(report, err=True)
    if result.catalog is None or not result.ok:
        say(
            t(
                "导入未完成，没有写出任何文件；请按上面的提示修正表格后重试。",
                "Import not completed; nothing was written. Fix the table as shown and retry.",
            ),
            err=True,
        )
        sys.exit(2)
    inputs = (path, map_path) if map_path else (path,)
    # the text the check validated (its lines are the report's)
    write(result.text or dump(result.catalog, fmt), output, inputs=inputs, force=force)
    if output is not None:
        say(
            t(
                f"下一步：gkstd validate {output}（结果与上面相同）",
                f"Next: gkstd validate {output} (it reports the same)",
            ),
            err=True,
        )
    if not report.valid:
        sys.exit(1)


def _read_item_map(path: str | os.PathLike[str] | None) -> ItemMap | None:
    """The item map at ``path`` (``None`` without one); a broken map is a usage error."""
    if path is None:
        return None
    try:
        return load_map(path)
    except MapError as exc:
        say(t(exc.message, exc.message_en), err=True)
        sys.exit(2)


def _domain_json(result: ImportResult) -> dict[str, object] | None:
    guess = result.domain
    if guess is None:
        return None
    return {
        "code": guess.code,
        "certain": guess.certain,
        "confidence": guess.confidence,
        "candidates": [c.to_dict() for c in guess.candidates[:3]],
    }


def _print_domain(result: ImportResult) -> None:
    """Which domain the import chose, how sure it is and which packs came next."""
    guess = result.domain
    catalog = result.catalog
    if guess is None or not guess.candidates:
        return
    top = guess.candidates[0]
    others = "、".join(f"{c.name}（{c.score:.0f}）" for c in guess.runners_up)
    others_en = ", ".join(f"{c.code} ({c.score:.0f})" for c in guess.runners_up)
    if catalog is not None and guess.code is not None:
        say(
            t(
                f"领域：{top.name}（{top.code}），依据：{top.evidence()}；把握 {guess.confidence:.0%}；"
                f"其次：{others or '无'}。如判断有误，请用 --domain 指定。",
                f"Domain: {top.code} ({top.name}), from: {top.evidence_en()}; confidence "
                f"{guess.confidence:.0%}; next: {others_en or 'none'}. Give --domain if this "
                "is wrong.",
            ),
            err=True,
        )


def _resolve_all(
    refs: Sequence[str], catalog_path: Sequence[str], zh: str, en: str
) -> list[ResolvedCatalog]:
    """The resolved catalogs ``refs`` name (files, pack codes or aliases, ``-``; see
    :func:`gkstd.cli.catalog_cmd.input_workspace`); exits 2 if one is unusable."""
    ws, sources = input_workspace(refs, catalog_path)
    resolved_all = []
    for source in sources:
        resolved = resolve_input(ws, source, zh, en)
        if resolved.catalog is None:
            print_report(Report(findings=resolved.findings, files=1, unusable=1))
            sys.exit(2)
        resolved_all.append(resolved)
    return resolved_all


@click.command("export")
@click.argument("path")
@click.option(
    "--to",
    "fmt",
    type=click.Choice(sorted(FORMATS)),
    default=None,
    help="表格格式（默认取输出文件扩展名）/ table format (default: the output file's extension).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    default=None,
    help="输出文件（xlsx 必须给出；其他格式默认标准输出）/ output file (needed for xlsx; "
    "other formats go to standard output by default).",
)
@click.option("--no-ids", is_flag=True, help="不写“事项编号”列 / omit the item-id column.")
@FORCE
@CATALOG_PATH
def export_cmd(
    path: str,
    fmt: str | None,
    output: str | None,
    no_ids: bool,
    force: bool,
    catalog_path: Sequence[str],
) -> None:
    """把目录导出为官方表格样式（xlsx/csv/md/html）/ export a catalog as the official table (xlsx/csv/md/html).

    PATH 可以是目录文件、领域代码或别名（该领域的国家目录），或 -（标准输入）；
    裁剪（extends）按完整目录导出。

    / PATH may be a catalog file, a pack code or alias (the pack's national catalog), or -
    (standard input); a tailoring (extends) is exported as its complete catalog.
    """
    if fmt is None:
        suffix = Path(output).suffix.lower() if output else ""
        fmt = next((k for k, v in FORMATS.items() if v == suffix), None)
        if fmt is None:
            raise click.UsageError(
                t("请用 --to 指定格式（xlsx/csv/md/html）。", "Give --to xlsx|csv|md|html.")
            )
    (resolved,) = _resolve_all([path], catalog_path, "导出", "exporting")
    catalog = for_publishing(resolved)  # 备注 without the pack data's transcription notes
    if fmt != "xlsx":
        text = {
            "csv": lambda: export_csv(catalog, ids=not no_ids),
            "md": lambda: export_markdown(catalog),
            "html": lambda: export_html(catalog),
        }[fmt]()
        if fmt == "csv" and output is not None:
            text = "\ufeff" + text  # Excel opens UTF-8 CSV correctly only with a BOM
        write(text, output, inputs=(path,), force=force)
        return
    if output is None:
        raise click.UsageError(t("导出 xlsx 需要 -o 文件名。", "xlsx export needs -o FILE."))
    try:
        import xlsxwriter  # noqa: F401  (a clear message before anything is written)
    except ImportError as exc:
        say(str(exc), err=True)
        sys.exit(2)
    write(lambda tmp: export_xlsx(catalog, tmp, ids=not no_ids), output, (path,), force=force)


def _catalog_files(paths: Sequence[str]) -> list[str]:
    """The catalog files ``paths`` name: a folder gives the catalog documents in it; a
    folder holding none stops the command (exit 2) saying so (it had planned an empty
    site and said no item was marked 主动)."""
    out: list[str] = []
    for path in paths:
        if os.path.isdir(path):
            found = sorted(
                str(p)
                for p in Path(path).iterdir()
                if p.suffix.lower() in (".yaml", ".yml", ".json") and p.is_file()
            )
            if not found:
                say(
                    t(
                        f"{path}：文件夹中没有目录文件（.yaml、.yml 或 .json）。表格请先用 gkstd import "
                        "导入为目录文件；也可直接给出领域代码（如 municipal-services）。",
                        f"{path}: the folder holds no catalog document (.yaml, .yml or .json). "
                        "Import tables first with gkstd import, or give a pack code (such as "
                        "municipal-services).",
                    ),
                    err=True,
                )
                sys.exit(2)
            out += found
        else:
            out.append(path)
    return out


def _tree_lines(columns: Sequence[PlanColumn], depth: int = 0) -> list[str]:
    lines = []
    for column in columns:
        suffix = f"  [{column.item}]" if column.item else ""
        lines.append("  " * depth + column.title + suffix)
        lines += _tree_lines(column.children, depth + 1)
    return lines


@click.command("columns")
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--site",
    type=click.Path(dir_okay=False, exists=True, path_type=str),
    default=None,
    help="网站实际栏目清单（.json 或 .csv）/ the site's actual columns (.json or .csv).",
)
@TEXT_OR_JSON
@CATALOG_PATH
def columns_cmd(
    paths: Sequence[str], site: str | None, fmt: str, catalog_path: Sequence[str]
) -> None:
    """网站栏目方案：每个主动公开事项一个栏目 / website column plan (one per 主动 item).

    PATHS 为目录文件、领域代码或别名、存放某地全部目录的文件夹，或 -（标准输入）。给出 --site 时，
    报告没有栏目的主动公开事项（GK402，未通过，退出码 1）和对应不上事项的栏目（GK403）。

    / PATHS are catalog files, pack codes or aliases, a folder holding all of a place's
    catalogs, or - (standard input). With --site, the 主动 items (disclosed proactively)
    that have no column are reported (GK402: failed, exit code 1), and so are the columns
    that match no item (GK403).
    """
    files = _catalog_files(paths)
    catalogs = [
        r.catalog
        for r in _resolve_all(files, catalog_path, "生成栏目方案", "planning columns for")
        if r.catalog is not None
    ]
    plan = column_plan(catalogs)
    check = None
    if site is not None:
        try:
            site_columns = read_site(site)
        except SiteError as exc:
            say(t(exc.message, exc.message_en), err=True)
            sys.exit(2)
        check = check_site(catalogs, site_columns, files=files, site_file=site)
    if fmt == "json":
        data: dict[str, object] = {"plan": [c.to_dict() for c in plan]}
        if check is not None:
            data["items"] = check.items
            data["served"] = {k: "/".join(v.path) for k, v in check.served.items()}
            data.update(Report(findings=check.findings, files=len(files)).to_dict())
            data["passed"] = not _missing_columns(check.findings)
        echo_json(data)
    else:
        say("\n".join(_tree_lines(plan)))
        if not any(_has_item(c) for c in plan):
            say(
                t(
                    "（没有栏目：目录中没有写明公开方式为“主动”的事项。领域包的国家目录未写明公开方式时"
                    "（数据不全，见 gkstd domains），请用本地目录文件生成栏目方案。）",
                    "(No columns: no item of the catalog is marked proactive (主动). When a "
                    "pack's national catalog does not state the method (partial data: see gkstd "
                    "domains), plan the columns from a local catalog file.)",
                )
            )
        if check is not None:
            say("")
            report = Report(findings=check.findings, files=len(files), items=check.items)
            print_report(report, passed=not _missing_columns(check.findings))
            say(
                t(
                    f"主动公开事项 {check.items} 个，有栏目的 {len(check.served)} 个。",
                    f"{len(check.served)} of {check.items} proactive item(s) have a column.",
                )
            )
    if check is not None and _missing_columns(check.findings):
        sys.exit(1)


def _has_item(column: PlanColumn) -> bool:
    """Whether ``column`` or a column below it is an item's."""
    return bool(column.item) or any(_has_item(c) for c in column.children)


def _missing_columns(findings: Sequence[Finding]) -> bool:
    """The ``columns --site`` failure condition (exit code 1, 未通过): an item without
    a column (GK402)."""
    return any(f.code == "GK402" for f in findings)


def _detail(detail: str) -> str:
    """A mapped column's detail in the current language (第 2 级 → level 2)."""
    if detail.startswith("第 ") and detail.endswith(" 级"):
        return t(detail, f"level {detail[2:-2]}")
    return detail
