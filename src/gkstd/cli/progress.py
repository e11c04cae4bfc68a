"""Progress bars for long commands (``gkstd check``, ``gkstd conformance``): tqdm on
standard error when it is a terminal, nothing when output is piped or captured."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from gkstd.cli.common import t
from gkstd.cli.textfmt import stderr_is_terminal

__all__ = ["progress_bar", "stderr_is_terminal"]


@contextmanager
def progress_bar(
    enabled: bool, unit: tuple[str, str], desc: tuple[str, str]
) -> Iterator[Callable[[int, int, Any], None] | None]:
    """A tqdm bar on standard error (done, rate, ETA) when ``enabled``; it appears with the
    first report ``tell(done, total, what)``, when the total is known.  ``unit`` and ``desc``
    are (Chinese, English)."""
    if not enabled:
        yield None
        return
    from tqdm import tqdm

    class Bar(tqdm):  # type: ignore[type-arg]
        #: No monitor thread (it only adjusts a bar that stalls): a process with a
        #: second thread cannot safely fork, and the reports are written by a forked copy
        #: (:mod:`gkstd.cli.reports`).
        monitor_interval = 0

    bars: list[tqdm[Any]] = []

    def tell(done: int, total: int, what: Any) -> None:
        if not bars:
            bars.append(
                Bar(
                    total=total,
                    unit=t(*unit),
                    desc=t(*desc),
                    file=sys.stderr,
                    leave=False,
                    dynamic_ncols=True,
                )
            )
        bars[0].update(done - bars[0].n)

    try:
        yield tell
    finally:
        for bar in bars:
            bar.close()
