"""Checking and scoring one file: the unit of work of a batch, the same in this process and
in a worker process (``gkstd check --jobs N``), so results do not depend on the number of
processes.

Each process keeps one :class:`~gkstd.inherit.workspace.Workspace` (the packs' national
catalogs and the documents' parents are loaded once per process) and the scoring scheme.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

import attrs

from gkstd.batch.naming import sheet_label
from gkstd.batch.result import FileResult
from gkstd.batch.scheme import Scheme
from gkstd.batch.score import Views, card
from gkstd.diagnostics.errors import GkstdError
from gkstd.diagnostics.findings import Finding
from gkstd.diagnostics.report import Report
from gkstd.inherit.resolved import ResolvedCatalog
from gkstd.inherit.workspace import Workspace
from gkstd.io.files import readable_name
from gkstd.model import Catalog
from gkstd.plugins.registry import Registry
from gkstd.tables.rules import OTHER_CATALOG_SHEETS

__all__ = ["Task", "Worker"]


@attrs.frozen
class Task:
    """One file to check: ``parent`` is a catalog of the batch to check a table against
    (``parent_file`` its name in the reports), else the table's pack or the document's own
    parent; ``sheet``: one sheet of a workbook that holds several catalogs."""

    path: Path
    kind: Literal["table", "document"]
    parent: Catalog | None = None
    parent_file: str | None = None
    #: the parent as the imported table refers to it: relative to the table's folder
    parent_ref: str | None = None
    sheet: str | None = None

    @classmethod
    def again(cls, child: FileResult, parent: FileResult, catalog: Catalog | None) -> Task:
        """The table of ``child`` checked again against ``parent``, a catalog of the batch
        (``catalog``: its whole catalog): named in the reports by its path in the batch
        (and sheet), and referred to from the table relative to the table's folder."""
        relative = os.path.relpath(parent.path, child.path.parent)
        return cls(child.path, child.kind, catalog, parent.name, relative, child.sheet)


def _in_batch(finding: Finding, here: str) -> Finding:
    """A table's finding named by the table's path in the batch (``here``): at its cell
    (the line of the imported document gkstd made is no line of the table: dropped), or
    at the table itself when it has no cell."""
    where = finding.location
    if where.cell is not None:
        cell = attrs.evolve(where.cell, file=here)
        location = attrs.evolve(where, file=here, line=None, cell=cell)
    elif where.file is None:
        location = attrs.evolve(where, file=here, line=None, path=None)
    else:
        return finding
    return attrs.evolve(finding, location=location)


