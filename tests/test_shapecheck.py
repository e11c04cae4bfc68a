"""The compiled shape check agrees with python-jsonschema on gkstd's schema."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gkstd.io.converter import unstructure_catalog
from gkstd.io.schema import catalog_schema, catalog_shape_check, catalog_validator
from gkstd.io.shapecheck import UnsupportedSchema, compile_schema
from gkstd.model import Catalog
from gkstd.testing.strategies import catalogs

JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-5, 5000)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.sampled_from(["", "x", "县级", "主动", "working_days", "a.b", "A B", "2020-01-01"]),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)


def _containers(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path]
    if isinstance(value, dict):
        for key, child in value.items():
            out += _containers(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            out += _containers(child, (*path, index))
    return out


def _get(doc: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        doc = doc[part]
    return doc


@st.composite
def mutated_documents(draw: st.DrawFn) -> Any:
    doc = copy.deepcopy(unstructure_catalog(draw(catalogs())))
    for _ in range(draw(st.integers(1, 3))):
        paths = _containers(doc)
        path = draw(st.sampled_from(paths))
        if not path:
            continue
        parent, key = _get(doc, path[:-1]), path[-1]
        action = draw(st.sampled_from(["replace", "delete", "add"]))
        if action == "replace":
            parent[key] = draw(JSON_VALUES)
        elif action == "delete":
            del parent[key]
        elif isinstance(parent, dict):
            parent[draw(st.sampled_from(["extra", "levels", "gap", "days", "kind"]))] = draw(
                JSON_VALUES
            )
        else:
            parent.append(draw(JSON_VALUES))
    return doc


@pytest.mark.slow
@given(catalogs())
def test_valid_documents_pass_the_shape_check(catalog: Catalog) -> None:
    check = catalog_shape_check()
    assert check is not None
    assert check(unstructure_catalog(catalog))


@pytest.mark.slow
@given(mutated_documents())
def test_shape_check_agrees_with_jsonschema(doc: Any) -> None:
    check = catalog_shape_check()
    assert check is not None
    assert check(doc) == catalog_validator().is_valid(doc)


@pytest.mark.parametrize(
    ("schema", "good", "bad"),
    [
        ({"type": "integer"}, 3.0, True),
        ({"enum": [1]}, 1, True),
        ({"const": False}, False, 0),
        ({"uniqueItems": True}, [1, True], [1, 1.0]),
        ({"pattern": "b"}, "abc", "ac"),
        ({"minLength": 2}, "县级", "县"),
        ({"if": {"const": 1}, "then": False}, 2, 1),
        ({"not": {"type": "string"}}, 1, "x"),
    ],
)
def test_keyword_semantics_follow_json_schema(schema: Any, good: Any, bad: Any) -> None:
    check = compile_schema(schema)
    assert check(good) is True
    assert check(bad) is False
    assert catalog_validator().evolve(schema=schema).is_valid(good)
    assert not catalog_validator().evolve(schema=schema).is_valid(bad)


def test_unknown_keyword_is_refused() -> None:
    with pytest.raises(UnsupportedSchema, match="patternProperties"):
        compile_schema({"patternProperties": {"a": {}}})


def _both_compilations() -> tuple[Any, Any]:
    """The catalog schema compiled with the combined checks, and without them."""
    import gkstd.io.shapecheck as shapecheck

    if not _COMPILED:
        combined = compile_schema(catalog_schema())
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(shapecheck._Compiler, "_special", lambda self, schema: None)
            general = compile_schema(catalog_schema())
        _COMPILED.extend((combined, general))
    return _COMPILED[0], _COMPILED[1]


_COMPILED: list[Any] = []


@given(mutated_documents())
def test_the_combined_checks_answer_as_one_check_per_keyword(doc: Any) -> None:
    """The usual keyword combinations compiled into one function each (``_special``)
    give the answers of the general case, one function per keyword."""
    combined, general = _both_compilations()
    assert combined(doc) == general(doc)
