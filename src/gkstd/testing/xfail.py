"""The xfail file of the conformance suite: known gaps, each with a mandatory reason."""

from __future__ import annotations

import difflib
from collections.abc import Collection
from pathlib import Path

import yaml

from gkstd.diagnostics.readfiles import read_capped
from gkstd.io.sideyaml import load_yaml
from gkstd.testing.checks import CHECK_IDS

__all__ = ["XfailFileError", "load_xfail"]


class XfailFileError(Exception):
    """The xfail file is unreadable or an entry is incomplete; the message names the
    file, the line and entry, and the fix."""


#: Largest xfail file read (a few entries, a few hundred bytes each).  The file is read by
#: :func:`~gkstd.diagnostics.readfiles.read_capped`: ``--xfail`` given a named pipe nothing
#: writes to had waited for ever, and given ``/dev/zero`` had read until memory ran out.
_MAX_BYTES = 1024 * 1024

#: How an entry is written, appended to every message about an entry.
_FIX = "\n  每项写成 / write each entry as:  - {pack: CODE, check: CHECK, reason: 理由 / why}"


def _entry_lines(text: str) -> list[int]:
    """The 1-based line of each entry of the top-level list (empty if there is none)."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return []
    if not isinstance(node, yaml.SequenceNode):
        return []
    return [item.start_mark.line + 1 for item in node.value]


def load_xfail(
    path: str | Path, packs: Collection[str] | None = None
) -> dict[tuple[str, str], str]:
    """Read an xfail file: a YAML list of ``{pack, check, reason}`` (reason mandatory).
    With ``packs`` (the installed pack codes), an entry naming another pack is refused:
    a misspelt code had been ignored, and the gap it meant to excuse failed the run.

    ::

        - pack: my-domain
          check: mutations
          reason: 本领域目录的时限均为文字表述，生成不了更宽松的时限
    """
    path = Path(path)
    try:
        raw = read_capped(path, _MAX_BYTES)
        if len(raw) > _MAX_BYTES:
            raise XfailFileError(
                f"{path}: 超过 1 MB，不像已知问题清单 / over 1 MB, not an xfail file" + _FIX
            )
        text = raw.decode("utf-8")
        data = load_yaml(text)
    except OSError as exc:
        raise XfailFileError(f"{path}: 无法读取 / cannot read: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise XfailFileError(
            f"{path}: 不是 UTF-8 文本，请另存为 UTF-8 / not UTF-8 text, save it as UTF-8"
        ) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark is not None else ""
        raise XfailFileError(
            f"{path}{where}: YAML 格式错误 / malformed YAML: {getattr(exc, 'problem', exc)}"
        ) from exc
    if data is None:
        return {}
    if not isinstance(data, list):
        raise XfailFileError(
            f"{path}:1: 顶层应为列表（- pack: … check: … reason: …） / the top level must be a "
            "list of entries" + _FIX
        )
    lines = _entry_lines(text)
    out: dict[tuple[str, str], str] = {}
    for index, entry in enumerate(data, start=1):
        line = f":{lines[index - 1]}" if index <= len(lines) else ""
        where = f"{path}{line}: 第 {index} 项 / entry {index}"
        if not isinstance(entry, dict):
            raise XfailFileError(
                f"{where}: 应为 pack/check/reason 映射 / must be a mapping with pack, check, reason"
                + _FIX
            )
        extra = set(entry) - {"pack", "check", "reason"}
        if extra:
            raise XfailFileError(
                f"{where}: 未知键 / unknown key(s) {', '.join(sorted(map(str, extra)))}" + _FIX
            )
        for key in ("pack", "check", "reason"):
            if not str(entry.get(key) or "").strip():
                raise XfailFileError(
                    f"{where}: 缺少 {key}（每项必须写明理由） / missing {key} (every entry needs "
                    "a reason)" + _FIX
                )
        check = str(entry["check"])
        if check not in CHECK_IDS:
            raise XfailFileError(
                f"{where}: 未知检查 {check!r} / unknown check; known: {', '.join(CHECK_IDS)}"
            )
        pair = (str(entry["pack"]), check)
        if packs is not None and pair[0] not in packs:
            close = difflib.get_close_matches(pair[0], list(packs), n=1)
            hint = f"；是否应为 {close[0]!r}？/ did you mean {close[0]!r}?" if close else ""
            raise XfailFileError(
                f"{where}: 没有安装领域包 {pair[0]!r} / no installed pack {pair[0]!r}{hint}"
                " (gkstd domains 列出已安装的领域包 / lists the installed packs)"
            )
        if pair in out:
            raise XfailFileError(
                f"{where}: {pair[0]}/{check} 重复，请合并为一项 / repeated, keep one entry"
            )
        out[pair] = str(entry["reason"]).strip()
    return out
