"""Pausing Python's cyclic garbage collector during bulk work.

Checking thousands of catalogs creates millions of small, long-lived objects (items,
findings); the collector then walks them again and again, about an eighth of the run
(measured on the province tree of ``benchmarks/bench_inheritance.py``).  Reference
counting still frees everything that is not in a cycle; the collector is switched back on
(if it was on) when the bulk work ends.

The objects the bulk work created and kept are then moved to the oldest generation
without a scan (``gc.freeze()`` then ``gc.unfreeze()``): switched on as they are, the
collector would walk every one of them at the next allocation, a quarter of a second
after the province tree, only to find them all alive.  Garbage cycles made during the
work are collected at the next full collection.  When the program keeps frozen objects
of its own (``gc.freeze()`` before ``fork``), they stay frozen: the objects are then left
where they are.
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
            if gc.get_freeze_count() == 0:
                gc.freeze()  # everything alive to the permanent generation, unscanned,
                gc.unfreeze()  # and back into the oldest generation
            gc.enable()
