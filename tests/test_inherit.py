"""Inheritance: extends/conforms_to resolution, GK2xx findings, provenance, CLI."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import gkstd
from gkstd import Finding, HookContext, Item, Rule, Severity, hookimpl, rule
from gkstd.cli.main import cli
from gkstd.diagnostics.samples import PARENT_DOCUMENT, PARENT_LEAF, child_document
from gkstd.inherit.diff import diff_catalogs
from gkstd.inherit.workspace import Workspace
from gkstd.plugins.manager import build_registry
from gkstd.testing.strategies import catalogs
from tests.plugins._fake import make_pack

PARENTS = {"parent": PARENT_DOCUMENT}

TAILORING = """gkstd: "1.0"
id: child
domain: example
title: 示例县目录
jurisdiction: {name: 示例县, level: 县级}
extends: parent
items:
  - id: gas
    name: 城镇燃气管理
    items:
      - id: gas.permit
        name: 燃气经营许可证核发
        content: [办理结果]
        channels: [政务服务中心]
        time_limit: {kind: working_days, days: 10, text: 10个工作日}
        subject: 示例县住房和城乡建设局
      - id: gas.local-check
        name: 燃气安全检查结果
        content: [检查对象, 检查结果]
        basis: [{title: 城镇燃气管理条例, doc_no: 国务院令第583号, rank: 行政法规}]
        time_limit: {kind: working_days, days: 20, text: 20个工作日}
        subject: 示例县住房和城乡建设局
        method: 主动
        channels: [政府网站]
        audience: 全社会
        levels: [县级]
  - id: heating
    name: 城市供热
    items:
      - id: heating.price
        name: 供热价格
        content: [价格标准]
        basis: [{title: 价格法, rank: 法律}]
        time_limit: {kind: working_days, days: 20, text: 20个工作日}
        subject: 示例县发展改革局
        method: 主动
        channels: [政府网站]
        audience: 全社会
        levels: [县级]
