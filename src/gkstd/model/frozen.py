"""A read-only, hashable mapping for the mapping fields of the catalog model.

Catalogs are shared: a pack's national catalog is loaded once and handed to every rule of
every document.  Their attrs classes are frozen, and every sequence in them is a tuple;
the mapping fields (``Item.extra``, ``Origin.columns``, ``Origin.rows``) hold a
:class:`FrozenDict`, so no rule can change what the next one sees.
"""

from __future__ import annotations

from collections.abc import ItemsView, Iterable, Iterator, KeysView, Mapping, ValuesView
from typing import Any, TypeVar

__all__ = ["EMPTY", "FrozenDict", "freeze_int_map", "freeze_str_map"]

K = TypeVar("K")
V = TypeVar("V")


class FrozenDict(Mapping[K, V]):
    """A mapping that cannot be changed after it is built.

    It compares equal to any mapping with the same items (``FrozenDict(a=1) == {"a": 1}``),
    hashes by its items, pickles and deep-copies, and keeps the insertion order.

    >>> extra = FrozenDict({"备注": "无"})
    >>> extra["备注"], extra == {"备注": "无"}, extra | {"x": "y"}
    ('无', True, FrozenDict({'备注': '无', 'x': 'y'}))
    >>> extra["x"] = "y"
    Traceback (most recent call last):
    ...
    TypeError: 'FrozenDict' object does not support item assignment
    """

    __slots__ = ("_data", "_hash")

    _data: dict[K, V]
    _hash: int | None

    def __init__(self, data: Mapping[K, V] | Iterable[tuple[K, V]] = (), /) -> None:
        object.__setattr__(self, "_data", dict(data))
        object.__setattr__(self, "_hash", None)

    def __getitem__(self, key: K) -> V:
        return self._data[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def get(self, key: K, default: Any = None) -> Any:
        """The value of ``key``, or ``default``."""
        return self._data.get(key, default)

    def keys(self) -> KeysView[K]:
        """The keys (a read-only view of the underlying dict: faster than the mixin's)."""
        return self._data.keys()

    def values(self) -> ValuesView[V]:
        """The values (a read-only view)."""
        return self._data.values()

    def items(self) -> ItemsView[K, V]:
        """The (key, value) pairs (a read-only view)."""
        return self._data.items()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, FrozenDict):
            return self._data == other._data
        if isinstance(other, dict):
            return self._data == other
        if isinstance(other, Mapping):
            return self._data == dict(other.items())
        return NotImplemented

    def __hash__(self) -> int:
        cached = self._hash
        if cached is None:
            cached = hash(frozenset(self._data.items()))
            object.__setattr__(self, "_hash", cached)
        return cached

    def __or__(self, other: Mapping[K, V]) -> FrozenDict[K, V]:
        return FrozenDict({**self._data, **other})

    def __repr__(self) -> str:
        return f"FrozenDict({self._data!r})"

    def __reduce__(self) -> tuple[type[FrozenDict[K, V]], tuple[dict[K, V]]]:
        return (type(self), (self._data,))

    def __copy__(self) -> FrozenDict[K, V]:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> FrozenDict[K, V]:
        return self  # immutable; its values are texts and numbers

    def __setattr__(self, name: str, value: Any) -> None:
        if hasattr(self, "_hash"):
            raise AttributeError(f"'FrozenDict' object is read-only ({name})")
        object.__setattr__(self, name, value)

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"'FrozenDict' object is read-only ({name})")


#: The empty mapping, shared by every model object whose mapping field is empty.
EMPTY: FrozenDict[Any, Any] = FrozenDict()


def freeze_str_map(value: Mapping[str, str]) -> FrozenDict[str, str]:
    """``value`` as a :class:`FrozenDict` (itself when it is one): the attrs converter of
    text-to-text mapping fields."""
    if isinstance(value, FrozenDict):
        return value
    return FrozenDict(value) if value else EMPTY


def freeze_int_map(value: Mapping[str, int]) -> FrozenDict[str, int]:
    """``value`` as a :class:`FrozenDict` (itself when it is one): the attrs converter of
    text-to-number mapping fields."""
    if isinstance(value, FrozenDict):
        return value
    return FrozenDict(value) if value else EMPTY
