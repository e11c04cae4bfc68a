"""Check plain data against gkstd's JSON schema and build the model from it in one walk.

Reading gkstd's own data (the hidden sheet of an exported workbook: one JSON item per
row) used to take two walks over each item: the compiled shape check of the schema
(:mod:`gkstd.io.shapecheck`), then the compiled strict builder (:mod:`gkstd.io.build`).
:func:`checked_build` does both at once, with one function per model class and schema
node compiled from the schema itself: a property whose value is a string, a number, a
boolean, an enumeration or an array of those gets one small function that tests the
keywords of its schema (``type``, ``pattern``, ``minLength``, ``enum``, ``minimum``,
``maximum``, ``items``, ``uniqueItems``) while it converts the value as
:func:`gkstd.io.build.build` does; a property holding a model class recurses into that
class's checked builder (``$ref`` included, so an item's child items are checked items);
an object's ``required`` and ``additionalProperties: false`` are tested on its keys, and
its other keywords (``allOf`` with ``if``/``then``, ``not`` …) by the shape check's own
compiled function for them.

The contract: when :func:`checked_build` returns an object, the compiled shape check of
that schema node accepts the data and the object equals what the two-step path (shape
check, then :func:`gkstd.io.converter.structure`) gives.  Otherwise it raises
:class:`~gkstd.io.build.Decline` and the caller takes the two-step path, with its error
messages.  It may decline more than it must (any value that is not the plain JSON type,
anything ``build`` declines), never accept more.  A node whose keywords the fused
functions do not cover is checked by the shape check's function for that node after
``build``'s converter built it; a keyword neither knows makes the compilation fail, and
then every call declines.  A property test compares the one walk with the two on real
and mutated items (``tests/test_checked_build.py``).
"""

from __future__ import annotations

import functools
import types
import typing
from collections.abc import Mapping
from typing import Any, TypeVar

import attrs

from gkstd.io.build import _COMPILER as _BUILD_COMPILER
from gkstd.io.build import _DOCUMENT_COMPILER, Builder, Decline, _bool, _str_map, object_builder
from gkstd.io.build import _Compiler as _BuildCompiler
from gkstd.io.checkedvalues import (
    Refused,
    _composed,
    _discriminated,
    _elements,
    _enum,
    _integer,
    _members,
    _optional,
    _post,
    _remembered,
    _string,
    _Strings,
    _strings,
)
from gkstd.io.shapecheck import _ANNOTATIONS, Check, UnsupportedSchema
from gkstd.io.shapecheck import _Compiler as _ShapeCompiler
from gkstd.model import Catalog, Citation, Item, Mark, TimeLimit
from gkstd.model.enums import LabelledEnum

__all__ = ["NODES", "checked_build", "checked_builder", "checked_document"]

T = TypeVar("T")

#: The schema node (a JSON pointer into the catalog schema) each model class is checked
#: against by default.
NODES: dict[type, str] = {
    Catalog: "#",
    Item: "#/$defs/item",
    Citation: "#/$defs/citation",
    TimeLimit: "#/$defs/time_limit",
    Mark: "#/$defs/item/properties/gap",
}

#: Keywords that only constrain strings, arrays or numbers: an object satisfies them.
_NOT_FOR_OBJECTS = frozenset({"minLength", "pattern", "items", "uniqueItems", "minimum", "maximum"})
#: Keywords a class's checked builder tests itself.
_OBJECT_KEYWORDS = frozenset({"type", "properties", "required", "additionalProperties"})


def _types(schema: Mapping[str, Any]) -> list[Any]:
    names = schema.get("type")
    return names if isinstance(names, list) else [names]


def _pointer(root: Mapping[str, Any], pointer: str) -> Any:
    if pointer == "#":
        return root
    if not pointer.startswith("#/"):
        raise UnsupportedSchema(f"non-local $ref {pointer!r}")
    node: Any = root
    for part in pointer[2:].split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