"""


def codes(source: str, **kwargs: object) -> list[str]:
    return gkstd.validate(source, parents=PARENTS, **kwargs).codes()  # type: ignore[arg-type]


def test_tailoring_resolves_refines_and_adds() -> None:
    resolved = gkstd.resolve(TAILORING, parents=PARENTS)
    catalog = resolved.catalog
    assert catalog is not None
    assert [i.id for i in catalog.walk()] == [
        "gas",
        "gas.permit",
        "gas.local-check",
        "heating",
        "heating.price",
    ]
    permit = resolved.find("gas.permit")
    assert permit is not None
    assert permit.content == ("申请条件", "申请材料", "申请流程", "法定依据", "办理结果")
    assert [c.label for c in permit.channels] == ["政府网站", "政务服务中心"]  # type: ignore[union-attr]
    assert permit.time_limit is not None
    assert permit.time_limit.days == 10
    assert permit.method is not None
    assert permit.method.label == "主动"  # inherited
    assert catalog.conforms_to == "parent"
    assert catalog.extends is None
    assert resolved.size == 5


def test_provenance_names_the_catalog_and_the_change() -> None:
    resolved = gkstd.resolve(TAILORING, parents=PARENTS)
    assert resolved.provenance("gas.permit", "method").status == "inherited"  # type: ignore[union-attr]
    assert resolved.provenance("gas.permit", "method").catalog == "parent"  # type: ignore[union-attr]
    assert resolved.provenance("gas.permit", "content").status == "refined"  # type: ignore[union-attr]
    assert resolved.provenance("gas.permit", "content").catalog == "child"  # type: ignore[union-attr]
    assert resolved.provenance("heating.price", "basis").status == "added"  # type: ignore[union-attr]
    assert resolved.provenance("gas.permit", "category") is None


def test_unchanged_items_are_shared_with_the_parent() -> None:
    water = (
        "  - id: water\n    name: 城市供水\n    items:\n      - id: water.quality\n"
        "        name: 供水水质\n        gap: {reason: 示例, missing: [content]}\n"
    )
    parents = {"parent": PARENT_DOCUMENT + water}
    ws = Workspace(parents=parents)
    parent = ws.resolve_ref("parent")
    child = ws.resolve(TAILORING)
    assert parent.catalog is not None
    assert child.catalog is not None
    assert [i.id for i in child.catalog.items] == ["gas", "water", "heating"]
    assert child.catalog.items[1] is parent.catalog.items[1]  # untouched: shared
    assert child.catalog.items[0] is not parent.catalog.items[0]  # refined: rebuilt
    assert child.changed_ids() == {
        "gas",
        "gas.permit",
        "gas.local-check",
        "heating",
        "heating.price",
    }


def test_resolution_is_deterministic() -> None:
    first = gkstd.dump(gkstd.resolve(TAILORING, parents=PARENTS).catalog)  # type: ignore[arg-type]
    second = gkstd.dump(gkstd.resolve(TAILORING, parents=PARENTS).catalog)  # type: ignore[arg-type]
    assert first == second


def test_valid_tailoring_is_clean() -> None:
    assert codes(TAILORING) == []


def test_township_does_not_inherit_county_only_items() -> None:
    parent = PARENT_DOCUMENT.replace("levels: [县级, 乡级]", "levels: [县级]")
    doc = child_document(None, mode="extends", level="乡级").split("items:")[0] + "items: []\n"
    resolved = gkstd.resolve(doc, parents={"parent": parent})
    assert resolved.catalog is not None
    assert resolved.find("gas.permit") is None
    assert resolved.size == 0
    complete = child_document(None, level="乡级")  # conforms_to without the item
    assert "GK201" not in gkstd.validate(complete, parents={"parent": parent}).codes()


def test_county_only_item_is_required_of_a_county() -> None:
    parent = PARENT_DOCUMENT.replace("levels: [县级, 乡级]", "levels: [县级]")
    assert "GK201" in gkstd.validate(child_document(None), parents={"parent": parent}).codes()


@pytest.mark.parametrize(
    ("old", "new", "code"),
    [
        ("method: 主动", "method: 依申请", "GK207"),
        ("audience: 全社会", "audience: 特定对象", "GK209"),
        ("days: 20, text: 20个工作日", "days: 30, text: 30个工作日", "GK206"),
        (
            "{kind: working_days, days: 20, text: 20个工作日}",
            "{kind: calendar_days, days: 25, text: 25日}",
            "GK206",
        ),
    ],
)
def test_tailoring_may_not_loosen(old: str, new: str, code: str) -> None:
    leaf = PARENT_LEAF.replace(old, new)
    doc = child_document(leaf, mode="extends")
    assert code in codes(doc)


def test_on_request_to_proactive_is_allowed() -> None:
    parent = PARENT_DOCUMENT.replace("method: 主动", "method: 依申请")
    doc = child_document(PARENT_LEAF, mode="extends")
    assert gkstd.validate(doc, parents={"parent": parent}).codes() == []


def test_not_applicable_is_a_warning_for_review() -> None:
    leaf = "id: gas.permit\nname: 燃气经营许可证核发\nnot_applicable: {reason: 本县无管道燃气}\n"
    report = gkstd.validate(child_document(leaf, mode="extends"), parents=PARENTS)
    finding = next(f for f in report.findings if f.code == "GK215")
    assert finding.severity is Severity.WARNING
    assert "本县无管道燃气" in finding.message
    assert report.valid


def test_findings_name_parent_item_element_and_values() -> None:
    leaf = PARENT_LEAF.replace("days: 20, text: 20个工作日", "days: 30, text: 30个工作日")
    report = gkstd.validate(child_document(leaf), parents=PARENTS)
    finding = next(f for f in report.findings if f.code == "GK206")
    assert finding.location.item == "gas.permit"
    assert finding.location.element == "time_limit"
    assert finding.location.line is not None
    assert "上级目录全国“示例领域基层政务公开标准目录”" in finding.message  # by its title
    assert "parent parent" in finding.message_en  # by its id
    assert "20个工作日" in finding.message
    assert "30个工作日" in finding.message


def test_unknown_parent_cycle_domain_and_level() -> None:
    assert codes(child_document(parent="nowhere")) == ["GK210"]
    cyclic = PARENT_DOCUMENT.replace("items:\n", "extends: child\nitems:\n", 1)
    child = child_document(mode="extends")
    report = gkstd.validate(child, parents={"parent": cyclic, "child": child})
    assert "GK211" in report.codes()
    assert report.unusable == 1
    assert codes(child_document(domain="other")) == ["GK212"]
    assert "GK213" in codes(child_document(level="国家级"))


def test_parents_are_found_by_path_and_on_the_search_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # ../national is read from inside the working directory
    (tmp_path / "national").mkdir()
    (tmp_path / "national" / "p.yaml").write_text(PARENT_DOCUMENT, encoding="utf-8")
    (tmp_path / "local").mkdir()
    by_path = tmp_path / "local" / "a.yaml"
    by_path.write_text(child_document(parent="../national/p.yaml"), encoding="utf-8")
    assert gkstd.validate(by_path).codes() == []
    by_id = tmp_path / "local" / "b.yaml"
    by_id.write_text(child_document(parent="parent"), encoding="utf-8")
    assert gkstd.validate(by_id).codes() == ["GK210"]
    assert gkstd.validate(by_id, search_path=[tmp_path / "national"]).codes() == []


def test_an_id_two_files_declare_on_the_search_path_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An old copy kept in a subfolder declares the same id: the reference is refused
    (GK210, naming both files), never resolved to whichever file sorts first."""
    monkeypatch.chdir(tmp_path)
    national = tmp_path / "national"
    (national / "旧版").mkdir(parents=True)
    (national / "p.yaml").write_text(PARENT_DOCUMENT, encoding="utf-8")
    child = tmp_path / "c.yaml"
    child.write_text(child_document(parent="parent"), encoding="utf-8")
    search = [national, national]  # one folder given twice is still one file
    assert gkstd.validate(child, search_path=search).codes() == []
    (national / "旧版" / "p-2023.yaml").write_text(PARENT_DOCUMENT, encoding="utf-8")
    report = gkstd.validate(child, search_path=search)
    [finding] = [f for f in report.findings if f.code == "GK210"]
    assert "p.yaml" in finding.message
    assert "p-2023.yaml" in finding.message
    assert "多个文件" in finding.message
    assert "several files" in finding.message_en
    assert finding.location.path == "$.conforms_to"  # child_document conforms to its parent
    assert not report.valid
    ws = Workspace(search_path=[national])
    by_ref = ws.resolve_ref("parent")
    assert by_ref.catalog is None
    assert [f.code for f in by_ref.findings] == ["GK210"]
    named = ws.resolve("parent")  # a name given as input, not a file
    assert named.catalog is None
    assert "p-2023.yaml" in named.findings[0].message


