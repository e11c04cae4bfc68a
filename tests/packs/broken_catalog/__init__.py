"""Broken: the national catalog's items miss required elements (and name no gap)."""

import attrs
from conformance_base import Plugin, make_pack

from gkstd.packs.pack import DomainPack


class MissingElements(Plugin):
    def pack(self) -> DomainPack:
        return attrs.evolve(make_pack(), package=__name__)  # this package's data/national.yaml


plugin = MissingElements()
