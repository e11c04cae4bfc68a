"""The ``gkstd`` command line.  It only formats what the library returns.

Exit codes: 0 clean, 1 findings at or above ``--fail-on``, 2 unusable input,
3 internal error (a bug: please report it; ``GKSTD_DEBUG=1`` shows the traceback).
"""

from __future__ import annotations

import json
import os
import sys
import traceback
from collections.abc import Sequence
from typing import Any

import attrs
import click

from gkstd import api
from gkstd.api import dump, fail_level, registry
from gkstd.cli.textfmt import display_width, pad, table
from gkstd.findings import Finding, Severity
from gkstd.i18n import Text, current_language
from gkstd.inherit.derive import starter_header
from gkstd.inherit.resolved import provenance_table
from gkstd.inherit.workspace import Workspace
from gkstd.io.dumper import dump_catalog
from gkstd.io.loader import load_document
from gkstd.packdata import check_pack_data
from gkstd.registry import Registry
from gkstd.report import Report
from gkstd.rules.rule import Rule
from gkstd.schema import catalog_schema

__all__ = ["cli", "main"]


def _t(zh: str, en: str) -> str:
    return Text(zh, en).get()


def _echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _warn_failures(reg: Registry) -> None:
    for plugin in reg.failures():
        click.echo(
            _t(
                f"警告：插件 {plugin.name} 未能加载：{plugin.error}",
                f"warning: plugin {plugin.name} failed to load: {plugin.error_en}",
            ),
            err=True,
        )


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    default=None,
    help="Message language (default: GKSTD_LANG or zh). 输出语言。",
)
@click.option(
    "--disable",
    "disable",
    multiple=True,
    help="Disable a pack by entry-point name (repeatable). 停用领域包。",
)
@click.version_option(package_name="gkstd")
@click.pass_context
def cli(ctx: click.Context, lang: str | None, disable: Sequence[str]) -> None:
    """gkstd：基层政务公开标准目录校验工具 / checks government-disclosure catalogs."""
    saved = {name: os.environ.get(name) for name in ("GKSTD_LANG", "GKSTD_DISABLE_PACKS")}

    def restore() -> None:  # options apply to this invocation only
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value

    ctx.call_on_close(restore)
    if lang:
        os.environ["GKSTD_LANG"] = lang
    if disable:
        current = [p for p in os.environ.get("GKSTD_DISABLE_PACKS", "").split(",") if p]
        os.environ["GKSTD_DISABLE_PACKS"] = ",".join([*current, *disable])


def _pack_rows(reg: Registry) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for plugin in reg.plugins:
        codes = plugin.packs or (plugin.name,)
        for code in codes:
            pack = reg.packs.get(code)
            row: dict[str, Any] = {
                "code": code,
                "name": pack.name_zh if pack else None,
                "name_en": pack.name_en if pack else None,
                "version": pack.version if pack else plugin.version,
                "distribution": plugin.distribution,
                "entry_point": plugin.name,
                "status": plugin.status,
                "error": plugin.error,
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
                else:
                    row["catalog_status"] = "ok"
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


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def domains(as_json: bool) -> None:
    """列出已安装的领域包 / list installed domain packs."""
    reg = registry()
    rows = _pack_rows(reg)
    if as_json:
        _echo_json(rows)
        return
    if not rows:
        click.echo(_t("没有安装任何领域包。", "No domain packs are installed."))
        return
    header = [
        _t(h, e)
        for h, e in (
            ("代码", "code"),
            ("名称", "name"),
            ("完整度", "completeness"),
            ("一级", "first level"),
            ("二级", "second level"),
            ("缺口", "gaps"),
            ("指引", "guide"),
            ("状态", "status"),
        )
    ]

    def found(r: dict[str, Any], level: str) -> str:
        cov = r.get("coverage")
        if not cov:
            return "-"
        expected = cov[f"expected_{level}"]
        return f"{cov[level]}/{expected}" if expected is not None else str(cov[level])

    body = [
        [
            r["code"],
            r["name"] or "-",
            r.get("completeness") or "-",
            found(r, "first_level"),
            found(r, "second_level"),
            str(r.get("gaps", "-")),
            r["guide"]["status"] if r.get("guide") else "-",
            r["status"] + (f"：{r['error']}" if r["error"] else ""),
        ]
        for r in rows
    ]
    click.echo(table(header, body))


def _rule_dict(rule: Rule) -> dict[str, Any]:
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
    }


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def rules(as_json: bool) -> None:
    """列出全部规则 / list all rules."""
    reg = registry()
    if as_json:
        _echo_json([_rule_dict(r) for r in reg.rules.values()])
        return
    header = [_t("代码", "code"), _t("级别", "severity"), _t("领域包", "pack"), _t("标题", "title")]
    body = [
        [
            r.code,
            r.severity.label if current_language() == "zh" else r.severity.value,
            r.pack,
            r.title.get(),
        ]
        for r in reg.rules.values()
    ]
    click.echo(table(header, body))