def test_the_chain_is_validated_and_parent_findings_carry_their_file(tmp_path: Path) -> None:
    broken_parent = PARENT_DOCUMENT.replace("        subject: 负责审批的燃气管理部门\n", "")
    (tmp_path / "p.yaml").write_text(broken_parent, encoding="utf-8")
    child = tmp_path / "c.yaml"
    child.write_text(child_document(None, mode="extends", parent="p.yaml"), encoding="utf-8")
    report = gkstd.validate(child)
    finding = next(f for f in report.findings if f.code == "GK101")
    assert finding.location.file is not None
    assert finding.location.file.endswith("p.yaml")


def test_inherited_items_are_not_checked_again() -> None:
    seen: list[str] = []

    @rule("TSTA101", Severity.INFO, ("计数", "Count"), ("理由", "Why"), "依据", bad="", good="")
    def counting(item: Item, ctx: object) -> Iterator[Finding]:
        seen.append(item.id)
        return iter(())

    class Plugin:
        @hookimpl
        def gkstd_register_packs(self, ctx: HookContext) -> list[gkstd.DomainPack]:
            return [make_pack("example", "TSTA")]

        @hookimpl
        def gkstd_register_rules(self, ctx: HookContext) -> list[Rule]:
            return [counting]

    reg = build_registry(entry_points=(), plugins={"counting": Plugin()})
    ws = Workspace(reg, parents=PARENTS)
    ws.validate(TAILORING)
    own = ["gas", "gas.local-check", "gas.permit", "heating", "heating.price"]
    assert seen == ["gas", "gas.permit", *own]  # the parent's items, then the delta's
    seen.clear()
    ws.validate(TAILORING.replace("id: child", "id: child2").replace("城市供热", "供热"))
    assert seen == own  # the parent is not checked again


def test_derive_writes_a_clean_starter_for_every_pack(registry: gkstd.Registry) -> None:
    for code in registry.packs:
        catalog, report = gkstd.derive(code, jurisdiction="示例县", level="县级")
        assert catalog is not None, (code, report.findings)
        assert catalog.extends == code
        result = gkstd.validate(gkstd.dump(catalog))
        assert result.valid, (code, result.findings)


def test_derive_rejects_unknown_level_and_parent() -> None:
    catalog, report = gkstd.derive("municipal-services", jurisdiction="x", level="大区级")
    assert catalog is None
    assert report.codes() == ["GK103"]
    catalog, report = gkstd.derive("no-such-pack", jurisdiction="x", level="县级")
    assert catalog is None
    assert report.codes() == ["GK001"]  # neither a pack nor a file: a missing file


