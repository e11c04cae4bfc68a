"""Strict structuring of plain data into the model, compiled per class: the fast path
of :mod:`gkstd.io.converter`.

cattrs dispatches each value through its hook tables (a generic ``_structure_tuple``
for every ``tuple[str, ...]``, one ``_structure_optional`` per optional field); for a
tree of small tailorings that was a tenth of the whole run.  :func:`build` makes the
same objects with one compiled function per attrs class and one small converter per
field type.  It accepts **less** than the strict converter: a value of any other type
than the plain JSON one (a ``list``, not any iterable; an ``int``, not a subclass), an
unknown key, a missing required key or anything it was not written for raises
:class:`Decline`, and the caller then structures with cattrs, which gives the same
object or the same error it always gave.  So the result never depends on which path ran
(a property test compares the two on generated and mutated data).
"""

from __future__ import annotations

import datetime
import threading
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import attrs

from gkstd.model import Catalog, Channel, TimeLimit
from gkstd.model.elements import blank_time_limit, impossible_date
from gkstd.model.enums import LabelledEnum, TimeLimitKind

__all__ = ["Decline", "build", "build_document", "object_builder"]

T = TypeVar("T")

#: Builds one value of a field's type from plain data, or raises :class:`Decline`.
Builder = Callable[[Any], Any]


class Decline(Exception):
    """The fast path does not handle this data: structure it with cattrs."""


def _str(value: Any) -> str:
    if value.__class__ is str:
        return value
    raise Decline


def _int(value: Any) -> int:
    if value.__class__ is int:
        return value
    raise Decline


def _bool(value: Any) -> bool:
    if value is True or value is False:
        return value
    raise Decline


def _date(value: Any) -> datetime.date:
    if value.__class__ is not str:
        raise Decline
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise Decline from None


def _channel(value: Any) -> Channel | str:
    if value.__class__ is not str:
        raise Decline
    try:
        return Channel.parse(value)
    except ValueError:
        return value.strip()


def _enum(cls: type[LabelledEnum]) -> Builder:
    """Members by their spelling, remembered as they are parsed (``cls.parse``)."""
    known: dict[str, LabelledEnum] = {}

    def enum(value: Any) -> LabelledEnum:
        member = known.get(value) if value.__class__ is str else None
        if member is None:
            if value.__class__ is not str:
                raise Decline
            try:
                member = known[value] = cls.parse(value)
            except ValueError:
                raise Decline from None
        return member

    return enum


def _string_list(value: Any) -> list[str]:
    """``value`` if it is a list of plain strings; else :class:`Decline`."""
    if value.__class__ is not list:
        raise Decline
    for x in value:
        if x.__class__ is not str:
            raise Decline
    return typing.cast(list[str], value)


def _tuple_of(element: Builder) -> Builder:
    if element is _str:

        def strings(value: Any) -> tuple[Any, ...]:
            return tuple(_string_list(value))

        return strings

    def elements(value: Any) -> tuple[Any, ...]:
        if value.__class__ is not list:
            raise Decline
        return tuple([element(x) for x in value])

    return elements


def _optional(inner: Builder) -> Builder:
    def optional(value: Any) -> Any:
        return None if value is None else inner(value)

    return optional


def _map_of(value_type: type) -> Builder:
    """A ``Mapping[str, value_type]`` field: a dict of exactly those types (the model's
    converter freezes it)."""

    def mapping(value: Any) -> dict[str, Any]:
        if value.__class__ is not dict:
            raise Decline
        for k, v in value.items():
            if k.__class__ is not str or v.__class__ is not value_type:
                raise Decline
        return value

    return mapping


_str_map = _map_of(str)
_int_map = _map_of(int)


