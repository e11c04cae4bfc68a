"""Shared factory for the fake third-party packs of the plugin tests."""

import gkstd


def make_pack(code: str, prefix: str) -> gkstd.DomainPack:
    """A minimal pack reusing the first-party catalog data file."""
    return gkstd.DomainPack(
        code=code,
        name_zh="测试领域",
        name_en="Fake",
        ministry="测试部",
        guide=gkstd.NationalGuide(issuer="测试部办公厅"),
        rule_prefix=prefix,
        version="1.0",
        package="gkstd_domains.municipal_services",
    )
