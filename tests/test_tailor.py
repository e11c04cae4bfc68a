"""The tailoring pipeline (``gkstd.inherit.tailor``): each step tested on its own."""

from __future__ import annotations

import attrs
import pytest

from gkstd.diagnostics.samples import PARENT_LEAF
from gkstd.inherit.orders import CORE_ORDERS, CompareContext
from gkstd.inherit.resolved import ResolvedCatalog
from gkstd.inherit.tailor import (
    Comparison,
    apply_delta,
    compare_delta,
    level_view,
    merge_item,
    place_changes,
    rebuild_tree,
)
from gkstd.inherit.workspace import Workspace
from gkstd.io.loader import LoadedDocument, load_document
from gkstd.model import Level
from gkstd.model.elements import Mark

LEAF = PARENT_LEAF.rstrip("\n")


def _indent(text: str, spaces: int) -> str:
    pad = " " * spaces
    lines = text.split("\n")
    return lines[0] + "\n" + "\n".join(pad + line for line in lines[1:])


def _leaf(item_id: str, name: str, *, levels: str = "[县级, 乡级]") -> str:
    leaf = (
        LEAF.replace("id: gas.permit", f"id: {item_id}", 1)
        .replace("name: 燃气经营许可证核发", f"name: {name}", 1)
        .replace("levels: [县级, 乡级]", f"levels: {levels}", 1)
    )
    assert f"id: {item_id}" in leaf
    assert f"levels: {levels}" in leaf
    return leaf


#: A national catalog with two groups; ``water.plan`` applies to counties only.
PARENT = (
    'gkstd: "1.0"\n'
    "id: parent\n"
    "domain: example\n"
    "title: 示例领域基层政务公开标准目录\n"
    "jurisdiction: {name: 全国, level: 国家级}\n"
    "items:\n"
    "  - id: gas\n"
    "    name: 城镇燃气管理\n"
    "    items:\n"
    f"      - {_indent(_leaf('gas.permit', '燃气经营许可证核发'), 8)}\n"
    f"      - {_indent(_leaf('gas.check', '燃气安全检查'), 8)}\n"
    "  - id: water\n"
    "    name: 城市供水\n"
    "    items:\n"
    f"      - {_indent(_leaf('water.quality', '供水水质'), 8)}\n"
    f"      - {_indent(_leaf('water.plan', '供水规划', levels='[县级]'), 8)}\n"
)


def _head(level: str = "县级") -> str:
    return (
        'gkstd: "1.0"\n'
        "id: child\n"
        "domain: example\n"
        "title: 示例县示例领域基层政务公开标准目录\n"
        f"jurisdiction: {{name: 示例县, level: {level}}}\n"
        "extends: parent\n"
        "items:\n"
    )


#: Refines gas.permit (stricter limit, one more content entry) and adds two items: one
#: under the parent's group ``gas``, and a new group ``heating`` holding its own item.
DELTA = _head() + (
    "  - id: gas\n"
    "    name: 城镇燃气管理\n"
    "    items:\n"
    "      - id: gas.permit\n"
    "        name: 燃气经营许可证核发\n"
    "        content: [办理时限]\n"
    "        time_limit: {kind: working_days, days: 10, text: 10个工作日}\n"
    f"      - {_indent(_leaf('gas.local', '燃气设施巡查'), 8)}\n"
    "  - id: heating\n"
    "    name: 城市供热\n"
    "    items:\n"
    f"      - {_indent(_leaf('heating.price', '供热价格'), 8)}\n"
)


@pytest.fixture
def parent() -> ResolvedCatalog:
    resolved = Workspace(parents={"parent": PARENT}).resolve_ref("parent")
    assert resolved.catalog is not None, resolved.findings
    return resolved


def _doc(text: str) -> LoadedDocument:
    doc = load_document(text)
    assert doc.catalog is not None, doc.findings
    return doc


def _compare(text: str, parent: ResolvedCatalog) -> Comparison:
    doc = _doc(text)
    assert doc.catalog is not None
    ctx = CompareContext(level=doc.catalog.jurisdiction.level)
    return compare_delta(doc, parent, CORE_ORDERS, ctx)


# -- step 1: compare ----------------------------------------------------------------------


def test_compare_splits_refinements_from_additions(parent: ResolvedCatalog) -> None:
    comparison = _compare(DELTA, parent)
    assert set(comparison.replaced) == {"gas", "gas.permit"}
    assert {k: [i.id for i in v] for k, v in comparison.added.items()} == {
        "gas": ["gas.local"],
        None: ["heating"],
        "heating": ["heating.price"],
    }
    # additions are held without their children: step 4 attaches them
    assert all(not i.items for items in comparison.added.values() for i in items)
    permit = comparison.replaced["gas.permit"]
    assert permit.content[-1] == "办理时限"
    assert permit.time_limit is not None
    assert permit.time_limit.days == 10
    assert comparison.changes["gas.permit"] == {"content": "refined", "time_limit": "refined"}
    assert comparison.changes["gas.local"]["name"] == "added"
    assert comparison.findings == ()


