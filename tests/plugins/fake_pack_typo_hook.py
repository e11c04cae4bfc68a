"""Implements a misspelt hook."""

import gkstd


@gkstd.hookimpl
def gkstd_register_pack(ctx):
    return []