class Worker:
    """Checks and scores files with one shared workspace (one per process).

    ``batch`` holds the absolute paths of the batch's files: each may be named as another's
    parent wherever it lies (the supervisor handed it over), and a document whose parent is
    one of them is reported without the parent's findings (the parent's own result has
    them)."""

    def __init__(
        self,
        scheme: Scheme,
        registry: Registry | None = None,
        batch: frozenset[str] = frozenset(),
    ) -> None:
        self.scheme = scheme
        self.workspace = Workspace(registry)
        self.names = {code: pack.name_zh for code, pack in self.workspace.registry.packs.items()}
        self.names_en = {code: pack.name_en for code, pack in self.workspace.registry.packs.items()}
        self.batch = batch
        for path in sorted(batch):
            self.workspace.locator.allow_file(path)
        self.views = Views()

    def forget(self, paths: Iterable[str | os.PathLike[str]] | None = None) -> None:
        """Drop the documents of ``paths`` (``None``: every document) and what was
        measured of the catalogs checked (:meth:`gkstd.Workspace.forget`): between parts
        of a batch that share only their ancestors, so that memory stays that of one part."""
        self.workspace.forget(paths)
        self.views = Views()

    def run_all(self, task: Task) -> list[FileResult]:
        """The results of ``task``: one, or one per catalog sheet when ``task`` is a
        workbook that holds several (each domain's catalog on a sheet of its own, a common
        way to send them): the first sheet's result, then the others' in the workbook's
        order, each named with its sheet (:attr:`FileResult.sheet`).  GK619, which names
        the sheets one import leaves out, is then dropped: the batch checks them all."""
        first = self.run(task)
        if task.kind != "table" or task.sheet is not None or task.parent is not None:
            return [first]
        others = next(
            (f for f in first.report.findings if f.code == OTHER_CATALOG_SHEETS.code), None
        )
        if others is None or first.sheet is None:
            return [first]
        kept = [f for f in first.report.findings if f is not others]
        first = first.with_findings(kept, self.scheme)
        return [
            first,
            *(self.run(attrs.evolve(task, sheet=name)) for name in others.args["sheets"]),
        ]

    def run(self, task: Task) -> FileResult:
        """The :class:`~gkstd.batch.result.FileResult` of ``task``, scored.  A file that
        makes gkstd itself fail is a result that says so: the batch goes on."""
        try:
            result, parent = self._check(task)
        except Exception as exc:  # a bug must not cost the supervisor the whole batch
            kind = type(exc).__name__
            return self._unusable(
                task,
                f"gkstd 处理此文件时内部出错（{kind}: {exc}）。请报告此问题，其余文件的结果不受影响。",
                f"gkstd failed on this file ({kind}: {exc}). Please report it; the other files' "
                "results are not affected.",
            )
        scorecard = card(
            readable_name(str(task.path)),
            result.catalog,
            result.report.findings,
            parent,
            self.scheme,
            self.names,
            self.views,
            self.names_en,
            result.sheet,
        )
        return attrs.evolve(result, scorecard=scorecard, parent_file=task.parent_file)

    def died(self, task: Task) -> FileResult:
        """The result of a file whose process died reading it (a reader's abort, memory
        run out): unusable, saying so; the batch goes on."""
        return self._unusable(
            task,
            "gkstd 读取此文件时进程意外退出（可能是表格读取器崩溃或内存不足），未检查。"
            "请用 Excel 或 WPS 打开后另存为 .xlsx 再检查；仍然如此请报告此问题。",
            "the process reading this file died (the table reader crashed or memory ran out); "
            "not checked. Open it in Excel or WPS, save it as .xlsx again and check that; "
            "report it if it happens again.",
        )

    def _unusable(self, task: Task, why: str, why_en: str) -> FileResult:
        """An unusable result of ``task``, the problem ``why`` (Chinese, English) after the
        file's name."""
        file = readable_name(str(task.path))
        name = sheet_label(file, task.sheet)
        names, names_en = self.names, self.names_en
        return FileResult(
            task.path,
            task.kind,
            Report(files=1, unusable=1),
            None,
            f"{name}：{why}",
            f"{name}: {why_en}",
            card(file, None, (), None, self.scheme, names, None, names_en, task.sheet),
            sheet=task.sheet,
        )

    def _check(self, task: Task) -> tuple[FileResult, ResolvedCatalog | None]:
        """The file's result, and the parent it was checked against (for its scorecard)."""
        path, kind = task.path, task.kind
        if kind == "document":
            resolved = self.workspace.resolve(path)
            parent = resolved.parent
            in_batch = (
                parent is not None
                and parent.file is not None
                and (os.path.abspath(parent.file) in self.batch)
            )
            report = self.workspace.report(resolved, inherited=not in_batch)
            usable = parent if parent is not None and parent.catalog is not None else None
            return FileResult(path, kind, report, resolved.catalog), usable
        from gkstd.tables import import_table  # the table reader only when there are tables

        try:
            if task.parent is not None:  # a catalog of the batch: its findings are its own
                from gkstd.tables.parent import check_imported_text

                ref = task.parent_ref
                imported = import_table(
                    path, sheet=task.sheet, parent=task.parent, parent_ref=ref, check=False
                )
                if imported.catalog is not None:
                    checked, _ = check_imported_text(
                        imported.catalog, task.parent, ref, None, None, inherited=False
                    )
                    imported = attrs.evolve(imported, check=checked)
            else:
                imported = import_table(path, sheet=task.sheet)
        except GkstdError as exc:
            finding = getattr(exc, "finding", None)
            found = (finding,) if finding is not None else ()
            report = Report(findings=found, files=1, unusable=1)
            failed = FileResult(path, kind, report, None, exc.message, exc.message_en)
            return attrs.evolve(failed, sheet=task.sheet), None
        report = imported.report()
        here = readable_name(str(path))
        located = tuple(_in_batch(f, here) for f in report.findings)
        # a sheet named: one of several catalogs of the workbook (GK619 says so of the first)
        several = task.sheet is not None or any(
            f.code == OTHER_CATALOG_SHEETS.code for f in imported.findings
        )
        result = FileResult(
            path,
            kind,
            attrs.evolve(report, findings=located),
            imported.catalog,
            sheet=(task.sheet or imported.sheet) if several else None,
        )
        return result, self._table_parent(task, result)

    def _table_parent(self, task: Task, result: FileResult) -> ResolvedCatalog | None:
        """The parent a table was checked against: a catalog of the batch, or its pack's."""
        if task.parent is not None:
            return ResolvedCatalog(f"batch:{task.parent_file}", task.parent, task.parent, ())
        catalog = result.catalog
        if catalog is None:
            return None
        ref = catalog.conforms_to or catalog.extends
        if ref is None:
            return None
        try:
            parent = self.workspace.resolve_ref(ref, None)
        except GkstdError:
            return None
        return parent if parent.catalog is not None else None