def test_compare_reports_a_loosened_limit_as_a_chain_finding(parent: ResolvedCatalog) -> None:
    looser = DELTA.replace("days: 10, text: 10个工作日", "days: 30, text: 30个工作日")
    comparison = _compare(looser, parent)
    assert [f.code for f in comparison.findings] == ["GK206"]
    finding = comparison.findings[0]
    assert finding.location.item == "gas.permit"
    assert finding.args["parent"] == "parent"


def test_an_item_listed_twice_is_refined_twice(parent: ResolvedCatalog) -> None:
    twice = DELTA + ("  - id: gas.permit\n    name: 燃气经营许可证核发\n    content: [收费标准]\n")
    permit = _compare(twice, parent).replaced["gas.permit"]
    assert permit.content[-2:] == ("办理时限", "收费标准")


def test_merge_narrows_a_gap_the_delta_fills(parent: ResolvedCatalog) -> None:
    entry = parent.locate("gas.permit")
    assert entry is not None
    gappy = attrs.evolve(entry[0], gap=Mark(reason="示例", missing=("content", "basis")))
    delta = attrs.evolve(entry[0], items=())
    merged = merge_item(gappy, delta, {"content": ("甲",)})
    assert merged.gap is not None
    assert merged.gap.missing == ("basis",)
    filled = merge_item(gappy, delta, {"content": ("甲",), "basis": ()})
    assert filled.gap is None


# -- step 2: place -------------------------------------------------------------------------


def test_place_puts_additions_under_their_holder(parent: ResolvedCatalog) -> None:
    placement = place_changes(_compare(DELTA, parent), parent)
    assert placement.ancestors == {
        "gas.local": ("gas",),
        "heating": (),
        "heating.price": ("heating",),
    }
    # the refined item, the holders and their ancestors; the untouched group is clean
    assert placement.dirty == {"gas", "gas.permit", "heating"}
    assert "water" not in placement.dirty


# -- step 3: level view ----------------------------------------------------------------------


def test_level_view_leaves_out_items_of_other_levels(parent: ResolvedCatalog) -> None:
    comparison = _compare(_head("乡级").replace("items:\n", "items: []\n"), parent)
    view, excluded = level_view(parent, Level.parse("乡级"), comparison)
    assert excluded == {"water.plan"}
    assert [c.id for c in view[1].items] == ["water.quality"]
    county, none = level_view(parent, Level.parse("县级"), comparison)
    assert none == frozenset()
    assert county is parent.view(Level.parse("县级"))


def test_level_view_revives_an_excluded_item_the_delta_lists(parent: ResolvedCatalog) -> None:
    revive = _head("乡级") + ("  - id: water.plan\n    name: 供水规划\n    content: [规划文本]\n")
    comparison = _compare(revive, parent)
    view, excluded = level_view(parent, Level.parse("乡级"), comparison)
    assert excluded == frozenset()
    assert [c.id for c in view[1].items] == ["water.quality", "water.plan"]  # in place


# -- step 4: rebuild --------------------------------------------------------------------------


def test_rebuild_shares_unchanged_subtrees_and_places_additions(
    parent: ResolvedCatalog,
) -> None:
    comparison = _compare(DELTA, parent)
    placement = place_changes(comparison, parent)
    view, _ = level_view(parent, Level.parse("县级"), comparison)
    tree, index = rebuild_tree(view, comparison, placement)
    assert [i.id for i in tree] == ["gas", "water", "heating"]
    assert tree[1] is view[1]  # untouched group: the parent's own object
    assert tree[0].items[1] is view[0].items[1]  # untouched sibling of a refined item
    assert [c.id for c in tree[0].items] == ["gas.permit", "gas.check", "gas.local"]
    assert [c.id for c in tree[2].items] == ["heating.price"]
    assert set(index) == {"gas", "gas.permit", "gas.local", "heating", "heating.price"}
    assert index["heating.price"] == (tree[2].items[0], ("heating",))


def test_rebuild_of_an_empty_delta_is_the_parent_tree(parent: ResolvedCatalog) -> None:
    comparison = Comparison({}, {}, {}, ())
    placement = place_changes(comparison, parent)
    view, _ = level_view(parent, Level.parse("县级"), comparison)
    tree, index = rebuild_tree(view, comparison, placement)
    assert tree is view
    assert index == {}


# -- the composition -----------------------------------------------------------------------


def test_apply_delta_keeps_loading_and_chain_findings_apart(parent: ResolvedCatalog) -> None:
    looser = DELTA.replace("days: 10, text: 10个工作日", "days: 30, text: 30个工作日")
    doc = _doc(looser)
    resolved = apply_delta("child", doc, parent, CORE_ORDERS, [], None, [])
    assert resolved.catalog is not None
    assert [f.code for f in resolved.chain_findings] == ["GK206"]
    assert resolved.findings == resolved.chain_findings
    assert resolved.size == parent.size + 3
    assert resolved.catalog.conforms_to == "parent"
    assert resolved.catalog.extends is None
