"""The client side: discover, partition, submit to Dask, find parents across the batch,
and gather or stream the results in the discovery order."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import uuid
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

import attrs

from gkstd.batch.check import Progress, default_jobs
from gkstd.batch.compare import Comparison, Earlier, compare
from gkstd.batch.discover import Skipped, discover, unread
from gkstd.batch.parents import ParentMap, find_parents
from gkstd.batch.result import BatchReport, FileResult
from gkstd.batch.scheme import Scheme, default_scheme
from gkstd.batch.score import Rollup, Scorecard, rollups
from gkstd.diagnostics.errors import GkstdError
from gkstd.distributed import tasks
from gkstd.distributed.partition import partition
from gkstd.io.files import write_output

__all__ = [
    "DistributedError",
    "StreamedReport",
    "check",
    "run_cli_check",
]

#: ``--scheduler local``: a LocalCluster on this machine
LOCAL = "local"
#: how long to keep trying to reach a scheduler address
CONNECT_TIMEOUT = "20s"


class DistributedError(GkstdError):
    """Dask is missing, the scheduler cannot be reached, or a partition failed."""


@attrs.frozen
class StreamedReport:
    """What :func:`check` returns when the results were streamed to ``out``: counts,
    the paths not checked, the scheme and the roll-ups (the files' results are in
    ``out``, one JSON line each)."""

    out: str
    files: int
    passed_files: int
    unusable: int
    skipped: tuple[Skipped, ...]
    scheme: Scheme
    by_jurisdiction: tuple[Rollup, ...] = ()
    by_domain: tuple[Rollup, ...] = ()
    #: the files the results came from (``files`` counts results: a workbook of several
    #: catalog sheets gives one a sheet)
    sources: int = 0
    #: the rankings beside an earlier check's (:meth:`compared`; no catalog rows: the
    #: results were streamed, not held)
    comparison: Comparison | None = None

    def compared(self, earlier: Earlier) -> StreamedReport:
        """This report with its :attr:`comparison` to ``earlier`` (rankings only)."""
        found = compare(self.by_jurisdiction, self.by_domain, None, earlier, self.scheme)
        return attrs.evolve(self, comparison=found)

    @property
    def passed(self) -> bool:
        """At least one file checked, every file usable and without errors, and no path
        that could not be read."""
        return self.files > 0 and self.passed_files == self.files and not unread(self.skipped)

    def to_dict(self) -> dict[str, Any]:
        """Plain data, as :meth:`BatchReport.to_dict` without the files."""
        return {
            "passed": self.passed,
            "out": self.out,
            "files": self.files,
            "sources": self.sources,
            "passed_files": self.passed_files,
            "unusable": self.unusable,
            "scheme": self.scheme.to_dict(),
            "by_jurisdiction": [r.to_dict() for r in self.by_jurisdiction],
            "by_domain": [r.to_dict() for r in self.by_domain],
            "skipped": [s.to_dict() for s in self.skipped],
            **({"comparison": self.comparison.to_dict()} if self.comparison else {}),
        }


def require_dask() -> Any:
    """``dask.distributed``, or a :class:`DistributedError` naming the extra to install."""
    try:
        import dask.distributed  # type: ignore[import-not-found,unused-ignore]
    except ImportError as exc:
        raise DistributedError(
            "分布式检查需要 Dask：请安装可选依赖 pip install 'gkstd[distributed]'"
            f"（即 dask[distributed]）。（{exc}）",
            "The distributed check needs Dask: install the optional extra "
            f"pip install 'gkstd[distributed]' (dask[distributed]). ({exc})",
        ) from None
    return dask.distributed


@contextlib.contextmanager
def connect(
    client: Any = None, scheduler: str | None = None, jobs: int | None = None
) -> Iterator[Any]:
    """A Dask client: ``client`` itself (left open), one connected to the ``scheduler``
    address, or one on a new ``LocalCluster`` of ``jobs`` single-threaded worker processes
    (``scheduler`` ``None`` or ``"local"``); those two are closed on leaving."""
    dd = require_dask()
    if client is not None:
        if scheduler is not None:
            raise ValueError("give client or scheduler, not both")
        yield client
        return
    if scheduler is not None and scheduler != LOCAL:
        try:
            made = dd.Client(scheduler, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError) as exc:
            raise DistributedError(
                f"无法连接 Dask 调度器 {scheduler}（{exc}）。请检查地址（如 tcp://主机:8786）和调度器是否已启动。",
                f"Cannot reach the Dask scheduler {scheduler} ({exc}). Check the address "
                "(e.g. tcp://host:8786) and that the scheduler is running.",
            ) from None
        with made:
            yield made
        return
    workers = jobs or default_jobs()
    with (
        dd.LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
            # a task's failure comes back as gkstd's own message; the workers' log of it
            # (a Python traceback, "Compute Failed") only with GKSTD_DEBUG
            silence_logs=logging.WARNING if os.environ.get("GKSTD_DEBUG") else logging.CRITICAL,
        ) as cluster,
        dd.Client(cluster) as made,
    ):
        yield made


def check(
    paths: Iterable[str | os.PathLike[str]],
    *,
    client: Any = None,
    scheduler: str | None = None,
    jobs: int | None = None,
    scheme: Scheme | None = None,
    parents: ParentMap | None = None,
    out: str | os.PathLike[str] | IO[str] | None = None,
    depth: int = 1,
    progress: Progress | None = None,
    catalogs: bool = True,
) -> BatchReport | StreamedReport:
    """Check every catalog under ``paths`` on a Dask cluster, one task per partition
    (a province folder, see :mod:`gkstd.distributed.partition`).

    The results equal :func:`gkstd.batch.check`'s for the same paths, in the same order.
    ``client`` is a ``dask.distributed.Client`` to use; else ``scheduler`` is an address
    to connect to (``"local"`` or ``None``: a ``LocalCluster`` of ``jobs`` processes,
    default all processors).  With ``out`` (a file name or a text stream) each file's
    result is written as one JSON line (:meth:`FileResult.to_dict`) as it arrives and a
    :class:`StreamedReport` is returned; else the :class:`BatchReport`.  ``depth`` is
    how many folders below each given folder name a partition; ``progress`` is told after
    each file.  Workers must see the files under the same paths (on another machine: give
    absolute paths on a shared file system).  With ``catalogs=False`` each result's
    ``catalog`` comes back without its items (its head: id, domain, title, jurisdiction,
    all that the reports read): much less to send from the workers to the client and
    to hold there (``gkstd check --scheduler`` asks for that)."""
    require_dask()
    given = list(paths)
    scheme = scheme if scheme is not None else default_scheme()
    discovery = discover(given)
    parts = partition(discovery.files, given, depth)
    with connect(client, scheduler, jobs) as dask_client, _failures():
        if out is None:
            results = _run(dask_client, parts, discovery.files, scheme, parents, heads=not catalogs)
            files: list[FileResult] = []
            for result in results:
                files.append(result)
                if progress is not None:
                    progress(len(files), max(len(files), len(discovery.files)), result.path)
            return BatchReport.ranked(files, discovery.skipped, scheme)
        contiguous = [i for part in parts for i in part.indices] == list(
            range(len(discovery.files))
        )
        if contiguous:  # each partition's lines written on its worker
            results = _run(dask_client, parts, discovery.files, scheme, parents, encoded=True)
        return _stream(
            results, out, discovery.skipped, scheme, len(discovery.files), progress, contiguous
        )


def run_cli_check(
    paths: Sequence[str],
    *,
    scheduler: str,
    jobs: int | None = None,
    scheme: Scheme | None = None,
    parents: ParentMap | None = None,
    progress: Progress | None = None,
) -> BatchReport:
    """``gkstd check --scheduler ADDRESS``: the batch report from a Dask cluster
    (``ADDRESS`` ``local``: a LocalCluster of ``--jobs`` processes); the CLI formats it
    as it formats :func:`gkstd.batch.check`'s."""
    report = check(
        paths,
        scheduler=scheduler,
        jobs=jobs,
        scheme=scheme,
        parents=parents,
        progress=progress,
        catalogs=False,  # the reports read only each catalog's head
    )
    assert isinstance(report, BatchReport)
    return report


