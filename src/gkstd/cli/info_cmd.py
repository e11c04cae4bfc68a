"""``gkstd domains``, ``gkstd rules`` and ``gkstd rule`` (formatting only)."""

from __future__ import annotations

import sys
from typing import Any

import click

from gkstd.api import registry
from gkstd.cli.common import echo_json, t, warn_failures
from gkstd.cli.textfmt import markdown_text, say, stdout_is_terminal, table
from gkstd.diagnostics.i18n import current_language
from gkstd.diagnostics.rule import Rule
from gkstd.plugins.describe import pack_rows, rule_dict

__all__ = ["domains", "render_rule", "rule_cmd", "rules"]


@click.command()
@click.option("--json", "as_json", is_flag=True, help="输出 JSON / print JSON.")
def domains(as_json: bool) -> None:
    """列出已安装的领域包 / list installed domain packs."""
    reg = registry()
    rows = pack_rows(reg, checked=True)
    if as_json:
        echo_json(rows)
        return
    if not rows:
        say(t("没有安装任何领域包。", "No domain packs are installed."))
        return
    header = [
        t(h, e)
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
            t(r["name"] or "-", r.get("name_en") or r["name"] or "-"),
            _said(r.get("completeness") or "-"),
            found(r, "first_level"),
            found(r, "second_level"),
            str(r.get("gaps", "-")),
            _said(r["guide"]["status"]) if r.get("guide") else "-",
            _said(r["status"]) + (f"{t('：', ': ')}{_one_line(r)}" if r["error"] else ""),
        ]
        for r in rows
    ]
    say(table(header, body))


#: The Chinese of the status words the table shows (JSON keeps the codes).
_WORDS = {
    "ok": "正常",
    "failed": "未能加载",
    "disabled": "已停用",
    "errors": "目录有错",
    "complete": "完整",
    "items-only": "仅事项",
    "partial": "部分",
    "verified": "已核实",
    "cited": "有引用",
    "reported": "有报道",
    "assumed": "假定",
    "not-found": "未找到",
}


def _said(word: str) -> str:
    """A status word in the current language."""
    return t(_WORDS.get(word, word), word)


def _one_line(row: dict[str, Any]) -> str:
    """The row's error in the current language, on one line (a table cell kept only the
    first line of a wrong hook signature or a YAML error)."""
    text = t(row["error"] or "", row.get("error_en") or row["error"] or "")
    if row.get("status") == "failed":  # the status says 未能加载: the reason only, not twice
        for said in ("未能加载：", "failed to load: "):
            head, found, reason = text.partition(said)
            if found and len(head) < 80:
                text = reason
                break
    return " ".join(text.split())


@click.command()
@click.option("--json", "as_json", is_flag=True, help="输出 JSON / print JSON.")
def rules(as_json: bool) -> None:
    """列出全部规则 / list all rules."""
    reg = registry()
    warn_failures(reg)  # a failed pack's rules are missing: say why (on standard error)
    if as_json:
        echo_json([rule_dict(r) for r in reg.rules.values()])
        return
    header = [t("代码", "code"), t("级别", "severity"), t("领域包", "pack"), t("标题", "title")]
    body = [
        [
            r.code,
            r.severity.label if current_language() == "zh" else r.severity.value,
            r.pack,
            r.title.get(),
        ]
        for r in reg.rules.values()
    ]
    say(table(header, body))


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
    if rule.messages:
        lines += [f"**{'消息模板' if zh else 'Messages'}**:", ""]
        for name, message in rule.messages.items():
            fields = ", ".join(f"`{f}`" for f in sorted(message.fields)) or "—"
            lines.append(f"- `{name}` ({'字段' if zh else 'fields'}: {fields})")
            lines.append(f"  - `{message.zh if zh else message.en}`")
        lines.append("")
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


@click.command("rule")
@click.argument("code")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "md"]),
    default=None,
    help="text：终端文本；md：Markdown（默认：终端上为 text，重定向到文件或管道时为 md）"
    " / text: for a terminal; md: Markdown (default: text on a terminal, md when redirected "
    "to a file or a pipe).",
)
def rule_cmd(code: str, fmt: str | None) -> None:
    """显示一条规则的说明 / show one rule's documentation."""
    reg = registry()
    found = reg.rules.get(code.upper())
    if found is None:
        say(
            t(
                f"没有代码为 {code} 的规则。用 gkstd rules 查看全部规则。",
                f"No rule has code {code}. See gkstd rules.",
            ),
            err=True,
        )
        sys.exit(2)
    markdown = render_rule(found, current_language())
    if fmt is None:
        fmt = "text" if stdout_is_terminal() else "md"
    say(markdown_text(markdown) if fmt == "text" else markdown)
