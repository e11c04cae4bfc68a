"""Checking every file :func:`~gkstd.batch.discover.discover` found, into one
:class:`BatchReport` of data (the CLI and the reports only format it).

Tables are imported on the fly as ``gkstd import`` does (domain, jurisdiction and level
detected from the caption, sheet, file name and content; items matched to the national
catalog) and checked as ``gkstd validate`` checks the written document; documents are
validated with their parent chains in one shared :class:`~gkstd.inherit.workspace.Workspace`,
so a parent used by many files is loaded and checked once.  A file that cannot be used at
all is a result with its reason, never the end of the batch.

Still to come (issue 19): parents found within the batch, scorecards and roll-ups, parallel
runs, progress, and the HTML/Excel/JSON reports.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal

import attrs

from gkstd.batch.discover import Discovery, Skipped, discover
from gkstd.diagnostics.errors import GkstdError
from gkstd.diagnostics.report import Report, Stats
from gkstd.inherit.workspace import Workspace
from gkstd.model import Catalog
from gkstd.plugins.registry import Registry

__all__ = ["BatchReport", "FileResult", "check", "check_discovered"]


@attrs.frozen
class FileResult:
    """One file's result: where it came from (``path``, ``kind``), what catalog it holds
    (``None`` when unusable: ``report`` says why; ``problem`` when it could not be read at
    all) and the findings, as ``gkstd validate`` would report them."""

    path: Path
    kind: Literal["table", "document"]
    report: Report
    catalog: Catalog | None = attrs.field(default=None, eq=False, repr=False)
    problem: str | None = None
    problem_en: str | None = None

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
            "file": str(self.path),
            "kind": self.kind,
            "passed": self.passed,
            "catalog": catalog.id if catalog is not None else None,
            "domain": catalog.domain if catalog is not None else None,
            "jurisdiction": catalog.jurisdiction.name if catalog is not None else None,
            "level": catalog.jurisdiction.level.label if catalog is not None else None,
            "problem": self.problem,
            "problem_en": self.problem_en,
            **self.report.to_dict(),
        }


@attrs.frozen
class BatchReport:
    """Every file's result, in the order found, and the paths not checked with reasons."""

    files: tuple[FileResult, ...]
    skipped: tuple[Skipped, ...] = ()

    @property
    def passed(self) -> bool:
        """Every file usable and without errors."""
        return all(f.passed for f in self.files)

    def to_dict(self) -> dict[str, Any]:
        """Plain data for other systems (``--report out.json``)."""
        return {
            "passed": self.passed,
            "files": [f.to_dict() for f in self.files],
            "skipped": [
                {"file": str(s.path), "reason": s.reason, "message": s.zh, "message_en": s.en}
                for s in self.skipped
            ],
        }


def check(
    paths: Iterable[str | os.PathLike[str]], *, registry: Registry | None = None
) -> BatchReport:
    """Find every catalog under ``paths`` (files and folders) and check each."""
    return check_discovered(discover(paths), registry=registry)


def check_discovered(discovery: Discovery, *, registry: Registry | None = None) -> BatchReport:
    """Check the files of ``discovery`` (see the module docstring)."""
    workspace = Workspace(registry)
    results = [_check_one(found.path, found.kind, workspace) for found in discovery.files]
    return BatchReport(tuple(results), discovery.skipped)


def _check_one(path: Path, kind: Literal["table", "document"], workspace: Workspace) -> FileResult:
    if kind == "document":
        resolved = workspace.resolve(path)
        report = workspace.validate(path)
        return FileResult(path, kind, report, resolved.catalog)
    from gkstd.tables import import_table  # the table reader only when there are tables

    try:
        imported = import_table(path)
    except GkstdError as exc:
        finding = getattr(exc, "finding", None)
        report = Report(findings=(finding,) if finding is not None else (), files=1, unusable=1)
        return FileResult(path, kind, report, None, exc.message, exc.message_en)
    return FileResult(path, kind, imported.report(), imported.catalog)
