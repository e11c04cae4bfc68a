"""Every first-party domain pack, loaded through its entry point: metadata, ids,
provenance, a clean national catalog, and completeness computed from the data."""

from __future__ import annotations

import re
from importlib import metadata
from pathlib import Path

import attrs
import pytest

import gkstd
from gkstd.cli.docgen import BEGIN, END, domains_tables
from gkstd.diagnostics.findings import Severity
from gkstd.model import Catalog, Item
from gkstd.packs.coverage import catalog_coverage
from gkstd.plugins.registry import Registry
from tests.test_docs import DOCS

#: The 26 pilot domains of 国办发〔2019〕54号, by pack code.
PILOT_DOMAINS = {
    "spatial-planning": "国土空间规划",
    "major-construction-projects": "重大建设项目",
    "public-resource-trading": "公共资源交易",
    "budgets-and-final-accounts": "财政预决算",
    "work-safety": "安全生产",
    "tax-administration": "税收管理",
    "land-expropriation": "征地补偿",
    "housing-expropriation": "国有土地上房屋征收",
    "affordable-housing": "保障性住房",
    "rural-housing-renovation": "农村危房改造",
    "ecological-environment": "生态环境",
    "public-cultural-services": "公共文化服务",
    "public-legal-services": "公共法律服务",
    "poverty-alleviation": "扶贫",
    "disaster-relief": "救灾",
    "food-and-drug-regulation": "食品药品监管",
    "urban-law-enforcement": "城市综合执法",
    "employment": "就业",
    "social-insurance": "社会保险",
    "social-assistance": "社会救助",
    "elderly-care": "养老服务",
    "household-registration": "户籍管理",
    "agricultural-subsidies": "涉农补贴",
    "compulsory-education": "义务教育",
    "health-care": "医疗卫生",
    "municipal-services": "市政服务",
}
CODES = sorted(PILOT_DOMAINS)
CODE = re.compile(r"^[a-z]+(?:-[a-z]+)*$")


def _catalog(registry: Registry, code: str) -> Catalog:
    doc = registry.packs[code].load_catalog()
    assert doc.catalog is not None, doc.findings
    return doc.catalog


def test_every_pilot_domain_has_its_own_entry_point(registry: Registry) -> None:
    installed = {e.name: e.value for e in metadata.entry_points(group="gkstd")}
    for code in CODES:
        assert code in installed, code
        assert installed[code].startswith("gkstd_domains.")
        status = next(p for p in registry.plugins if p.name == code)
        assert status.status == "ok", status.error
        assert status.packs == (code,)


@pytest.mark.parametrize("code", CODES)
def test_metadata(registry: Registry, code: str) -> None:
    pack = registry.packs[code]
    assert CODE.match(pack.code)
    assert pack.name_zh == PILOT_DOMAINS[code] or PILOT_DOMAINS[code] in pack.aliases
    assert pack.name_en
    assert pack.ministry
    assert pack.guide.issuer
    assert pack.guide.status in ("verified", "cited", "reported", "assumed", "not-found")
    if pack.guide.status in ("verified", "cited"):
        assert pack.guide.evidence, "a verified or cited guide names its evidence"
    assert pack.lead_departments, "the usual lead department is recorded"
    for lead in pack.lead_departments:
        assert lead.source
    prefixes = [p.rule_prefix for p in registry.packs.values()]
    assert prefixes.count(pack.rule_prefix) == 1
    assert registry.pack(pack.name_zh) is pack


@pytest.mark.parametrize("code", CODES)
def test_national_catalog_is_clean_and_traceable(registry: Registry, code: str) -> None:
    catalog = _catalog(registry, code)
    assert catalog.id == f"{code}/national"
    assert catalog.domain == code
    assert catalog.jurisdiction.level.code == "national"
    report = gkstd.validate(catalog)
    problems = [f for f in report.findings if f.severity is not Severity.INFO]
    assert problems == [], problems
    sources = {s.id: s for s in catalog.sources}
    assert sources, "the catalog lists its sources"
    for source in sources.values():
        assert source.url or source.file, f"source {source.id} says where it can be checked"
    ids = [item.id for item in catalog.walk()]
    assert len(ids) == len(set(ids))
    for item in catalog.walk():
        assert item.sources, f"{item.id} records no source"
        assert set(item.sources) <= set(sources), item.id
        for child in item.items:
            assert child.id.startswith(item.id + "."), child.id


@pytest.mark.parametrize("code", CODES)
def test_gaps_say_what_is_missing(registry: Registry, code: str) -> None:
    for item in _catalog(registry, code).walk():
        if item.gap is None:
            continue
        assert item.gap.reason.strip()
        assert item.gap.missing, f"{item.id}: a gap names what could not be verified"


