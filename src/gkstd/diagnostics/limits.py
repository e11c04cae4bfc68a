"""Input limits: every bound gkstd puts on what it reads, in one place.

Government users open files from many offices, and gkstd runs inside portals: a document
or workbook that is too big, too deep or built to exhaust a reader must be refused with a
clear finding, not crash the process.  Each limit has a default that real catalogs are far
below (the largest real extract in ``tests/data/tables/real/`` is about 1,000 cells and 5
levels deep), a Chinese and English description, and can be raised:

* for one process: the environment variable ``GKSTD_LIMIT_<NAME>`` (upper case), e.g.
  ``GKSTD_LIMIT_MAX_DEPTH=200``;
* in code: ``with gkstd.limits.raised(max_depth=200): ...`` or :func:`configure`.

``docs/limits.md`` is generated from :data:`LIMITS` (a test keeps it in sync).  Code reads a
limit with :func:`get` (``get("max_depth")``) each time it checks, so a change applies at
once; inside :func:`held` (a batch of thousands of documents) the environment is read once
per limit, and :func:`configure`, :func:`reset` and :func:`raised` still apply at once.
"""

from __future__ import annotations

import contextlib
import contextvars
import os
from collections.abc import Iterator

import attrs

__all__ = ["LIMITS", "Limit", "configure", "get", "held", "raised", "reset"]


@attrs.frozen
class Limit:
    """One bound: its ``name``, ``default`` value, unit and what it protects (zh/en)."""

    name: str
    default: int
    unit: str
    zh: str
    en: str

    @property
    def env(self) -> str:
        """The environment variable that overrides it."""
        return f"GKSTD_LIMIT_{self.name.upper()}"


MiB = 1024 * 1024

#: Every limit, in the order the docs list them.
LIMITS: tuple[Limit, ...] = (
    Limit(
        "max_document_bytes",
        64 * MiB,
        "bytes",
        "目录文件（YAML/JSON）的最大字节数",
        "largest catalog document (YAML/JSON) read",
    ),
    Limit(
        "max_depth",
        64,
        "levels",
        "目录文件的最大嵌套深度（事项层级和 YAML/JSON 结构）",
        "deepest nesting of a document (item levels and YAML/JSON structure)",
    ),
    Limit(
        "max_chain_depth",
        32,
        "levels",
        "上级目录链（上级目录的上级……）的最大层数",
        "longest chain of parents (a parent's parent …)",
    ),
    Limit(
        "max_digits",
        30,
        "digits",
        "一个数字的最多位数（时限天数、YAML 整数等）",
        "most digits in one number (time-limit days, YAML integers)",
    ),
    Limit(
        "max_items",
        50_000,
        "items",
        "一个目录文件最多的事项数（国家目录数百项，县级目录一两千项）",
        "most items in one catalog document (a national catalog has hundreds, a county's one "
        "or two thousand)",
    ),
    Limit(
        "max_text_chars",
        32_767,
        "characters",
        "一个单元格或一个文字要素的最多字符数（Excel 单元格的上限）",
        "longest text in one cell or element (Excel's cell limit)",
    ),
    Limit(
        "max_table_bytes",
        100 * MiB,
        "bytes",
        "表格文件（xlsx/xls/csv）的最大字节数",
        "largest table file (xlsx/xls/csv) read",
    ),
    Limit(
        "max_report_bytes",
        256 * MiB,
        "bytes",
        "用于比较的上次检查报告（gkstd check 的 JSON 报告，--compare）的最大字节数",
        "largest earlier check report (gkstd check's JSON, --compare) read for a comparison",
    ),
    Limit(
        "max_unzipped_bytes",
        500 * MiB,
        "bytes",
        "xlsx 解压后的最大总字节数（防压缩炸弹）",
        "largest total uncompressed size of an xlsx (zip-bomb guard)",
    ),
    Limit(
        "max_cells",
        5_000_000,
        "cells",
        "一个工作表读取的最多单元格数（含声明的范围和合并区域）",
        "most cells read from one sheet (declared range and merged areas included)",
    ),
    Limit(
        "max_table_rows",
        10_000,
        "rows",
        "导入的工作表最多行数（标准目录通常只有几十到几百行；一万行的导入约 7 秒、300 MB）",
        "most rows of the sheet imported (a catalog has tens to hundreds; 10,000 rows take "
        "about 7 s and 300 MB to import)",
    ),
    Limit(
        "max_table_columns",
        200,
        "columns",
        "导入的工作表最多的有内容的列数（标准目录通常十几列；一百万列的 CSV 导入要几分钟、"
        "几个 GB 内存）",
        "most columns with content of the sheet imported (a catalog has a dozen or two; a "
        "CSV of a million columns took minutes and gigabytes)",
    ),
    Limit(
        "max_reader_seconds",
        60,
        "seconds",
        "读取一个 .xls/.et/.ods 工作簿的最长时间（在子进程中读取，超时即停止并报告）",
        "longest time reading one .xls/.et/.ods workbook (read in a child process, stopped "
        "and reported when over)",
    ),
    Limit(
        "max_reader_memory",
        2048 * MiB,
        "bytes",
        "读取一个 .xls/.et/.ods 工作簿的子进程最多可再用的内存",
        "most memory the child process reading one .xls/.et/.ods workbook may take",
    ),
    Limit(
        "max_record_bytes",
        2048 * MiB,
        "bytes",
        "公开记录文件的最大字节数",
        "largest publication-records file read",
    ),
    Limit(
        "max_seconds",
        10,
        "seconds",
        "一次检查的参考时间上限（模糊测试以此为准）",
        "time one check of one document may take (the fuzzing harness enforces it)",
    ),
    Limit(
        "max_rule_seconds",
        10,
        "seconds",
        "一条规则检查一个目录（全部事项）的最长时间；超时的规则被中断，报告 GK000，其余规则照常运行",
        "longest time one rule may take on one catalog (all its items); a rule past it is "
        "stopped and reported as GK000, the other rules still run",
    ),
    Limit(
        "max_plugin_load_seconds",
        5,
        "seconds",
        "加载一个插件（导入和注册钩子）的时间上限；超时的插件照常加载，其状态中记录一条警告",
        "time loading one plugin (import and registration hooks) may take; a slower plugin "
        "still loads, with a warning in its status",
    ),
    Limit(
        "max_plugin_fail_seconds",
        60,
        "seconds",
        "加载一个插件的一个步骤（导入或一个注册钩子）最长的时间；超过即停止该插件（视为加载失败），"
        "其余插件照常加载（仅在主线程中生效）",
        "longest time one step of loading a plugin (its import or one registration hook) may "
        "take; past it the plugin is stopped and fails, the others load (main thread only)",
    ),
    Limit(
        "rule_cost_factor",
        50,
        "times",
        "一致性检查 rule-cost：领域包规则每个事项的耗时最多为核心规则中位数的倍数",
        "conformance check rule-cost: how many times the core rules' median time per item "
        "a pack's rule may take",
    ),
    Limit(
        "rule_cost_floor_us",
        2000,
        "microseconds",
        "一致性检查 rule-cost：低于此每事项耗时的规则不算过慢",
        "conformance check rule-cost: a rule faster than this per item is never too slow",
    ),
)

