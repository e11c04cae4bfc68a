"""The value functions of :mod:`gkstd.io.checkedbuild`: each checks one JSON value
against the keywords of its schema node and builds it as :mod:`gkstd.io.build` does, in
one step (a string against ``pattern``, ``minLength`` or ``enum``; an integer against
``minimum`` and ``maximum``; an array of those against ``items`` and ``uniqueItems``), or
raises :class:`~gkstd.io.build.Decline`.  A schema they were not written for raises
:class:`Refused` while compiling: the node is then built and checked in two steps.
"""

from __future__ import annotations

import contextlib
import datetime
import math
import typing
from collections.abc import Callable, Mapping
from typing import Any

from gkstd.io.build import Builder, Decline, _channel, _date, _str, _string_list
from gkstd.io.shapecheck import _ANNOTATIONS, Check, _json_key, _pattern
from gkstd.model import Channel
from gkstd.model.enums import LabelledEnum

__all__ = ["Refused"]


class Refused(Exception):
    """The fused functions do not cover this node: build, then check, it separately."""


def _string_enum(schema: Mapping[str, Any], keys: frozenset[str]) -> list[str]:
    """The texts of a schema that is an ``enum`` of strings and nothing else (``keys``:
    its keywords but annotations); :class:`Refused` for any other."""
    texts = schema.get("enum")
    if (
        not keys <= {"type", "enum"}
        or schema.get("type", "string") != "string"
        or not isinstance(texts, list)
        or not all(t.__class__ is str for t in texts)
    ):
        raise Refused
    return texts


class _Strings:
    """The keywords of a schema of strings only (``type`` with ``pattern`` and
    ``minLength``, or an ``enum`` of strings): ``one`` tests a value already known to be
    a ``str``, ``every`` a list of such values (both ``None``: every string passes);
    ``min_length`` and ``matches`` are set when the schema has only that keyword."""

    def __init__(self, schema: Mapping[str, Any]) -> None:
        keys = frozenset(schema) - _ANNOTATIONS
        self.one: Check | None = None
        self.every: Check | None = None
        self.min_length: int | None = None
        self.matches: Check | None = None
        if "enum" in keys:
            texts = _string_enum(schema, keys)
            allowed = frozenset(texts)  # only a string equals a string in JSON
            self.one, self.every = allowed.__contains__, allowed.issuperset
            return
        if schema.get("type") != "string" or not keys <= {"type", "pattern", "minLength"}:
            raise Refused
        n = schema.get("minLength", 0)
        if n.__class__ is not int:
            raise Refused
        matches = _pattern(schema["pattern"]) if "pattern" in keys else None
        if matches is None:
            if n > 0:
                self.one, self.min_length = (lambda v: len(v) >= n), n
                if n == 1:
                    self.every = lambda v: "" not in v
        elif n <= 0:
            self.one = self.matches = matches
        else:
            self.one = lambda v: len(v) >= n and matches(v)
        one = self.one
        if self.every is None and one is not None:
            self.every = lambda v: all(map(one, v))


def _string(schema: Mapping[str, Any], post: Callable[[str], Any] | None) -> Builder:
    """A string of ``schema``, converted by ``post`` (``None``: kept as it is)."""
    strings = _Strings(schema)
    test, n, matches = strings.one, strings.min_length, strings.matches
    if test is None and post is None:
        return _str
    if post is None and n is not None:  # the usual text of at least one character

        def text(value: Any) -> Any:
            if value.__class__ is not str or len(value) < n:
                raise Decline
            return value

        return text
    if post is None and matches is not None:

        def matching(value: Any) -> Any:
            if value.__class__ is not str or not matches(value):
                raise Decline
            return value

        return matching

    def string(value: Any) -> Any:
        if value.__class__ is not str or (test is not None and not test(value)):
            raise Decline
        return value if post is None else post(value)

    return string


def _strings(strings: _Strings, unique: bool, post: Callable[[str], Any] | None) -> Builder:
    """An array of plain strings of ``strings``, as a tuple (of each converted by
    ``post``)."""
    every = strings.every

    def texts(value: Any) -> tuple[Any, ...]:
        value = _string_list(value)
        if (every is not None and not every(value)) or (unique and not _unique(value)):
            raise Decline
        return tuple(value) if post is None else tuple([post(x) for x in value])

    return texts


def _remembered(convert: Callable[[str], Any]) -> Callable[[str], Any]:
    """``convert`` (a function of a string only), its answers remembered (up to
    :data:`_MEMORY` strings): a table repeats the same channel texts on every row."""
    known: dict[str, Any] = {}

    def remembered(text: str) -> Any:
        found = known.get(text, known)
        if found is known:
            found = convert(text)
            if len(known) < _MEMORY:
                known[text] = found
        return found

    return remembered


_MEMORY = 1 << 12


