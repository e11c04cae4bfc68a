"""Output helpers shared by the command modules: zh/en text, JSON, reports, safe writes."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

import click

from gkstd.cli.textfmt import display_width, pad, say
from gkstd.diagnostics.findings import Finding
from gkstd.diagnostics.i18n import Text, current_language
from gkstd.diagnostics.report import Report
from gkstd.plugins.registry import Registry

__all__ = [
    "CATALOG_PATH",
    "FORCE",
    "echo_json",
    "print_findings",
    "print_report",
    "rebase",
    "t",
    "warn_failures",
    "write",
]


def t(zh: str, en: str) -> str:
    """The message in the current language (``--lang`` / ``GKSTD_LANG``, Chinese first)."""
    return Text(zh, en).get()


#: characters JSON may carry raw but a terminal obeys: written as \\u escapes (lossless).
_JSON_ESCAPES = {
    c: f"\\u{c:04x}"
    for c in (0x7F, *range(0x80, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A))
}


def json_text(data: Any) -> str:
    """``data`` as indented JSON with Chinese kept readable and with the characters a
    terminal would obey (DEL, C1, bidi overrides) escaped; JSON escapes the others."""
    return json.dumps(data, ensure_ascii=False, indent=2).translate(_JSON_ESCAPES)


def echo_json(data: Any, *, err: bool = False) -> None:
    """Print ``data`` as :func:`json_text`."""
    click.echo(json_text(data), err=err)


def warn_failures(reg: Registry) -> None:
    """Tell the user on standard error, once per command run, which plugins failed to
    load (name, distribution, version and the error; a collision names both plugins)
    and what loaded plugins were warned about (a slow load, an undone change of the
    environment).  Standard output stays machine-readable."""
    ctx = click.get_current_context(silent=True)
    if ctx is not None:
        meta = ctx.find_root().meta
        if meta.get("gkstd.plugins_warned"):
            return
        meta["gkstd.plugins_warned"] = True
    for plugin in reg.failures():
        zh, en = plugin.error or "", plugin.error_en or plugin.error or ""
        if plugin.name not in zh or (plugin.distribution or "") not in zh:
            dist = plugin.distribution or "发行包未知"
            dist_en = plugin.distribution or "unknown distribution"
            version = f" {plugin.version}" if plugin.version else ""
            zh = f"插件 {plugin.name}（{dist}{version}）未能加载：{zh or '原因未知'}"
            en = f"plugin {plugin.name} ({dist_en}{version}) failed to load: {en or 'no reason given'}"
        say(t(f"警告：{zh}", f"warning: {en}"), err=True)
    for plugin in reg.plugins:
        for warning in plugin.warnings:
            say(t(f"警告：{warning.zh}", f"warning: {warning.en}"), err=True)


def print_report(report: Report, *, err: bool = False) -> None:
    lang = current_language()
    rows = []
    for f in report.findings:
        sev = f.severity.label if lang == "zh" else f.severity.value
        rows.append((f.location.display(), f.code, sev, f.text(lang)))
    width_loc = max((display_width(r[0]) for r in rows), default=0)
    for loc, code, sev, msg in rows:
        say(f"{pad(loc, width_loc)}  {code}  {pad(sev, 7)}  {msg}", err=err)
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
        say("", err=err)
    say(f"{summary} {verdict}", err=err)


CATALOG_PATH = click.option(
    "--catalog-path",
    multiple=True,
    type=click.Path(file_okay=False, exists=True),
    help="查找上级目录的文件夹，也允许从该文件夹（含子文件夹）读取上级目录文件（可多次给出）"
    " / folder searched for parent catalogs; parent files in it (and below) may be read.",
)


FORCE = click.option(
    "--force",
    is_flag=True,
    help="替换已存在的输出文件 / replace an existing output file.",
)


def write(
    content: str | bytes | Callable[[str], None],
    output: str | None,
    inputs: Sequence[str] = (),
    *,
    force: bool = False,
) -> None:
    """Print ``content`` (text) or write it to ``output`` with
    :func:`gkstd.io.files.write_output`: atomically, never over an input, and over an
    existing file only with ``force``; then say what was written (on standard error)."""
    if output is None:
        assert isinstance(content, str)
        click.echo(content, nl=False)
        return
    from gkstd.diagnostics.errors import GkstdError
    from gkstd.io.files import write_output

    try:
        written = write_output(output, content, inputs=inputs, force=force)
    except GkstdError as exc:  # the output may not be written, or the writer refused
        say(exc.text(), err=True)
        sys.exit(2)
    size = f"{written.bytes:,}"
    say(
        t(
            f"已写入 {output}（{size} 字节{'，替换了原文件' if written.replaced else ''}）。",
            f"Wrote {output} ({size} bytes{', replacing the old file' if written.replaced else ''}).",
        ),
        err=True,
    )


def rebase(ref: str, base: str, output: str | None) -> str:
    """A parent reference that is a file relative to ``base``, re-expressed relative to
    the directory ``output`` is written to (pack codes and ids are left alone)."""
    target = os.path.join(base, ref)
    if output is None or not os.path.isfile(target):
        return ref
    return os.path.relpath(os.path.abspath(target), os.path.dirname(os.path.abspath(output)))


def print_findings(findings: Sequence[Finding]) -> None:
    lang = current_language()
    for finding in findings:
        say(f"{finding.location.display()}: {finding.code} {finding.text(lang)}", err=True)
