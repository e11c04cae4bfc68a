"""Conformance checks on what a pack ships besides its catalog: its migrations, the cost
of its rules, the attribution of its findings, and the data files its wheel carries."""

from __future__ import annotations

import statistics
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING

from gkstd.diagnostics.context import CheckContext
from gkstd.diagnostics.findings import Severity
from gkstd.diagnostics.limits import get as get_limit
from gkstd.diagnostics.rule import Rule
from gkstd.io.loader import Migration
from gkstd.model import Catalog
from gkstd.testing.target import (
    Advice,
    ConformanceFailure,
    Target,
    finding_lines,
    listing,
    run_property,
)

if TYPE_CHECKING:
    from gkstd.plugins.registry import Registry

__all__ = [
    "check_attribution",
    "check_migrations",
    "check_package_data",
    "check_rule_cost",
    "pack_migrations",
    "rule_costs",
]


# -- migrations -------------------------------------------------------------------------


def pack_migrations(target: Target) -> list[Migration]:
    """The migrations the pack registered (or that apply to its domain only)."""
    code = target.need_pack().code
    return [m for m in target.registry.migrations if m.pack == code or m.domain == code]


def _resolver(registry: Registry):  # type: ignore[no-untyped-def]
    def resolve(domain: str) -> str | None:
        pack = registry.pack(domain)
        return pack.code if pack is not None else None

    return resolve


def check_migrations(target: Target) -> str | None:
    """Each of the pack's migrations upgrades its example old document to a clean, usable
    catalog (loaded with every migration of the registry)."""
    from gkstd.api import validate

    migrations = pack_migrations(target)
    if not migrations:
        return "本领域包没有迁移 / the pack registers no migrations"
    problems: list[tuple[str, str]] = []
    missing: list[str] = []
    for m in migrations:
        name = f"{m.from_version}→{m.to_version}"
        if m.example is None:
            missing.append(name)
            continue
        report = validate(m.example, registry=target.registry)
        bad = [f for f in report.findings if f.severity in (Severity.ERROR, Severity.WARNING)]
        migrated = any(
            f.code == "GK012" and f.args.get("from_version") == m.from_version
            for f in report.findings
        )
        if bad or report.unusable:
            problems.append(
                (
                    f"迁移 {name} 的示例旧文档迁移后不通过校验："
                    + listing(finding_lines(bad, "zh"), 4),
                    f"migration {m.from_version}->{m.to_version}: its example old document "
                    "does not validate clean after migrating:"
                    + listing(finding_lines(bad, "en"), 4),
                )
            )
        elif not migrated:
            problems.append(
                (
                    f"迁移 {name} 的示例没有经过这条迁移（示例的 gkstd 版本应为 {m.from_version}，"
                    f"domain 应为 {m.domain or '任意'}）",
                    f"migration {m.from_version}->{m.to_version}: its example did not go through "
                    f"it (the example needs gkstd: {m.from_version!r} and domain "
                    f"{m.domain or 'any'})",
                )
            )
    if problems:
        raise ConformanceFailure(
            "迁移：" + listing([p[0] for p in problems]),
            "Migrations:" + listing([p[1] for p in problems]),
        )
    if missing:
        return Advice(
            f"迁移 {', '.join(missing)} 没有示例旧文档（Migration(example=...)），未经测试"
            f" / migration(s) {', '.join(missing)} declare no example old document "
            "(Migration(example=...)) and are untested"
        )
    return None


# -- rule cost --------------------------------------------------------------------------

#: Seconds spent measuring one rule at most (a slow rule is measured on fewer items).
_BUDGET = 0.5


def _runnable(rule: Rule) -> bool:
    return rule.check is not None and rule.scope in ("item", "catalog")


def _cost(rule: Rule, catalogs: Sequence[Catalog], registry: Registry) -> float:
    """Seconds per item ``rule`` takes on ``catalogs`` (stops after the budget)."""
    from gkstd.rules.engine import run_rules

    spent, items = 0.0, 0
    for catalog in catalogs:
        ctx = CheckContext(catalog=catalog, registry=registry, pack=registry.pack(catalog.domain))
        walked = list(catalog.walk())
        if not walked:
            continue
        if rule.scope == "catalog":
            start = time.perf_counter()
            run_rules(catalog, [rule], ctx)
            spent += time.perf_counter() - start
            items += len(walked)
        else:
            for item in walked:
                start = time.perf_counter()
                run_rules(catalog, [rule], ctx, items=[item])
                spent += time.perf_counter() - start
                items += 1
                if spent > _BUDGET:
                    break
        if spent > _BUDGET:
            break
    return spent / items if items else 0.0


def rule_costs(
    rules: Sequence[Rule], catalogs: Sequence[Catalog], registry: Registry
) -> dict[str, float]:
    """Seconds per item of each rule on ``catalogs``."""
    return {r.code: _cost(r, catalogs, registry) for r in rules if _runnable(r)}