def test_diff_reports_items_and_entries() -> None:
    old = child_document()
    new = child_document(
        PARENT_LEAF.replace(
            "[申请条件, 申请材料, 申请流程, 法定依据]", "[申请条件, 申请流程, 办理结果]"
        )
    ).replace("items:\n  - id: gas\n", "items:\n  - id: extra\n    name: 新事项\n  - id: gas\n")
    result, report = gkstd.diff(old, new)
    assert result is None  # their parent is unknown here
    assert report.unusable == 2
    a, _ = gkstd.load(old)
    b, _ = gkstd.load(new)
    assert a is not None
    assert b is not None
    delta = diff_catalogs(a, b)
    assert [c.kind for c in delta.items] == ["added", "changed"]
    change = delta.items[1].elements[0]
    assert change.element == "content"
    assert change.added == ("办理结果",)
    assert change.removed == ("申请材料", "法定依据")
    assert diff_json(delta)["stats"] == {"added": 1, "removed": 0, "changed": 1}
    assert diff_catalogs(a, a).empty


@settings(max_examples=40, deadline=None)
@given(catalog=catalogs(max_items=4), repeats=st.lists(st.integers(0, 3), max_size=3))
def test_a_catalog_diffed_with_itself_shows_no_change_even_with_repeated_ids(
    catalog: gkstd.Catalog, repeats: list[int]
) -> None:
    """A catalog that repeats an item id (GK0xx reports it) compared with itself is
    unchanged: the occurrences of an id pair in order (the last one stood for all, and
    ``gkstd diff F F`` showed the first renamed to the second). Dropping the last
    occurrence removes it (and its sub-items) only."""
    items = list(catalog.items)
    for n in repeats:
        if n < len(items):
            items.append(attrs.evolve(items[n], name=items[n].name + "（又）"))
    twice = attrs.evolve(catalog, items=tuple(items))
    assert diff_catalogs(twice, twice).empty
    if len(items) > len(catalog.items):
        fewer = attrs.evolve(twice, items=tuple(items[:-1]))
        delta = diff_catalogs(twice, fewer)
        dropped = list(items[-1].walk())  # the item and its sub-items
        assert [c.kind for c in delta.items] == ["removed"] * len(dropped)
        assert [c.name for c in delta.items] == [i.name for i in dropped]


def diff_json(delta: object) -> dict[str, object]:
    return json.loads(json.dumps(delta.to_dict(), ensure_ascii=False))  # type: ignore[attr-defined]


