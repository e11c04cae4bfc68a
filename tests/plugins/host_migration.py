"""Plugins registering migrations: for another plugin's domain, for the core format
from a plugin with two packs, and (well-formed) without a domain from a one-pack plugin."""

from _fake import make_pack

import gkstd
from gkstd.io.loader import Migration

GKSTD_API = "1.0"


def _same(data):
    return data


class _Base:
    packs = (("fake-mig", "FKMA"),)
    domain = None

    @gkstd.hookimpl
    def gkstd_register_packs(self, ctx):
        return [make_pack(code, prefix) for code, prefix in self.packs]

    @gkstd.hookimpl
    def gkstd_register_migrations(self, ctx):
        return [Migration("0.9", "1.0", _same, domain=self.domain)]


class _OtherDomain(_Base):
    domain = "municipal-services"


class _TwoPacks(_Base):
    packs = (("fake-mig", "FKMA"), ("fake-mig2", "FKMB"))


other_domain = _OtherDomain()
two_packs = _TwoPacks()
one_pack = _Base()
