"""Registers a rule whose prefix belongs to no pack of this plugin."""

from _fake import make_pack

import gkstd
from gkstd.diagnostics.findings import Severity


@gkstd.hookimpl
def gkstd_register_packs(ctx):
    return [make_pack("fake-stray", "STR")]


@gkstd.hookimpl
def gkstd_register_rules(ctx):
    @gkstd.rule(
        "XYZ101",
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