@contextlib.contextmanager
def _failures() -> Iterator[None]:
    """A partition that failed on the cluster (a worker killed, out of memory) as a
    :class:`DistributedError`; gkstd's own errors pass through."""
    try:
        yield
    except GkstdError:
        raise
    except Exception as exc:
        name = type(exc).__name__
        raise DistributedError(
            f"分布式检查的一个分区未能完成（{name}: {exc}）。请检查各工作节点能否读取这些文件"
            "（使用共享文件系统上的绝对路径），以及内存是否充足。",
            f"A partition of the distributed check failed ({name}: {exc}). Check that every "
            "worker can read the files (absolute paths on a shared file system) and has "
            "enough memory.",
        ) from exc


def _run(
    client: Any,
    parts: Sequence[Any],
    files: Sequence[Any],
    scheme: Scheme,
    parents: ParentMap | None,
    encoded: bool = False,
    heads: bool = False,
) -> Iterator[Any]:
    """The results in the discovery order, each partition fetched when its first file is
    due and dropped after its last (held on the workers until then).  ``encoded``: each
    partition's JSON Lines and summaries (:func:`tasks.encode`), in partition order (a
    partition's files are contiguous in the discovery order when one folder is given).
    ``heads``: the results' catalogs without their items (:meth:`FileResult.head`)."""
    run = uuid.uuid4().hex
    batch = frozenset(os.path.abspath(found.path) for found in files)
    (shared,) = client.scatter([batch], broadcast=True, hash=False)  # one object, not its members
    where: list[tuple[int, int]] = [(0, 0)] * len(files)
    for p, part in enumerate(parts):
        for local, index in enumerate(part.indices):
            where[index] = (p, local)
    finals: list[Any]
    # where each file's results lie in its partition's: one result a file, or one per
    # catalog sheet of a workbook that holds several (known after the first pass)
    spans: list[list[tuple[int, int]]] = [
        [(i, i + 1) for i in range(len(part.indices))] for part in parts
    ]
    if not any(found.kind == "table" for found in files):
        # documents name their parents: each partition in one task, its first-pass results
        # never held between tasks nor moved to another worker
        finals = [
            client.submit(
                tasks.check_partition, run, scheme, shared, part.files, encoded, heads, pure=False
            )
            for part in parts
        ]
    else:  # tables: parents found across the batch between the two passes
        finals, spans = _two_passes(
            client, run, scheme, shared, parts, where, parents, encoded, heads
        )
    if encoded:  # each partition's lines, made with its second pass
        for p, final in enumerate(finals):
            yield final.result()
            finals[p] = None
        return
    left = [len(part.indices) for part in parts]
    held: dict[int, list[FileResult]] = {}
    for p, local in where:
        if p not in held:
            held[p] = finals[p].result()
            finals[p] = None  # the workers may forget it
        start, stop = spans[p][local]
        yield from held[p][start:stop]
        left[p] -= 1
        if not left[p]:
            del held[p]


