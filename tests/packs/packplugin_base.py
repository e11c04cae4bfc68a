"""The complete test pack built with the ready-made PackPlugin (rules and orders as
arguments), as docs/pack-authoring.md shows."""

from conformance_base import FREQUENCY_ORDER, RULES

from gkstd.plugins import PackPlugin

plugin = PackPlugin("conformance_base", rules=RULES, orders=[FREQUENCY_ORDER])