def render_rule(rule: Rule, lang: str = "zh") -> str:
    """Markdown documentation of one rule (used by ``gkstd rule`` and the docs)."""
    zh = lang == "zh"
    sev = rule.severity.label if zh else rule.severity.value
    lines = [
        f"## {rule.code} {rule.title.get(lang)}",
        "",
        f"- {'级别' if zh else 'Severity'}: {sev}",
        f"- {'领域包' if zh else 'Pack'}: {rule.pack}",
        f"- {'法律依据' if zh else 'Legal basis'}: {rule.basis}",
        f"- English title: {rule.title.en}" if zh else f"- 中文标题：{rule.title.zh}",
        "",
        rule.rationale.get(lang),
        "",
    ]
    if rule.fix:
        lines += [f"**{'修正' if zh else 'Fix'}**: {rule.fix.get(lang)}", ""]
    shown_parent: str | None = None
    for label, example in (
        (("错误示例", "Bad example"), rule.bad),
        (("正确示例", "Good example"), rule.good),
    ):
        lines.append(f"**{label[0] if zh else label[1]}** ({example.scope}):")
        lines.append("")
        if example.scope in ("item", "document", "chain", "documents"):
            lines += ["```yaml", example.text.rstrip("\n"), "```"]
        elif example.scope in ("records", "table", "site"):
            lines += ["```csv", example.text.rstrip("\n"), "```"]
        else:
            lines.append(f"> {example.text}")
        if example.parent is not None and example.parent != shown_parent:
            lines += [
                "",
                "上级目录 `parent` / parent catalog `parent`:" if zh else "Parent `parent`:",
            ]
            lines += ["", "```yaml", example.parent.rstrip("\n"), "```"]
            shown_parent = example.parent
        lines.append("")
    return "\n".join(lines)


@cli.command("rule")
@click.argument("code")
def rule_cmd(code: str) -> None:
    """显示一条规则的说明 / show one rule's documentation."""
    reg = registry()
    found = reg.rules.get(code.upper())
    if found is None:
        click.echo(
            _t(
                f"没有代码为 {code} 的规则。用 gkstd rules 查看全部规则。",
                f"No rule has code {code}. See gkstd rules.",
            ),
            err=True,
        )
        sys.exit(2)
    click.echo(render_rule(found, current_language()))


@cli.command()
def schema() -> None:
    """打印文档格式 1.0 的 JSON Schema / print the format 1.0 JSON Schema."""
    _echo_json(catalog_schema())


@cli.command()
@click.argument("domain")
@click.option("--format", "fmt", type=click.Choice(["yaml", "json"]), default="yaml")
def show(domain: str, fmt: str) -> None:
    """打印领域包的国家标准目录 / print a pack's national catalog."""
    reg = registry()
    pack = reg.pack(domain)
    if pack is None:
        known = ", ".join(reg.packs) or "-"
        click.echo(
            _t(
                f"没有领域包 {domain!r}。已安装：{known}", f"No pack {domain!r}. Installed: {known}"
            ),
            err=True,
        )
        sys.exit(2)
    doc = pack.load_catalog()
    if doc.catalog is None:
        for finding in doc.findings:
            click.echo(
                f"{finding.location.display()}: {finding.code} {finding.text(current_language())}",
                err=True,
            )
        sys.exit(2)
    click.echo(dump(doc.catalog, fmt), nl=False)


def _print_report(report: Report, *, err: bool = False) -> None:
    lang = current_language()
    rows = []
    for f in report.findings:
        sev = f.severity.label if lang == "zh" else f.severity.value
        rows.append((f.location.display(), f.code, sev, f.text(lang)))
    width_loc = max((display_width(r[0]) for r in rows), default=0)
    for loc, code, sev, msg in rows:
        click.echo(f"{pad(loc, width_loc)}  {code}  {pad(sev, 7)}  {msg}", err=err)
    s = report.stats
    if lang == "zh":
        summary = (
            f"共 {s.files} 个文件（{s.unusable} 个无法读取），{s.items} 个事项："
            f"错误 {s.errors}，警告 {s.warnings}，提示 {s.infos}。"
        )
        verdict = "通过" if report.valid else "未通过"
    else:
        summary = (
            f"{s.files} file(s) ({s.unusable} unusable), {s.items} item(s): "
            f"{s.errors} error(s), {s.warnings} warning(s), {s.infos} info."
        )
        verdict = "valid" if report.valid else "invalid"
    if rows:
        click.echo("", err=err)
    click.echo(f"{summary} {verdict}", err=err)