def _two_passes(
    client: Any,
    run: str,
    scheme: Scheme,
    shared: Any,
    parts: Sequence[Any],
    where: Sequence[tuple[int, int]],
    parents: ParentMap | None,
    encoded: bool,
    heads: bool,
) -> tuple[list[Any], list[list[tuple[int, int]]]]:
    """The futures of each partition's final results when the batch holds tables: every
    first pass, the heads gathered to find the tables' parents across the batch, then each
    partition's second pass with the partitions its parents are in; and where each file's
    results lie in its partition's (a workbook of several catalog sheets has several)."""
    firsts = [
        client.submit(tasks.first_pass, run, scheme, shared, part.files, pure=False)
        for part in parts
    ]
    gathered = client.gather([client.submit(tasks.heads, f, pure=False) for f in firsts])
    spans = [_spans(part.files, found) for part, found in zip(parts, gathered, strict=True)]
    entries: list[tasks.Head] = []
    placed: list[tuple[int, int]] = []  # each entry's partition and place in its results
    for p, local in where:
        start, stop = spans[p][local]
        entries.extend(gathered[p][start:stop])
        placed.extend((p, i) for i in range(start, stop))
    again: dict[int, list[tuple[int, int, int]]] = {}
    needed: dict[int, list[int]] = {}
    for child, parent in sorted(find_parents(entries, parents).items()):
        p, i = placed[child]
        q, j = placed[parent]
        others = needed.setdefault(p, [])
        if q != p and q not in others:
            others.append(q)
        again.setdefault(p, []).append((i, -1 if q == p else others.index(q), j))
    return [
        client.submit(
            tasks.final_pass,
            run,
            scheme,
            shared,
            first,
            again.get(p, []),
            [firsts[q] for q in needed.get(p, [])],
            encoded,
            heads,
            pure=False,
        )
        for p, first in enumerate(firsts)
    ], spans