def _enum_table(cls: type[LabelledEnum], schema: Mapping[str, Any]) -> dict[str, LabelledEnum]:
    """Each text of the schema's ``enum`` (of strings) mapped to the member ``cls.parse``
    gives for it (a text it refuses is left out: ``build`` declines it too)."""
    texts = _string_enum(schema, frozenset(schema) - _ANNOTATIONS)
    table: dict[str, LabelledEnum] = {}
    for text in texts:
        with contextlib.suppress(ValueError):
            table[text] = cls.parse(text)
    return table


def _enum(cls: type[LabelledEnum], schema: Mapping[str, Any]) -> Builder:
    get = _enum_table(cls, schema).get

    def enum(value: Any) -> LabelledEnum:
        member = get(value) if value.__class__ is str else None
        if member is None:
            raise Decline
        return member

    return enum


def _members(cls: type[LabelledEnum], schema: Mapping[str, Any], unique: bool) -> Builder:
    """An array of enumeration texts, as a tuple of members."""
    get = _enum_table(cls, schema).get

    def members(value: Any) -> tuple[LabelledEnum, ...]:
        value = _string_list(value)
        out = tuple(map(get, value))
        if None in out or (unique and not _unique(value)):
            raise Decline
        return typing.cast(tuple[LabelledEnum, ...], out)

    return members


def _integer(schema: Mapping[str, Any]) -> Builder:
    keys = frozenset(schema) - _ANNOTATIONS
    if schema.get("type") != "integer" or not keys <= {"type", "minimum", "maximum"}:
        raise Refused
    lo, hi = schema.get("minimum", -math.inf), schema.get("maximum", math.inf)
    if not all(b.__class__ in (int, float) for b in (lo, hi)):
        raise Refused

    def integer(value: Any) -> int:
        if value.__class__ is not int or not lo <= value <= hi:
            raise Decline
        result: int = value
        return result

    return integer


def _unique(value: list[Any]) -> bool:
    """True when no two values of the list are equal in JSON.  Python's equality among
    plain JSON values is JSON's, except that ``True == 1``: a set finds more equal pairs,
    never fewer."""
    try:
        return len(set(value)) == len(value)
    except TypeError:  # lists or objects inside
        return len({_json_key(x) for x in value}) == len(value)


def _elements(element: Builder, unique: bool) -> Builder:
    def elements(value: Any) -> tuple[Any, ...]:
        if value.__class__ is not list:
            raise Decline
        out = tuple([element(x) for x in value])
        if unique and not _unique(value):
            raise Decline
        return out

    return elements


def _post(tp: Any) -> Callable[[str], Any] | typing.Literal[False] | None:
    """How ``build`` converts a string to ``tp`` (``None``: kept as it is), or ``False``
    when ``tp`` is not built from a string alone."""
    if tp is str:
        return None
    if tp is datetime.date:
        return _date
    if tp == (Channel | str):
        return _channel
    return False


def _optional(inner: Builder) -> Builder:
    def optional(value: Any) -> Any:
        return None if value is None else inner(value)

    return optional


def _composed(build: Builder, check: Check) -> Builder:
    def composed(value: Any) -> Any:
        result = build(value)
        if not check(value):
            raise Decline
        return result

    return composed


def _discriminated(parts: Any) -> Check | None:
    """``allOf`` of ``{"if": {"properties": {P: {"const": c}}}, "then": {"required":
    [...]}}`` parts (``enum`` of strings for ``const`` too) as one lookup per property
    ``P``; ``None`` for any other ``allOf``.  A present ``P`` that is not a string is
    answered "no" (its ``if`` may not hold: more is declined, nothing more accepted)."""
    tables: dict[str, tuple[dict[str, frozenset[str]], set[str]]] = {}
    if not isinstance(parts, list):
        return None
    for part in parts:
        if not isinstance(part, Mapping) or frozenset(part) - _ANNOTATIONS != {"if", "then"}:
            return None
        cond, then = part["if"], part["then"]
        if (
            not isinstance(cond, Mapping)
            or frozenset(cond) - _ANNOTATIONS != {"properties"}
            or len(cond["properties"]) != 1
            or not isinstance(then, Mapping)
            or frozenset(then) - _ANNOTATIONS != {"required"}
        ):
            return None
        ((name, value),) = cond["properties"].items()
        keys = frozenset(value) - _ANNOTATIONS if isinstance(value, Mapping) else None
        if keys == frozenset({"const"}):
            texts = [value["const"]]
        elif keys == frozenset({"enum"}):
            texts = list(value["enum"])
        else:
            return None
        if not all(t.__class__ is str for t in texts):
            return None
        table, absent = tables.setdefault(name, ({}, set()))
        for text in texts:
            table[text] = table.get(text, frozenset()) | frozenset(then["required"])
        absent.update(then["required"])  # an absent property satisfies ``properties``
    frozen = [(name, table, frozenset(absent)) for name, (table, absent) in tables.items()]

    def check(v: Any) -> bool:
        for name, table, absent in frozen:
            if name in v:
                x = v[name]
                if x.__class__ is not str:
                    return False
                need = table.get(x)
                if need is not None and not need.issubset(v):
                    return False
            elif not absent.issubset(v):
                return False
        return True

    return check
