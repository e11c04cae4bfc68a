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

__all__ = ["Task", "Worker"]


@attrs.frozen
class Task:
    """One file to check: ``parent`` is a catalog of the batch to check a table against
    (``parent_file`` its file), else the table's pack or the document's own parent."""

    path: Path
    kind: Literal["table", "document"]
    parent: Catalog | None = None
    parent_file: str | None = None
    #: the parent as the imported table refers to it: relative to the table's folder
    parent_ref: str | None = None

    @classmethod
    def again(cls, child: FileResult, parent: FileResult, catalog: Catalog | None) -> Task:
        """The table of ``child`` checked again against ``parent``, a catalog of the batch
        (``catalog``: its whole catalog): named in the reports by its path in the batch,
        and referred to from the table relative to the table's folder."""
        relative = os.path.relpath(parent.path, child.path.parent)
        return cls(child.path, child.kind, catalog, readable_name(str(parent.path)), relative)


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
        name = readable_name(str(task.path))
        return FileResult(
            task.path,
            task.kind,
            Report(files=1, unusable=1),
            None,
            f"{name}：{why}",
            f"{name}: {why_en}",
            card(name, None, (), None, self.scheme, self.names, domain_names_en=self.names_en),
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
                imported = import_table(path, parent=task.parent, parent_ref=ref, check=False)
                if imported.catalog is not None:
                    checked, _ = check_imported_text(
                        imported.catalog, task.parent, ref, None, None, inherited=False
                    )
                    imported = attrs.evolve(imported, check=checked)
            else:
                imported = import_table(path)
        except GkstdError as exc:
            finding = getattr(exc, "finding", None)
            found = (finding,) if finding is not None else ()
            report = Report(findings=found, files=1, unusable=1)
            return FileResult(path, kind, report, None, exc.message, exc.message_en), None
        report = imported.report()
        here = readable_name(str(path))
        located = tuple(_in_batch(f, here) for f in report.findings)
        result = FileResult(path, kind, attrs.evolve(report, findings=located), imported.catalog)
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