def _spans(files: Sequence[Any], heads: Sequence[tasks.Head]) -> list[tuple[int, int]]:
    """Where each of a partition's ``files`` has its results among the partition's
    ``heads`` (in the files' order, a file's results together: :meth:`Worker.run_all`)."""
    out = []
    start = 0
    for found in files:
        stop = start + 1
        while stop < len(heads) and heads[stop][0] == found.path:
            stop += 1
        out.append((start, stop))
        start = stop
    return out


def _stream(
    results: Iterable[Any],
    out: str | os.PathLike[str] | IO[str],
    skipped: tuple[Skipped, ...],
    scheme: Scheme,
    total: int,
    progress: Progress | None,
    encoded: bool,
) -> StreamedReport:
    """Write each result as a JSON line to ``out``, keeping only the scorecards
    (``total``: the files checked; a workbook's catalog sheets are a result each).
    ``results``: :class:`FileResult` objects, or (``encoded``) each partition's lines and
    summaries.  A file name is written through a temporary file beside it and replaced
    only when every line is written (:func:`gkstd.io.files.write_output`): a run that
    fails leaves the file as it was, never half a report."""
    cards: list[Scorecard] = []
    count = passed = unusable = 0

    def write(stream: IO[str]) -> None:
        nonlocal count, passed, unusable
        chunks: Iterable[tuple[str, list[tasks.Summary]]] = (
            results if encoded else ((_line(r), [_summary(r)]) for r in results)
        )
        for text, summaries in chunks:
            stream.write(text)
            lines = iter(text.splitlines()) if progress is not None else None
            for ok, bad, card in summaries:
                count += 1
                passed += ok
                unusable += bad
                if card is not None:  # (rollups leave out what they do not rank)
                    cards.append(card)
                if progress is not None and lines is not None:
                    progress(count, max(count, total), Path(json.loads(next(lines))["file"]))

    if isinstance(out, str | os.PathLike):
        name = os.fspath(out)

        def to_file(tmp: str) -> None:
            with open(tmp, "w", encoding="utf-8") as stream:
                write(stream)

        write_output(name, to_file, force=True)
    else:
        name = getattr(out, "name", "<stream>")
        write(out)
    return StreamedReport(
        str(name),
        count,
        passed,
        unusable,
        skipped,
        scheme,
        rollups(cards, scheme, "jurisdiction"),
        rollups(cards, scheme, "domain"),
        total,
    )


def _line(result: FileResult) -> str:
    return json.dumps(result.to_dict(), ensure_ascii=False) + "\n"


def _summary(result: FileResult) -> tasks.Summary:
    return (result.passed, result.report.unusable > 0, result.scorecard)
