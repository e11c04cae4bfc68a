"""A pack whose registration hook raises."""

import gkstd


@gkstd.hookimpl
def gkstd_register_packs(ctx):
    raise RuntimeError("boom in register")
