"""Claims the Chinese name of the first-party municipal-services pack as an alias."""

from _fake import make_pack

import gkstd

GKSTD_API = "1.0"


@gkstd.hookimpl
def gkstd_register_packs(ctx):
    return [make_pack("fake-alias", "FKA", aliases=("市政服务",))]
