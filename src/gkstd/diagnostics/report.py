"""The report of a validation run: ``valid``, ``stats`` and ``findings``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs

from gkstd.diagnostics.findings import Finding, Severity

__all__ = ["Report", "Stats"]


@attrs.frozen
class Stats:
    """Counts of a run: files, unusable files, items, and findings by severity."""

    files: int = 0
    unusable: int = 0
    items: int = 0
    errors: int = 0
    warnings: int = 0
    infos: int = 0

    def to_dict(self) -> dict[str, int]:
        """JSON-ready mapping."""
        return attrs.asdict(self)


@attrs.frozen
class Report:
    """Findings of one or more documents.

    ``valid`` is true when no finding is an error and every document could be read.
    ``unusable`` counts documents that could not be loaded at all (CLI exit code 2).
    """

    findings: tuple[Finding, ...] = ()
    files: int = 0
    unusable: int = 0
    items: int = 0

    @property
    def stats(self) -> Stats:
        """Counts by severity plus file and item counts."""
        by = dict.fromkeys(Severity, 0)
        for finding in self.findings:
            by[finding.severity] += 1
        return Stats(
            files=self.files,
            unusable=self.unusable,
            items=self.items,
            errors=by[Severity.ERROR],
            warnings=by[Severity.WARNING],
            infos=by[Severity.INFO],
        )

    @property
    def valid(self) -> bool:
        """No error findings and no unusable documents."""
        return self.unusable == 0 and not any(f.severity is Severity.ERROR for f in self.findings)

    def worst(self) -> Severity | None:
        """The most serious severity found, or ``None``."""
        return max((f.severity for f in self.findings), default=None, key=lambda s: s.weight)

    def codes(self) -> list[str]:
        """The finding codes in order (handy in tests and scripts)."""
        return [f.code for f in self.findings]

    def to_dict(self) -> dict[str, Any]:
        """The JSON report: ``valid``, ``stats`` and ``findings``."""
        return {
            "valid": self.valid,
            "stats": self.stats.to_dict(),
            "findings": [f.to_dict() for f in self.findings],
        }

    @classmethod
    def merge(cls, reports: Iterable[Report]) -> Report:
        """One report for several documents."""
        reports = list(reports)
        return cls(
            findings=tuple(f for r in reports for f in r.findings),
            files=sum(r.files for r in reports),
            unusable=sum(r.unusable for r in reports),
            items=sum(r.items for r in reports),
        )
