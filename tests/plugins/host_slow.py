"""A well-formed pack whose registration hook is slow."""

import time

from _fake import make_pack

import gkstd

GKSTD_API = "1.0"


@gkstd.hookimpl
def gkstd_register_packs(ctx):
    time.sleep(1.1)
    return [make_pack("fake-slow", "FKS")]
