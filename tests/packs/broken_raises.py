"""Broken: a rule that raises on items without a time limit (its examples have one)."""

from collections.abc import Iterator

from conformance_base import ITEM, RULES, Plugin

from gkstd import Finding, Item, Severity, rule
from gkstd.diagnostics.context import CheckContext
from gkstd.diagnostics.rule import Example


@rule(
    "TP103",
    Severity.WARNING,
    ("时限过长", "Time limit too long"),
    ("示例。", "Example."),
    "《中华人民共和国政府信息公开条例》第二十六条",
    bad=Example(ITEM.replace("20个工作日", "30个工作日"), domain="test-pack"),
    good=Example(ITEM, domain="test-pack"),
)
def too_long(item: Item, ctx: CheckContext) -> Iterator[Finding]:
    """Assumes every item has a time limit in days (the bug)."""
    if item.is_leaf and item.time_limit.days > 20:  # type: ignore[union-attr, operator]
        yield too_long.finding("时限过长。", "Too long.", item=item.id)


class Raises(Plugin):
    rules = [*RULES, too_long]  # noqa: RUF012


plugin = Raises()
