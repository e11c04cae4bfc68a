"""Item-by-item, element-by-element differences between two catalogs.

Used for 动态调整 (two editions of one catalog) and for a child against its parent.
Items are matched by id, then by name; list elements report the entries added and
removed, scalar elements the old and new value.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal

import attrs

from gkstd.inherit.orders import display_value
from gkstd.io.converter import converter
from gkstd.model import ELEMENT_NAMES, Catalog, Citation, Item, Mark
from gkstd.model.enums import normalize_label

__all__ = [
    "CatalogDiff",
    "ElementChange",
    "ItemChange",
    "diff_catalogs",
    "element_label",
    "plain_value",
    "show_value",
]

ItemChangeKind = Literal["added", "removed", "changed"]


@attrs.frozen
class ElementChange:
    """One element that differs: ``old``/``new`` values, and for list elements the
    entries ``added`` and ``removed``."""

    element: str
    old: Any
    new: Any
    added: tuple[Any, ...] = ()
    removed: tuple[Any, ...] = ()

    @property
    def is_list(self) -> bool:
        """Whether the element is a list (then ``added``/``removed`` say what changed)."""
        return isinstance(self.old, tuple) or isinstance(self.new, tuple)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: the values as plain data, as a document writes them (an
        absent value is ``None``)."""
        out: dict[str, Any] = {"element": self.element}
        if self.is_list:
            out["added"] = [plain_value(v) for v in self.added]
            out["removed"] = [plain_value(v) for v in self.removed]
        else:
            out["old"] = plain_value(self.old)
            out["new"] = plain_value(self.new)
        return out


def plain_value(value: Any) -> Any:
    """An element value as plain data (what the document format writes): Chinese labels
    for enumerations, mappings for citations, time limits and marks; ``None`` stays."""
    if value is None:
        return None
    data = converter().unstructure(value)
    return list(data) if isinstance(data, tuple) else data


def show_value(value: Any, lang: str = "zh") -> str:
    """An element value as gkstd displays it (:func:`display_value`): an absent value is
    （无）/(none), a gap or not-applicable mark its reason."""
    if value is None or value == ():
        return "（无）" if lang == "zh" else "(none)"
    if isinstance(value, Mark):
        if not value.missing:
            return value.reason
        if lang == "zh":
            names = {**ELEMENT_NAMES, "items": "下级事项"}
            return f"{value.reason}（未核实：{'、'.join(names.get(m, m) for m in value.missing)}）"
        return f"{value.reason} (not verified: {', '.join(value.missing)})"
    return display_value(value)


#: Names of the diff's elements other than :data:`ELEMENT_NAMES`.
_MARK_NAMES = {"gap": ("已知缺口", "gap"), "not_applicable": ("不适用", "not applicable")}


def element_label(element: str, lang: str = "zh") -> str:
    """The name of a diff's ``element`` key: 公开内容 for ``content`` in Chinese (the key
    itself in English); ``extra:KEY`` stays as it is."""
    if element in _MARK_NAMES:
        zh, en = _MARK_NAMES[element]
        return zh if lang == "zh" else en
    if lang == "zh":
        return ELEMENT_NAMES.get(element, element)
    return element


@attrs.frozen
class ItemChange:
    """An item added, removed or changed.  ``old_id`` is set when matched by name."""

    kind: ItemChangeKind
    item: str
    name: str
    elements: tuple[ElementChange, ...] = ()
    old_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        out: dict[str, Any] = {"kind": self.kind, "item": self.item, "name": self.name}
        if self.old_id is not None:
            out["old_id"] = self.old_id
        if self.elements:
            out["elements"] = [e.to_dict() for e in self.elements]
        return out


@attrs.frozen
class CatalogDiff:
    """The differences from catalog ``old`` to catalog ``new``."""

    old: str
    new: str
    items: tuple[ItemChange, ...]

    @property
    def empty(self) -> bool:
        """True when nothing differs."""
        return not self.items

    def of_kind(self, kind: ItemChangeKind) -> list[ItemChange]:
        """The item changes of one kind."""
        return [c for c in self.items if c.kind == kind]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        counts = {k: len(self.of_kind(k)) for k in ("added", "removed", "changed")}
        return {
            "old": self.old,
            "new": self.new,
            "stats": counts,
            "items": [c.to_dict() for c in self.items],
        }


def _key(value: Any) -> str:
    if isinstance(value, Citation):
        return normalize_label(value.title).strip("《》")
    code = getattr(value, "code", None)
    return code if isinstance(code, str) else normalize_label(str(value))


def _element_changes(old: Item, new: Item) -> Iterator[ElementChange]:
    for element in ELEMENT_NAMES:
        a, b = old.element(element), new.element(element)
        if a == b:
            continue
        if isinstance(a, tuple) and isinstance(b, tuple):
            old_keys, new_keys = {_key(v) for v in a}, {_key(v) for v in b}
            added = tuple(v for v in b if _key(v) not in old_keys)
            removed = tuple(v for v in a if _key(v) not in new_keys)
            changed_in_place = tuple(v for v in b if v not in a and _key(v) in old_keys)
            if added or removed or changed_in_place:
                yield ElementChange(element, a, b, added, removed)
            continue
        yield ElementChange(element, a, b)
    for key in sorted(set(old.extra) | set(new.extra)):
        if old.extra.get(key) != new.extra.get(key):
            yield ElementChange(f"extra:{key}", old.extra.get(key), new.extra.get(key))
    for mark in ("gap", "not_applicable"):
        if getattr(old, mark) != getattr(new, mark):
            yield ElementChange(mark, getattr(old, mark), getattr(new, mark))


def diff_catalogs(old: Catalog, new: Catalog) -> CatalogDiff:
    """What changed from ``old`` to ``new``, item by item in ``new``'s order, then the
    removed items in ``old``'s order.

    Items pair by id, else by name.  An id that a catalog repeats (an error the checks
    report, GK0xx) pairs its occurrences in order — the first with the first — so that
    a catalog compared with itself shows no change whatever it holds."""
    olds = list(old.walk())
    new_items = list(new.walk())
    new_ids = {item.id for item in new_items}
    by_id: dict[str, list[int]] = {}  # positions in olds, in order
    by_name: dict[str, list[int]] = {}  # of the old items whose id the new catalog lacks
    for n, item in enumerate(olds):
        by_id.setdefault(item.id, []).append(n)
        if item.id not in new_ids:
            by_name.setdefault(normalize_label(item.name), []).append(n)
    changes: list[ItemChange] = []
    matched: set[int] = set()
    for item in new_items:
        same_id = by_id.get(item.id)
        old_id = None
        if same_id:
            at: int | None = same_id.pop(0)
        else:
            same_name = by_name.get(normalize_label(item.name))
            at = same_name.pop(0) if same_name else None
            old_id = olds[at].id if at is not None else None
        if at is None:
            changes.append(ItemChange("added", item.id, item.name))
            continue
        matched.add(at)
        elements = tuple(_element_changes(olds[at], item))
        if elements or old_id is not None:
            changes.append(ItemChange("changed", item.id, item.name, elements, old_id))
    for n, item in enumerate(olds):
        if n not in matched:
            changes.append(ItemChange("removed", item.id, item.name))
    return CatalogDiff(old.id, new.id, tuple(changes))