_BY_NAME = {limit.name: limit for limit in LIMITS}
_override: dict[str, int] = {}


#: The limits read so far inside :func:`held` in this context (``None``: not held).
_HELD: contextvars.ContextVar[dict[str, int] | None] = contextvars.ContextVar(
    "gkstd_limits_held", default=None
)


def get(name: str) -> int:
    """The current value of limit ``name``: set in code, else from the environment, else
    the default.  A malformed environment value is ignored (the default applies)."""
    values = _HELD.get()
    if values is None:
        return _read(name)
    value = values.get(name)
    if value is None:
        value = values[name] = _read(name)
    return value


@contextlib.contextmanager
def held() -> Iterator[None]:
    """Inside the block each limit is read once, at its first use, and keeps that value:
    a batch of thousands of documents need not read the environment thousands of times.
    :func:`configure`, :func:`reset` and :func:`raised` inside the block apply at once.
    Per thread and task (a context variable); nested blocks share the values."""
    token = _HELD.set(_HELD.get() if _HELD.get() is not None else {})
    try:
        yield
    finally:
        _HELD.reset(token)


def _forget_held() -> None:
    """Make :func:`get` read again inside :func:`held` (the limits were changed)."""
    values = _HELD.get()
    if values is not None:
        values.clear()


def _read(name: str) -> int:
    if name in _override:
        return _override[name]
    limit = _BY_NAME[name]
    value = os.environ.get(limit.env)
    if value is not None:
        with contextlib.suppress(ValueError):
            number = int(value.strip().replace("_", ""))
            if number > 0:
                return number
    return limit.default


def configure(**values: int) -> None:
    """Set limits for this process (``configure(max_depth=200)``)."""
    for name, value in values.items():
        if name not in _BY_NAME:
            known = ", ".join(_BY_NAME)
            raise KeyError(f"unknown limit {name!r}; known: {known}")
        if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
            raise ValueError(f"limit {name} must be a positive integer, not {value!r}")
        _override[name] = value
    _forget_held()


def reset() -> None:
    """Forget limits set with :func:`configure` (environment and defaults apply again)."""
    _override.clear()
    _forget_held()


@contextlib.contextmanager
def raised(**values: int) -> Iterator[None]:
    """Set limits inside a ``with`` block only."""
    saved = dict(_override)
    try:
        configure(**values)
        yield
    finally:
        _override.clear()
        _override.update(saved)
        _forget_held()
