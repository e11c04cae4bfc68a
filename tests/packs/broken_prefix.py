"""Broken: claims the rule prefix SZFW, which the installed 市政服务 pack owns."""

import attrs
from conformance_base import Plugin

from gkstd.packs.pack import DomainPack


class PrefixThief(Plugin):
    rules = []  # noqa: RUF012 - the base's rules carry the TP prefix

    def pack(self) -> DomainPack:
        return attrs.evolve(super().pack(), rule_prefix="SZFW")


plugin = PrefixThief()
