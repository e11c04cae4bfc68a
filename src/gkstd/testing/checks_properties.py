"""Conformance properties: valid tailorings resolve to supersets, every mutation is
caught with its code, and the pack's element orders are reflexive and transitive."""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import attrs

from gkstd.diagnostics.findings import Severity
from gkstd.inherit.orders import CompareContext, ElementOrder, compare_time_limits, entry_key
from gkstd.model import Catalog, Level, Method

if TYPE_CHECKING:
    pass

from gkstd.testing.target import (
    ConformanceFailure,
    Target,
    as_yaml,
    finding_lines,
    listing,
    run_property,
    workspace_for,
)

__all__ = [
    "check_mutations",
    "check_orders",
    "check_tailorings",
    "superset_problems",
]


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
        ws = workspace_for(target, {catalog.id: catalog})
        resolved = ws.resolve(child)
        inherit = [
            f
            for f in ws.report(resolved).findings
            if f.code.startswith("GK2") and f.severity >= Severity.WARNING
        ]
        problems = finding_lines(inherit, "en")
        if resolved.catalog is None:
            problems.append("the tailoring did not resolve")
        else:
            problems += superset_problems(catalog, resolved.catalog)
        if problems:
            raise ConformanceFailure(
                "一个有效的裁剪没有解析为上级目录的超集："
                + listing(problems)
                + "\n裁剪 / tailoring:\n"
                + as_yaml(child),
                "A valid tailoring did not resolve to a superset of the catalog:"
                + listing(problems)
                + "\ntailoring:\n"
                + as_yaml(child),
            )

    run_property(target, tailorings(catalog), superset)

    def chain_superset(chain: Any) -> None:
        ws = workspace_for(target, chain.parents())
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
                    f"裁剪链中 {doc.id} 不是上级的超集：" + listing(problems),
                    f"{doc.id} in a chain is not a superset of its parent:" + listing(problems),
                )
            previous = resolved.catalog

    run_property(target, tailoring_chains(catalog, registry=target.registry), chain_superset)
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
        ws = workspace_for(target, {catalog.id: catalog})
        codes = [f.code for f in ws.report(ws.resolve(mutation.catalog)).findings]
        if not mutation.caught_by(codes):
            raise ConformanceFailure(
                f"变异未被发现：{mutation.describe()}；实际报告：{', '.join(sorted(set(codes))) or '无'}",
                f"Mutation not caught: {mutation.describe()}; reported: {', '.join(sorted(set(codes))) or 'nothing'}",
            )

    each = attrs.evolve(target, examples=max(3, target.examples // len(kinds)))
    for kind in kinds:
        run_property(each, mutations(catalog, kinds=[kind], registry=target.registry), caught)
    return f"试过 {len(kinds)} 类变异：{', '.join(kinds)} / kinds tried: {', '.join(kinds)}"


def _order_failure(order: ElementOrder, problem: str) -> ConformanceFailure:
    return ConformanceFailure(
        f"要素次序 {order.element}（{order.title.zh}）{problem}",
        f"Element order {order.element} ({order.title.en}): {problem}",
    )


def check_orders(target: Target) -> str | None:
    """The refinement orders the pack defines are reflexive and transitive, a merge
    refines the parent value, and an order that says ``keeps_parent`` loses nothing of
    the parent's value whatever it merges."""
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
        a_b = refines(order, a, b, level)
        if a_b and refines(order, b, c, level) and not refines(order, a, c, level):
            raise _order_failure(
                order,
                f"不是传递的 / is not transitive: {a!r} ≤ {b!r} and {b!r} ≤ {c!r} but not {a!r} ≤ {c!r}",
            )
        if a_b or order.keeps_parent:  # the merge must refine the parent's value
            try:
                merged = order.merge(a, b)
            except Exception as exc:
                raise _order_failure(
                    order, f"merge({a!r}, {b!r}) raised {type(exc).__name__}: {exc}"
                ) from exc
            if not refines(order, a, merged, level):
                raise _order_failure(
                    order,
                    f"声明 keeps_parent，但合并丢失了上级的值 / says keeps_parent, but "
                    f"merge({a!r}, {b!r}) = {merged!r} loses some of {a!r}"
                    if order.keeps_parent
                    else f"merge({a!r}, {b!r}) = {merged!r} does not refine {a!r}",
                )

    for order in orders:
        samples = list(order.samples)[:12]
        for a, b, c in itertools.product(samples, repeat=3):
            laws(order, (a, b, c, Level.COUNTY))
        values = element_values(order.element, pack=pack, registry=target.registry)
        run_property(
            target,
            st.tuples(values, values, values, st.sampled_from(list(Level))),
            functools.partial(laws, order),
            shrink=True,
        )
    return f"{len(orders)} 个要素次序 / order(s): {', '.join(o.element for o in orders)}"
