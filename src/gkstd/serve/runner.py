"""Where the service's work runs: a pool of worker processes (Pebble), each with its own
registry built once, so that one large table does not hold up other requests, and a
request past its time budget is stopped by replacing its worker.

At most ``workers + queue`` requests are in the pool at once; the next one is refused at
once (HTTP 503, GK803 ``busy``) instead of waiting without bound.  ``workers=0`` runs the
work in the server's thread pool (tests; no time budget)."""

from __future__ import annotations

import asyncio
import concurrent.futures
import multiprocessing
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any, TypeVar

from pebble import ProcessExpired, ProcessPool
from starlette.concurrency import run_in_threadpool

from gkstd.serve.config import ServeConfig
from gkstd.serve.rules import OVER_BUDGET, body_refused
from gkstd.serve.work import TEMP_PREFIX, RequestError, start_worker, warm

__all__ = ["Runner"]

T = TypeVar("T")


class Runner:
    """Runs the work functions of :mod:`gkstd.serve.work` for the service."""

    def __init__(self, config: ServeConfig) -> None:
        self.config = config
        self._pool: Any = None
        self._lock = threading.Lock()
        self._in_flight = 0

    def start(self) -> None:
        """Start the worker processes (each builds its registry now, not on a request);
        the server's own registry (the describing endpoints) is built too."""
        warm()
        self.sweep()
        if self.config.workers and self._pool is None:
            # forkserver: a worker never inherits the server's event loop or threads
            context = multiprocessing.get_context("forkserver")
            self._pool = ProcessPool(
                max_workers=self.config.workers, initializer=start_worker, context=context
            )
            # Pebble starts its workers on the first task: start them now, so that the
            # first request does not wait for a registry to be built
            for future in [self._pool.schedule(warm) for _ in range(self.config.workers)]:
                future.result(timeout=max(60.0, self.config.timeout))

    def _revive(self) -> None:
        """A new pool when this one has stopped working (its scheduler thread ended): the
        service then answers again instead of failing every request until a restart."""
        with self._lock:
            pool = self._pool
            if pool is None or pool.active:
                return
            self._pool = None
        try:
            pool.stop()
        finally:
            self.start()

    def stop(self) -> None:
        """Stop the workers (their running requests are abandoned)."""
        if self._pool is not None:
            self._pool.stop()
            self._pool.join()
            self._pool = None

    def sweep(self) -> int:
        """Remove the temporary folders (``gkstd-serve-*``) that a worker stopped at its
        time budget could not remove itself: those untouched for longer than twice the
        budget and a minute (a request of another service on the same machine is never
        that old).  Returns how many were removed."""
        folder = Path(tempfile.gettempdir())
        oldest = time.time() - 2 * self.config.timeout - 60
        removed = 0
        for path in folder.glob(f"{TEMP_PREFIX}*"):
            try:
                if path.is_dir() and not path.is_symlink() and path.stat().st_mtime < oldest:
                    shutil.rmtree(path, ignore_errors=True)
                    removed += 1
            except OSError:
                continue
        return removed

    async def run(self, function: Callable[..., T], *args: Any) -> T:
        """``function(*args)`` in a worker; :class:`RequestError` (GK803) when the
        service is full (503) or the request runs past its time budget (504)."""
        limit = max(1, self.config.workers) + self.config.queue
        with self._lock:
            if self._in_flight >= limit:
                raise RequestError(
                    503, OVER_BUDGET.emit("busy", workers=max(1, self.config.workers))
                )
            self._in_flight += 1
        try:
            if self._pool is None:
                return await run_in_threadpool(function, *args)
            _sendable(args)
            self._revive()
            future = self._pool.schedule(function, args=args, timeout=self.config.timeout)
            try:
                result: T = await asyncio.wrap_future(future)
            except concurrent.futures.TimeoutError:
                self.sweep()
                raise RequestError(
                    504, OVER_BUDGET.emit("default", seconds=_seconds(self.config.timeout))
                ) from None
            except (BrokenProcessPool, ProcessExpired):
                # the worker died (out of memory, killed): it is replaced; this request fails
                raise RequestError(503, OVER_BUDGET.emit("died")) from None
            return result
        finally:
            with self._lock:
                self._in_flight -= 1


#: Deepest nesting of containers sent to a worker (documents allow 64 levels).
_MOST_NESTING = 100


def _sendable(args: tuple[Any, ...]) -> None:
    """Refuse (400, GK802) what cannot be sent to a worker: Pebble pickles the arguments
    in its scheduler thread, and an exception there (a value nested too deep for
    ``pickle``: 500 levels did it) killed that thread, so that every later request failed
    until a restart.  The nesting of lists, tuples and dicts is measured without copying
    anything (uploads are large bytes: a trial pickling would copy them)."""
    stack: list[tuple[Any, int]] = [(args, 0)]
    while stack:
        value, depth = stack.pop()
        if depth > _MOST_NESTING:
            raise RequestError(
                400,
                body_refused(f"嵌套超过 {_MOST_NESTING} 层", f"nested over {_MOST_NESTING} levels"),
            )
        if isinstance(value, (list, tuple)):
            stack.extend((item, depth + 1) for item in value)
        elif isinstance(value, dict):
            stack.extend((item, depth + 1) for pair in value.items() for item in pair)


def _seconds(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value
