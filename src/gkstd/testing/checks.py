"""The conformance checks: what every domain pack must show before anyone installs it.

Each :class:`Check` has a stable id (never reused for another check), a bilingual title
and requirement, and a function that raises :class:`ConformanceFailure` with a message
naming the problem and the fix, or returns a remark.  :mod:`gkstd.testing.conformance`
runs them.
"""

from __future__ import annotations

import functools
import itertools
import re
import tempfile
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from gkstd.findings import Finding, Severity
from gkstd.i18n import Text
from gkstd.inherit.orders import CompareContext, ElementOrder, compare_time_limits, entry_key
from gkstd.model import Catalog, Level, Method
from gkstd.packs import DomainPack
from gkstd.registry import PluginStatus, Registry
from gkstd.report import Report
from gkstd.rules.loading import INTERNAL_ERROR
from gkstd.rules.rule import CODE_PATTERN, Rule
from gkstd.schema import DOMAIN_PATTERN

if TYPE_CHECKING:
    from gkstd.inherit.workspace import Workspace

__all__ = [
    "CHECKS",
    "CHECK_IDS",
    "DEFAULT_EXAMPLES",
    "Advice",
    "Check",
    "CheckSkipped",
    "ConformanceFailure",
    "Target",
    "check_by_id",
    "superset_problems",
]

#: Examples hypothesis tries per property (``--gkstd-examples``, ``gkstd conformance -n``).
DEFAULT_EXAMPLES = 25


class ConformanceFailure(Exception):
    """A check failed: ``message`` says what is wrong and how to fix it (zh/en)."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.message = Text(zh, en)


class Advice(str):
    """A remark a check returns on a pass that the author should act on (e.g. metadata
    placeholders left by ``gkstd new-pack``); ``gkstd conformance`` always shows it,
    while plain remarks (notes) are shown with ``--verbose``."""


class CheckSkipped(Exception):
    """A check does not apply (e.g. the pack did not load); ``message`` says why."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.message = Text(zh, en)


@attrs.frozen
class Target:
    """One pack under test: its code (or entry-point name), the registry it was loaded
    in, and how many examples each property tries."""

    code: str
    registry: Registry = attrs.field(repr=False)
    examples: int = DEFAULT_EXAMPLES

    @property
    def status(self) -> PluginStatus | None:
        """The load status of the plugin that provides (or should provide) the pack."""
        for status in self.registry.plugins:
            if self.code in status.packs:
                return status
        return next((s for s in self.registry.plugins if s.name == self.code), None)

    @property
    def pack(self) -> DomainPack | None:
        """The registered pack, or ``None`` when its plugin did not load."""
        return self.registry.packs.get(self.code) or self.registry.pack(self.code)

    def need_pack(self) -> DomainPack:
        """The pack; skips the check when the pack did not load (``loads`` fails)."""
        pack = self.pack
        if pack is None:
            raise CheckSkipped(
                "领域包未能加载，见 loads 检查",
                "the pack did not load; see the loads check",
            )
        return pack

    def need_catalog(self) -> Catalog:
        """The pack's national catalog; skips when it cannot be read (``catalog`` fails)."""
        catalog = self.need_pack().load_catalog().catalog
        if catalog is None:
            raise CheckSkipped(
                "目录数据无法读取，见 catalog 检查",
                "the catalog is unusable; see the catalog check",
            )
        return catalog

    def rules(self) -> list[Rule]:
        """The pack's own rules."""
        pack = self.need_pack()
        return [r for r in self.registry.rules.values() if r.pack == pack.code]

    def orders(self) -> list[ElementOrder]:
        """The refinement orders the pack defines."""
        pack = self.need_pack()
        return [o for o in self.registry.element_orders if o.domain == pack.code]


CheckFunction = Callable[[Target], "str | None"]


@attrs.frozen
class Check:
    """One conformance check.  ``id`` is stable and never reused for another check."""

    id: str
    title: Text
    requirement: Text
    function: CheckFunction = attrs.field(eq=False, repr=False)
    needs: str | None = None  # an optional dependency ("tables") the check needs


# -- helpers ---------------------------------------------------------------------------


def _listing(lines: Sequence[str], limit: int = 8) -> str:
    shown = list(lines[:limit])
    if len(lines) > limit:
        shown.append(f"… (+{len(lines) - limit})")
    return "\n  " + "\n  ".join(shown)


def _finding_lines(findings: Iterable[Finding], lang: str) -> list[str]:
    return [f"{f.code} {f.location.display()} {f.text(lang)}".strip() for f in findings]


