"""The strict cattrs converter between documents (plain data) and the attrs model.

Strictness: unknown keys are errors, strings are never made from numbers (or the other way
round), enumerations accept their documented spellings only.  Output uses Chinese labels,
omits absent elements, and writes ``gkstd`` first.
"""

from __future__ import annotations

import datetime
import functools
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from gkstd.io.build import Decline, build
from gkstd.model import Catalog, Channel, Item, TimeLimitKind
from gkstd.model.enums import LabelledEnum

T = TypeVar("T")

__all__ = ["converter", "structure", "structure_catalog", "unstructure_catalog"]


def _strict_str(value: Any, _: type) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {type(value).__name__} {value!r}")
    return value


def _strict_int(value: Any, _: type) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"expected an integer, got {type(value).__name__} {value!r}")
    return value


def _strict_bool(value: Any, _: type) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"expected true or false, got {type(value).__name__} {value!r}")
    return value


def _enum_hook(value: Any, cls: type[LabelledEnum]) -> LabelledEnum:
    if not isinstance(value, str):
        raise TypeError(f"expected a string label, got {type(value).__name__} {value!r}")
    return cls.parse(value)


def _channel(value: Any, _: Any) -> Channel | str:
    text = _strict_str(value, str)
    try:
        return Channel.parse(text)
    except ValueError:
        return text.strip()


def _date(value: Any, _: type) -> datetime.date:
    text = _strict_str(value, str)
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} 不是有效日期 (not a valid date, use YYYY-MM-DD)") from None


def _is_labelled(cls: Any) -> bool:
    """Enums written with their Chinese label (``TimeLimitKind`` is written as its code)."""
    return isinstance(cls, type) and issubclass(cls, LabelledEnum) and cls is not TimeLimitKind


@functools.cache
def converter() -> cattrs.Converter:
    """The shared strict converter (built once)."""
    conv = cattrs.Converter(forbid_extra_keys=True, omit_if_default=True)
    conv.register_structure_hook(str, _strict_str)
    conv.register_structure_hook(int, _strict_int)
    conv.register_structure_hook(bool, _strict_bool)
    conv.register_structure_hook(datetime.date, _date)
    conv.register_unstructure_hook(datetime.date, lambda d: d.isoformat())
    conv.register_structure_hook_func(_is_labelled, _enum_hook)
    conv.register_structure_hook(TimeLimitKind, _enum_hook)
    conv.register_unstructure_hook(TimeLimitKind, lambda k: k.code)
    conv.register_unstructure_hook_func(_is_labelled, lambda e: e.label)
    conv.register_structure_hook_func(lambda t: t == (Channel | str), _channel)
    conv.register_unstructure_hook_func(
        lambda t: t == (Channel | str), lambda c: c.label if isinstance(c, Channel) else c
    )
    conv.register_unstructure_hook(
        Catalog,
        make_dict_unstructure_fn(
            Catalog,
            conv,
            _cattrs_omit_if_default=True,
            gkstd=override(omit_if_default=False),
            items=override(omit_if_default=False),
        ),
    )
    conv.register_structure_hook(
        Catalog, make_dict_structure_fn(Catalog, conv, _cattrs_forbid_extra_keys=True)
    )
    conv.register_structure_hook(
        Item, make_dict_structure_fn(Item, conv, _cattrs_forbid_extra_keys=True)
    )
    return conv


def structure(data: Any, cls: type[T]) -> T:
    """Build ``cls`` (a model class) from format 1.0 data (raises cattrs errors).

    Data of the usual plain shape is built by the compiled fast path
    (:func:`gkstd.io.build.build`); anything it declines, by the strict converter,
    which gives the same object or the error it always gave."""
    try:
        return build(data, cls)
    except Decline:
        result: T = converter().structure(data, cls)
        return result


def structure_catalog(data: dict[str, Any]) -> Catalog:
    """Build a :class:`Catalog` from format 1.0 data (raises cattrs errors)."""
    return structure(data, Catalog)


def unstructure_catalog(catalog: Catalog) -> dict[str, Any]:
    """Format 1.0 data for ``catalog``: Chinese labels, absent elements omitted."""
    data: dict[str, Any] = converter().unstructure(catalog, Catalog)
    return {name: data[name] for name in _CATALOG_ORDER if name in data}


#: Top-level keys in document order (the model's field order; items and waivers last).
_CATALOG_ORDER = [a.name for a in attrs.fields(Catalog) if a.name not in ("items", "waivers")]
_CATALOG_ORDER += ["waivers", "items"]
