"""Conformance checks on the pack as a plugin: it loads, its metadata, its rules' codes,
documentation and examples, that no rule prints, and that no rule raises."""

from __future__ import annotations

import contextlib
import io
import logging
import os
import re
import sys
import warnings
from collections.abc import Iterator
from typing import TYPE_CHECKING

from gkstd.diagnostics.findings import Finding, Severity
from gkstd.diagnostics.report import Report
from gkstd.diagnostics.rule import CODE_PATTERN
from gkstd.io.codes import INTERNAL_ERROR
from gkstd.io.schema import DOMAIN_PATTERN
from gkstd.model import Catalog, Level

if TYPE_CHECKING:
    pass

from gkstd.testing.target import (
    Advice,
    ConformanceFailure,
    Target,
    as_yaml,
    finding_lines,
    listing,
    run_property,
    workspace_for,
)

__all__ = [
    "check_loads",
    "check_metadata",
    "check_quiet",
    "check_rule_codes",
    "check_rule_docs",
    "check_rule_examples",
    "check_rules_total",
]

_VERSION = re.compile(r"^\d+(\.\d+)*([a-z0-9.+-]*)$")


def check_loads(target: Target) -> str | None:
    """The pack's plugin loads through its ``gkstd`` entry point."""
    status = target.status
    if status is None:
        raise ConformanceFailure(
            f"没有找到入口点或领域包 {target.code!r}。请在 pyproject.toml 的 "
            '[project.entry-points.gkstd] 中登记，例如 my-pack = "my_pack:plugin"，然后重新安装（pip install .）。',
            f"No entry point or pack {target.code!r}. Register it under "
            '[project.entry-points.gkstd] in pyproject.toml (e.g. my-pack = "my_pack:plugin") '
            "and reinstall (pip install .).",
        )
    if status.status == "disabled":
        raise ConformanceFailure(
            f"入口点 {status.name} 已被停用（GKSTD_DISABLE_PACKS）。",
            f"Entry point {status.name} is disabled (GKSTD_DISABLE_PACKS).",
        )
    if status.status == "failed":
        raise ConformanceFailure(  # the host's message names the plugin and its distribution
            status.error or f"入口点 {status.name} 未能加载。",
            status.error_en or f"Entry point {status.name} did not load.",
        )
    if target.pack is None:
        raise ConformanceFailure(
            f"入口点 {status.name} 已加载，但没有注册领域包 {target.code!r}（注册了：{', '.join(status.packs) or '无'}）。",
            f"Entry point {status.name} loaded but registers no pack {target.code!r} "
            f"(it registers: {', '.join(status.packs) or 'none'}).",
        )
    return None


def check_metadata(target: Target) -> str | None:
    """The pack's metadata is complete."""
    pack = target.need_pack()
    problems: list[tuple[str, str]] = []
    if not re.match(DOMAIN_PATTERN, pack.code):
        problems.append(
            ("code 应为小写字母、数字和连字符", "code: lower-case letters, digits, hyphens")
        )
    for field, zh in (("name_zh", "中文名称"), ("name_en", "英文名称"), ("ministry", "主管部门")):
        if not str(getattr(pack, field) or "").strip():
            problems.append((f"{field}（{zh}）为空", f"{field} is empty"))
    if not pack.guide.issuer.strip():
        problems.append(("guide.issuer（指引发布机关）为空", "guide.issuer is empty"))
    if pack.guide.status in ("verified", "cited") and not pack.guide.evidence:
        problems.append(
            (
                f"guide.status 为 {pack.guide.status}，但 guide.evidence 未列出依据",
                f"guide.status is {pack.guide.status} but guide.evidence lists nothing",
            )
        )
    if not _VERSION.match(pack.version or ""):
        problems.append(
            (
                f"version {pack.version!r} 不是版本号（如 1.0）",
                f"version {pack.version!r} is not a version number (e.g. 1.0)",
            )
        )
    if problems:
        raise ConformanceFailure(
            f"领域包 {pack.code} 的元数据不完整（pack.yaml）：" + listing([p[0] for p in problems]),
            f"Pack {pack.code} metadata is incomplete (pack.yaml):"
            + listing([p[1] for p in problems]),
        )
    from gkstd.packs.scaffold import PLACEHOLDER

    fields = {"ministry": pack.ministry, "guide.issuer": pack.guide.issuer}
    left = [name for name, value in fields.items() if PLACEHOLDER in value]
    if left:
        return Advice(f"待填写：{', '.join(left)} / placeholders left: {', '.join(left)}")
    return None


def check_rule_codes(target: Target) -> str | None:
    """Every rule of the pack carries the pack's own prefix and a unique code."""
    pack = target.need_pack()
    rules = target.rules()
    wrong = [
        r.code for r in rules if not CODE_PATTERN.match(r.code) or r.prefix != pack.rule_prefix
    ]
    if wrong:
        raise ConformanceFailure(
            f"规则代码 {', '.join(wrong)} 不带本领域包的前缀 {pack.rule_prefix}（应为 {pack.rule_prefix}101 这样的代码）。",
            f"Rule code(s) {', '.join(wrong)} do not carry the pack's prefix {pack.rule_prefix} "
            f"(use codes like {pack.rule_prefix}101).",
        )
    if not rules:
        return "本领域包没有自己的规则 / the pack defines no rules of its own"
    return None