def test_cli_derive_resolve_diff_round_trip(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # sub/county.yaml reads ../city.yaml: inside the project
    runner = CliRunner()
    city = tmp_path / "city.yaml"
    result = runner.invoke(
        cli,
        ["derive", "municipal-services", "--jurisdiction", "山东省淄博市", "--level", "市级",
         "--division-code", "370300", "-o", str(city)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    county = tmp_path / "sub" / "county.yaml"
    result = runner.invoke(
        cli,
        ["derive", str(city), "--jurisdiction", "淄川区", "--level", "区级", "-o", str(county)],
    )
    assert result.exit_code == 0, result.output
    assert "extends: ../city.yaml" in county.read_text("utf-8")
    assert runner.invoke(cli, ["validate", str(county)]).exit_code == 0
    result = runner.invoke(cli, ["resolve", str(county), "--format", "json", "--provenance"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["conforms_to"] == "../city.yaml"
    assert data["provenance"]["gas.operating-permit"]["content"] == {
        "status": "inherited",
        "catalog": "municipal-services/national",
    }
    resolved = tmp_path / "resolved.yaml"
    runner.invoke(cli, ["resolve", str(county), "-o", str(resolved)])
    check = gkstd.validate(resolved)  # the complete catalog conforms to the city's
    assert check.valid
    assert set(check.codes()) == {"GK102"}  # the national catalog's known gaps, now its own
    result = runner.invoke(cli, ["diff", str(city), str(county), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["stats"] == {"added": 0, "removed": 0, "changed": 0}


def test_cli_resolve_of_unknown_parent_exits_2(tmp_path: Path) -> None:
    doc = tmp_path / "c.yaml"
    doc.write_text(child_document(parent="nowhere"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["resolve", str(doc)])
    assert result.exit_code == 2
    assert "GK210" in result.output


GAPPED_PARENT = PARENT_DOCUMENT.replace(
    "    name: 城镇燃气管理\n",
    "    name: 城镇燃气管理\n    gap: {reason: 其余二级事项未能核实, missing: [items]}\n",
).replace(
    "        levels: [县级, 乡级]\n",
    "        levels: [县级, 乡级]\n        gap: {reason: 办理时限的原文未能核实}\n",
)


def _gap_items(items_yaml: str) -> list[str | None]:
    """The items of GK102 in the report of a county tailoring of GAPPED_PARENT."""
    text = TAILORING.split("items:\n", 1)[0] + "items:\n" + items_yaml
    ws = Workspace(parents={"parent": GAPPED_PARENT})
    report = ws.validate(text, inherited=False)  # this document's findings, not the parent's
    assert report.valid, report.findings
    return sorted(f.location.item or "" for f in report.findings if f.code == "GK102")


def _gap_places(items_yaml: str) -> list[tuple[str | None, int | None]]:
    """Where GK102 points in a county tailoring of GAPPED_PARENT: (path, line)."""
    text = TAILORING.split("items:\n", 1)[0] + "items:\n" + items_yaml
    report = Workspace(parents={"parent": GAPPED_PARENT}).validate(text, inherited=False)
    return [(f.location.path, f.location.line) for f in report.findings if f.code == "GK102"]


def test_a_known_gap_points_where_the_document_holds_it() -> None:
    """GK102 points at the ``gap`` the document writes; an item the tailoring refines and
    whose gap it inherits is pointed at itself (the file holds no ``gap`` there)."""
    holder = "  - id: gas\n    name: 城镇燃气管理\n    items:\n"
    refined = (
        "      - id: gas.permit\n        name: 燃气经营许可证核发\n        content: [办理结果]\n"
    )
    text_head = TAILORING.split("items:\n", 1)[0] + "items:\n"
    first = text_head.count("\n") + 1  # the line of the holder's id
    [(path, line)] = _gap_places(holder + refined)
    assert path == "$.items[0].items[0]"  # the refined item, not a gap it does not write
    assert line == first + 3  # "- id: gas.permit"
    own = refined + "        gap: {reason: 本县办理结果待核实}\n"
    [(path, line)] = _gap_places(holder + own)
    assert path == "$.items[0].items[0].gap"
    assert line == first + 6


def test_a_tailoring_reports_the_known_gaps_of_what_it_writes() -> None:
    """GK102 in a tailoring: on items whose elements or gap it writes, not on an item it
    lists only to hold another (that gap is the parent's to report)."""
    holder = "  - id: gas\n    name: 城镇燃气管理\n    items:\n"
    added = (
        "      - id: gas.local\n        name: 燃气安全检查结果\n        content: [检查结果]\n"
        "        basis: [{title: 城镇燃气管理条例, rank: 行政法规}]\n"
        "        time_limit: {kind: working_days, days: 20, text: 20个工作日}\n"
        "        subject: 示例县住房和城乡建设局\n        method: 主动\n"
        "        channels: [政府网站]\n        audience: 全社会\n        levels: [县级]\n"
    )
    refined = (
        "      - id: gas.permit\n        name: 燃气经营许可证核发\n        content: [办理结果]\n"
    )
    assert _gap_items(holder + added) == []  # the holder's gap is the parent's
    assert _gap_items(holder + refined) == ["gas.permit"]  # refined: its gap remains
    own_gap = holder.replace("    items:\n", "    gap: {reason: 本县其余事项待核实}\n    items:\n")
    assert _gap_items(own_gap + added) == ["gas"]  # a gap the tailoring writes itself
    renamed = holder.replace("name: 城镇燃气管理", "name: 城镇燃气")
    assert _gap_items(renamed + added) == ["gas"]  # the holder's own name refined


def test_diff_with_an_unusable_side_reports_only_why(tmp_path: Path) -> None:
    """``gkstd diff GOOD missing.yaml`` printed GOOD's check findings (which validate
    reports as known gaps) before the real error, GK001 on the missing file."""
    example = Path(__file__).parent.parent / "examples" / "zichuan-municipal-services.yaml"
    missing = tmp_path / "missing.yaml"
    result, report = gkstd.diff(example, missing)
    assert result is None
    assert [f.code for f in report.findings] == ["GK001"]
    assert report.findings[0].location.file == str(missing)
    same, clean = gkstd.diff(example, example)
    assert same is not None
    assert clean.findings == ()
