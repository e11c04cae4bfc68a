"""The one-walk checked builder (gkstd.io.checkedbuild) accepts only what the shape check
accepts, builds exactly what the two-step path builds, and takes the usual data."""

from __future__ import annotations

import copy
import functools
import json
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gkstd
from gkstd.io.build import Decline, build_document
from gkstd.io.checkedbuild import checked_build, checked_builder, checked_document
from gkstd.io.converter import converter, structure, unstructure_catalog
from gkstd.io.schema import catalog_schema, catalog_shape_check, catalog_validator
from gkstd.io.shapecheck import compile_schema
from gkstd.model import Catalog, Citation, Item, Mark, TimeLimit
from gkstd.tables import sidecar
from gkstd.testing.strategies import catalogs
from tests.test_shapecheck import JSON_VALUES, _containers, _get, mutated_documents

PACKS = ("work-safety", "social-assistance", "land-expropriation", "budgets-and-final-accounts")


@functools.cache
def _item_check() -> Any:
    """The compiled shape check of the catalog schema's item node."""
    return compile_schema({"$defs": catalog_schema()["$defs"], "$ref": "#/$defs/item"})


@functools.cache
def _item_validator() -> Any:
    return catalog_validator().evolve(schema={"$ref": "#/$defs/item"})


@functools.cache
def _real_items() -> tuple[Item, ...]:
    """Every item (groups and leaves) of every pack's catalog."""
    registry = gkstd.registry()
    out: list[Item] = []
    for code in registry.packs:
        catalog = registry.pack(code).load_catalog().catalog
        assert catalog is not None
        out.extend(catalog.walk())
    return tuple(out)


def _plain(item: Item) -> dict[str, Any]:
    data: dict[str, Any] = converter().unstructure(item, Item)
    return data


def _two_step(data: Any) -> Any:
    """What the shape check, then ``structure``, give: the item, or ``None`` when the
    shape check refuses, or the exception ``structure`` raised."""
    if not _item_check()(data):
        return None
    try:
        return structure(data, Item)
    except Exception as exc:
        return exc


def _one_walk(data: Any, cls: type = Item) -> Any:
    try:
        return checked_build(data, cls)
    except Decline as exc:
        return exc


def _agrees(data: Any) -> bool:
    """The contract on ``data``; True when the one walk built it."""
    fast = _one_walk(data)
    if isinstance(fast, Decline):
        return False
    assert _item_check()(data)
    assert _item_validator().is_valid(data)
    slow = _two_step(data)
    assert isinstance(slow, Item)
    assert fast == slow
    assert attrs.asdict(fast, recurse=True) == attrs.asdict(slow, recurse=True)
    assert repr(fast) == repr(slow)  # the same members and types, not only equal ones
    return True


#: Values that break one constraint of the schema, by property.
_BAD: dict[str, list[Any]] = {
    "id": ["Bad-Id", "a..b", "", "a b", "a-", 3, None, ["a"]],
    "name": [3, None, ["x"], {"a": "b"}],
    "content": ["text", [""], ["a", 1], [None], ("a",), [["a"]]],
    "subject": [1, True, None],
    "method": ["主 动", "随便", "Proactive", "主动 ", "", 1, ["主动"]],
    "audience": ["全社会 ", "everyone", 0],
    "category": ["结果公开 ", "results", None],
    "levels": ["县级", ["县 级"], ["county", 1], ["村(居）"], [None]],
    "channels": ["政府网站", [""], ["政府网站", 3], [["政府网站"]]],
    "sources": ["aqsc", ["A-B"], ["a--b"], ["a.b"], [""], [1]],
    "notes": [5, ["n"]],
    "extra": [{"k": 1}, {"k": None}, ["k"], "k"],
    "gap": [
        {"reason": ""},
        {"missing": ["channels"]},
        {"reason": "r", "missing": ["channels", "channels"]},
        {"reason": "r", "missing": ["渠道"]},
        {"reason": "r", "missing": "channels"},
        {"reason": "r", "other": 1},
        {"reason": 3},
        "r",
    ],
    "not_applicable": [{"reason": "r", "missing": ["items", "items"]}, {}],
    "basis": [
        [{"title": ""}],
        [{"title": "法", "rank": "法 律"}],
        [{"title": "法", "rank": "Law"}],
        [{"title": "法", "doc_no": ""}],
        [{"title": "法", "article": 3}],
        [{"doc_no": "1号"}],
        [{"title": "法", "unknown": "x"}],
        {"title": "法"},
        ["法"],
    ],
    "time_limit": [
        "20个工作日",
        "",
        {"kind": "working_days"},
        {"kind": "months"},
        {"kind": "months", "months": 121},
        {"kind": "working_days", "days": 0},
        {"kind": "working_days", "days": 3661},
        {"kind": "working_days", "days": 20.0},
        {"kind": "working_days", "days": True},
        {"kind": "working_days", "days": "20"},
        {"kind": "fixed_date", "month": 13, "day": 1},
        {"kind": "fixed_date", "month": 1},
        {"kind": "periodic"},
        {"kind": "periodic", "period": "每 年"},
        {"kind": "compound"},
        {"kind": "compound", "parts": [{"kind": "months"}]},
        {"kind": "compound", "parts": [{"kind": "standing", "scope": ""}]},
        {"kind": "text"},
        {"kind": "text", "text": ""},
        {"kind": "WORKING_DAYS", "days": 20},
        {"kind": "working days", "days": 20},
        {"kind": 3},
        {"kind": "timely", "relation": "以 内"},
        {"kind": "timely", "trigger": "随便"},
        {"kind": "timely", "workdays": 1},
        {"kind": "timely", "event": ""},
        {"kind": "standing", "unknown": 1},
        {"days": 20},
    ],
}