def check_rule_docs(target: Target) -> str | None:
    """Every rule is documented: bilingual title and rationale, legal basis, examples."""
    problems: list[tuple[str, str]] = []
    for rule in target.rules():
        missing: list[str] = []
        for label, value in (
            ("title.zh", rule.title.zh),
            ("title.en", rule.title.en),
            ("rationale.zh", rule.rationale.zh),
            ("rationale.en", rule.rationale.en),
            ("basis", rule.basis),
            ("bad.text", rule.bad.text),
            ("good.text", rule.good.text),
        ):
            if not str(value or "").strip():
                missing.append(label)
        for label, example in (("bad", rule.bad), ("good", rule.good)):
            if example.scope == "none":
                missing.append(f"{label}（scope=none：没有可运行的示例 / no runnable example）")
        if missing:
            problems.append(
                (
                    f"{rule.code}：缺少 {'、'.join(missing)}",
                    f"{rule.code}: missing {', '.join(missing)}",
                )
            )
    if problems:
        raise ConformanceFailure(
            "规则文档不完整（每条规则需要中英文标题和理由、法律依据、错误示例和正确示例）："
            + listing([p[0] for p in problems]),
            "Undocumented rule(s) (each needs a bilingual title and rationale, a legal basis, "
            "and a bad and a good example):" + listing([p[1] for p in problems]),
        )
    return None


def check_rule_examples(target: Target) -> str | None:
    """Every rule fires on its bad example and stays silent on its good example."""
    from gkstd.testing.examples import run_example

    pack = target.need_pack()
    problems: list[tuple[str, str]] = []
    for rule in target.rules():
        for label, example, fires in (("bad", rule.bad, True), ("good", rule.good, False)):
            if example.scope == "none":
                continue  # reported by rule-docs
            hint_zh = hint_en = ""
            if example.scope == "item" and example.domain != pack.code:
                hint_zh = f"（示例的 domain 是 {example.domain!r}，本包规则只检查 {pack.code!r} 领域的目录：写 Example(..., domain={pack.code!r})）"
                hint_en = f" (the example's domain is {example.domain!r}; the pack's rules only check {pack.code!r} catalogs: use Example(..., domain={pack.code!r}))"
            try:
                report = run_example(rule, example, target.registry)
            except Exception as exc:
                problems.append(
                    (
                        f"{rule.code} 的 {label} 示例无法运行：{type(exc).__name__}: {exc}",
                        f"{rule.code} {label} example cannot run: {type(exc).__name__}: {exc}",
                    )
                )
                continue
            codes = report.codes() if report is not None else []
            crashed = _crashes(report) if report is not None else []
            own = [f for f in crashed if f.args.get("code") == rule.code]
            if crashed:  # each rule's failure said against that rule, not the example's
                failed = own[0] if own else crashed[0]
                who = rule.code if own else str(failed.args.get("code", "?"))
                problems.append(
                    (
                        f"{who} 在 {rule.code} 的 {label} 示例上抛出异常：{failed.message}",
                        f"{who} raised on {rule.code}'s {label} example: {failed.message_en}",
                    )
                )
            elif fires and rule.code not in codes:
                problems.append(
                    (
                        f"{rule.code} 在错误示例上没有报告{hint_zh}（报告了：{', '.join(codes) or '无'}）",
                        f"{rule.code} is silent on its bad example{hint_en} (reported: {', '.join(codes) or 'nothing'})",
                    )
                )
            elif not fires and rule.code in codes:
                problems.append(
                    (f"{rule.code} 在正确示例上也报告了", f"{rule.code} fires on its good example")
                )
            elif not fires and report is not None and not report.valid:
                errors = [f.code for f in report.findings if f.severity is Severity.ERROR]
                problems.append(
                    (
                        f"{rule.code} 的正确示例有错误：{', '.join(errors)}",
                        f"{rule.code}'s good example has errors: {', '.join(errors)}",
                    )
                )
    if problems:
        raise ConformanceFailure(
            "规则示例：" + listing([p[0] for p in problems]),
            "Rule examples:" + listing([p[1] for p in problems]),
        )
    if not target.rules():
        return "本领域包没有自己的规则 / no rules of its own"
    return None


class _Written:
    """What a block wrote: to Python's streams (``buffer``) and below them (``raw``)."""

    def __init__(self) -> None:
        self.buffer = io.StringIO()
        self.raw = b""

    def getvalue(self) -> str:
        """Everything written, Python's streams first."""
        return self.buffer.getvalue() + self.raw.decode("utf-8", "replace")


