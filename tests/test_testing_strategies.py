"""The public strategies of gkstd.testing: registered types, pack wording, pack-defined
element types, tailorings that only add, and mutations caught with their codes."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, find, given, settings
from hypothesis import strategies as st

import gkstd
from gkstd.inherit.workspace import Workspace
from gkstd.io.converter import unstructure_catalog
from gkstd.io.schema import catalog_validator
from gkstd.model import Catalog, Item, Jurisdiction, Level, TimeLimit
from gkstd.plugins.manager import build_registry
from gkstd.plugins.registry import Registry
from gkstd.testing.conformance import superset_problems
from gkstd.testing.mutations import MUTATION_KINDS, Mutation
from gkstd.testing.strategies import (
    catalogs,
    element_values,
    mutations,
    register_element_strategy,
    tailorings,
    vocabulary,
)
from gkstd.testing.tailorings import Chain

PACKS = Path(__file__).parent / "packs"
pytestmark = pytest.mark.filterwarnings("ignore::hypothesis.errors.NonInteractiveExampleWarning")


@settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow])
@given(st.from_type(Catalog))
def test_from_type_gives_schema_valid_catalogs(catalog: Catalog) -> None:
    assert list(catalog_validator().iter_errors(unstructure_catalog(catalog))) == []


@settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow])
@given(st.from_type(Item), st.from_type(TimeLimit), st.from_type(Chain))
def test_other_types_are_registered(item: Item, limit: TimeLimit, chain: Chain) -> None:
    assert isinstance(item, Item)
    assert isinstance(limit, TimeLimit)
    assert chain.docs[0].jurisdiction.level is Level.NATIONAL


@settings(max_examples=20, suppress_health_check=[HealthCheck.too_slow])
@given(catalogs("social-assistance"))
def test_pack_catalogs_use_the_domain_and_its_wording(catalog: Catalog) -> None:
    assert catalog.domain == "social-assistance"
    assert catalog.extends is None
    assert catalog.conforms_to is None


def test_pack_vocabulary_comes_from_the_national_catalog(registry: Registry) -> None:
    vocab = vocabulary("municipal-services", registry)
    national = registry.packs["municipal-services"].load_catalog().catalog
    assert national is not None
    assert set(vocab.names) == {i.name for i in national.walk()}
    with pytest.raises(LookupError, match="no installed pack"):
        vocabulary("no-such-pack", registry)


@pytest.fixture
def test_pack(monkeypatch: pytest.MonkeyPatch) -> Iterator[Registry]:
    monkeypatch.syspath_prepend(str(PACKS))
    yield build_registry(
        entry_points=[metadata.EntryPoint("test-pack", "conformance_base:plugin", "gkstd")]
    )
    for name in list(sys.modules):
        if name.startswith("conformance_base"):
            del sys.modules[name]


def test_pack_defined_element_values_come_from_samples_data_or_registration(
    test_pack: Registry,
) -> None:
    seen: set[str] = set()

    @settings(max_examples=200, database=None)
    @given(element_values("extra:更新频率", pack="test-pack", registry=test_pack))
    def collect(value: str) -> None:
        seen.add(value)

    collect()
    assert {"每年", "每月", "按需"} <= seen  # samples and the catalog's own values
    register_element_strategy("extra:更新频率", st.just("每日"), domain="test-pack")
    try:
        assert (
            element_values("extra:更新频率", pack="test-pack", registry=test_pack).example()
            == "每日"
        )
    finally:
        from gkstd.testing import strategies

        strategies._ELEMENT_STRATEGIES.clear()
    with pytest.raises(KeyError, match="unknown element"):
        element_values("colour")


def _national(code: str) -> Catalog:
    catalog = gkstd.registry().packs[code].load_catalog().catalog
    assert catalog is not None
    return catalog


@settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["municipal-services", "social-insurance", "land-expropriation"]), st.data())
def test_tailorings_resolve_to_supersets_with_no_inheritance_finding(
    code: str, data: st.DataObject
) -> None:
    parent = _national(code)
    child = data.draw(tailorings(parent))
    assert child.extends == parent.id
    assert child.jurisdiction.level.rank > parent.jurisdiction.level.rank
    ws = Workspace(parents={parent.id: parent})
    resolved = ws.resolve(child)
    assert resolved.catalog is not None
    assert superset_problems(parent, resolved.catalog) == []
    assert [f.code for f in ws.report(resolved).findings if f.code.startswith("GK2")] == []


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["municipal-services", "social-insurance", "health-care"]), st.data())
def test_every_mutation_is_caught_with_its_code(code: str, data: st.DataObject) -> None:
    parent = _national(code)
    mutation: Mutation = data.draw(mutations(parent))
    assert mutation.kind in MUTATION_KINDS
    ws = Workspace(parents={parent.id: parent})
    codes = [f.code for f in ws.report(ws.resolve(mutation.catalog)).findings]
    assert mutation.caught_by(codes), (mutation.describe(), codes)


def test_a_village_catalog_has_no_tailorings() -> None:
    village = Catalog(
        id="v", domain="example", title="村", jurisdiction=Jurisdiction("某村", Level.VILLAGE)
    )
    with pytest.raises(ValueError, match="village"):
        tailorings(village).example()


def test_unknown_mutation_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown mutation kind"):
        mutations(_national("municipal-services"), kinds=["explode"]).example()


def test_mutations_are_also_written_into_tailorings() -> None:
    parent = _national("social-insurance")
    mutation = find(
        mutations(parent, kinds=["looser-limit", "downgrade-method"]),
        lambda m: m.catalog.extends == parent.id,
        settings=settings(database=None, suppress_health_check=list(HealthCheck)),
    )
    refined = mutation.catalog.item(mutation.item)
    assert refined is not None  # the violating refinement is in the delta
    ws = Workspace(parents={parent.id: parent})
    found = ws.report(ws.resolve(mutation.catalog)).findings
    assert mutation.caught_by(f.code for f in found), mutation.describe()
