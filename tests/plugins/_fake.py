"""Shared factories for the fake third-party packs of the plugin tests."""

from __future__ import annotations

from typing import Any

import gkstd
from gkstd.diagnostics.findings import Severity
from gkstd.diagnostics.i18n import Text
from gkstd.inherit.orders import ElementOrder


def make_pack(
    code: str, prefix: str, *, name_zh: str | None = None, aliases: tuple[str, ...] = ()
) -> gkstd.DomainPack:
    """A minimal pack reusing the first-party catalog data file (its Chinese name is
    made from the code unless given, so that two fake packs do not share a name)."""
    return gkstd.DomainPack(
        code=code,
        name_zh=name_zh or f"测试领域 {code}",
        name_en="Fake",
        ministry="测试部",
        guide=gkstd.NationalGuide(issuer="测试部办公厅"),
        rule_prefix=prefix,
        version="1.0",
        package="gkstd_domains.municipal_services",
        aliases=aliases,
    )


def make_rule(code: str) -> gkstd.Rule:
    """A documented rule that never reports anything."""

    @gkstd.rule(
        code,
        Severity.INFO,
        ("示例", "Example"),
        ("理由", "Why"),
        "依据",
        bad="id: a\nname: A\n",
        good="id: a\nname: A\n",
    )
    def noop(item: Any, ctx: Any) -> list[Any]:
        return []

    return noop


def make_order(element: str, domain: str | None = None) -> ElementOrder:
    """An order of ``element`` under which every value refines every other."""
    return ElementOrder(
        element=element,
        title=Text("测试要素", "test element"),
        compare=lambda parent, child, ctx: [],
        merge=lambda parent, child: child,
        domain=domain,
    )