#: Well-formed values, some in other accepted spellings (the one walk may build them).
_GOOD: dict[str, list[Any]] = {
    "method": ["主动公开", "proactive", "依申请公开", "申请", "不公开"],
    "audience": ["public", "特定群体", "社会"],
    "category": ["result", "执行公开"],
    "levels": [["national"], ["县(区)级", "乡镇"], ["县级", "县级"], []],
    "channels": [["政府网站"], ["村务公开栏", "自定义渠道"], [" 政府网站 "], []],
    "gap": [{"reason": "r"}, {"reason": "r", "missing": ["items", "channels"]}],
    "time_limit": [
        {"kind": "same_as_above"},
        {"kind": "months", "months": 3},
        {"kind": "fixed_date", "month": 3, "day": 31},
        {"kind": "periodic", "period": "每年"},
        {"kind": "compound", "parts": [{"kind": "standing"}, {"kind": "timely"}]},
        {"kind": "working_days", "days": 20, "relation": "before", "workdays": True},
        {"kind": "text", "text": "随时"},
    ],
    "basis": [[{"title": "法", "rank": "law"}], []],
    "extra": [{"列": "值"}, {}],
}


@st.composite
def real_items(draw: st.DrawFn) -> dict[str, Any]:
    return copy.deepcopy(_plain(draw(st.sampled_from(_real_items()))))


@st.composite
def mutated_items(draw: st.DrawFn) -> Any:
    """A real item with one to three changes: a bad or a good value of a property, a key
    added or removed anywhere, any JSON value in place of any value, a child item."""
    data: Any = draw(real_items())
    for _ in range(draw(st.integers(1, 3))):
        action = draw(st.sampled_from(["bad", "good", "anywhere", "delete", "add", "child"]))
        if not isinstance(data, dict):
            break
        if action in ("bad", "good"):
            table = _BAD if action == "bad" else _GOOD
            key = draw(st.sampled_from(sorted(table)))
            data[key] = copy.deepcopy(draw(st.sampled_from(table[key])))
        elif action == "child":
            child = draw(real_items() if draw(st.booleans()) else mutated_items())
            data.setdefault("items", []).append(child)
        else:
            path = draw(st.sampled_from(_containers(data)))
            if not path:
                if action == "anywhere":
                    data = draw(JSON_VALUES)
                continue
            parent, key = _get(data, path[:-1]), path[-1]
            if action == "anywhere":
                parent[key] = draw(JSON_VALUES)
            elif action == "delete":
                del parent[key]
            elif isinstance(parent, dict):
                name = draw(st.sampled_from(["unknown", "id", "kind", "missing", "title"]))
                parent[name] = draw(JSON_VALUES)
            else:
                parent.append(copy.deepcopy(parent[0]) if parent else draw(JSON_VALUES))
    return data


@settings(max_examples=400)
@given(mutated_items())
def test_the_one_walk_accepts_only_what_the_two_steps_accept_and_builds_the_same(
    data: Any,
) -> None:
    before = copy.deepcopy(data)
    _agrees(data)
    assert data == before  # the data is read, not changed


@pytest.mark.parametrize("key", sorted(_BAD))
def test_every_broken_constraint_is_declined(key: str) -> None:
    base = _plain(next(i for i in _real_items() if i.is_leaf and i.time_limit is not None))
    for bad in _BAD[key]:
        data = {**copy.deepcopy(base), key: copy.deepcopy(bad)}
        assert isinstance(_one_walk(data), Decline), (key, bad)
        assert not _item_check()(data) or not isinstance(_two_step(data), Item)


@pytest.mark.parametrize("key", sorted(_GOOD))
def test_well_formed_variants_are_built(key: str) -> None:
    base = _plain(next(i for i in _real_items() if i.is_leaf))
    for good in _GOOD[key]:
        data = {**copy.deepcopy(base), key: copy.deepcopy(good)}
        assert _agrees(data), (key, good)


def test_the_real_items_take_the_one_walk() -> None:
    items = _real_items()
    assert len(items) > 200
    for item in items:
        data = _plain(item)
        assert _agrees(data), item.id
        assert checked_build(data, Item) == item
        leaf = {k: v for k, v in data.items() if k != "items"}
        assert _agrees({**leaf, "items": []})


