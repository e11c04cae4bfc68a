"""Batch checking for supervisors: find every catalog under a set of folders, check each,
score every jurisdiction (issue 19; in progress: discovery and the per-file check are done).

Floor 12 of the layers (docs/architecture.md): imports the API and the parts below it; the
CLI and the conformance kit sit above it.
"""

from gkstd.batch.check import BatchReport, FileResult, check, check_discovered
from gkstd.batch.discover import Discovery, Found, Skipped, discover

__all__ = [
    "BatchReport",
    "Discovery",
    "FileResult",
    "Found",
    "Skipped",
    "check",
    "check_discovered",
    "discover",
]
