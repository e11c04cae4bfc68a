"""Claims the same rule prefix as fake_pack_good."""

from _fake import make_pack

import gkstd


@gkstd.hookimpl
def gkstd_register_packs(ctx):
    return [make_pack("fake-other", "FKG")]
