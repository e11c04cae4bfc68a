"""Claims the rule prefix SZFW of the first-party municipal-services pack."""

from _fake import make_pack, make_rule

import gkstd

GKSTD_API = "1.0"


@gkstd.hookimpl
def gkstd_register_packs(ctx):
    return [make_pack("fake-szfw", "SZFW")]


@gkstd.hookimpl
def gkstd_register_rules(ctx):
    return [make_rule("SZFW999")]
