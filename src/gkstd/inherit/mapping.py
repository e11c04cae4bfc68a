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

from gkstd.model.folding import fold

__all__ = ["LOCAL", "MAP_SUFFIX", "ItemMap", "MapError", "load_map", "map_beside"]

#: The target of an entry that marks a local addition.
LOCAL: Final = "新增"
_LOCAL_WORDS = frozenset({"新增", "本级新增", "local", "none", "无", "-"})
#: Suffix of a map file found beside a catalog or table.
MAP_SUFFIX = ".map.yaml"
_MARKER = "gkstd-map"


class MapError(ValueError):
    """A map file that cannot be used: ``message``/``message_en`` say where and why."""

    def __init__(self, message: str, message_en: str, file: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.message_en = message_en
        self.file = file


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
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise MapError(
            f"无法读取事项对应表 {name}：{exc.strerror or exc}。",
            f"Cannot read the item map {name}: {exc.strerror or exc}.",
            name,
        ) from None
    except UnicodeDecodeError:
        raise MapError(
            f"事项对应表 {name} 不是 UTF-8 编码；请在编辑器中另存为 UTF-8。",
            f"The item map {name} is not UTF-8; save it as UTF-8.",
            name,
        ) from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第 {mark.line + 1} 行" if mark is not None else ""
        where_en = f" at line {mark.line + 1}" if mark is not None else ""
        raise MapError(
            f"事项对应表 {name} {where}不是有效的 YAML；请按 docs/matching.md 中的样例书写。",
            f"The item map {name} is not valid YAML{where_en}; see docs/matching.md.",
            name,
        ) from None
    items = data.get("items") if isinstance(data, dict) else None
    if not isinstance(data, dict) or _MARKER not in data or not isinstance(items, dict):
        raise MapError(
            f'{name} 不是事项对应表：应有 {_MARKER}: "1.0" 和 items: 映射（本目录事项 → 上级事项编号）。',
            f'{name} is not an item map: it needs {_MARKER}: "1.0" and an items: mapping.',
            name,
        )
    for key, value in items.items():
        if not isinstance(key, (str, int)) or isinstance(value, (dict, list)):
            raise MapError(
                f"事项对应表 {name} 中的条目 {key!r} 写法不对：应为“本目录事项: 上级事项编号”。",
                f"Entry {key!r} of the item map {name} should read 'child item: parent id'.",
                name,
            )
    return ItemMap.of({str(k): v for k, v in items.items()}, name)


def map_beside(path: str | os.PathLike[str]) -> Path | None:
    """The map file kept beside ``path`` (``NAME.map.yaml`` for ``NAME.xlsx``), if any."""
    candidate = Path(path).with_suffix("")
    found = candidate.with_name(candidate.name + MAP_SUFFIX)
    return found if found.is_file() else None
