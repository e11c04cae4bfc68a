"""The results of a batch check as data: one :class:`FileResult` per file and the
:class:`BatchReport` of them all (the CLI and the reports only format them)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Literal

import attrs

from gkstd.batch.compare import Comparison, Earlier, compare
from gkstd.batch.discover import Skipped, unread
from gkstd.batch.naming import sheet_label
from gkstd.batch.scheme import Scheme, default_scheme
from gkstd.batch.score import Rollup, Scorecard, rescored, rollups
from gkstd.diagnostics.findings import Finding
from gkstd.diagnostics.report import Report, Stats
from gkstd.io.files import readable_name
from gkstd.model import Catalog

__all__ = ["BatchReport", "FileResult"]


@attrs.frozen
class FileResult:
    """One catalog's result: where it came from (``path``, ``kind``; ``sheet`` when the
    workbook holds several catalog sheets, each a result of its own), what catalog it
    holds (``None`` when unusable: ``report`` says why; ``problem`` when it could not be
    read at all) and the findings, as ``gkstd validate`` would report them."""

    path: Path
    kind: Literal["table", "document"]
    report: Report
    catalog: Catalog | None = attrs.field(default=None, eq=False, repr=False)
    problem: str | None = None
    problem_en: str | None = None
    scorecard: Scorecard | None = None
    #: the file of the batch this table was checked against (a county's catalog for its
    #: townships'), when the parent was found within the batch.
    parent_file: str | None = None
    #: the sheet of a workbook that holds several catalogs (``None``: the file's only one).
    sheet: str | None = None

    @property
    def name(self) -> str:
        """The catalog as the reports name it: the file, and its sheet when the workbook
        holds several catalogs (:func:`sheet_label`)."""
        return sheet_label(readable_name(str(self.path)), self.sheet)

    def with_findings(self, findings: Iterable[Finding], scheme: Scheme) -> FileResult:
        """This result with ``findings`` instead, its scorecard's counts and score
        computed again under ``scheme`` (its measures stay)."""
        found = tuple(findings)
        card = self.scorecard
        return attrs.evolve(
            self,
            report=attrs.evolve(self.report, findings=found),
            scorecard=rescored(card, found, scheme) if card is not None else None,
        )

    def head(self) -> FileResult:
        """This result with its catalog's head only (the catalog without its items): all
        that the reports read of it (id, domain, title, jurisdiction), and a small part of
        what a resolved catalog takes to send between processes or to hold."""
        if self.catalog is None or not self.catalog.items:
            return self
        return attrs.evolve(self, catalog=attrs.evolve(self.catalog, items=()))

    @property
    def stats(self) -> Stats:
        """Counts of the file's findings by severity."""
        return self.report.stats

    @property
    def passed(self) -> bool:
        """Usable and no error (what exit code 0 means for ``gkstd validate``)."""
        return self.problem is None and self.report.valid

    def to_dict(self) -> dict[str, Any]:
        """Plain data: the file, what it holds and its findings."""
        catalog = self.catalog
        return {
            "file": readable_name(str(self.path)),
            "sheet": self.sheet,
            "kind": self.kind,
            "passed": self.passed,
            "catalog": catalog.id if catalog is not None else None,
            "domain": catalog.domain if catalog is not None else None,
            "jurisdiction": catalog.jurisdiction.name if catalog is not None else None,
            "level": catalog.jurisdiction.level.label if catalog is not None else None,
            "problem": self.problem,
            "problem_en": self.problem_en,
            "parent_file": self.parent_file,
            "score": self.scorecard.to_dict() if self.scorecard is not None else None,
            **self.report.to_dict(),
        }


@attrs.frozen
class BatchReport:
    """Every file's result, in the order found, the paths not checked with reasons, the
    scoring scheme used, the ranked roll-ups per jurisdiction and per domain, and the
    comparison with an earlier check when one was asked for."""

    files: tuple[FileResult, ...]
    skipped: tuple[Skipped, ...] = ()
    scheme: Scheme = attrs.field(factory=default_scheme)
    by_jurisdiction: tuple[Rollup, ...] = ()
    by_domain: tuple[Rollup, ...] = ()
    #: this check beside an earlier one (:meth:`compared`), when asked for
    comparison: Comparison | None = None

    @classmethod
    def ranked(
        cls, files: Iterable[FileResult], skipped: tuple[Skipped, ...], scheme: Scheme
    ) -> BatchReport:
        """The report of ``files``, with jurisdictions and domains ranked from their
        scorecards (see :func:`~gkstd.batch.score.rollups`)."""
        files = tuple(files)
        cards = [f.scorecard for f in files if f.scorecard is not None]
        return cls(
            files,
            skipped,
            scheme,
            rollups(cards, scheme, "jurisdiction"),
            rollups(cards, scheme, "domain"),
        )

    def compared(self, earlier: Earlier) -> BatchReport:
        """This report with its :attr:`comparison` to ``earlier`` (an earlier check's
        report, :func:`gkstd.batch.compare.load_earlier`)."""
        found = compare(self.by_jurisdiction, self.by_domain, self.scorecards, earlier, self.scheme)
        return attrs.evolve(self, comparison=found)

    @property
    def scorecards(self) -> tuple[Scorecard, ...]:
        """Every file's scorecard, in the order found."""
        return tuple(f.scorecard for f in self.files if f.scorecard is not None)

    @property
    def passed(self) -> bool:
        """At least one file checked, every file usable and without errors, and no path
        that could not be read (:attr:`Skipped.incomplete`)."""
        return bool(self.files) and all(f.passed for f in self.files) and not unread(self.skipped)

    def to_dict(self) -> dict[str, Any]:
        """Plain data for other systems (``--report out.json``)."""
        return {key: list(value) if key == "files" else value for key, value in self.parts()}

    def parts(self) -> Iterator[tuple[str, Any]]:
        """The keys of :meth:`to_dict` in order, each with its value, except ``files``: an
        iterator of each file's mapping, made as it is read (a report of a whole province's
        catalogs is written a file at a time, never held whole)."""
        yield "passed", self.passed
        yield "scheme", self.scheme.to_dict()
        yield "by_jurisdiction", [r.to_dict() for r in self.by_jurisdiction]
        yield "by_domain", [r.to_dict() for r in self.by_domain]
        yield "files", (f.to_dict() for f in self.files)
        yield "skipped", [s.to_dict() for s in self.skipped]
        if self.comparison is not None:
            yield "comparison", self.comparison.to_dict()
