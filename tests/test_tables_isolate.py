"""gkstd.tables.isolate: a workbook the reader cannot survive (an abort, memory without
bound, hours of work) costs a child process, never gkstd's own."""

from __future__ import annotations

import os
import time

import pytest

from gkstd.diagnostics import limits
from gkstd.tables.grid import TableError
from gkstd.tables.isolate import read_isolated
from gkstd.tables.rules import ENCRYPTED


def test_the_result_of_the_read_comes_back() -> None:
    rows = [["事项名称", "公开内容"], ["城市供水", "供水价格"]]
    assert read_isolated(lambda: (rows, ()), "a.xls") == (rows, ())


def test_an_abort_in_the_reader_is_gk601_not_the_end_of_gkstd() -> None:
    with pytest.raises(TableError) as raised:
        read_isolated(os.abort, "bomb.xls")
    finding = raised.value.finding
    assert finding.code == "GK601"
    assert "bomb.xls" in finding.message
    assert "异常退出" in finding.message


def test_memory_without_bound_stops_at_the_cap() -> None:
    def greedy() -> bytes:
        return b"x" * (8 << 30)  # 8 GiB: over the 256 MiB allowed here

    with limits.raised(max_reader_memory=256 << 20), pytest.raises(TableError) as raised:
        read_isolated(greedy, "big.ods")
    assert raised.value.finding.code == "GK601"
    assert "MemoryError" in raised.value.finding.message


def test_a_read_over_its_time_is_stopped() -> None:
    start = time.perf_counter()
    with limits.raised(max_reader_seconds=1), pytest.raises(TableError) as raised:
        read_isolated(lambda: time.sleep(30), "slow.xls")
    assert time.perf_counter() - start < 10
    assert "1 秒" in raised.value.finding.message


def test_a_finding_of_the_reader_is_passed_on_as_it_is() -> None:
    finding = ENCRYPTED.emit(source="locked.xls", file="locked.xls")

    def refuses() -> None:
        raise TableError(finding)

    with pytest.raises(TableError) as raised:
        read_isolated(refuses, "locked.xls")
    assert raised.value.finding == finding


def _in_daemon(queue: object) -> None:
    try:
        queue.put(read_isolated(lambda: "read", "a.ods"))  # type: ignore[attr-defined]
    except BaseException as exc:
        queue.put(f"{type(exc).__name__}: {exc}")  # type: ignore[attr-defined]


def test_a_daemonic_process_may_read_in_a_child_too() -> None:
    """A service's worker processes are daemonic, and multiprocessing refuses children
    to those; the read forks with os.fork instead."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    worker = context.Process(target=_in_daemon, args=(queue,), daemon=True)
    worker.start()
    try:
        assert queue.get(timeout=30) == "read"
    finally:
        worker.join(10)
