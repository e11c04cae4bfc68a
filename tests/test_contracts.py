"""Contracts that mutation spot-checks found unguarded (issue 15): removing any of them
must fail this file.

* a rule that raises reports one GK000 per rule, not one per item;
* the ``GK`` prefix is reserved to gkstd: a pack may not claim it;
* ``Finding.with_location`` fills only the fields that are unset;
* a table row holding one text across its cells (a merged 注/说明 line) is a note of
  the catalog, not an item.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from gkstd.diagnostics.context import CheckContext
from gkstd.diagnostics.findings import Finding, Severity
from gkstd.diagnostics.rule import rule
from gkstd.model import Catalog, Item, Jurisdiction, Level
from gkstd.packs.pack import DomainPack, NationalGuide
from gkstd.plugins.hookspecs import HookContext, hookimpl
from gkstd.plugins.manager import build_registry
from gkstd.rules.engine import run_rules
from gkstd.tables import import_table


def _catalog(n: int) -> Catalog:
    return Catalog(
        id="c",
        domain="example",
        title="示例",
        jurisdiction=Jurisdiction("示例县", Level.COUNTY),
        items=tuple(Item(id=f"i{k}", name=f"事项{k}") for k in range(n)),
    )


@rule(
    "XX901",
    Severity.WARNING,
    ("总是出错", "Always raises"),
    ("测试用", "For tests"),
    "测试",
    bad="id: a\nname: A",
    good="id: a\nname: A",
    messages=("{name}", "{name}"),
)
def _raises(item: Item, ctx: CheckContext) -> Iterator[Finding]:
    raise RuntimeError(f"boom on {item.id}")


def test_a_rule_that_raises_reports_one_gk000_not_one_per_item() -> None:
    catalog = _catalog(5)
    findings = run_rules(catalog, [_raises], CheckContext(catalog))
    crashes = [f for f in findings if f.code == "GK000"]
    assert len(crashes) == 1
    assert "XX901" in crashes[0].message
    assert crashes[0].location.item == "i0"  # the first item it failed on


class _ClaimsGK:
    @hookimpl
    def gkstd_register_packs(self, ctx: HookContext) -> list[DomainPack]:
        return [
            DomainPack(
                code="fake-gk",
                name_zh="测试领域",
                name_en="Fake",
                ministry="测试部",
                guide=NationalGuide(issuer="测试部办公厅"),
                rule_prefix="GK",
                version="1.0",
                package="gkstd_domains.municipal_services",
            )
        ]


def test_a_pack_may_not_claim_the_gk_prefix() -> None:
    registry = build_registry(entry_points=(), plugins={"claims-gk": _ClaimsGK()})
    [status] = [p for p in registry.plugins if p.name == "claims-gk"]
    assert status.status == "failed"
    assert "GK" in (status.error_en or "")
    assert "fake-gk" not in registry.packs


def test_with_location_fills_only_unset_fields() -> None:
    finding = _raises.emit(name="x", file="a.yaml", line=3, item="i1")
    moved = finding.with_location(file="b.yaml", line=9, path="$.items[0]", element="content")
    assert moved.location.file == "a.yaml"
    assert moved.location.line == 3
    assert moved.location.item == "i1"
    assert moved.location.path == "$.items[0]"
    assert moved.location.element == "content"
    assert finding.with_location(file=None).location.file == "a.yaml"


@pytest.mark.parametrize(
    "note",
    [
        ",".join(["注：公开渠道中“其他”指本地政务服务平台。"] * 5),
        "说明：本目录随政策调整动态更新。,,,,",
    ],
)
def test_a_merged_note_row_is_a_note_not_an_item(note: str) -> None:
    table = (
        "一级事项,二级事项,公开内容,公开依据,公开时限\n"
        "城镇燃气管理,燃气经营许可证核发,申请条件,《城镇燃气管理条例》,20个工作日\n"
        f"{note}\n"
    )
    result = import_table(table.encode(), fmt="csv", domain="municipal-services", conform=False)
    assert result.catalog is not None
    names = [item.name for item in result.catalog.walk()]
    assert names == ["城镇燃气管理", "燃气经营许可证核发"]
    assert result.catalog.notes is not None
    assert note.split(",")[0] in result.catalog.notes


def test_a_group_named_twice_is_an_item_not_a_note() -> None:
    """The guard on the other side: a row whose only text is the same name in both name
    columns (a first-level item repeated as its own second level) is an item."""
    table = (
        "一级事项,二级事项,公开内容,公开依据,公开时限\n"
        "财政预决算,财政预决算,,,\n"
        "财政预决算,政府预算,预算报告,《预算法》,20日内\n"
    )
    result = import_table(table.encode(), fmt="csv", domain="municipal-services", conform=False)
    assert result.catalog is not None
    assert "财政预决算" in [item.name for item in result.catalog.walk()]
    assert result.catalog.notes is None