def check_rule_cost(target: Target) -> str | None:
    """No rule of the pack is far slower per item than the core rules (more than the
    ``rule_cost_factor`` limit times their median, and over ``rule_cost_floor_us``)."""
    from gkstd.testing.strategies import catalogs

    pack = target.need_pack()
    national = target.need_catalog()
    own = [r for r in target.rules() if _runnable(r)]
    if not own:
        return "本领域包没有自己的规则 / the pack defines no rules of its own"
    generated: list[Catalog] = []
    run_property(target, catalogs(pack, registry=target.registry), generated.append)
    sample = [national, *generated[:10]]
    core = [r for r in target.registry.rules.values() if r.pack == "core" and _runnable(r)]
    median = statistics.median(rule_costs(core, sample, target.registry).values() or [0.0])
    factor = get_limit("rule_cost_factor")
    floor = get_limit("rule_cost_floor_us") / 1e6
    costs = rule_costs(own, sample, target.registry)
    slow = {c: s for c, s in costs.items() if s > factor * median and s > floor}
    if slow:  # measure again: one pause of the machine must not fail a pack
        again = rule_costs([r for r in own if r.code in slow], sample, target.registry)
        slow = {c: min(s, again[c]) for c, s in slow.items()}
        slow = {c: s for c, s in slow.items() if s > factor * median and s > floor}
    if slow:
        lines = [
            (
                f"{code}：每个事项 {s * 1000:.1f} ms，是核心规则中位数（{median * 1e6:.0f} µs）的 "
                f"{s / median if median else float('inf'):.0f} 倍",
                f"{code}: {s * 1000:.1f} ms per item, {s / median if median else float('inf'):.0f}× "
                f"the core rules' median ({median * 1e6:.0f} µs)",
            )
            for code, s in sorted(slow.items())
        ]
        raise ConformanceFailure(
            f"规则过慢（上限：核心中位数的 {factor} 倍且超过 {floor * 1000:g} ms/事项；"
            "规则在每个事项上都会运行，门户批量校验时会被拖慢。请预先编译正则、缓存查表，"
            "不要读文件或访问网络）：" + listing([z for z, _ in lines]),
            f"Rule(s) too slow (limit: {factor}× the core median and over {floor * 1000:g} "
            "ms/item; rules run on every item and slow down bulk validation. Precompile "
            "patterns, cache lookups, never read files or the network):"
            + listing([e for _, e in lines]),
        )
    worst = max(costs.items(), key=lambda kv: kv[1], default=None)
    if worst is None:
        return None
    return (
        f"最慢的规则 {worst[0]}：{worst[1] * 1e6:.0f} µs/事项（核心中位数 {median * 1e6:.0f} µs）"
        f" / slowest rule {worst[0]}: {worst[1] * 1e6:.0f} µs/item (core median "
        f"{median * 1e6:.0f} µs)"
    )


# -- attribution ------------------------------------------------------------------------


def check_attribution(target: Target) -> str | None:
    """Every rule of the pack is registered under the pack's code, and every finding its
    rules report (on their bad examples) names the pack (``Finding.rule_pack``)."""
    from gkstd.testing.examples import run_example

    pack = target.need_pack()
    prefix = pack.rule_prefix
    problems: list[tuple[str, str]] = []
    own = [r for r in target.registry.rules.values() if r.prefix == prefix]
    for rule in own:
        if rule.pack != pack.code:
            problems.append(
                (
                    f"规则 {rule.code} 登记在 {rule.pack!r} 名下，应为 {pack.code!r}",
                    f"rule {rule.code} is registered under {rule.pack!r}, not {pack.code!r}",
                )
            )
    codes = {r.code for r in own}
    for rule in own:
        if rule.bad.scope == "none":
            continue
        try:
            report = run_example(rule, rule.bad, target.registry)
        except Exception:  # reported by rule-examples
            continue
        for finding in report.findings if report is not None else ():
            if finding.code in codes and finding.rule_pack != pack.code:
                problems.append(
                    (
                        f"{finding.code} 的问题标注的领域包是 {finding.rule_pack!r}，应为 "
                        f"{pack.code!r}（在规则的错误示例上）",
                        f"a {finding.code} finding names pack {finding.rule_pack!r}, not "
                        f"{pack.code!r} (on the rule's bad example)",
                    )
                )
                break
    if problems:
        raise ConformanceFailure(
            "归属不对（用户据此知道该找谁）：" + listing([p[0] for p in problems]),
            "Wrong attribution (users rely on it to know whom to ask):"
            + listing([p[1] for p in problems]),
        )
    if not own:
        return "本领域包没有自己的规则 / the pack defines no rules of its own"
    return None


# -- package data -----------------------------------------------------------------------


def check_package_data(target: Target) -> str | None:
    """Every data file in the pack's package is shipped in its wheel (an editable
    install hides a file outside the package-data patterns)."""
    from gkstd.testing.wheel import Unverifiable, unshipped_files

    pack = target.need_pack()
    try:
        missing = unshipped_files(pack)
    except Unverifiable as exc:
        return Advice(f"{exc.message.zh} / {exc.message.en}")
    if missing:
        raise ConformanceFailure(
            "这些文件在包目录中，但不在 wheel 里（不匹配 pyproject.toml 的 package-data 模式）；"
            "可编辑安装（pip install -e）能找到它们，从 wheel 安装后领域包会缺文件。请把它们加入 "
            "[tool.setuptools.package-data]：" + listing(missing),
            "These files are in the package directory but not in the wheel (no package-data "
            "pattern of pyproject.toml matches them); an editable install finds them, an "
            "install from the wheel does not. Add them to [tool.setuptools.package-data]:"
            + listing(missing),
        )
    return None
