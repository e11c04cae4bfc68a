"""The core rules, by part: GK1xx and GK401 (:mod:`gkstd.rules.items`), GK3xx
(:mod:`gkstd.rules.disclosure`), GK307 (:mod:`gkstd.rules.township`), GK7xx village lists
(:mod:`gkstd.rules.village`).

The loader's GK0xx rules live in :mod:`gkstd.io.codes`, the inheritance rules GK2xx in
:mod:`gkstd.inherit.rules`.
"""

from __future__ import annotations

from gkstd.diagnostics.rule import Rule
from gkstd.rules.disclosure import (
    ART20_CATEGORIES,
    art20_proactive,
    calendar_limit_needs_law,
    limit_understood,
    long_limit_needs_statute,
    proactive_on_website,
    timely_defaults,
)
from gkstd.rules.items import (
    has_channel,
    known_gap,
    known_sources,
    not_withheld,
    required_elements,
    unique_ids,
    unique_sibling_names,
)
from gkstd.rules.township import ART21_TOWNSHIP_TOPICS, TOWNSHIP_TOPICS, township_findings
from gkstd.rules.village import village_channels, village_parent
from gkstd.timing.spans import limit_days, min_calendar_span

__all__ = [
    "ART20_CATEGORIES",
    "ART21_TOWNSHIP_TOPICS",
    "CORE_RULES",
    "limit_days",
    "min_calendar_span",
    "township_findings",
]


#: Core rules run by the engine (the loader's GK0xx rules live in :mod:`gkstd.io.codes`).
CORE_RULES: tuple[Rule, ...] = (
    required_elements,
    known_gap,
    unique_ids,
    unique_sibling_names,
    has_channel,
    not_withheld,
    proactive_on_website,
    long_limit_needs_statute,
    calendar_limit_needs_law,
    timely_defaults,
    limit_understood,
    art20_proactive,
    TOWNSHIP_TOPICS,
    known_sources,
    village_channels,
    village_parent,
)
