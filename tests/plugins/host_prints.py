"""A well-formed pack that prints to standard output at import and in a hook."""

from _fake import make_pack, make_rule

import gkstd

GKSTD_API = "1.0"

print("hello from host_prints at import")


@gkstd.hookimpl
def gkstd_register_packs(ctx):
    print("hello from host_prints in a hook")
    return [make_pack("fake-print", "FKP")]


@gkstd.hookimpl
def gkstd_register_rules(ctx):
    return [make_rule("FKP101")]