_CATALOG_PATH = click.option(
    "--catalog-path",
    multiple=True,
    type=click.Path(file_okay=False, exists=True),
    help="查找上级目录的目录（可多次给出）/ directory searched for parent catalogs.",
)


@cli.command("validate")
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
@_CATALOG_PATH
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
    _warn_failures(reg)
    ws = Workspace(reg, search_path=catalog_path, select=select, ignore=ignore)
    report = ws.validate_all(paths)
    if fmt == "json":
        _echo_json(report.to_dict())
    else:
        _print_report(report)
    if report.unusable:
        sys.exit(2)
    if fail_level(report, Severity(fail_on)):
        sys.exit(1)


@cli.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=str))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    default=None,
    help="Write here instead of standard output (never over the input).",
)
@click.option("--format", "fmt", type=click.Choice(["yaml", "json"]), default="yaml")
def migrate(path: str, output: str | None, fmt: str) -> None:
    """把文档另存为当前格式版本 / re-save a document in the current format version."""
    reg = registry()
    doc = load_document(path, reg.migrations)
    for finding in doc.findings:
        click.echo(
            f"{finding.location.display()}: {finding.code} {finding.text(current_language())}",
            err=True,
        )
    if doc.catalog is None:
        sys.exit(2)
    _write(dump(doc.catalog, fmt), output, inputs=(path,))


def _write(text: str, output: str | None, inputs: Sequence[str] = ()) -> None:
    """Print ``text`` or write it atomically to ``output`` (never over an input file)."""
    if output is None:
        click.echo(text, nl=False)
        return
    if any(os.path.abspath(output) == os.path.abspath(p) for p in inputs):
        click.echo(
            _t(
                "不能覆盖输入文件；请指定另一个输出路径。",
                "Refusing to overwrite the input; choose another output path.",
            ),
            err=True,
        )
        sys.exit(2)
    tmp = f"{output}.tmp"
    try:
        os.makedirs(os.path.dirname(os.path.abspath(output)), exist_ok=True)
        with open(tmp, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, output)
    except OSError as exc:
        click.echo(
            _t(f"无法写入 {output}：{exc.strerror}。", f"Cannot write {output}: {exc.strerror}."),
            err=True,
        )
        sys.exit(2)


def _rebase(ref: str, base: str, output: str | None) -> str:
    """A parent reference that is a file relative to ``base``, re-expressed relative to
    the directory ``output`` is written to (pack codes and ids are left alone)."""
    target = os.path.join(base, ref)
    if output is None or not os.path.isfile(target):
        return ref
    return os.path.relpath(os.path.abspath(target), os.path.dirname(os.path.abspath(output)))


def _print_findings(findings: Sequence[Finding]) -> None:
    lang = current_language()
    for finding in findings:
        click.echo(f"{finding.location.display()}: {finding.code} {finding.text(lang)}", err=True)


