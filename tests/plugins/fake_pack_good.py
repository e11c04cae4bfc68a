"""A well-formed third-party pack used by the plugin tests."""

from _fake import make_pack

import gkstd
from gkstd.diagnostics.findings import Severity


@gkstd.hookimpl
def gkstd_register_packs(ctx):
    return [make_pack("fake-good", "FKG")]


@gkstd.hookimpl
def gkstd_register_rules(ctx):
    @gkstd.rule(
        "FKG101",
        Severity.INFO,
        ("示例", "Example"),
        ("理由", "Why"),
        "依据",
        bad="id: a\nname: A\n",
        good="id: a\nname: A\n",
    )
    def noop(item, ctx):
        return []

    return [noop]
