"""The catalog model: attrs classes for catalogs, items and element values, their
enumerations, text folding and the canonical wording of time limits.

Floor 1 of the layers (docs/architecture.md): imports nothing else of gkstd."""

from gkstd.model.catalog import FORMAT_VERSION, Catalog, Jurisdiction, Origin, Source, Waiver
from gkstd.model.elements import Citation, Mark, TimeLimit
from gkstd.model.enums import (
    Audience,
    Category,
    Channel,
    Level,
    Method,
    Period,
    Rank,
    Relation,
    TimeLimitKind,
    Trigger,
)
from gkstd.model.frozen import FrozenDict
from gkstd.model.item import ELEMENT_NAMES, REQUIRED_ELEMENTS, Item

__all__ = [
    "ELEMENT_NAMES",
    "FORMAT_VERSION",
    "REQUIRED_ELEMENTS",
    "Audience",
    "Catalog",
    "Category",
    "Channel",
    "Citation",
    "FrozenDict",
    "Item",
    "Jurisdiction",
    "Level",
    "Mark",
    "Method",
    "Origin",
    "Period",
    "Rank",
    "Relation",
    "Source",
    "TimeLimit",
    "TimeLimitKind",
    "Trigger",
    "Waiver",
]