@cli.command()
@click.argument("parent")
@click.option("--jurisdiction", required=True, help="本级政府名称，如 河南省郑州市金水区。")
@click.option(
    "--level", required=True, help="行政层级：省级/市级/县级/乡级/村级（或 区级、镇级 …）。"
)
@click.option("--division-code", default=None, help="行政区划代码（6、9 或 12 位）。")
@click.option("--id", "catalog_id", default=None, help="目录 id（默认由区划代码和领域生成）。")
@click.option("--title", default=None, help="目录名称。")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None)
@_CATALOG_PATH
def derive(
    parent: str,
    jurisdiction: str,
    level: str,
    division_code: str | None,
    catalog_id: str | None,
    title: str | None,
    output: str | None,
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
        _print_findings(report.findings)
        sys.exit(2)
    resolved = ws.resolve(catalog)
    check = ws.report(resolved)
    if not check.valid or resolved.parent is None or resolved.parent.catalog is None:
        _print_findings(check.findings)
        sys.exit(2)
    ref = _rebase(catalog.extends or parent, os.getcwd(), output)
    catalog = attrs.evolve(catalog, extends=ref)
    header = starter_header(resolved.parent.catalog, ref, catalog.jurisdiction.level)
    _write(header + dump(catalog, "yaml"), output, inputs=(parent,))


@cli.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=str))
@click.option("--format", "fmt", type=click.Choice(["yaml", "json"]), default="yaml")
@click.option("--provenance", is_flag=True, help="Add where each element comes from.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None)
@_CATALOG_PATH
def resolve(
    path: str, fmt: str, provenance: bool, output: str | None, catalog_path: Sequence[str]
) -> None:
    """输出继承后的完整目录 / write the complete (resolved) catalog."""
    reg = registry()
    _warn_failures(reg)
    resolved = api.resolve(path, registry=reg, search_path=catalog_path)
    errors = [f for f in resolved.findings if f.severity is Severity.ERROR]
    if resolved.catalog is None:
        _print_findings(resolved.findings)
        sys.exit(2)
    _print_findings(errors)
    extra = {"provenance": provenance_table(resolved)} if provenance else None
    catalog = resolved.catalog
    if catalog.conforms_to:
        ref = _rebase(catalog.conforms_to, os.path.dirname(os.path.abspath(path)), output)
        catalog = attrs.evolve(catalog, conforms_to=ref)
    _write(dump_catalog(catalog, fmt, extra=extra), output, inputs=(path,))


@cli.command()
@click.argument("old", type=click.Path(dir_okay=False, path_type=str))
@click.argument("new", type=click.Path(dir_okay=False, path_type=str))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@_CATALOG_PATH
def diff(old: str, new: str, fmt: str, catalog_path: Sequence[str]) -> None:
    """比较两个目录（两个版本，或下级与上级）/ compare two catalogs item by item."""
    reg = registry()
    result, report = api.diff(old, new, registry=reg, search_path=catalog_path)
    if result is None:
        _print_findings(report.findings)
        sys.exit(2)
    if fmt == "json":
        _echo_json(result.to_dict())
        return
    marks = {"added": "+", "removed": "-", "changed": "~"}
    for change in result.items:
        renamed = f"  ({_t('原 id', 'was')} {change.old_id})" if change.old_id else ""
        click.echo(f"{marks[change.kind]} {change.item}  {change.name}{renamed}")
        for element in change.elements:
            data = element.to_dict()
            if "added" in data:
                for entry in data["added"]:
                    click.echo(f"    + {element.element}: {entry}")
                for entry in data["removed"]:
                    click.echo(f"    - {element.element}: {entry}")
                if not data["added"] and not data["removed"]:
                    click.echo(f"    ~ {element.element}")
            else:
                click.echo(f"    ~ {element.element}: {data['old']} → {data['new']}")
    stats = result.to_dict()["stats"]
    click.echo(
        _t(
            f"新增 {stats['added']}，删除 {stats['removed']}，修改 {stats['changed']}。",
            f"{stats['added']} added, {stats['removed']} removed, {stats['changed']} changed.",
        )
    )


@cli.command("pack-data")
@click.argument("domain")
@click.argument("path", type=click.Path(dir_okay=False, path_type=str))
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None)
def pack_data(domain: str, path: str, output: str | None) -> None:
    """检查官方国家目录能否替换领域包数据 / check an official national table for a pack."""
    reg = registry()
    pack = reg.pack(domain)
    if pack is None:
        click.echo(_t(f"未安装领域包 {domain}。", f"No pack {domain} is installed."), err=True)
        sys.exit(2)
    catalog, loaded = api.load(path, registry=reg)
    if catalog is None:
        _print_findings(loaded.findings)
        sys.exit(2)
    result = check_pack_data(pack, catalog, api.validate(catalog, registry=reg))
    lang = current_language()
    for problem in result.problems:
        click.echo(f"✗ {problem.get(lang)}", err=True)
    if result.diff is not None:
        stats = result.diff.to_dict()["stats"]
        click.echo(
            _t(
                f"与当前数据相比：新增 {stats['added']}，删除 {stats['removed']}，修改 {stats['changed']}。",
                f"Against the current data: {stats['added']} added, {stats['removed']} removed, "
                f"{stats['changed']} changed.",
            )
        )
    before = result.before.status if result.before else "-"
    click.echo(
        _t(
            f"完整度：{before} → {result.after.status}",
            f"Completeness: {before} → {result.after.status}",
        )
    )
    if not result.ok:
        sys.exit(1)
    if output is not None:
        _write(dump(catalog, "yaml"), output, inputs=(path,))


def _register_commands() -> None:
    """Import the command modules that add themselves to :data:`cli`."""
    from gkstd.cli import audit_cmd, deadline_cmd, pack_cmd, tables_cmd  # noqa: F401


_register_commands()


def main(argv: Sequence[str] | None = None) -> None:
    """Console entry point: runs the CLI and turns unexpected errors into exit code 3."""
    try:
        cli.main(
            args=list(argv) if argv is not None else None, prog_name="gkstd", standalone_mode=True
        )
    except SystemExit:
        raise
    except Exception as exc:  # pragma: no cover - defensive
        if os.environ.get("GKSTD_DEBUG"):
            traceback.print_exc()
        click.echo(
            _t(
                f"gkstd 内部错误：{type(exc).__name__}: {exc}。请报告此问题（设置 GKSTD_DEBUG=1 查看详情）。",
                f"gkstd internal error: {type(exc).__name__}: {exc}. Please report it "
                "(GKSTD_DEBUG=1 shows details).",
            ),
            err=True,
        )
        sys.exit(3)
