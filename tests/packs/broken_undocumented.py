"""Broken: a rule with no rationale, no legal basis and no examples."""

import attrs
from conformance_base import RULES, Plugin, catalog_index

from gkstd.diagnostics.i18n import Text
from gkstd.diagnostics.rule import Example

UNDOCUMENTED = attrs.evolve(
    catalog_index,
    code="TP102",
    rationale=Text("", ""),
    basis="",
    bad=Example(""),
    good=Example(""),
)


class Undocumented(Plugin):
    rules = [*RULES, UNDOCUMENTED]  # noqa: RUF012


plugin = Undocumented()
