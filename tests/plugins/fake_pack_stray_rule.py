"""Registers a rule whose prefix belongs to no pack of this plugin."""

import gkstd
from gkstd.findings import Severity


@gkstd.hookimpl
def gkstd_register_packs(ctx):
    return [
        gkstd.DomainPack(
            code="fake-stray",
            name_zh="测试",
            name_en="Stray",
            ministry="测试部",
            guide=gkstd.NationalGuide(issuer="测试部"),
            rule_prefix="STR",
            version="1.0",
            package="gkstd_domains.municipal_services",
        )
    ]


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
