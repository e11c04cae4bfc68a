"""The item map: the user's own answer to "which parent item is this row?".

Automatic matching (:mod:`gkstd.inherit.matching`) is right most of the time; where it is
not, the user writes a small YAML file next to the catalog or table (``NAME.map.yaml``
beside ``NAME.xlsx`` or ``NAME.yaml`` is found without being named)::

    # 事项对应表：本目录中的事项 → 上级目录中的事项编号
    gkstd-map: "1.0"
    items:
      综合业务/政策: general.policy-documents          # 名称路径（一级/二级）
      最低生活保障/政策: minimum-living.policy-documents
      文化馆公益性群众文化活动服务: public-services.mass-cultural-activities
      本级特色活动: 新增                                 # 本级新增，不对应上级事项
      general.local-3: general.supervision              # 也可以写本目录的事项编号

A key is an item id of the catalog, or a name path (names joined with ``/``; a path may
start at any level, so a unique last name is enough).  Names are compared after
:func:`gkstd.model.folding.fold`.  A value is a parent item id, or ``新增`` (also
``local`` or an empty value) for a local addition.  The map wins over every score.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Final

import attrs
import yaml

from gkstd.diagnostics import limits
from gkstd.diagnostics.errors import GkstdError, os_reason
from gkstd.diagnostics.findings import Finding
from gkstd.diagnostics.readfiles import read_capped
from gkstd.inherit.rules import BAD_MAP
from gkstd.io.sideyaml import load_yaml
from gkstd.model.folding import fold

__all__ = ["LOCAL", "MAP_SUFFIX", "ItemMap", "MapError", "load_map", "map_beside", "read_map"]

#: The target of an entry that marks a local addition.
LOCAL: Final = "新增"
_LOCAL_WORDS = frozenset({"新增", "本级新增", "local", "none", "无", "-"})
#: Suffix of a map file found beside a catalog or table.
MAP_SUFFIX = ".map.yaml"
_MARKER = "gkstd-map"


class MapError(GkstdError, ValueError):
    """A map file that cannot be used: ``problem`` names the message of GK219 (the rule
    :data:`gkstd.inherit.rules.BAD_MAP`) that says why, ``values`` its field values;
    ``message``/``message_en`` are that message in Chinese and English."""

    def __init__(self, problem: str, file: str, **values: Any) -> None:
        self.problem = problem
        self.file = file
        self.values = {"map_file": file, **values}
        template = BAD_MAP.messages[problem]
        self.message = template.render(self.values, "zh")
        self.message_en = template.render(self.values, "en")
        super().__init__(self.message, self.message_en)


def _segments(key: str) -> tuple[str, ...]:
    return tuple(fold(part) for part in key.replace("／", "/").split("/") if part.strip())


@attrs.frozen
class ItemMap:
    """Child item (id or name path) → parent item id or :data:`LOCAL`.

    ``entries`` keeps the keys as written, in file order.
    """

    entries: tuple[tuple[str, str], ...] = ()
    file: str | None = None
    _by_id: Mapping[str, str] = attrs.field(init=False, repr=False, eq=False)
    _by_path: tuple[tuple[tuple[str, ...], str], ...] = attrs.field(
        init=False, repr=False, eq=False
    )

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_by_id", dict(self.entries))
        object.__setattr__(
            self, "_by_path", tuple((_segments(key), target) for key, target in self.entries)
        )

    @classmethod
    def of(cls, entries: Mapping[str, str | None], file: str | None = None) -> ItemMap:
        """Build from a mapping (``None`` or ``新增`` values mark local additions)."""
        return cls(tuple((str(k), _target(v)) for k, v in entries.items()), file)

    def lookup(self, item_id: str, path: Iterable[str]) -> str | None:
        """The target for a child item (its id and name path), or ``None``."""
        if item_id in self._by_id:
            return self._by_id[item_id]
        folded = tuple(fold(name) for name in path)
        for segments, target in self._by_path:
            if segments and folded[-len(segments) :] == segments:
                return target
        return None

    def keys_used(self, items: Iterable[tuple[str, tuple[str, ...]]]) -> set[str]:
        """The keys that name at least one of ``items`` ((id, name path) pairs)."""
        used: set[str] = set()
        pairs = list(items)
        for key, _ in self.entries:
            segments = _segments(key)
            for item_id, path in pairs:
                folded = tuple(fold(name) for name in path)
                if key == item_id or (segments and folded[-len(segments) :] == segments):
                    used.add(key)
                    break
        return used


def _target(value: Any) -> str:
    if value is None:
        return LOCAL
    text = str(value).strip()
    return LOCAL if not text or text.lower() in _LOCAL_WORDS else text


def load_map(path: str | os.PathLike[str]) -> ItemMap:
    """Read a map file.  Raises :class:`MapError` with a message naming the file, the
    entry and the fix."""
    name = os.fspath(path)
    largest = limits.get("max_document_bytes")
    try:
        raw = read_capped(path, largest)
        if len(raw) > largest:
            raise MapError(
                "unreadable",
                name,
                error=f"超过 {largest} 字节，不像事项对应表",
                error_en=f"over {largest} bytes, not an item map",
            )
        text = raw.decode("utf-8-sig")
    except OSError as exc:
        why, why_en = os_reason(exc)
        raise MapError("unreadable", name, error=why, error_en=why_en) from None
    except UnicodeDecodeError:
        raise MapError("not-utf8", name) from None
    try:
        data = load_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        if mark is None:
            raise MapError("bad-yaml", name) from None
        raise MapError("bad-yaml-at", name, row=mark.line + 1) from None
    items = data.get("items") if isinstance(data, dict) else None
    if not isinstance(data, dict) or _MARKER not in data or not isinstance(items, dict):
        raise MapError("default", name)  # not an item map
    for key, value in items.items():
        if not isinstance(key, (str, int)) or isinstance(value, (dict, list)):
            raise MapError("bad-entry", name, entry=repr(key))
    return ItemMap.of({str(k): v for k, v in items.items()}, name)


def map_beside(path: str | os.PathLike[str]) -> Path | None:
    """The map file kept beside ``path`` (``NAME.map.yaml`` for ``NAME.xlsx``), if any
    (none when that name cannot exist: a ``NAME`` so long that the map's name is over the
    file system's limit, or no file name at all: ``""``)."""
    if not Path(path).name:
        return None
    candidate = Path(path).with_suffix("")
    found = candidate.with_name(candidate.name + MAP_SUFFIX)
    try:
        return found if found.is_file() else None
    except (OSError, ValueError):  # ENAMETOOLONG, EACCES; a NUL in the name
        return None


def read_map(path: str | os.PathLike[str]) -> ItemMap | Finding:
    """The item map in file ``path``, or the GK finding (:data:`BAD_MAP`) that says why
    it cannot be used."""
    try:
        return load_map(path)
    except MapError as exc:
        return BAD_MAP.emit(exc.problem, **exc.values, file=exc.file)
