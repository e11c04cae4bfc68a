"""Checking every file :func:`~gkstd.batch.discover.discover` found, into one
:class:`BatchReport` of data (the CLI and the reports only format it).

Tables are imported on the fly as ``gkstd import`` does (domain, jurisdiction and level
detected from the caption, sheet, file name and content; items matched to the national
catalog) and checked as ``gkstd validate`` checks the written document; documents are
validated with their parent chains in one shared :class:`~gkstd.inherit.workspace.Workspace`,
so a parent used by many files is loaded and checked once.  A file that cannot be used at
all is a result with its reason, never the end of the batch.

The check is a pipeline of small steps:

1. **first pass** — every file checked against the parent it names (a table: its
   pack's national catalog);
2. **parents in the batch** — tables whose caption (or the ``--parents`` map) names a
   higher-level catalog of the same domain in the batch (:mod:`gkstd.batch.parents`);
3. **second pass** — those tables checked again, against that catalog;
4. **roll-ups** — jurisdictions and domains ranked.

Steps 1 and 3 run file by file (:mod:`gkstd.batch.worker`): tables in ``jobs`` worker
processes when there are enough of them (importing a table costs far more than sending its
result back), documents too when there are many, in contiguous chunks (a chunk's results
travel back as one pickle, in which the items its documents share with their parents are
written once; a few documents are checked here, where that costs less), with the same
results in the same order.  With ``catalogs=False`` (``gkstd check``) a document comes
back as its catalog's head and what GK307 needs of it, not as a resolved catalog: the
reports read no more.

Every file gets a :class:`~gkstd.batch.score.Scorecard` under the scoring scheme
(:mod:`gkstd.batch.scheme`), and the report ranks jurisdictions and domains
(:func:`~gkstd.batch.score.rollups`).
"""

from __future__ import annotations

import functools
import os
import signal
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Protocol

import attrs

from gkstd.batch.discover import Discovery, discover
from gkstd.batch.parents import ParentMap, find_parents
from gkstd.batch.result import BatchReport, FileResult
from gkstd.batch.scheme import Scheme, default_scheme
from gkstd.batch.worker import Task, Worker
from gkstd.diagnostics import limits
from gkstd.diagnostics.arguments import callables, expect, refused
from gkstd.diagnostics.collector import collector_paused
from gkstd.diagnostics.errors import GkstdError
from gkstd.diagnostics.findings import Finding
from gkstd.inherit.parallel import cpu_count
from gkstd.model import Catalog
from gkstd.plugins.registry import Registry
from gkstd.rules.engine import rule_session
from gkstd.rules.township import TownshipEntry, entry_findings, township_entries

__all__ = [
    "BatchError",
    "BatchReport",
    "FileResult",
    "Progress",
    "check",
    "check_discovered",
    "default_jobs",
    "township_topics",
]

#: Fewer files than this per extra process are checked in this process (starting a
#: worker costs more than it saves).
_FILES_PER_WORKER = 4

#: Documents go to the worker processes in contiguous chunks of at least this many (and
#: only when there are twice as many): a chunk's results travel back as one pickle, in
#: which the items its documents share with their parents are written once.
_DOCUMENTS_PER_CHUNK = 64

#: Most documents in one chunk: a process forgets the documents it read once it has a
#: chunk's results (:func:`_chunk_in_worker`), so its memory stays that of one chunk.
_MOST_PER_CHUNK = 1024


class BatchError(GkstdError):
    """The batch could not be finished (a worker process died)."""


class Progress(Protocol):
    """Told after each file: files done, files in all, the file just checked."""

    def __call__(self, done: int, total: int, path: Path, /) -> None: ...  # pragma: no cover


def default_jobs() -> int:
    """The processors this process may use (``gkstd check``'s default ``--jobs``)."""
    return cpu_count()


def check(
    paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
    *,
    registry: Registry | None = None,
    scheme: Scheme | None = None,
    parents: ParentMap | None = None,
    jobs: int = 1,
    progress: Progress | None = None,
    catalogs: bool = True,
) -> BatchReport:
    """Find every catalog under ``paths`` (files and folders; one path alone, such as
    ``check("各地目录")``, is that folder), check and score each.

    ``scheme`` is the scoring scheme (default: ``gkstd/data/scoring.yaml``); ``parents``
    maps tables to their parent in the batch where the captions do not say it; ``jobs``
    is the number of processes (results are the same for any number; with a ``registry``
    given everything runs in this process); ``progress`` is called after each file with
    (files done, files in all, the file).  With ``catalogs=False`` each result's
    ``catalog`` is its head (:meth:`FileResult.head`: without its items; all that the
    reports read), whatever ``jobs``: the worker processes then send documents back as
    heads, not resolved catalogs, and this process holds much less (``gkstd check``
    asks for that)."""
    return check_discovered(
        discover(paths),
        registry=registry,
        scheme=scheme,
        parents=parents,
        jobs=jobs,
        progress=progress,
        catalogs=catalogs,
    )


