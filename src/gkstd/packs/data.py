"""Turning an official national table into a pack's catalog data.

When an authority publishes (or a pack author obtains) the official national table, it
is converted to a format 1.0 document (by hand, or by the table reader) and checked here
before it replaces a pack's ``data/national.yaml``: right domain and level, clean under
the rules (no errors and no warnings, waivers with reasons: the bar of the conformance
check ``clean``), every item traceable to a listed source.  ``gkstd pack-data`` runs this and
shows what changes against the pack's current data.
"""

from __future__ import annotations

import attrs

from gkstd.diagnostics.findings import Severity
from gkstd.diagnostics.i18n import Text
from gkstd.diagnostics.report import Report
from gkstd.inherit.diff import CatalogDiff, diff_catalogs
from gkstd.model import Catalog
from gkstd.packs.coverage import Coverage, catalog_coverage
from gkstd.packs.pack import DomainPack

__all__ = ["PackDataCheck", "check_pack_data"]


@attrs.frozen
class PackDataCheck:
    """The result of checking a candidate national catalog for a pack.

    ``problems`` must be empty before the data can replace the pack's; ``diff`` compares
    with the pack's current catalog; ``before``/``after`` are the completeness figures.
    """

    problems: tuple[Text, ...]
    diff: CatalogDiff | None
    before: Coverage | None
    after: Coverage

    @property
    def ok(self) -> bool:
        """True when the candidate can become the pack's national catalog."""
        return not self.problems


def check_pack_data(pack: DomainPack, candidate: Catalog, report: Report) -> PackDataCheck:
    """Check ``candidate`` (validated, with ``report``) as the national catalog of ``pack``."""
    problems: list[Text] = []
    if candidate.domain != pack.code:
        problems.append(
            Text(
                f"domain 应为 {pack.code}，实际为 {candidate.domain}。",
                f"domain must be {pack.code}, not {candidate.domain}.",
            )
        )
    if candidate.jurisdiction.level.code != "national":
        problems.append(
            Text(
                f"国家目录的 jurisdiction.level 应为国家级，实际为{candidate.jurisdiction.level.label}。",
                "A national catalog has jurisdiction.level 国家级.",
            )
        )
    if candidate.extends or candidate.conforms_to:
        problems.append(Text("国家目录不能有上级目录。", "A national catalog has no parent."))
    blank = [f"{w.code}/{w.item}" for w in candidate.waivers if not w.reason.strip()]
    if blank:
        problems.append(
            Text(
                f"豁免缺少理由：{', '.join(blank)}",
                f"Waiver(s) without a reason: {', '.join(blank)}",
            )
        )
    # the same bar as the conformance check ``clean``: no errors and no warnings
    problems_found = [f for f in report.findings if f.severity >= Severity.WARNING]
    for finding in problems_found:
        problems.append(
            Text(
                f"{finding.code} {finding.location.display()}: {finding.message}",
                f"{finding.code} {finding.location.display()}: {finding.message_en}",
            )
        )
    sources = {s.id: s for s in candidate.sources}
    if not sources:
        problems.append(Text("没有登记任何来源（sources）。", "No sources are listed."))
    for source in sources.values():
        if not (source.url or source.file):
            problems.append(
                Text(
                    f"来源 {source.id} 没有 url 或 file，无法核对。",
                    f"Source {source.id} has neither url nor file.",
                )
            )
    for item in candidate.walk():
        if not item.sources:
            problems.append(
                Text(f"事项 {item.id} 没有记录来源。", f"Item {item.id} records no source.")
            )
    current = pack.load_catalog().catalog
    expected = pack.expected
    first = expected.first_level if expected else None
    second = expected.second_level if expected else None
    return PackDataCheck(
        problems=tuple(problems),
        diff=diff_catalogs(current, candidate) if current is not None else None,
        before=catalog_coverage(current, first, second) if current is not None else None,
        after=catalog_coverage(candidate, first, second),
    )
