"""How complete a pack's national catalog is — computed from the data, never claimed.

* ``complete``: no known gap, every leaf has every required element and 公开层级, and the
  item counts match the national totals where a source states them;
* ``items-only``: the item tree is complete (no gap names missing items, counts match),
  but some elements are missing;
* ``partial``: items are known to be missing (a gap names ``items``, a gap does not say
  what it lacks, or fewer items were found than a source states), or no source states
  the national totals, so a complete item tree cannot be shown.
"""

from __future__ import annotations

from typing import Literal

import attrs

from gkstd.model import REQUIRED_ELEMENTS, Catalog

__all__ = ["COVERED_ELEMENTS", "Completeness", "Coverage", "catalog_coverage"]

Completeness = Literal["complete", "items-only", "partial"]

#: The elements whose coverage is reported: the eight required ones and 公开层级.
COVERED_ELEMENTS: tuple[str, ...] = (*REQUIRED_ELEMENTS, "levels")


@attrs.frozen
class Coverage:
    """Counts and completeness of one catalog.

    ``first_level``/``second_level`` count the items found; ``expected_*`` are the
    national totals a source states (``None`` when none does).  ``elements`` maps each
    covered element to the share of leaf items that state it (gaps included as
    missing).  ``missing`` lists what is known to be missing, for people to read.
    """

    status: Completeness
    first_level: int
    second_level: int
    leaves: int
    gaps: int
    expected_first_level: int | None = None
    expected_second_level: int | None = None
    elements: dict[str, float] = attrs.field(factory=dict, hash=False)
    missing: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return attrs.asdict(self)


def catalog_coverage(
    catalog: Catalog,
    expected_first_level: int | None = None,
    expected_second_level: int | None = None,
) -> Coverage:
    """Compute the :class:`Coverage` of ``catalog`` against optional national totals."""
    first = len(catalog.items)
    second = sum(len(item.items) for item in catalog.items)
    leaves = list(catalog.leaves())
    marked = [item for item in catalog.walk() if item.gap is not None]
    missing: list[str] = []
    items_missing = False
    for item in marked:
        assert item.gap is not None
        if not item.gap.missing:
            items_missing = True
            missing.append(f"{item.id}: 未说明缺少什么 / gap does not say what is missing")
        elif "items" in item.gap.missing:
            items_missing = True
            missing.append(f"{item.id}: 下级事项 / child items")
    if expected_first_level is not None and first < expected_first_level:
        items_missing = True
        missing.append(f"一级事项 {first}/{expected_first_level}")
    if expected_second_level is not None and second < expected_second_level:
        items_missing = True
        missing.append(f"二级事项 {second}/{expected_second_level}")
    if expected_first_level is None and expected_second_level is None:
        items_missing = True
        missing.append("国家目录事项总数未见来源，无法证明事项齐全 / national totals unknown")
    elements = {
        key: (sum(1 for leaf in leaves if leaf.has_element(key)) / len(leaves)) if leaves else 0.0
        for key in COVERED_ELEMENTS
    }
    elements_missing = any(share < 1.0 for share in elements.values())
    if items_missing or not leaves:
        status: Completeness = "partial"
    elif elements_missing or marked:
        status = "items-only"
    else:
        status = "complete"
    return Coverage(
        status=status,
        first_level=first,
        second_level=second,
        leaves=len(leaves),
        gaps=len(marked),
        expected_first_level=expected_first_level,
        expected_second_level=expected_second_level,
        elements=elements,
        missing=tuple(missing),
    )