def _workspace(target: Target, parents: Mapping[str, Catalog] | None = None) -> Workspace:
    from gkstd.inherit.workspace import Workspace

    return Workspace(target.registry, parents=parents)


def _property(
    target: Target, strategy: Any, body: Callable[[Any], None], *, shrink: bool = False
) -> None:
    """Run ``body`` on values of ``strategy`` with hypothesis (deterministic, no database).

    A :class:`ConformanceFailure` propagates.  Checks that validate whole catalogs report
    the first failing example without shrinking it (``shrink=False``): shrinking a
    catalog can take hypothesis minutes, and the message already names the rule, the
    item and the exception.
    """
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis.reporting import with_reporter

    phases = [Phase.explicit, Phase.reuse, Phase.generate]
    if shrink:
        phases.append(Phase.shrink)

    @settings(
        max_examples=target.examples,
        deadline=None,
        database=None,
        derandomize=True,
        print_blob=False,
        phases=phases,
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def run(value: Any) -> None:
        body(value)

    with warnings.catch_warnings(), with_reporter(lambda _: None):
        warnings.simplefilter("ignore")
        run()


def _yaml(catalog: Catalog) -> str:
    from gkstd.io.dumper import dump_catalog

    text = dump_catalog(catalog)
    return text if len(text) < 4000 else text[:4000] + "\n…"


# -- the checks -----------------------------------------------------------------------

_VERSION = re.compile(r"^\d+(\.\d+)*([a-z0-9.+-]*)$")


def check_loads(target: Target) -> str | None:
    """The pack's plugin loads through its ``gkstd`` entry point."""
    status = target.status
    if status is None:
        raise ConformanceFailure(
            f"没有找到入口点或领域包 {target.code!r}。请在 pyproject.toml 的 "
            '[project.entry-points.gkstd] 中登记，例如 my-pack = "my_pack:plugin"，然后重新安装（pip install -e .）。',
            f"No entry point or pack {target.code!r}. Register it under "
            '[project.entry-points.gkstd] in pyproject.toml (e.g. my-pack = "my_pack:plugin") '
            "and reinstall (pip install -e .).",
        )
    if status.status == "disabled":
        raise ConformanceFailure(
            f"入口点 {status.name} 已被停用（GKSTD_DISABLE_PACKS）。",
            f"Entry point {status.name} is disabled (GKSTD_DISABLE_PACKS).",
        )
    if status.status == "failed":
        raise ConformanceFailure(
            f"入口点 {status.name}（{status.distribution or '未知发行包'}）未能加载。{status.error}",
            f"Entry point {status.name} ({status.distribution or 'unknown distribution'}) "
            f"did not load. {status.error_en}",
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
            f"领域包 {pack.code} 的元数据不完整（pack.yaml）："
            + _listing([p[0] for p in problems]),
            f"Pack {pack.code} metadata is incomplete (pack.yaml):"
            + _listing([p[1] for p in problems]),
        )
    from gkstd.scaffold import PLACEHOLDER

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
            + _listing([p[0] for p in problems]),
            "Undocumented rule(s) (each needs a bilingual title and rationale, a legal basis, "
            "and a bad and a good example):" + _listing([p[1] for p in problems]),
        )
    return None


def check_catalog(target: Target) -> str | None:
    """The national catalog loads, belongs to the pack, and records its provenance."""
    pack = target.need_pack()
    doc = pack.load_catalog()
    if doc.catalog is None:
        raise ConformanceFailure(
            f"目录数据 {pack.catalog_path()} 无法读取："
            + _listing(_finding_lines(doc.findings, "zh")),
            f"Catalog data {pack.catalog_path()} is unusable:"
            + _listing(_finding_lines(doc.findings, "en")),
        )
    catalog = doc.catalog
    problems: list[tuple[str, str]] = []
    if catalog.domain != pack.code:
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
            f"目录 {pack.catalog_path()}：" + _listing([p[0] for p in problems]),
            f"Catalog {pack.catalog_path()}:" + _listing([p[1] for p in problems]),
        )
    return None


