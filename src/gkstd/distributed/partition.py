"""Cutting a batch into partitions: one per province folder (or deeper), known from the
folder layout alone.

A file's partition is the first ``depth`` folders of its path below the folder it was
found in (the path handed to the check): with the national corpus laid out as
``全国/<省>/<市>/<县>/<乡镇>…``, ``depth=1`` gives one partition per province.  Files right
in a given folder, and files named one by one, form partitions of their own.

Why the folder and not each document's chain root: every chain ends at its domain's
national catalog, so grouping by chain root would group by domain (26 partitions of about
40,000 files each), not by province; and it would mean reading every file on the client
before the work is shared out.  The folder is known from the discovery alone, keeps a
township's catalogs of all domains together (the coverage of a township's catalogs across
domains, GK307, needs them side by side), and a province's files are contiguous in the
discovery order, so results can be written out in that order one partition at a time.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import attrs

from gkstd.batch.discover import Found

__all__ = ["Partition", "partition"]


@attrs.frozen
class Partition:
    """The files of one partition: ``key`` names it (the given folder and the folders
    below it), ``indices`` are the files' positions in the discovery order."""

    key: str
    indices: tuple[int, ...]
    files: tuple[Found, ...]


def partition(
    files: Sequence[Found], roots: Sequence[str | os.PathLike[str]], depth: int = 1
) -> list[Partition]:
    """``files`` (in the discovery order) grouped by their first ``depth`` folders below
    the given folder among ``roots`` that holds them (the longest, when folders nest);
    partitions are ordered by their first file."""
    if depth < 0:
        raise ValueError("depth must be 0 or more")
    folders = sorted(
        (os.path.normpath(os.fspath(r)) for r in roots if Path(r).is_dir()),
        key=len,
        reverse=True,
    )
    groups: dict[str, list[int]] = {}
    for index, found in enumerate(files):
        groups.setdefault(_key(found.path, folders, depth), []).append(index)
    return [
        Partition(key, tuple(indices), tuple(files[i] for i in indices))
        for key, indices in groups.items()
    ]


def _key(path: Path, folders: Sequence[str], depth: int) -> str:
    text = os.path.normpath(str(path))
    for folder in folders:
        prefix = folder if folder.endswith(os.sep) else folder + os.sep
        if folder == os.curdir:
            prefix = ""
        if text.startswith(prefix):
            below = Path(text[len(prefix) :]).parts[:-1][:depth]
            return os.path.join(folder, *below)
    return "<files>"  # named one by one