@contextlib.contextmanager
def _written() -> Iterator[_Written]:
    """What the block writes to ``sys.stdout`` and ``sys.stderr`` (a rule's prints reach
    standard error through the engine's diversion, :mod:`gkstd.diagnostics.divert`), and
    to file descriptors 1 and 2 below them (``os.write(1, …)``, a C library's
    ``printf``: the check had missed them).  Warnings and logging are not counted: they
    reach the application through its own filters and handlers (a root handler is held
    for the block, so that Python's last-resort handler does not print a record the
    application would have routed)."""
    written = _Written()
    root = logging.getLogger()
    held = logging.NullHandler()
    root.addHandler(held)
    try:
        with (
            warnings.catch_warnings(),
            _descriptors_written(written),
            contextlib.redirect_stdout(written.buffer),
            contextlib.redirect_stderr(written.buffer),
        ):
            warnings.simplefilter("ignore")
            yield written
    finally:
        root.removeHandler(held)


@contextlib.contextmanager
def _descriptors_written(written: _Written) -> Iterator[None]:
    """Point file descriptors 1 and 2 at a temporary file for the block; what reached it
    is kept in ``written.raw``.  Where they cannot be moved (no such descriptors), the
    block runs as it is."""
    import tempfile

    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    try:
        saved = [os.dup(1), os.dup(2)]
    except OSError:
        yield
        return
    with tempfile.TemporaryFile() as sink:
        try:
            os.dup2(sink.fileno(), 1)
            os.dup2(sink.fileno(), 2)
            yield
        finally:
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            for fd in saved:
                os.close(fd)
            sink.seek(0)
            written.raw = sink.read(64 * 1024)


def _shown(text: str, limit: int = 120) -> str:
    """``text`` as a Python literal (line breaks visible), shortened."""
    return repr(text if len(text) <= limit else text[:limit] + "…")


def check_quiet(target: Target) -> str | None:
    """Running the pack's rules on the pack's examples writes nothing to standard output
    or standard error: library code must not print."""
    from gkstd.testing.examples import run_example

    rules = target.rules()
    inputs = [  # every example of the pack, each rule's own first
        (owner, label, example)
        for owner in rules
        for label, example in (("bad", owner.bad), ("good", owner.good))
        if example.scope != "none"
    ]
    problems: list[tuple[str, str]] = []
    for rule in rules:
        if rule.check is None:  # its findings are built elsewhere: nothing of its runs
            continue
        own_first = sorted(inputs, key=lambda entry: entry[0] is not rule)
        for owner, label, example in own_first:
            with _written() as written:
                try:  # this rule alone, on every example of the pack
                    run_example(rule, example, target.registry, select=rule.code)
                except Exception:
                    continue  # an example that cannot run is reported by rule-examples
            text = written.getvalue()
            if text:
                zh_label = "错误" if label == "bad" else "正确"
                problems.append(
                    (
                        f"规则 {rule.code} 在 {owner.code} 的{zh_label}示例上写出了：{_shown(text)}",
                        f"rule {rule.code} wrote on {owner.code}'s {label} example: {_shown(text)}",
                    )
                )
                break  # one example per rule says it
    if problems:
        raise ConformanceFailure(
            "规则在检查时向标准输出或标准错误写出了内容。库代码不得打印：嵌入 gkstd 的政务系统会在"
            "自己的输出（如 JSON 结果、日志）中看到这些内容。请删除 print() 和对 sys.stdout、"
            "sys.stderr 的写入，用发现报告问题（rule.emit(...)）；调试信息请用 logging："
            + listing([p[0] for p in problems]),
            "A rule wrote to standard output or standard error while checking. Library code "
            "must not print: software embedding gkstd gets it in its own output (its JSON, "
            "its logs). Remove print() and writes to sys.stdout and sys.stderr, and report "
            "through findings (rule.emit(...)); use logging for debugging output:"
            + listing([p[1] for p in problems]),
        )
    if not rules:
        return "本领域包没有自己的规则 / no rules of its own"
    return None


def _crashes(report: Report) -> list[Finding]:
    """The GK000 findings: a rule raised."""
    return [f for f in report.findings if f.code == INTERNAL_ERROR.code]


def check_rules_total(target: Target) -> str | None:
    """No rule raises on any generated valid catalog or tailoring of the pack's domain."""
    from gkstd.testing.strategies import catalogs, tailorings

    pack = target.need_pack()
    catalog = target.need_catalog()

    def no_crash(generated: Catalog) -> None:
        parents = {catalog.id: catalog}
        report = workspace_for(target, parents).validate(generated)
        crashed = _crashes(report)
        if crashed:
            raise ConformanceFailure(
                "规则在生成的有效目录上抛出异常（规则出错应返回结果，不应抛出）："
                + listing(finding_lines(crashed, "zh"))
                + "\n生成的目录 / generated catalog:\n"
                + as_yaml(generated),
                "A rule raised on a generated valid catalog (a rule must return findings, not raise):"
                + listing(finding_lines(crashed, "en"))
                + "\ngenerated catalog:\n"
                + as_yaml(generated),
            )

    run_property(target, catalogs(pack, registry=target.registry), no_crash)
    if catalog.jurisdiction.level is not Level.VILLAGE:
        run_property(target, tailorings(catalog), no_crash)
    return None
