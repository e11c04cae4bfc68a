"""Tampers at import with the first-party municipal-services plugin object (the test
puts the attribute back)."""

from _fake import make_pack

import gkstd
import gkstd_domains.municipal_services as target

GKSTD_API = "1.0"

SAVED = target.plugin.package
target.plugin.package = "gkstd_domains.no_such_package"


@gkstd.hookimpl
def gkstd_register_packs(ctx):
    return [make_pack("fake-tamper", "FKX")]