def check_round_trip(target: Target) -> str | None:
    """The national catalog round-trips: structure/unstructure, JSON Schema, YAML/JSON."""
    from gkstd.io.converter import structure_catalog, unstructure_catalog
    from gkstd.io.dumper import dump_catalog
    from gkstd.io.loader import load_document
    from gkstd.schema import catalog_validator

    catalog = target.need_catalog()
    data = unstructure_catalog(catalog)
    errors = sorted(catalog_validator().iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        lines = [f"{'/'.join(map(str, e.absolute_path)) or '$'}: {e.message}" for e in errors]
        raise ConformanceFailure(
            "导出的数据不符合 JSON Schema：" + _listing(lines),
            "Unstructured data fails the JSON Schema:" + _listing(lines),
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
                + _listing(_finding_lines(loaded.findings, "zh")),
                f"The catalog changes when written as {fmt} and read back:"
                + _listing(_finding_lines(loaded.findings, "en")),
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
    ws = _workspace(target)
    findings = ws.check(ws.resolve_ref(pack.code))  # located in the pack's data file
    problems = [f for f in findings if f.severity >= Severity.WARNING]
    if problems:
        raise ConformanceFailure(
            f"目录 {pack.catalog_path()} 校验未通过；请修正数据，或在目录的 waivers 中写明理由豁免："
            + _listing(_finding_lines(problems, "zh")),
            f"Catalog {pack.catalog_path()} does not validate clean; fix the data or add a "
            "waiver with a reason:" + _listing(_finding_lines(problems, "en")),
        )
    if catalog.waivers:
        return f"{len(catalog.waivers)} 项豁免（均有理由） / {len(catalog.waivers)} waiver(s), each with a reason"
    return None


def check_rule_examples(target: Target) -> str | None:
    """Every rule fires on its bad example and stays silent on its good example."""
    from gkstd.rules.examples import run_example

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
            if crashed:
                problems.append(
                    (
                        f"{rule.code} 在 {label} 示例上抛出异常：{crashed[0].message}",
                        f"{rule.code} raised on its {label} example: {crashed[0].message_en}",
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
            "规则示例：" + _listing([p[0] for p in problems]),
            "Rule examples:" + _listing([p[1] for p in problems]),
        )
    if not target.rules():
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
        report = _workspace(target, parents).validate(generated)
        crashed = _crashes(report)
        if crashed:
            raise ConformanceFailure(
                "规则在生成的有效目录上抛出异常（规则出错应返回结果，不应抛出）："
                + _listing(_finding_lines(crashed, "zh"))
                + "\n生成的目录 / generated catalog:\n"
                + _yaml(generated),
                "A rule raised on a generated valid catalog (a rule must return findings, not raise):"
                + _listing(_finding_lines(crashed, "en"))
                + "\ngenerated catalog:\n"
                + _yaml(generated),
            )

    _property(target, catalogs(pack, registry=target.registry), no_crash)
    if catalog.jurisdiction.level is not Level.VILLAGE:
        _property(target, tailorings(catalog), no_crash)
    return None


def superset_problems(parent: Catalog, child: Catalog) -> list[str]:
    """How the resolved ``child`` fails to keep what ``parent`` requires at its level:
    items, list entries (by key), time limits no looser, 主动 kept, audience kept."""
    from gkstd.testing.tailorings import required_leaves

    level = child.jurisdiction.level
    problems: list[str] = []
    for path in required_leaves(parent, level):
        for item in path:
            found = child.item(item.id)
            if found is None:
                problems.append(f"{item.id}: missing item")
                break
        else:
            p, c = path[-1], child.item(path[-1].id)
            assert c is not None
            for element in ("content", "basis", "channels", "levels"):
                keys = {entry_key(v) for v in c.element(element)}  # type: ignore[attr-defined]
                entries: Iterable[Any] = p.element(element)  # type: ignore[assignment]
                if element == "levels":
                    entries = [lv for lv in entries if lv.rank >= level.rank]
                lost = [entry_key(v) for v in entries if entry_key(v) not in keys]
                if lost:
                    problems.append(f"{p.id}: {element} lost {lost}")
            if p.time_limit is not None:
                if c.time_limit is None:
                    problems.append(f"{p.id}: time limit lost")
                elif compare_time_limits(p.time_limit, c.time_limit) != "ok":
                    problems.append(
                        f"{p.id}: time limit {c.time_limit.display()} not within {p.time_limit.display()}"
                    )
            if p.method is Method.PROACTIVE and c.method is not Method.PROACTIVE:
                problems.append(f"{p.id}: 主动 became {c.method}")
            if p.audience is not None and c.audience is not p.audience:
                problems.append(f"{p.id}: audience {p.audience} became {c.audience}")
    return problems


def check_tailorings(target: Target) -> str | None:
    """Every generated valid tailoring resolves to a superset of the catalog, with no
    inheritance finding, and chains of tailorings do too."""
    from gkstd.testing.strategies import tailoring_chains, tailorings

    catalog = target.need_catalog()
    if catalog.jurisdiction.level is Level.VILLAGE:
        return "村级目录无下级 / a village catalog has no tailorings"

    def superset(child: Catalog) -> None:
        ws = _workspace(target, {catalog.id: catalog})
        resolved = ws.resolve(child)
        inherit = [
            f
            for f in ws.report(resolved).findings
            if f.code.startswith("GK2") and f.severity >= Severity.WARNING
        ]
        problems = _finding_lines(inherit, "en")
        if resolved.catalog is None:
            problems.append("the tailoring did not resolve")
        else:
            problems += superset_problems(catalog, resolved.catalog)
        if problems:
            raise ConformanceFailure(
                "一个有效的裁剪没有解析为上级目录的超集："
                + _listing(problems)
                + "\n裁剪 / tailoring:\n"
                + _yaml(child),
                "A valid tailoring did not resolve to a superset of the catalog:"
                + _listing(problems)
                + "\ntailoring:\n"
                + _yaml(child),
            )

    _property(target, tailorings(catalog), superset)

    def chain_superset(chain: Any) -> None:
        ws = _workspace(target, chain.parents())
        previous = catalog
        for doc in chain.docs[1:]:
            resolved = ws.resolve(doc)
            if resolved.catalog is None:
                raise ConformanceFailure(
                    f"裁剪链中的 {doc.id} 无法解析", f"{doc.id} in a chain did not resolve"
                )
            problems = superset_problems(previous, resolved.catalog)
            if problems:
                raise ConformanceFailure(
                    f"裁剪链中 {doc.id} 不是上级的超集：" + _listing(problems),
                    f"{doc.id} in a chain is not a superset of its parent:" + _listing(problems),
                )
            previous = resolved.catalog

    _property(target, tailoring_chains(catalog, registry=target.registry), chain_superset)
    return None


def check_mutations(target: Target) -> str | None:
    """Every generated violation of "only add" is caught with the right code; every
    kind of violation the catalog allows is tried."""
    from gkstd.testing.mutations import possible_kinds
    from gkstd.testing.strategies import mutations

    catalog = target.need_catalog()
    kinds = possible_kinds(catalog, target.registry)
    if not kinds:
        return "没有可变异的事项 / nothing to mutate"

    def caught(mutation: Any) -> None:
        ws = _workspace(target, {catalog.id: catalog})
        codes = [f.code for f in ws.report(ws.resolve(mutation.catalog)).findings]
        if not mutation.caught_by(codes):
            raise ConformanceFailure(
                f"变异未被发现：{mutation.describe()}；实际报告：{', '.join(sorted(set(codes))) or '无'}",
                f"Mutation not caught: {mutation.describe()}; reported: {', '.join(sorted(set(codes))) or 'nothing'}",
            )

    each = attrs.evolve(target, examples=max(3, target.examples // len(kinds)))
    for kind in kinds:
        _property(each, mutations(catalog, kinds=[kind], registry=target.registry), caught)
    return f"试过 {len(kinds)} 类变异：{', '.join(kinds)} / kinds tried: {', '.join(kinds)}"


def _order_failure(order: ElementOrder, problem: str) -> ConformanceFailure:
    return ConformanceFailure(
        f"要素次序 {order.element}（{order.title.zh}）{problem}",
        f"Element order {order.element} ({order.title.en}): {problem}",
    )


def check_orders(target: Target) -> str | None:
    """The refinement orders the pack defines are reflexive and transitive, and a merge
    refines the parent value."""
    from hypothesis import strategies as st

    from gkstd.testing.strategies import element_values

    orders = target.orders()
    if not orders:
        return "本领域包没有定义要素次序 / the pack defines no element orders"
    pack = target.need_pack()

    def refines(order: ElementOrder, a: Any, b: Any, level: Level) -> bool:
        try:
            return not order.compare(a, b, CompareContext(level=level))
        except Exception as exc:
            raise _order_failure(
                order, f"compare({a!r}, {b!r}) raised {type(exc).__name__}: {exc}"
            ) from exc

    def laws(order: ElementOrder, values: tuple[Any, Any, Any, Level]) -> None:
        a, b, c, level = values
        if not refines(order, a, a, level):
            raise _order_failure(
                order, f"不是自反的 / is not reflexive: compare({a!r}, {a!r}) reports a violation"
            )
        if (
            refines(order, a, b, level)
            and refines(order, b, c, level)
            and not refines(order, a, c, level)
        ):
            raise _order_failure(
                order,
                f"不是传递的 / is not transitive: {a!r} ≤ {b!r} and {b!r} ≤ {c!r} but not {a!r} ≤ {c!r}",
            )
        if refines(order, a, b, level):
            try:
                merged = order.merge(a, b)
            except Exception as exc:
                raise _order_failure(
                    order, f"merge({a!r}, {b!r}) raised {type(exc).__name__}: {exc}"
                ) from exc
            if not refines(order, a, merged, level):
                raise _order_failure(
                    order, f"merge({a!r}, {b!r}) = {merged!r} does not refine {a!r}"
                )

    for order in orders:
        samples = list(order.samples)[:12]
        for a, b, c in itertools.product(samples, repeat=3):
            laws(order, (a, b, c, Level.COUNTY))
        values = element_values(order.element, pack=pack, registry=target.registry)
        _property(
            target,
            st.tuples(values, values, values, st.sampled_from(list(Level))),
            functools.partial(laws, order),
            shrink=True,
        )
    return f"{len(orders)} 个要素次序 / order(s): {', '.join(o.element for o in orders)}"


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
        lines = _finding_lines(result.findings, "zh")
        raise ConformanceFailure(
            "导出为 xlsx 再导入后目录发生变化：" + _listing(lines or ["（无提示）"]),
            "The catalog changes through xlsx export and import:"
            + _listing(_finding_lines(result.findings, "en") or ["(no findings)"]),
        )
    return None


def _check(
    id: str,
    title: tuple[str, str],
    requirement_zh: str,
    function: CheckFunction,
    needs: str | None = None,
) -> Check:
    requirement_en = " ".join((function.__doc__ or "").split())
    return Check(id, Text(*title), Text(requirement_zh, requirement_en), function, needs)


#: The checks, in the order they run.  Ids are stable and never reused.
CHECKS: tuple[Check, ...] = (
    _check("loads", ("通过入口点加载", "Loads through its entry point"),
           "领域包的插件通过 gkstd 入口点加载成功（领域代码、规则前缀不与其他插件冲突）。", check_loads),
    _check("metadata", ("元数据完整", "Complete metadata"),
           "代码、中英文名称、主管部门、指引发布机关、版本号齐全。", check_metadata),
    _check("rule-codes", ("规则代码带本包前缀", "Rule codes carry the pack's prefix"),
           "本包每条规则的代码都以本包的规则前缀开头，且不重复。", check_rule_codes),
    _check("rule-docs", ("规则有文档", "Rules are documented"),
           "每条规则都有中英文标题和理由、法律依据、可运行的错误示例和正确示例。", check_rule_docs),
    _check("catalog", ("目录可读且可溯源", "Catalog loads, with provenance"),
           "全国目录可以读取，属于本领域，列出来源（url 或 file），每个事项注明出处，id 不重复。", check_catalog),
    _check("round-trip", ("目录往返不变", "Catalog round-trips"),
           "全国目录经 structure/unstructure、JSON Schema 校验、YAML/JSON 写出再读入后不变。", check_round_trip),
    _check("clean", ("目录校验通过", "Catalog validates clean"),
           "全国目录校验没有错误和警告；豁免必须写明理由。", check_clean),
    _check("rule-examples", ("规则示例正确", "Rule examples behave"),
           "每条规则在错误示例上报告，在正确示例上不报告。", check_rule_examples),
    _check("rules-total", ("规则从不抛出异常", "Rules never raise"),
           "在生成的本领域有效目录和裁剪上，没有规则抛出异常（GK000）。", check_rules_total),
    _check("tailorings", ("有效裁剪得到超集", "Valid tailorings resolve to supersets"),
           "生成的有效裁剪（及裁剪链）解析后是上级目录的超集，且没有继承类问题。", check_tailorings),
    _check("mutations", ("违规变异均被发现", "Mutations are caught"),
           "删事项、删内容、删渠道、放宽时限等违规变异都以正确的代码报告。", check_mutations),
    _check("orders", ("要素次序自反且传递", "Element orders are reflexive and transitive"),
           "本包定义的要素次序自反、传递，合并结果细化上级值。", check_orders),
    _check("xlsx-round-trip", ("xlsx 导出导入不变", "Survives xlsx export and import"),
           "全国目录导出为官方模板 xlsx 再导入后不变（需要 tables 扩展）。", check_xlsx_round_trip, "tables"),
)  # fmt: skip

#: The check ids, in the order the checks run.
CHECK_IDS: tuple[str, ...] = tuple(c.id for c in CHECKS)

_BY_ID = dict(zip(CHECK_IDS, CHECKS, strict=True))


def check_by_id(check_id: str) -> Check:
    """The check with id ``check_id``; ``ValueError`` naming the known ids otherwise."""
    try:
        return _BY_ID[check_id]
    except KeyError:
        raise ValueError(
            f"未知检查 / unknown check {check_id!r}; known: {', '.join(CHECK_IDS)}"
        ) from None