@pytest.mark.parametrize("code", CODES)
def test_completeness_is_computed_from_the_data(registry: Registry, code: str) -> None:
    pack = registry.packs[code]
    coverage = pack.coverage()
    assert coverage is not None
    catalog = _catalog(registry, code)
    expected = pack.expected
    recomputed = catalog_coverage(
        catalog,
        expected.first_level if expected else None,
        expected.second_level if expected else None,
    )
    assert coverage == recomputed
    assert coverage.first_level == len(catalog.items)
    has_gap = any(i.gap is not None for i in catalog.walk())
    if coverage.status == "complete":
        assert not has_gap
        assert expected is not None
    if any(i.gap is not None and "items" in i.gap.missing for i in catalog.walk()):
        assert coverage.status == "partial"


def _names(items: tuple[Item, ...]) -> set[str]:
    return {item.name for item in items}


@pytest.mark.parametrize(
    ("code", "first", "second"),
    [
        ("affordable-housing", 10, 43),  # seed 002
        ("municipal-services", 4, 9),  # seed 000
        ("household-registration", 7, 18),  # 公安部 notice: 7 方面, 18 事项
        ("public-resource-trading", 5, 40),  # 发展改革委 notice: 5 领域, 40 事项
        ("employment", 9, 25),  # 就业: 9 类一级事项, 25 类二级事项
    ],
)
def test_stated_national_totals_are_recorded(
    registry: Registry, code: str, first: int, second: int
) -> None:
    expected = registry.packs[code].expected
    assert expected is not None
    assert (expected.first_level, expected.second_level) == (first, second)
    assert expected.source


def test_affordable_housing_has_the_ten_first_level_items_of_seed_002(registry: Registry) -> None:
    names = _names(_catalog(registry, "affordable-housing").items)
    for name in ("法规政策", "重大决策", "规划计划", "建设管理", "配给管理", "配后管理", "办事指南",
                 "政策解读", "回应关切", "评价结果"):  # fmt: skip
        assert name in names, name


def test_public_resource_trading_has_its_five_fields(registry: Registry) -> None:
    names = "".join(_names(_catalog(registry, "public-resource-trading").items))
    for field in (
        "工程建设项目招标投标",
        "政府采购",
        "国有土地使用权出让",
        "矿业权出让",
        "国有产权交易",
    ):
        assert field in names, field


def test_municipal_services_records_the_four_or_five_discrepancy(registry: Registry) -> None:
    pack = registry.packs["municipal-services"]
    assert pack.guide.note is not None
    assert "five" in pack.guide.note or "五" in pack.guide.note
    page = (DOCS / "domains.md").read_text("utf-8")
    assert "names five" in page or "列出五个" in page


def test_domains_page_tables_are_generated_from_the_packs(registry: Registry) -> None:
    page = (DOCS / "domains.md").read_text("utf-8")
    generated = page[page.index(BEGIN) + len(BEGIN) : page.index(END)]
    assert generated.strip() == domains_tables(registry).strip(), "run: python -m gkstd.cli.docgen"
    for code in CODES:
        assert f"`{code}`" in generated


@pytest.mark.parametrize("code", CODES)
def test_show_prints_every_national_catalog(code: str) -> None:
    from click.testing import CliRunner

    from gkstd.cli.main import cli

    result = CliRunner().invoke(cli, ["show", code, "--format", "json"])
    assert result.exit_code == 0, result.output
    assert f'"id": "{code}/national"' in result.stdout


def test_pack_data_checks_an_official_table_before_it_replaces_the_data(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from gkstd.cli.main import cli

    current = gkstd.registry().packs["municipal-services"].load_catalog().catalog
    assert current is not None
    table = tmp_path / "official.yaml"
    text = gkstd.dump(current)
    table.write_text(text, encoding="utf-8")
    out = tmp_path / "national.yaml"
    runner = CliRunner()
    result = runner.invoke(cli, ["pack-data", "municipal-services", str(table), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "新增 0，删除 0，修改 0" in result.stdout
    assert out.read_text("utf-8") == text

    added = attrs.evolve(
        current,
        domain="employment",
        items=(*current.items, Item(id="extra", name="新增事项（无来源）")),
    )
    table.write_text(gkstd.dump(added), encoding="utf-8")
    result = runner.invoke(cli, ["pack-data", "municipal-services", str(table), "-o", str(out)])
    assert result.exit_code == 1
    assert "domain 应为 municipal-services" in result.output
    assert "事项 extra 没有记录来源" in result.output
    assert "新增 1" in result.output
    assert out.read_text("utf-8") == text  # nothing written on failure
    twice = attrs.evolve(current, items=(*current.items, current.items[0]))
    table.write_text(gkstd.dump(twice), encoding="utf-8")
    result = runner.invoke(cli, ["pack-data", "municipal-services", str(table)])
    assert result.exit_code == 1
    lines = [x for x in result.output.splitlines() if "GK104" in x]
    assert lines
    assert all(f"{table}:" in x for x in lines)  # file and line named (it said <text>)
