"""公开事项: the item tree of a catalog."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import attrs

from gkstd.model.elements import Citation, Mark, TimeLimit
from gkstd.model.enums import Audience, Category, Channel, Level, Method
from gkstd.model.frozen import EMPTY, freeze_str_map

__all__ = ["ELEMENT_NAMES", "REQUIRED_ELEMENTS", "Item", "exempt_elements"]

#: Element keys in document order, with their Chinese names.
ELEMENT_NAMES: dict[str, str] = {
    "name": "事项名称",
    "content": "公开内容",
    "basis": "公开依据",
    "time_limit": "公开时限",
    "subject": "公开主体",
    "method": "公开方式",
    "channels": "公开渠道和载体",
    "audience": "公开对象",
    "levels": "公开层级",
    "category": "五公开",
}

#: The eight elements 国办发〔2019〕54号 requires of every item.
REQUIRED_ELEMENTS: tuple[str, ...] = (
    "name",
    "content",
    "basis",
    "time_limit",
    "subject",
    "method",
    "channels",
    "audience",
)


@attrs.frozen(kw_only=True)
class Item:
    """One 公开事项.  First-level items group child ``items``; the leaves carry elements.

    List elements default to an empty tuple (absent); scalar elements to ``None``.
    ``channels`` holds :class:`Channel` members for the template vocabulary and plain
    strings for free-text channels.  ``extra`` (columns kept verbatim) is read-only (a
    :class:`~gkstd.model.frozen.FrozenDict`): build a new mapping and ``attrs.evolve``.
    """

    id: str
    name: str
    content: tuple[str, ...] = ()
    basis: tuple[Citation, ...] = ()
    time_limit: TimeLimit | None = None
    subject: str | None = None
    method: Method | None = None
    channels: tuple[Channel | str, ...] = ()
    audience: Audience | None = None
    levels: tuple[Level, ...] = ()
    category: Category | None = None
    sources: tuple[str, ...] = ()
    gap: Mark | None = None
    not_applicable: Mark | None = None
    notes: str | None = None
    extra: Mapping[str, str] = attrs.field(default=EMPTY, converter=freeze_str_map)
    items: tuple[Item, ...] = ()

    @property
    def is_leaf(self) -> bool:
        """True when the item has no child items."""
        return not self.items

    def walk(self) -> Iterator[Item]:
        """This item and all its descendants, depth first in document order."""
        yield self
        for child in self.items:
            yield from child.walk()

    def element(self, key: str) -> object:
        """Value of element ``key`` (see :data:`ELEMENT_NAMES`)."""
        return getattr(self, key)

    def has_element(self, key: str) -> bool:
        """True when element ``key`` is present and non-empty."""
        value = getattr(self, key)  # as :meth:`element` (asked thousands of times a tree)
        if isinstance(value, str):
            return bool(value.strip())
        if isinstance(value, tuple):
            return bool(value)
        return value is not None


def exempt_elements(item: Item) -> frozenset[str] | None:
    """The required elements not checked on ``item`` (GK101, GK106 and the inheritance
    checks): ``None`` (all of them) for groups, for placeholders of groups whose items are
    unknown (``gap: {missing: [items]}``) and for items marked not applicable; for another
    known gap only the elements its mark names; otherwise none."""
    if not item.is_leaf or item.not_applicable is not None:
        return None
    if item.gap is None:
        return frozenset()
    if "items" in item.gap.missing:
        return None
    return frozenset(item.gap.missing)
