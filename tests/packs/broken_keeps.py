"""Broken: an order on 更新频率 that says ``keeps_parent`` but whose merge takes the child's
value (a less frequent child loses the parent's frequency)."""

import attrs
from conformance_base import FREQUENCY_ORDER, Plugin


class ClaimsToKeep(Plugin):
    orders = [attrs.evolve(FREQUENCY_ORDER, keeps_parent=True)]  # noqa: RUF012


plugin = ClaimsToKeep()