_SCHEME = ("评分方案 Scheme（gkstd.batch.scheme.load_scheme）或 None", "a Scheme or None")
_JOBS = ("不小于 1 的进程数", "a number of processes of at least 1")


def check_discovered(
    discovery: Discovery,
    *,
    registry: Registry | None = None,
    scheme: Scheme | None = None,
    parents: ParentMap | None = None,
    jobs: int = 1,
    progress: Progress | None = None,
    catalogs: bool = True,
) -> BatchReport:
    """Check the files of ``discovery`` (see the module docstring and :func:`check`)."""
    expect(scheme, (Scheme, type(None)), "gkstd.check(scheme)", _SCHEME)
    callables("gkstd.check", progress=progress)
    expect(jobs, int, "gkstd.check(jobs)", _JOBS)
    if jobs < 1:
        raise refused(jobs, "gkstd.check(jobs)", _JOBS)
    scheme = scheme if scheme is not None else default_scheme()
    tasks = [Task(found.path, found.kind) for found in discovery.files]
    if registry is not None:
        jobs = 1  # a registry built in this process cannot be handed to workers
    batch = frozenset(os.path.abspath(t.path) for t in tasks)
    with (
        collector_paused(),
        rule_session(),
        limits.held(),
        _Runner(scheme, registry, jobs, batch, heads=not catalogs) as runner,
    ):
        results = runner.run(tasks, progress, len(tasks))
        found = find_parents([(r.path, r.kind, r.catalog) for r in results], parents)
        again = [
            Task.again(results[i], results[j], runner.catalog(results[j]))
            for i, j in sorted(found.items())
        ]
        for index, result in zip(sorted(found), runner.run(again, None, 0), strict=True):
            results[index] = result
        sent = runner.sent
    results = own_findings(results, scheme, batch)
    results = township_topics(results, scheme, sent)
    if not catalogs:
        results = [r.head() for r in results]
    return BatchReport.ranked(results, discovery.skipped, scheme)


def own_findings(
    results: Sequence[FileResult], scheme: Scheme, batch: frozenset[str]
) -> list[FileResult]:
    """Each file with its own findings: a finding located in another file of the batch
    (a parent document checked with its child) belongs to that file's result.  ``batch``
    holds the absolute paths of the whole batch (a Dask partition's results are a part).

    A finding in the file itself names it as the batch does (``result.path``): a document
    first read as another's parent carries the name the reference gave it (its absolute
    path), and the report must not depend on which was read first (the order of the
    files, the chunks of ``--jobs``)."""
    absolute = functools.lru_cache(maxsize=None)(os.path.abspath)
    out = []
    for result in results:
        name = str(result.path)
        own = absolute(name)
        findings = tuple(
            f
            if f.location.file in (None, name) or absolute(f.location.file) != own
            else attrs.evolve(f, location=attrs.evolve(f.location, file=name))
            for f in result.report.findings
            if f.location.file is None
            or absolute(f.location.file) == own
            or absolute(f.location.file) not in batch
        )
        same = len(findings) == len(result.report.findings) and all(
            a is b for a, b in zip(findings, result.report.findings, strict=True)
        )
        out.append(result if same else result.with_findings(findings, scheme))
    return out


def _same_township(catalog: Catalog, file: str | None) -> str:
    """A township in a batch: its division code, else its name within one folder (names
    repeat across a province: 城关镇; a township's catalogs of several domains kept in
    different folders are then not checked together, never wrongly pooled)."""
    place = catalog.jurisdiction
    if place.division_code:
        return place.division_code
    return f"{place.name}\0{os.path.dirname(os.path.abspath(file or ''))}"


