"""Hypothesis properties of inheritance: only add, refinement orders, conformance."""

from __future__ import annotations

import itertools

import attrs
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from gkstd.diagnostics.findings import Severity
from gkstd.inherit.orders import CORE_ORDERS, CompareContext, compare_time_limits
from gkstd.inherit.resolved import ResolvedCatalog
from gkstd.inherit.workspace import Workspace
from gkstd.model import Audience, Item, Level, Method, TimeLimit, TimeLimitKind
from gkstd.testing.mutations import mutations
from gkstd.testing.tailorings import CHANNELS, Chain, chains

LISTS = ("content", "basis", "channels", "levels")


def _keys(item: Item, element: str) -> set[str]:
    out = set()
    for value in item.element(element):
        out.add(getattr(value, "title", None) or getattr(value, "code", None) or str(value))
    return out


def _resolve_all(chain: Chain) -> tuple[Workspace, list[ResolvedCatalog]]:
    ws = Workspace(parents=chain.parents())
    return ws, [ws.resolve(doc) for doc in chain.docs]


@given(chains())
def test_resolution_only_adds(chain: Chain) -> None:
    _, resolved = _resolve_all(chain)
    for parent, child in itertools.pairwise(resolved):
        assert child.catalog is not None, child.findings
        for item in (i for top in parent.view(child.level) for i in top.walk()):
            found = child.find(item.id)
            assert found is not None, item.id
            for element in LISTS:
                assert _keys(item, element) <= _keys(found, element), (item.id, element)
        assert child.size == sum(1 for _ in child.catalog.walk())


@given(chains())
def test_valid_tailorings_have_no_errors(chain: Chain) -> None:
    ws, resolved = _resolve_all(chain)
    report = ws.report(resolved[-1])
    assert [f for f in report.findings if f.code.startswith("GK2")] == []


@given(chains())
def test_resolved_tailoring_conforms_to_its_parent(chain: Chain) -> None:
    _, resolved = _resolve_all(chain)
    complete = resolved[-1].catalog
    assert complete is not None
    assert complete.conforms_to == chain.docs[-1].extends
    ws = Workspace(parents=chain.parents())
    result = ws.resolve(complete)
    assert result.mode == "conforms_to"
    assert [f for f in result.findings if f.severity is Severity.ERROR] == []


@settings(suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
@given(chains(), st.data())
def test_every_violation_below_a_resolved_chain_is_reported(
    chain: Chain, data: st.DataObject
) -> None:
    """The kit's mutations (gkstd.testing.mutations), below the last catalog of a chain:
    a removed item or entry, a looser limit, a downgrade … each gives its code."""
    _, resolved = _resolve_all(chain)
    last = resolved[-1].catalog
    assert last is not None
    assume(last.jurisdiction.level is not Level.VILLAGE)
    parent = attrs.evolve(last, conforms_to=None)  # the complete catalog as a root
    mutation = data.draw(mutations(parent))
    ws = Workspace(parents={parent.id: parent})
    found = ws.report(ws.resolve(mutation.catalog)).findings
    assert mutation.caught_by(f.code for f in found), mutation.describe()


LIMITS = st.one_of(
    st.builds(TimeLimit, st.just(TimeLimitKind.WORKING_DAYS), days=st.integers(1, 60)),
    st.builds(TimeLimit, st.just(TimeLimitKind.CALENDAR_DAYS), days=st.integers(1, 60)),
    st.just(TimeLimit(TimeLimitKind.IMMEDIATE)),
)


@given(LIMITS)
def test_time_limit_order_is_reflexive(limit: TimeLimit) -> None:
    assert compare_time_limits(limit, limit) == "ok"


@given(LIMITS, LIMITS, LIMITS)
def test_time_limit_order_is_transitive(a: TimeLimit, b: TimeLimit, c: TimeLimit) -> None:
    if compare_time_limits(a, b) == "ok" and compare_time_limits(b, c) == "ok":
        assert compare_time_limits(a, c) == "ok"


SCALARS = {
    "method": st.sampled_from(list(Method)),
    "audience": st.sampled_from(list(Audience)),
    "channels": st.lists(st.sampled_from(CHANNELS), unique=True).map(tuple),
    "levels": st.lists(st.sampled_from(list(Level)), unique=True).map(tuple),
    "content": st.lists(st.sampled_from(["申请条件", "申请条件及材料", "流程", "结果"]), unique=True).map(tuple),
}  # fmt: skip


@given(st.sampled_from(sorted(SCALARS)), st.data())
def test_element_orders_are_reflexive_and_transitive(element: str, data: st.DataObject) -> None:
    order = CORE_ORDERS[element]
    ctx = CompareContext(level=data.draw(st.sampled_from(list(Level))))
    a, b, c = (data.draw(SCALARS[element]) for _ in range(3))
    errors = lambda x, y: [v for v in order.compare(x, y, ctx) if v.rule.severity is Severity.ERROR]  # noqa: E731
    assert errors(a, a) == []
    if not errors(a, b) and not errors(b, c):
        assert errors(a, c) == []


def test_immediate_refines_everything_and_calendar_cannot_be_longer() -> None:
    twenty = TimeLimit(TimeLimitKind.WORKING_DAYS, days=20)
    assert compare_time_limits(twenty, TimeLimit(TimeLimitKind.IMMEDIATE)) == "ok"
    assert compare_time_limits(twenty, TimeLimit(TimeLimitKind.WORKING_DAYS, days=10)) == "ok"
    assert compare_time_limits(twenty, TimeLimit(TimeLimitKind.CALENDAR_DAYS, days=25)) == "looser"
    assert compare_time_limits(twenty, TimeLimit(TimeLimitKind.CALENDAR_DAYS, days=15)) == "ok"
    assert compare_time_limits(TimeLimit(TimeLimitKind.IMMEDIATE), twenty) == "looser"


@given(st.sampled_from(["content", "basis", "channels", "levels"]), st.data())
def test_orders_that_keep_the_parent_lose_nothing_by_merging(
    element: str, data: st.DataObject
) -> None:
    """A tailoring's merged value is not compared again for an order that keeps the
    parent (``ElementOrder.keeps_parent``): merging must lose nothing, whatever the child."""
    from gkstd.testing.strategies import element_values

    order = CORE_ORDERS[element]
    assert order.keeps_parent
    values = element_values(element)
    parent, child = data.draw(values), data.draw(values)
    ctx = CompareContext(level=data.draw(st.sampled_from(list(Level))))
    assert order.compare(parent, order.merge(parent, child), ctx) == []


def test_the_scalar_core_orders_do_not_claim_to_keep_the_parent() -> None:
    """Time limits, method, audience and the free elements take the child's value: each is
    compared after merging."""
    keeping = {e for e, o in CORE_ORDERS.items() if o.keeps_parent}
    assert keeping == {"content", "basis", "channels", "levels"}


def test_a_channel_written_with_a_space_is_the_same_channel() -> None:
    """公开 栏 is one entry with 公开栏 (folded alike), so it stands for the same template
    channel: the merge keeps it and nothing is lost (it was GK204 when the channel's
    kind was read from the unfolded text)."""
    order = CORE_ORDERS["channels"]
    for parent, child in ((("公开栏",), ("公开 栏",)), (("县政府网站",), ("县政府 网站",))):
        merged = order.merge(parent, child)
        assert order.compare(parent, merged, CompareContext()) == []
        assert order.compare(parent, child, CompareContext()) == []
