"""The compiled fast path of structuring (gkstd.io.build) gives exactly the strict
converter's objects, and declines whatever the converter refuses."""

from __future__ import annotations

import copy
import json
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gkstd
from gkstd.inherit.workspace import Workspace
from gkstd.io.build import Decline, build
from gkstd.io.converter import converter, structure, unstructure_catalog
from gkstd.io.loader import load_document
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


def _without_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    def declined(data: Any) -> Any:
        raise Decline

    monkeypatch.setattr("gkstd.io.loader.build_document", declined)
    monkeypatch.setattr("gkstd.io.loader.checked_document", declined)


#: Accepted spellings that are not the canonical label, by element.
_VARIANTS = {
    "method": ["主动公开", "proactive", "依申请公开", "申请"],
    "audience": ["全社会公开", "public", "特定群体"],
    "levels": [["县(区)级", "乡镇"], ["national"], ["市级", "村(社区)"]],
    "time_limit": ["20个工作日", "信息形成之日起5个工作日内", {"kind": "same_as_above"}],
}


@st.composite
def written_documents(draw: st.DrawFn) -> str:
    """Documents as people write them: canonical or variant spellings, time limits as
    wording or 同上, sometimes a value that is wrong; as JSON text."""
    data = copy.deepcopy(unstructure_catalog(draw(catalogs())))
    items = _walk(data.get("items", []))
    for item in items:
        for key, choices in _VARIANTS.items():
            if draw(st.integers(0, 3)) == 0:
                item[key] = draw(st.sampled_from(choices))
    if items and draw(st.booleans()):
        draw(st.sampled_from(items))[draw(st.sampled_from(["method", "levels", "id"]))] = draw(
            st.sampled_from(["随便", 3, None, ["x"]])
        )
    return json.dumps(data, ensure_ascii=False)


def _walk(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for item in items:
        out.append(item)
        out.extend(_walk(item.get("items", [])))
    return out


@settings(max_examples=80)
@given(written_documents())
def test_the_one_pass_load_equals_the_full_load(text: str) -> None:
    fast = load_document(text.encode("utf-8"))
    with pytest.MonkeyPatch.context() as patch:
        _without_fast_path(patch)
        slow = load_document(text.encode("utf-8"))
    assert fast.catalog == slow.catalog
    assert fast.findings == slow.findings
    if fast.catalog is not None:
        assert attrs.asdict(fast.catalog) == attrs.asdict(slow.catalog)


def test_every_pack_catalog_loads_the_same_either_way(monkeypatch: pytest.MonkeyPatch) -> None:
    registry = gkstd.registry()
    texts = [
        json.dumps(unstructure_catalog(c), ensure_ascii=False)
        for c in (Workspace(registry).resolve_ref(p).catalog for p in registry.packs)
        if c is not None
    ]
    fast = [load_document(t.encode()) for t in texts]
    _without_fast_path(monkeypatch)
    slow = [load_document(t.encode()) for t in texts]
    assert [(d.catalog, d.findings) for d in fast] == [(d.catalog, d.findings) for d in slow]