def township_topics(
    results: list[FileResult],
    scheme: Scheme,
    sent: Mapping[str, TownshipEntry | None] | None = None,
) -> list[FileResult]:
    """GK307 over the batch, as ``gkstd validate`` gives it over the files it is handed: a
    township whose catalogs (two or more, any domains) together leave a 第二十一条 topic
    uncovered; each finding goes to the file it names (the township's first catalog).
    ``sent``: for the results a worker process sent back as heads, by path, what GK307
    needs of each (``None``: not a township's catalog)."""
    entries: list[TownshipEntry] = []
    for r in results:
        if sent is not None and str(r.path) in sent:
            entry = sent[str(r.path)]
        else:
            entry = _township_entry(r)
        if entry is not None:
            entries.append(entry)
    extra = entry_findings(entries)
    if not extra:
        return results
    found: dict[str, list[Finding]] = {}
    for finding in extra:
        found.setdefault(finding.location.file or "", []).append(finding)
    out = []
    for r in results:  # to the file's first usable result (a workbook's first catalog sheet)
        extra_here = found.pop(str(r.path), None) if r.catalog is not None else None
        out.append(r.with_findings((*r.report.findings, *extra_here), scheme) if extra_here else r)
    return out


_WORKER: Worker | None = None


def _start_worker(scheme: Scheme, batch: frozenset[str]) -> None:
    global _WORKER
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the batch, not each worker
    _WORKER = Worker(scheme, batch=batch)


def _run_in_worker(task: Task) -> list[FileResult]:
    assert _WORKER is not None
    return _WORKER.run_all(task)


def _township_entry(result: FileResult) -> TownshipEntry | None:
    """What GK307 needs of ``result`` when its catalog is a township's, else ``None``."""
    if result.catalog is None:
        return None
    found = township_entries([(result.catalog, str(result.path))], key=_same_township)
    return found[0] if found else None


def _headed(result: FileResult) -> tuple[FileResult, TownshipEntry | None]:
    """A checked document as its head (:meth:`FileResult.head`), with what GK307 needs of
    it when it is a township's catalog (its topics, searched now): ``check(catalogs=False)``."""
    entry = _township_entry(result)
    return result.head(), (entry.detached() if entry is not None else None)


def _checked(worker: Worker, task: Task, heads: bool) -> tuple[FileResult, TownshipEntry | None]:
    """``task`` checked by ``worker``: a document as its head and its GK307 entry
    (``heads``, :func:`_headed`), anything else whole (entry ``None``)."""
    result = worker.run(task)
    return _headed(result) if heads and task.kind == "document" else (result, None)


def _chunk_in_worker(
    tasks: Sequence[Task], heads: bool
) -> list[tuple[FileResult, TownshipEntry | None]]:
    """A contiguous chunk of documents checked in a worker process (:func:`_checked`); the
    worker then forgets every document it read (:meth:`Worker.forget`; the packs' national
    catalogs stay), so that its memory is that of one chunk and its ancestors, however
    many documents it checks.  The next chunk reads its own ancestors again (a few: a
    chunk's documents are neighbours), with the same result."""
    assert _WORKER is not None
    try:
        return [_checked(_WORKER, task, heads) for task in tasks]
    finally:
        _WORKER.forget()


