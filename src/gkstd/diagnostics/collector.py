"""Pausing Python's cyclic garbage collector during bulk work.

Checking thousands of catalogs creates millions of small, long-lived objects (items,
findings); the collector then walks them again and again, about an eighth of the run
(measured on the province tree of ``benchmarks/bench_inheritance.py``).  Reference
counting still frees everything that is not in a cycle; the collector is switched back on
(if it was on) when the bulk work ends, and collects then.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collector_paused"]


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run the block with the cyclic garbage collector off (re-entrant; restores it)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