@settings(max_examples=60)
@given(catalogs())
def test_generated_items_take_the_one_walk(catalog: Catalog) -> None:
    for item in catalog.walk():
        assert checked_build(_plain(item), Item) == item


def test_element_classes_are_checked_against_their_nodes() -> None:
    citation = {"title": "法", "rank": "law"}
    assert checked_build(citation, Citation) == structure(citation, Citation)
    assert checked_build({"reason": "r", "missing": ["items"]}, Mark) == Mark("r", ("items",))
    limit = {"kind": "compound", "parts": [{"kind": "standing"}]}
    assert checked_build(limit, TimeLimit) == structure(limit, TimeLimit)
    for bad in ({"reason": "r", "missing": ["items", "items"]}, {"reason": ""}):
        with pytest.raises(Decline):
            checked_build(bad, Mark)
    with pytest.raises(Decline):
        checked_build({"kind": "compound", "parts": [{"kind": "months"}]}, TimeLimit)


def test_a_schema_it_cannot_compile_declines_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    schema = copy.deepcopy(catalog_schema())
    schema["$defs"]["item"]["patternProperties"] = {"^x": {}}
    monkeypatch.setattr("gkstd.io.schema.catalog_schema", lambda: schema)
    checked_builder.cache_clear()
    try:
        with pytest.raises(Decline):
            checked_build(_plain(_real_items()[0]), Item)
    finally:
        monkeypatch.undo()
        checked_builder.cache_clear()


# -- the hidden sheet of an exported workbook ------------------------------------------


@st.composite
def item_rows(draw: st.DrawFn) -> Any:
    item = draw(mutated_items() if draw(st.booleans()) else real_items())
    if isinstance(item, dict) and draw(st.booleans()):
        item.pop("items", None)
    payload: Any = {"names": ["一", "二"], "item": item, "cells": {"name": "x"}}
    change = draw(st.sampled_from(["none", "names", "cells", "key", "children"]))
    if change == "names":
        payload["names"] = draw(st.sampled_from([[], "一", [1], None]))
    elif change == "cells":
        payload["cells"] = draw(st.sampled_from([{"name": 1}, [], None]))
    elif change == "key":
        payload["extra"] = 1
    elif change == "children" and isinstance(item, dict):
        item["items"] = draw(st.sampled_from([[], {}, None, [_plain(_real_items()[0])]]))
    return json.loads(json.dumps(payload, ensure_ascii=False))


@settings(max_examples=200)
@given(item_rows())
def test_a_row_taking_the_one_walk_is_read_as_in_two(payload: Any) -> None:
    exact = sidecar._checked_item(payload)
    if exact is not None:
        assert sidecar._plain_item(payload)
        assert exact == structure({**payload["item"], "items": []}, Item)
        assert repr(exact) == repr(structure({**payload["item"], "items": []}, Item))


def test_exported_rows_take_the_one_walk() -> None:
    for item in _real_items():
        data = _plain(item)
        data.pop("items", None)
        payload = {"names": [item.name], "item": data, "cells": {}}
        assert sidecar._checked_item(json.loads(json.dumps(payload))) == attrs.evolve(
            item, items=()
        )


# -- documents --------------------------------------------------------------------------


def _document_both(doc: Any) -> tuple[Any, Any]:
    try:
        fast: Any = checked_document(doc)
    except Decline as exc:
        fast = exc
    check = catalog_shape_check()
    assert check is not None
    slow: Any = None
    if check(doc):
        try:
            slow = build_document(doc)
        except Decline as exc:
            slow = exc
    return fast, slow


@settings(max_examples=150)
@given(mutated_documents())
def test_a_document_taking_the_one_walk_is_what_check_and_build_give(doc: Any) -> None:
    fast, slow = _document_both(doc)
    if not isinstance(fast, Decline):
        assert isinstance(slow, Catalog)
        assert fast == slow
        assert repr(fast) == repr(slow)


@settings(max_examples=40)
@given(catalogs())
def test_well_formed_documents_take_the_one_walk(catalog: Catalog) -> None:
    doc = unstructure_catalog(catalog)
    for data in (doc, {**doc, "provenance": {"from": "x"}}):
        fast, slow = _document_both(data)
        assert isinstance(slow, Catalog)
        assert fast == slow == catalog


def test_documents_with_bad_provenance_or_same_as_above_are_declined() -> None:
    catalog = gkstd.registry().pack(PACKS[0]).load_catalog().catalog
    assert catalog is not None
    doc = unstructure_catalog(catalog)
    assert checked_document(doc) == catalog
    with pytest.raises(Decline):
        checked_document({**doc, "provenance": "not an object"})
    with pytest.raises(Decline):
        checked_document({**doc, "extends": "a", "conforms_to": "b"})
    leaf = copy.deepcopy(doc)
    first = leaf["items"][0]
    while first.get("items"):
        first = first["items"][0]
    first["time_limit"] = {"kind": "same_as_above"}
    with pytest.raises(Decline):
        checked_document(leaf)