class _Compiler:
    """Builders of attrs classes, compiled once.  ``classes`` holds only finished
    builders: a class is compiled under a lock, its placeholder (for a class that contains
    itself) and the classes compiled with it stay private until the outermost one is
    done, so a thread never calls a builder another thread is still making."""

    def __init__(self, declines: Mapping[type, Callable[[dict[str, Any]], bool]] | None = None):
        self.classes: dict[type, Builder] = {}
        #: per class, data it must decline though it could build it
        self.declines = dict(declines or {})
        self._lock = threading.RLock()
        self._making: dict[type, Builder] = {}  # compiled or being compiled, not published

    def builder(self, tp: Any) -> Builder:
        simple: dict[Any, Builder] = {str: _str, int: _int, bool: _bool, datetime.date: _date}
        if tp in simple:
            return simple[tp]
        if tp == (Channel | str):
            return _channel
        if isinstance(tp, type) and issubclass(tp, LabelledEnum):
            return _enum(tp)
        if attrs.has(tp):
            return self.attrs_class(tp)
        origin, args = typing.get_origin(tp), typing.get_args(tp)
        if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
            return _tuple_of(self.builder(args[0]))
        if origin in (types.UnionType, typing.Union) and len(args) == 2 and type(None) in args:
            (inner,) = [a for a in args if a is not type(None)]
            return _optional(self.builder(inner))
        if origin is Mapping and args == (str, str):
            return _str_map
        if origin is Mapping and args == (str, int):
            return _int_map
        raise TypeError(f"gkstd.io.build: no builder for {tp!r}")

    def attrs_class(self, cls: type) -> Builder:
        done = self.classes.get(cls)
        if done is not None:
            return done
        with self._lock:
            done = self.classes.get(cls) or self._making.get(cls)
            if done is not None:
                return done
            outermost = not self._making
            try:
                built = self._compile(cls)
                if outermost:
                    self.classes.update(self._making)
            finally:
                if outermost:
                    self._making.clear()
            return built

    def _compile(self, cls: type) -> Builder:
        slot: list[Builder] = []
        self._making[cls] = lambda value: slot[0](value)  # a class that contains itself
        hints = typing.get_type_hints(cls)
        fields = [f for f in attrs.fields(cls) if f.init]
        if any(f.alias != f.name for f in fields):
            raise TypeError(f"gkstd.io.build: {cls.__name__} has aliased fields")
        converters = {f.name: self.builder(hints[f.name]) for f in fields}
        required = frozenset(f.name for f in fields if f.default is attrs.NOTHING)
        build_object = object_builder(cls, converters, required, self.declines.get(cls))
        slot.append(build_object)
        self._making[cls] = build_object
        return build_object


def object_builder(
    cls: type,
    converters: Mapping[str, Builder],
    required: frozenset[str],
    declined: Callable[[dict[str, Any]], bool] | None = None,
    extra: Callable[[Any], bool] | None = None,
) -> Builder:
    """The builder of an attrs class from a plain ``dict``: each key through its converter
    (an unknown key declines), every ``required`` key present, then ``cls(**kwargs)``;
    ``declined`` refuses data it could build, ``extra`` must accept the whole value."""
    get = converters.get

    def build_object(value: Any) -> Any:
        if value.__class__ is not dict or (declined is not None and declined(value)):
            raise Decline
        kwargs = {}
        for key, item in value.items():
            convert = get(key)
            if convert is None:
                raise Decline
            kwargs[key] = convert(item)
        if not required.issubset(kwargs) or (extra is not None and not extra(value)):
            raise Decline
        try:
            return cls(**kwargs)
        except Exception:  # a validator or converter refused: cattrs says why
            raise Decline from None

    return build_object


_COMPILER = _Compiler()


def _normalised(value: dict[str, Any]) -> bool:
    """A time limit the loader's normalisation changes or reports: 同上, blank text
    (dropped), a date no year has."""
    return (
        value.get("kind") == TimeLimitKind.SAME_AS_ABOVE.code
        or blank_time_limit(value)
        or impossible_date(value) is not None  # reported by the loader (GK009)
    )


#: For documents as written (before the loader normalises them): a time limit 同上 takes
#: the previous item's, which only the loader's normalisation knows; a blank one is none.
_DOCUMENT_COMPILER = _Compiler({TimeLimit: _normalised})


def build_document(data: dict[str, Any]) -> Catalog:
    """The catalog of a document's data **as written**, when it passed the shape check:
    what the loader gives after normalising it (accepted spellings to their labels) and
    structuring it, or :class:`Decline`.  Spellings need no normalising here (each is
    parsed to its member as the label would be); what normalising changes otherwise is
    declined: a time limit in words (a string) and a time limit 同上.  ``provenance``
    (the document's own record of where it came from) is not part of the catalog."""
    body = {k: v for k, v in data.items() if k != "provenance"}
    builder = _DOCUMENT_COMPILER.classes.get(Catalog) or _DOCUMENT_COMPILER.attrs_class(Catalog)
    catalog: Catalog = builder(body)
    return catalog


def build(data: Any, cls: type[T]) -> T:
    """``cls`` (an attrs class of the model) from ``data`` as the strict converter
    builds it, or :class:`Decline` when this fast path does not handle the data."""
    builder = _COMPILER.classes.get(cls) or _COMPILER.attrs_class(cls)
    result: T = builder(data)
    return result