class _Compiler:
    def __init__(self, root: Mapping[str, Any], builds: _BuildCompiler) -> None:
        self.root = root
        self.shapes = _ShapeCompiler(root)
        self.builds = builds
        self.classes: dict[tuple[type, int], Builder] = {}
        self.pending: dict[tuple[type, int], list[Builder]] = {}

    def resolve(self, schema: Any) -> Any:
        """``schema`` with lone ``$ref`` s followed to their definitions."""
        for _ in range(64):
            if not isinstance(schema, Mapping) or frozenset(schema) - _ANNOTATIONS != {"$ref"}:
                return schema
            schema = _pointer(self.root, schema["$ref"])
        raise UnsupportedSchema("$ref chain too long")

    def value(self, tp: Any, schema: Any) -> Builder:
        """The checked builder of a value of type ``tp`` under ``schema``."""
        schema = self.resolve(schema)
        try:
            return self._fused(tp, schema)
        except Refused:
            return _composed(self.builds.builder(tp), self.shapes.compile(schema))

    def _fused(self, tp: Any, schema: Any) -> Builder:
        if not isinstance(schema, Mapping):
            raise Refused
        origin, args = typing.get_origin(tp), typing.get_args(tp)
        if origin in (types.UnionType, typing.Union) and len(args) == 2 and type(None) in args:
            (inner_tp,) = [a for a in args if a is not type(None)]
            inner = self.value(inner_tp, schema)
            return _optional(inner) if self.shapes.compile(schema)(None) else inner
        if attrs.has(tp):
            return self.attrs_class(tp, schema)
        if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
            return self._array(args[0], schema)
        post = _post(tp)
        if post is not False:
            return _string(schema, post)
        if isinstance(tp, type) and issubclass(tp, LabelledEnum):
            return _enum(tp, schema)
        if tp is int:
            return _integer(schema)
        keys = frozenset(schema) - _ANNOTATIONS
        if tp is bool and keys == {"type"} and schema["type"] == "boolean":
            return _bool
        if origin is Mapping and args == (str, str) and keys == {"type", "additionalProperties"}:
            values = self.resolve(schema["additionalProperties"])
            if schema["type"] == "object" and values == {"type": "string"}:
                return _str_map
        raise Refused

    def _array(self, element_tp: Any, schema: Mapping[str, Any]) -> Builder:
        keys = frozenset(schema) - _ANNOTATIONS
        if not keys <= {"type", "items", "uniqueItems"} or schema.get("type", "array") != "array":
            raise Refused
        unique = schema.get("uniqueItems", False)
        if unique not in (True, False):
            raise Refused
        items = self.resolve(schema.get("items", True))
        post = _post(element_tp)
        if post is not False and isinstance(items, Mapping):
            try:
                return _strings(_Strings(items), unique, post and _remembered(post))
            except Refused:
                pass
        if isinstance(element_tp, type) and issubclass(element_tp, LabelledEnum):
            try:
                return _members(element_tp, items, unique)
            except Refused:
                pass
        return _elements(self.value(element_tp, items), unique)

    def attrs_class(self, cls: type, schema: Any) -> Builder:
        """The checked builder of ``cls`` under ``schema`` (an object node)."""
        key = (cls, id(schema))
        if key in self.classes:
            return self.classes[key]
        if key in self.pending:  # the class contains itself
            slot = self.pending[key]
            return lambda value: slot[0](value)
        slot = self.pending[key] = []
        try:
            compiled = self._attrs_class(cls, schema)
        except Refused:
            compiled = _composed(self.builds.builder(cls), self.shapes.compile(schema))
        finally:
            del self.pending[key]
        slot.append(compiled)
        self.classes[key] = compiled
        return compiled

    def _attrs_class(self, cls: type, schema: Mapping[str, Any]) -> Builder:
        keys = frozenset(schema) - _ANNOTATIONS
        if ("type" in keys and "object" not in _types(schema)) or schema.get(
            "additionalProperties"
        ) is not False:
            raise Refused
        fields = [f for f in attrs.fields(cls) if f.init]
        if any(f.alias != f.name for f in fields):
            raise Refused
        hints = typing.get_type_hints(cls)
        properties = schema.get("properties", {})
        converters = {
            f.name: self.value(hints[f.name], properties[f.name])
            for f in fields
            if f.name in properties
        }
        required = frozenset(schema.get("required", ())) | {
            f.name for f in fields if f.default is attrs.NOTHING
        }
        residual = keys - _OBJECT_KEYWORDS - _NOT_FOR_OBJECTS
        extra: Check | None = None
        if residual == {"allOf"}:
            extra = _discriminated(schema["allOf"])
        if residual and extra is None:
            extra = self.shapes.compile({k: schema[k] for k in residual})
        return object_builder(cls, converters, required, self.builds.declines.get(cls), extra)


def _declined(value: Any) -> Any:
    raise Decline


@functools.cache
def checked_builder(cls: type, node: str | None = None) -> Builder:
    """The compiled one-walk check and build of ``cls`` against ``node`` (a JSON pointer
    into the catalog schema; by default ``NODES[cls]``), built once.  When the schema
    cannot be compiled, a function that always declines."""
    from gkstd.io.schema import catalog_schema

    root = catalog_schema()
    try:
        compiler = _Compiler(root, _BUILD_COMPILER)
        return compiler.attrs_class(cls, compiler.resolve(_pointer(root, node or NODES[cls])))
    except (UnsupportedSchema, TypeError, KeyError):
        return _declined


def checked_build(data: Any, cls: type[T], node: str | None = None) -> T:
    """``cls`` built from ``data`` when ``data`` satisfies the catalog schema's ``node``
    (by default ``NODES[cls]``): what the shape check and then
    :func:`gkstd.io.converter.structure` give.  Raises
    :class:`~gkstd.io.build.Decline` when this one walk does not handle the data (it is
    then not necessarily invalid: check and structure it the usual way)."""
    model: type = cls
    result: T = checked_builder(model, node)(data)
    return result


@functools.cache
def _document_builder() -> Builder:
    """:func:`checked_document`'s compiled function (built once)."""
    from gkstd.io.schema import catalog_schema

    root = catalog_schema()
    try:
        compiler = _Compiler(root, _DOCUMENT_COMPILER)
        catalog = compiler.attrs_class(Catalog, root)
        ignored = compiler.shapes.compile(root["properties"]["provenance"])
        residual = frozenset(root) - _ANNOTATIONS - _OBJECT_KEYWORDS - _NOT_FOR_OBJECTS
        whole = compiler.shapes.compile({k: root[k] for k in residual})
    except (UnsupportedSchema, TypeError, KeyError):
        return _declined

    def document(data: Any) -> Catalog:
        if data.__class__ is not dict:
            raise Decline
        if "provenance" in data:  # in the schema, not in the model: checked, then left out
            if not ignored(data["provenance"]) or not whole(data):
                raise Decline
            data = {k: v for k, v in data.items() if k != "provenance"}
        result: Catalog = catalog(data)
        return result

    return document


def checked_document(data: Any) -> Catalog:
    """The catalog of a document's data **as written**, when the data satisfies the
    catalog schema: what :func:`gkstd.io.build.build_document` gives after the shape
    check accepted the data (``provenance`` checked and left out), in one walk.  Raises
    :class:`~gkstd.io.build.Decline` when the one walk does not handle the data or
    ``build_document`` would decline it (a time limit 同上)."""
    catalog: Catalog = _document_builder()(data)
    return catalog
