"""The compiled fast path of structuring (gkstd.io.build) gives exactly the strict
converter's objects, and declines whatever the converter refuses."""

from __future__ import annotations

from typing import Any

import attrs
import pytest
from hypothesis import given, settings

import gkstd
from gkstd.inherit.workspace import Workspace
from gkstd.io.build import Decline, build
from gkstd.io.converter import converter, structure, unstructure_catalog
from gkstd.model import Catalog, Item
from gkstd.model.replace import replace
from gkstd.testing.strategies import catalogs
from tests.test_shapecheck import mutated_documents


def _both(data: Any, cls: type) -> tuple[Any, Any]:
    """(fast result or Decline, converter result or the exception it raised)."""
    try:
        fast: Any = build(data, cls)
    except Decline as exc:
        fast = exc
    try:
        slow: Any = converter().structure(data, cls)
    except Exception as exc:
        slow = exc
    return fast, slow


@settings(max_examples=40)
@given(catalogs())
def test_round_trip_through_the_fast_path(catalog: Catalog) -> None:
    data = unstructure_catalog(catalog)
    assert build(data, Catalog) == catalog == converter().structure(data, Catalog)


@settings(max_examples=120)
@given(mutated_documents())
def test_fast_path_accepts_only_what_the_converter_builds_the_same(doc: Any) -> None:
    data = {k: v for k, v in doc.items() if k != "provenance"} if isinstance(doc, dict) else doc
    fast, slow = _both(data, Catalog)
    if isinstance(slow, Exception):
        assert isinstance(fast, Decline)
    elif not isinstance(fast, Decline):
        assert fast == slow
        assert attrs.asdict(fast) == attrs.asdict(slow)


@pytest.mark.parametrize(
    "data",
    [
        {"id": "a", "name": "x", "content": ("tuple", "not list")},  # not the JSON type
        {"id": "a", "name": "x", "content": "text"},  # a string is iterable, not a list
        {"id": "a", "name": "x", "time_limit": {"kind": "working_days", "days": 2.0}},
        {"id": "a", "name": "x", "time_limit": {"kind": "working_days", "days": True}},
        {"id": "a", "name": "x", "unknown": 1},
        {"id": "a"},
        {"id": "a", "name": "x", "method": "随便"},
        {"id": "a", "name": "x", "extra": {"k": 1}},
        ["not", "a", "mapping"],
    ],
)
def test_declined_data_structures_as_before(data: Any) -> None:
    fast, slow = _both(data, Item)
    assert isinstance(fast, Decline)
    if isinstance(slow, Exception):
        with pytest.raises(type(slow)):
            structure(data, Item)
    else:
        assert structure(data, Item) == slow


def test_every_pack_catalog_builds_the_same() -> None:
    registry = gkstd.registry()
    workspace = Workspace(registry)
    built = 0
    for pack in registry.packs.values():
        catalog = workspace.resolve_ref(pack.code).catalog
        if catalog is None:
            continue
        data = unstructure_catalog(catalog)
        assert build(data, Catalog) == converter().structure(data, Catalog) == catalog
        built += 1
    assert built >= 26


@settings(max_examples=25)
@given(catalogs())
def test_replace_is_attrs_evolve(catalog: Catalog) -> None:
    for item in catalog.walk():
        assert replace(item, items=()) == attrs.evolve(item, items=())
        assert replace(item, name="改", notes=None) == attrs.evolve(item, name="改", notes=None)
    with pytest.raises(TypeError, match="no field"):
        replace(catalog, nonsense=1)