class _Runner:
    """Runs tasks in order: tables in a pool of ``jobs`` processes when there are enough of
    them, documents in contiguous chunks in the same pool when there are many (else in
    this process, at the same time)."""

    def __init__(
        self,
        scheme: Scheme,
        registry: Registry | None,
        jobs: int,
        batch: frozenset[str],
        *,
        heads: bool = False,
    ) -> None:
        self.scheme = scheme
        self.batch = batch
        self.jobs = max(1, jobs)
        self.local = Worker(scheme, registry, batch)
        self.pool: ProcessPoolExecutor | None = None
        self.heads = heads
        #: The documents the workers sent back as heads (``heads``), by path: what GK307
        #: needs of each (``None``: not a township's catalog).
        self.sent: dict[str, TownshipEntry | None] = {}

    def __enter__(self) -> _Runner:
        return self

    def __exit__(self, *exc: object) -> None:
        self._drop_pool()

    def _pool(self, tables: int, documents: int = 0) -> ProcessPoolExecutor | None:
        workers = min(self.jobs, tables // _FILES_PER_WORKER + documents // _DOCUMENTS_PER_CHUNK)
        if workers < 2:
            return None
        if self.pool is None:
            self.pool = ProcessPoolExecutor(
                workers, initializer=_start_worker, initargs=(self.scheme, self.batch)
            )
        return self.pool

    def run(self, tasks: Sequence[Task], progress: Progress | None, total: int) -> list[FileResult]:
        """The results of ``tasks`` in order, telling ``progress`` as each arrives (a
        workbook of several catalog sheets gives a result per sheet, in its place: see
        :meth:`Worker.run_all`; a task with a ``parent`` always gives one)."""
        results: list[list[FileResult] | None] = [None] * len(tasks)
        tables = [i for i, task in enumerate(tasks) if task.kind == "table"]
        documents = [i for i, task in enumerate(tasks) if task.kind == "document"]
        if len(documents) < 2 * _DOCUMENTS_PER_CHUNK or self.jobs < 2:
            documents = []  # few documents: checking them here costs less than sending them
        pool = self._pool(len(tables), len(documents))
        pooled = tables if pool is not None else []
        sent = documents if pool is not None else []
        done = 0

        def tell(found: list[FileResult]) -> None:
            nonlocal done
            done += 1
            if progress is not None:
                progress(done, total, found[0].path)

        try:
            remote: Iterator[list[FileResult]] = iter(())
            papers: Iterator[FileResult] = iter(())
            if pool is not None:  # submitted now, checked while this process does the rest
                chunk = max(1, min(8, len(pooled) // (self.jobs * 4) or 1))
                remote = pool.map(_run_in_worker, [tasks[i] for i in pooled], chunksize=chunk)
            if sent:  # contiguous chunks: siblings share their parents' items, pickled once
                assert pool is not None
                size = max(_DOCUMENTS_PER_CHUNK, -(-len(sent) // (self.jobs * 4)))
                size = min(size, _MOST_PER_CHUNK)
                papers = self._documents(pool, [tasks[i] for i in sent], size)
            elsewhere = {*pooled, *sent}
            here = 0  # files checked in this process, forgotten a chunk at a time as there
            for index, task in enumerate(tasks):
                if index in elsewhere:
                    continue
                if task.kind == "table":
                    found = self.local.run_all(task)
                else:
                    result, entry = _checked(self.local, task, self.heads)
                    if self.heads:
                        self.sent[str(result.path)] = entry
                    found = [result]
                results[index] = found
                tell(found)
                here += 1
                if here % _MOST_PER_CHUNK == 0:
                    self.local.forget()
            for index, found in zip(pooled, remote, strict=True):
                results[index] = found
                tell(found)
            for index, result in zip(sent, papers, strict=True):
                results[index] = [result]
                tell([result])
        except BrokenProcessPool:  # a file killed its worker: find it, check the rest
            self._drop_pool()
            for index, found in self._isolated(tasks, results):
                results[index] = found
                tell(found)
        return [r for found in results if found is not None for r in found]

    def _drop_pool(self) -> None:
        """Stop the pool's workers (at the end, or when a dead worker broke the pool)."""
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

    def _isolated(
        self, tasks: Sequence[Task], results: list[list[FileResult] | None]
    ) -> Iterator[tuple[int, list[FileResult]]]:
        """The files without a result when a worker died, each checked again: a document
        here (no reader that could abort), a table in a process of its own, so that the
        one that kills its process is found and reported (:meth:`Worker.died`) and the
        others are checked as usual."""
        for index, result in enumerate(results):
            if result is not None:
                continue
            task = tasks[index]
            if task.kind == "document":
                found, entry = _checked(self.local, task, self.heads)
                if self.heads:
                    self.sent[str(found.path)] = entry
                yield index, [found]
                continue
            alone = ProcessPoolExecutor(
                1, initializer=_start_worker, initargs=(self.scheme, self.batch)
            )
            try:
                yield index, alone.submit(_run_in_worker, task).result()
            except BrokenProcessPool:
                yield index, [self.local.died(task)]
            finally:
                alone.shutdown(wait=True, cancel_futures=True)

    def _documents(
        self, pool: ProcessPoolExecutor, tasks: list[Task], size: int
    ) -> Iterator[FileResult]:
        """The documents' results from the pool, in order, in contiguous chunks of
        ``size`` (:func:`_chunk_in_worker`; submitted now, received as they are iterated);
        with ``heads`` each arrives as its head and what GK307 needs of it (kept in
        :attr:`sent`)."""
        chunks = [tasks[start : start + size] for start in range(0, len(tasks), size)]
        return self._received(
            pool.map(functools.partial(_chunk_in_worker, heads=self.heads), chunks)
        )

    def _received(
        self, arriving: Iterator[list[tuple[FileResult, TownshipEntry | None]]]
    ) -> Iterator[FileResult]:
        """Each result as its chunk arrives; a head's GK307 entry kept in :attr:`sent`."""
        for chunk in arriving:
            for result, entry in chunk:
                if self.heads:
                    self.sent[str(result.path)] = entry
                yield result

    def catalog(self, result: FileResult) -> Catalog | None:
        """The whole catalog of ``result``, a parent in the batch of a table checked again:
        a document a worker sent back as its head is resolved again here, with its
        ancestors (a few parents a batch, each resolved once)."""
        if str(result.path) not in self.sent:
            return result.catalog
        return self.local.workspace.resolve(result.path).catalog
