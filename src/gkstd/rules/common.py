"""Shared by the core rule modules: the base of their examples, what is not checked."""

from __future__ import annotations

from gkstd.diagnostics.samples import GOOD_ITEM, replaced
from gkstd.model import Item

__all__ = ["TIAOLI", "bad", "skipped"]

#: The regulation most rules cite.
TIAOLI = "《中华人民共和国政府信息公开条例》（国务院令第711号）"


def bad(old: str, new: str) -> str:
    """The good example item with ``old`` replaced by ``new`` (a no-op replacement is an
    error, see :func:`gkstd.diagnostics.samples.replaced`)."""
    return replaced(GOOD_ITEM, old, new)


def skipped(item: Item) -> bool:
    """Items whose elements are not checked: groups, known gaps, not applicable."""
    return not item.is_leaf or item.gap is not None or item.not_applicable is not None
