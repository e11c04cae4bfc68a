"""The first-party 市政服务 pack: metadata, provenance and a clean national catalog."""

from __future__ import annotations

from pathlib import Path

import gkstd
from gkstd.diagnostics.findings import Severity
from gkstd.plugins.registry import Registry

ROOT = Path(__file__).resolve().parents[1]


def test_metadata(registry: Registry) -> None:
    pack = registry.packs["municipal-services"]
    assert pack.name_zh == "市政服务"
    assert pack.rule_prefix == "SZFW"
    assert pack.ministry == "住房和城乡建设部"
    assert pack.guide.doc_no == "建办厅〔2019〕71号"
    assert pack.guide.status == "cited"  # not verified against the national text
    assert registry.pack("市政服务") is pack


def test_national_catalog_is_clean_and_traceable(registry: Registry) -> None:
    pack = registry.packs["municipal-services"]
    doc = pack.load_catalog()
    assert doc.catalog is not None, doc.findings
    report = gkstd.validate(doc.catalog)
    assert not [f for f in report.findings if f.severity is not Severity.INFO], report.findings
    source_ids = {s.id for s in doc.catalog.sources}
    for item in doc.catalog.walk():
        assert item.sources, f"{item.id} has no source"
        assert set(item.sources) <= source_ids
        if item.is_leaf and item.gap is None:
            assert item.channels
            assert item.basis


def test_seed_000_first_level_items_present(registry: Registry) -> None:
    catalog = registry.packs["municipal-services"].load_catalog().catalog
    assert catalog is not None
    names = {item.name for item in catalog.items}
    for name in ("城镇燃气管理", "市政设施建设类审批", "城市园林绿化管理"):
        assert name in names
    assert any("城市供水" in n and "城镇排水与污水处理" in n for n in names)


def test_example_catalog_validates(registry: Registry) -> None:
    report = gkstd.validate(ROOT / "examples" / "zichuan-municipal-services.yaml")
    assert report.valid
    assert report.stats.errors == 0
