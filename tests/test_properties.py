"""Hypothesis properties: round trip, schema agreement, rules never crash."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import gkstd
from gkstd.io.converter import structure_catalog, unstructure_catalog
from gkstd.io.schema import catalog_validator
from gkstd.model import Catalog, Channel, Level
from gkstd.testing.strategies import catalogs

pytestmark = pytest.mark.slow


@given(catalogs())
def test_structure_unstructure_round_trip(catalog: Catalog) -> None:
    assert structure_catalog(unstructure_catalog(catalog)) == catalog


@given(catalogs())
def test_every_unstructured_document_is_schema_valid(catalog: Catalog) -> None:
    errors = list(catalog_validator().iter_errors(unstructure_catalog(catalog)))
    assert errors == []


@given(catalogs(), st.sampled_from(["yaml", "json"]))
def test_dump_load_round_trip(catalog: Catalog, fmt: str) -> None:
    loaded, report = gkstd.load(gkstd.dump(catalog, fmt))
    assert report.findings == ()
    assert loaded == catalog


@given(catalogs())
def test_no_rule_raises_on_any_schema_valid_document(catalog: Catalog) -> None:
    report = gkstd.validate(gkstd.dump(catalog))
    assert "GK000" not in report.codes()
    has_parent = bool(catalog.extends or catalog.conforms_to)  # unknown here: GK210
    assert report.unusable == (1 if has_parent else 0)
    assert ("GK210" in report.codes()) == has_parent


@given(st.sampled_from(Level))
def test_every_level_spelling_parses_back(level: Level) -> None:
    for spelling in Level.accepted():
        member = Level.parse(spelling)
        assert Level.parse(member.label) is member
    assert Level.parse(level.label) is level


@given(st.text(max_size=30))
def test_loading_arbitrary_text_never_raises(text: str) -> None:
    catalog, report = gkstd.load(text + "\n")
    assert (catalog is None) == (report.unusable == 1)


@given(st.binary(max_size=200))
def test_loading_arbitrary_bytes_never_raises(data: bytes) -> None:
    catalog, report = gkstd.load(data)
    assert catalog is None or report.valid or report.findings


def test_channel_labels_round_trip() -> None:
    for channel in Channel:
        assert Channel.parse(channel.label) is channel
        assert Channel.parse(channel.code) is channel
