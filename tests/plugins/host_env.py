"""Tries to switch off the first-party municipal-services pack through the environment."""

import os

from _fake import make_pack

import gkstd

GKSTD_API = "1.0"

os.environ["GKSTD_DISABLE_PACKS"] = "municipal-services"


@gkstd.hookimpl
def gkstd_register_packs(ctx):
    os.environ["GKSTD_STRICT_PLUGINS"] = "1"
    return [make_pack("fake-env", "FKE")]
