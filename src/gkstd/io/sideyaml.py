"""Reading a side file's YAML — a scoring scheme (``--scoring``), a parents file
(``--parents``), an item map (``--map``, ``NAME.map.yaml``), a conformance xfail list —
with PyYAML's safe loader, where the only exception is :class:`yaml.YAMLError`.

Catalogs go through the guarded reader (:mod:`gkstd.io.parse`, with its limits); side
files are small and read as plain YAML, but PyYAML lets other exceptions through on
hostile text: :class:`ValueError` for a number of more than 4,300 digits (Python's
``int()`` limit) or an impossible date (``2020-13-45``), :class:`RecursionError` for
nesting thousands deep.  :func:`load_yaml` turns them into :class:`SideYamlError`, a
:class:`yaml.YAMLError`, so that each reader's own message for bad YAML (the file named,
exit code 2) covers them.  Part of :mod:`gkstd.io`.
"""

from __future__ import annotations

from typing import Any

import yaml

from gkstd.diagnostics.sidefiles import SideFile

__all__ = ["SideYamlError", "load_side_yaml", "load_yaml"]

_SAFE: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class SideYamlError(yaml.YAMLError):
    """YAML that parses but cannot be turned into values: ``problem`` (Chinese) and
    ``problem_en`` say why; ``problem_mark`` is ``None`` (no line is known)."""

    def __init__(self, problem: str, problem_en: str) -> None:
        super().__init__(f"{problem} / {problem_en}")
        self.problem = problem
        self.problem_en = problem_en
        self.problem_mark = None


def load_yaml(text: str, loader: Any = None) -> Any:
    """The data of YAML ``text`` (PyYAML's safe loader unless ``loader`` is given);
    raises :class:`yaml.YAMLError` (:class:`SideYamlError` for values that cannot be
    made) and nothing else."""
    try:
        return yaml.load(text, Loader=loader or _SAFE)
    except RecursionError:
        raise SideYamlError("嵌套过深", "nested too deeply") from None
    except (ValueError, OverflowError) as exc:  # a huge number, an impossible date
        detail = str(exc)[:120]
        raise SideYamlError(
            f"有无法读取的值（{detail}）", f"a value cannot be read ({detail})"
        ) from None


def load_side_yaml(text: str, name: str, kind: SideFile) -> Any:
    """The data of the side file ``name``'s YAML ``text``; ``kind.error`` (the file, the
    line when known, the fix) when it is not YAML or holds a value that cannot be made."""
    try:
        return load_yaml(text)
    except SideYamlError as exc:
        raise kind.refuse(name, exc.problem, exc.problem_en) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第 {mark.line + 1} 行：" if mark is not None else ""
        where_en = f"line {mark.line + 1}: " if mark is not None else ""
        raise kind.refuse(name, f"{where}YAML 语法错误", f"{where_en}YAML syntax error") from None
