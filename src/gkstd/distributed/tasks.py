"""What runs on a Dask worker: the first pass over a partition, the catalogs' heads for
finding parents across the batch, and the second pass with each file's own findings.

The functions are plain module functions (pickled by reference); the
:class:`~gkstd.batch.worker.Worker` with its workspace (rules are closures and do not
pickle) is built on the worker from the installed packs, once per thread and run.
"""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path

from gkstd.batch.check import own_findings, township_topics
from gkstd.batch.discover import Found
from gkstd.batch.result import FileResult
from gkstd.batch.scheme import Scheme
from gkstd.batch.score import Scorecard
from gkstd.batch.worker import Task, Worker
from gkstd.model import Catalog

__all__ = [
    "Head",
    "check_partition",
    "encode",
    "final_pass",
    "first_pass",
    "heads",
    "second_pass",
]

#: A file as :func:`gkstd.batch.parents.find_parents` sees it: path, kind and the catalog
#: without its items (domain, title and jurisdiction are all it reads).
Head = tuple[Path, str, Catalog | None]

#: a file as the streamed report counts it: passed, unusable, scorecard
Summary = tuple[bool, bool, Scorecard | None]

_LOCAL = threading.local()


def _worker(run: str, scheme: Scheme, batch: frozenset[str]) -> Worker:
    """This thread's worker for ``run`` (built once: loading the packs costs ~1 s)."""
    cached: tuple[str, Worker] | None = getattr(_LOCAL, "worker", None)
    if cached is None or cached[0] != run:
        cached = (run, Worker(scheme, batch=batch))
        _LOCAL.worker = cached
    return cached[1]


@contextlib.contextmanager
def _checking(
    run: str, scheme: Scheme, batch: frozenset[str], paths: Sequence[Path]
) -> Iterator[Worker]:
    """This thread's worker for ``run``, which forgets the files of ``paths`` afterwards
    (the results keep what they need; the ancestors outside the partition, such as the
    national catalogs every partition names, stay): a worker's memory is that of one
    partition, however many it checks."""
    worker = _worker(run, scheme, batch)
    try:
        yield worker
    finally:
        worker.forget(paths)


def first_pass(
    run: str, scheme: Scheme, batch: frozenset[str], files: Sequence[Found]
) -> list[FileResult]:
    """Every file of a partition checked against the parent it names (the worker then
    forgets them: :func:`_checking`)."""
    with _checking(run, scheme, batch, [found.path for found in files]) as worker:
        return [r for found in files for r in worker.run_all(Task(found.path, found.kind))]


def heads(results: Sequence[FileResult]) -> list[Head]:
    """The partition's files as the search for parents in the batch needs them."""
    return [(r.path, r.kind, r.head().catalog) for r in results]


def second_pass(
    run: str,
    scheme: Scheme,
    batch: frozenset[str],
    results: Sequence[FileResult],
    again: Sequence[tuple[int, int, int]],
    others: Sequence[Sequence[FileResult]],
    heads: bool = False,
) -> list[FileResult]:
    """The partition's final results: each table of ``again`` (its index, the parent's
    partition among ``others`` or -1 for this one, the parent's index there) checked
    again against its parent in the batch, then each file with its own findings.  With
    ``heads``, each result's catalog goes back without its items
    (:meth:`FileResult.head`)."""
    out = list(results)
    if again:
        with _checking(run, scheme, batch, [results[i].path for i, _, _ in again]) as worker:
            for index, where, parent_index in again:
                parent = (results if where < 0 else others[where])[parent_index]
                task = Task.again(results[index], parent, parent.catalog)
                out[index] = worker.run(task)
    # GK307 within the partition: a province keeps each of its townships' catalogs together
    final = township_topics(own_findings(out, scheme, batch), scheme)
    return [r.head() for r in final] if heads else final


def final_pass(
    run: str,
    scheme: Scheme,
    batch: frozenset[str],
    results: Sequence[FileResult],
    again: Sequence[tuple[int, int, int]],
    others: Sequence[Sequence[FileResult]],
    encoded: bool,
    heads: bool,
) -> list[FileResult] | tuple[str, list[Summary]]:
    """:func:`second_pass` as one task returns it: the partition's JSON Lines and
    summaries when ``encoded`` (:func:`encode`: what the worker keeps until the client
    writes it is text and scorecards, not results with resolved catalogs), else its
    results, with their catalogs' heads only when ``heads`` (:meth:`FileResult.head`)."""
    final = second_pass(run, scheme, batch, results, again, others, heads)
    return encode(final) if encoded else final


def check_partition(
    run: str,
    scheme: Scheme,
    batch: frozenset[str],
    files: Sequence[Found],
    encoded: bool,
    heads: bool,
) -> list[FileResult] | tuple[str, list[Summary]]:
    """A partition of documents only (each names its parent: none is looked for across
    the batch) checked in one task: :func:`first_pass` then :func:`final_pass`."""
    results = first_pass(run, scheme, batch, files)
    return final_pass(run, scheme, batch, results, (), (), encoded, heads)


def encode(results: Sequence[FileResult]) -> tuple[str, list[Summary]]:
    """The partition's JSON Lines (one :meth:`FileResult.to_dict` a line), written on the
    worker, and each file's (passed, unusable, scorecard): the client receives text and
    scorecards, not resolved catalogs."""
    text = "".join(json.dumps(r.to_dict(), ensure_ascii=False) + "\n" for r in results)
    return text, [(r.passed, r.report.unusable > 0, r.scorecard) for r in results]
