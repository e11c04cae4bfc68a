"""Broken: an order on 更新频率 that is not transitive ("at most one step apart")."""

from typing import Any

import attrs
from conformance_base import FREQUENCIES, FREQUENCY_ORDER, LESS_OFTEN, Plugin

from gkstd.diagnostics.i18n import Text
from gkstd.inherit.orders import CompareContext, Violation


def one_step(parent: Any, child: Any, ctx: CompareContext) -> list[Violation]:
    """Refines when the two frequencies are at most one step apart (not transitive)."""
    p = FREQUENCIES.index(parent) if parent in FREQUENCIES else 0
    c = FREQUENCIES.index(child) if child in FREQUENCIES else 0
    return [] if abs(p - c) <= 1 else [Violation(LESS_OFTEN, Text("相差过大", "too far apart"))]


class Intransitive(Plugin):
    orders = [attrs.evolve(FREQUENCY_ORDER, compare=one_step)]  # noqa: RUF012


plugin = Intransitive()
