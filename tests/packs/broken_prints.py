"""Broken: rules that print while checking, one to standard output on every item, one to
standard error when it finds something (their examples behave otherwise), one straight to
file descriptor 1 below Python's streams (as a C library's printf would)."""

import os
import sys
from collections.abc import Iterator

from conformance_base import ITEM, RULES, Plugin

from gkstd import Finding, Item, Severity, rule
from gkstd.diagnostics.context import CheckContext
from gkstd.diagnostics.rule import Example


@rule(
    "TP104",
    Severity.INFO,
    ("公开渠道只有政府网站", "The website is the only channel"),
    ("示例。", "Example."),
    "《中华人民共和国政府信息公开条例》第二十三条",
    bad=Example(ITEM, domain="test-pack"),
    good=Example(ITEM.replace("[政府网站]", "[政府网站, 公开栏]"), domain="test-pack"),
)
def website_only(item: Item, ctx: CheckContext) -> Iterator[Finding]:
    """Prints what it checks (the bug)."""
    print(f"checking {item.id}")
    if len(item.channels) == 1:
        yield website_only.finding("只有政府网站。", "Website only.", item=item.id)


@rule(
    "TP105",
    Severity.INFO,
    ("主体为工作机构", "The subject is the disclosure office"),
    ("示例。", "Example."),
    "《中华人民共和国政府信息公开条例》第四条",
    bad=Example(ITEM, domain="test-pack"),
    good=Example(ITEM.replace("政府信息公开工作机构", "县人民政府办公室"), domain="test-pack"),
)
def office_subject(item: Item, ctx: CheckContext) -> Iterator[Finding]:
    """Writes a warning of its own to standard error when it fires (the bug)."""
    if item.subject == "政府信息公开工作机构":
        sys.stderr.write(f"TP105: {item.id}\n")
        yield office_subject.finding("工作机构。", "Office.", item=item.id)


@rule(
    "TP106",
    Severity.INFO,
    ("主体为工作机构（底层输出）", "The subject is the disclosure office (low-level output)"),
    ("示例。", "Example."),
    "《中华人民共和国政府信息公开条例》第四条",
    bad=Example(ITEM, domain="test-pack"),
    good=Example(ITEM.replace("政府信息公开工作机构", "县人民政府办公室"), domain="test-pack"),
)
def office_subject_raw(item: Item, ctx: CheckContext) -> Iterator[Finding]:
    """Writes to file descriptor 1 when it fires (the bug), past sys.stdout."""
    if item.subject == "政府信息公开工作机构":
        os.write(1, f"TP106 raw: {item.id}\n".encode())
        yield office_subject_raw.finding("工作机构。", "Office.", item=item.id)


class Prints(Plugin):
    rules = [*RULES, website_only, office_subject, office_subject_raw]  # noqa: RUF012


plugin = Prints()
