"""Forgets @gkstd.hookimpl on one hook: pluggy would never call it."""

from tests.plugins._fake import make_pack, make_rule

import gkstd


@gkstd.hookimpl
def gkstd_register_packs(ctx):
    return [make_pack("unmarked-domain", "UNM")]


def gkstd_register_rules(ctx):
    return [make_rule("UNM101")]
