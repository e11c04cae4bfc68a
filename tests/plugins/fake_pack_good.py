"""A well-formed third-party pack used by the plugin tests."""

import gkstd
from gkstd.findings import Severity


@gkstd.hookimpl
def gkstd_register_packs(ctx):
    return [
        gkstd.DomainPack(
            code="fake-good",
            name_zh="测试领域",
            name_en="Fake",
            ministry="测试部",
            guide=gkstd.NationalGuide(issuer="测试部办公厅"),
            rule_prefix="FKG",
            version="1.0",
            package="gkstd_domains.municipal_services",
        )
    ]


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
