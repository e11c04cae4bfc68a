"""Claims the same domain code as fake_pack_good."""

import gkstd


@gkstd.hookimpl
def gkstd_register_packs(ctx):
    return [
        gkstd.DomainPack(
            code="fake-good",
            name_zh="冲突",
            name_en="Clash",
            ministry="测试部",
            guide=gkstd.NationalGuide(issuer="测试部"),
            rule_prefix="CLA",
            version="1.0",
            package="gkstd_domains.municipal_services",
        )
    ]
