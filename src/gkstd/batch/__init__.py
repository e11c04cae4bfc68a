"""Batch checking for supervisors: find every catalog under a set of folders, check each,
score every jurisdiction and domain, rank them (docs/guide-batch.md, docs/scoring.md).

Floor 12 of the layers (docs/architecture.md): imports the API and the parts below it; the
CLI and the conformance kit sit above it.
"""

from gkstd.batch.check import Progress, check, check_discovered, default_jobs
from gkstd.batch.compare import Change, Comparison, Earlier, EarlierReportError, load_earlier
from gkstd.batch.discover import Discovery, Found, Skipped, discover
from gkstd.batch.parents import ParentMap, ParentMapError, find_parents, load_parent_map
from gkstd.batch.result import BatchReport, FileResult
from gkstd.batch.scheme import Grade, Scheme, SchemeError, default_scheme, load_scheme
from gkstd.batch.score import Measures, Rollup, Scorecard, measure, rollups, score

__all__ = [
    "BatchReport",
    "Change",
    "Comparison",
    "Discovery",
    "Earlier",
    "EarlierReportError",
    "FileResult",
    "Found",
    "Grade",
    "Measures",
    "ParentMap",
    "ParentMapError",
    "Progress",
    "Rollup",
    "Scheme",
    "SchemeError",
    "Scorecard",
    "Skipped",
    "check",
    "check_discovered",
    "default_jobs",
    "default_scheme",
    "discover",
    "find_parents",
    "load_earlier",
    "load_parent_map",
    "load_scheme",
    "measure",
    "rollups",
    "score",
]
