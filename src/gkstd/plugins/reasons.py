"""Internal to the plugin host: why a plugin's code failed, said for its author in
Chinese and English (:func:`explain`).

A pack whose ``rules.py`` was saved in GBK failed with Python's own words, ``SyntaxError:
(unicode error) 'utf-8' codec can't decode byte 0xc0 in position 2: invalid start
byte``; a missing module, a name that does not exist, a typo in the code, full-width
punctuation pasted from a Word document, all the same.  The common failures are said in
words with the fix — an encoding problem is found by reading the file itself, with the
line of its first byte that is not UTF-8 — and the exception's type stays in the message
(``SyntaxError``) so that it can still be searched for.
"""

from __future__ import annotations

import re
import traceback
import types
from importlib import metadata
from pathlib import Path

__all__ = ["Explained", "explain", "not_utf8"]

#: The Chinese and English of a failure, and its place (``file:line``) when the
#: explanation knows it better than the traceback.
Explained = tuple[str, str, str | None]

#: A PEP 263 encoding declaration (``# -*- coding: gbk -*-``) on one of the first lines.
_COOKIE = re.compile(rb"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)")

_SAVE_AS = (
    "记事本：“另存为”→ 编码选 UTF-8；VS Code：状态栏的编码 →“通过编码保存”→ UTF-8",
    "Notepad: Save as → Encoding UTF-8; VS Code: the encoding in the status bar → "
    "Save with Encoding → UTF-8",
)

#: Python's words for the common syntax errors, in Chinese (the English keeps Python's).
_SYNTAX: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), zh)
    for pattern, zh in (
        (r"^invalid syntax\. Perhaps you forgot a comma\?", "语法无效，是否漏了逗号？"),
        (r"^invalid syntax", "语法无效"),
        (r"^expected ':'", "缺少冒号 “:”"),
        (r"^'(.)' was never closed", "括号 “{0}” 没有闭合"),
        (r"^unmatched '(.)'", "多余的 “{0}”"),
        (
            r"^closing parenthesis '(.)' does not match opening parenthesis '(.)'",
            "右括号 “{0}” 与左括号 “{1}” 不匹配",
        ),
        (r"^unterminated triple-quoted string literal", "三引号字符串没有结束"),
        (r"^unterminated string literal", "字符串缺少结束的引号"),
        (
            r"^invalid character '(.)' \(U\+([0-9A-Fa-f]+)\)",
            "代码中有无效字符 “{0}”（U+{1}）：代码里的标点须用半角（英文）符号，"
            "全角符号只能写在字符串或注释中",
        ),
        (
            r"^invalid non-printable character U\+([0-9A-Fa-f]+)",
            "代码中有不可见字符 U+{0}（全角空格、不间断空格或零宽字符？）：请删除它",
        ),
        (r"^unexpected indent", "多余的缩进"),
        (r"^expected an indented block", "缺少缩进的代码块"),
        (r"^unindent does not match any outer indentation level", "缩进与外层代码不一致"),
        (r"^inconsistent use of tabs and spaces", "缩进混用了制表符和空格"),
        (r"^unexpected EOF while parsing", "文件意外结束（缺少右括号或代码块？）"),
        (
            r"^\(unicode error\) 'unicodeescape' codec",
            '字符串中的反斜杠 \\ 被当作转义符：Windows 路径请写成 r"C:\\…" 或改用 /',
        ),
        (
            r"^source code string cannot contain null bytes",
            "文件中有空字节（NUL）：多半是以 UTF-16（记事本的“Unicode”）保存的，请另存为 UTF-8",
        ),
    )
)


def not_utf8(path: str | Path) -> tuple[int, str | None] | None:
    """``(line, guess)`` when the Python file at ``path`` is not UTF-8 and declares no
    other encoding: the line of its first byte that is not UTF-8, and the encoding it
    looks like (``GBK/GB18030``, ``UTF-16``, or ``None``); ``None`` when it is UTF-8,
    declares its encoding, or cannot be read."""
    try:
        data = Path(path).read_bytes()
    except OSError:
        return None
    for line in data.splitlines()[:2]:
        cookie = _COOKIE.match(line)
        if cookie and cookie.group(1).lower().replace(b"_", b"-") not in (b"utf-8", b"utf8"):
            return None  # it says what it is: Python read it so
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_number = data.count(b"\n", 0, exc.start) + 1
    else:
        return None
    guess: str | None = None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        guess = "UTF-16"
    else:
        try:
            data.decode("gb18030")
            guess = "GBK/GB18030"
        except UnicodeDecodeError:
            pass
    return line_number, guess


def _source(exc: SyntaxError) -> str | None:
    """The file that failed to compile: the error's own, else the path the import system
    was compiling (a file with NUL bytes is refused before its name is attached)."""
    if exc.filename and Path(exc.filename).is_file():
        return exc.filename
    for frame, _ in reversed(list(traceback.walk_tb(exc.__traceback__))):
        if frame.f_code.co_name in ("get_code", "source_to_code"):
            path = frame.f_locals.get("source_path") or frame.f_locals.get("path")
            if isinstance(path, str) and Path(path).is_file():
                return path
    return None


def _syntax(exc: SyntaxError) -> Explained:
    kind = type(exc).__name__
    source = _source(exc)
    if source is not None:
        found = not_utf8(source)
        if found is not None:
            line, guess = found
            looks = f"，看来是 {guess} 编码" if guess else ""
            looks_en = f"; it looks like {guess}" if guess else ""
            return (
                f"文件不是 UTF-8 编码，请另存为 UTF-8（第 {line} 行起有不是 UTF-8 的字节{looks}；"
                f"Python 按 UTF-8 读取领域包的代码）。{_SAVE_AS[0]}。（{kind}）",
                f"the file is not UTF-8 (bytes that are not UTF-8 from line {line}{looks_en}; "
                f"Python reads a pack's code as UTF-8): save it as UTF-8 ({_SAVE_AS[1]}). "
                f"({kind})",
                f"{source}:{line}",
            )
    message = str(exc.msg or "")
    said = next(
        (zh.format(*m.groups()) for p, zh in _SYNTAX if (m := p.match(message))), f"“{message}”"
    )
    at = f"第 {exc.lineno} 行" if exc.lineno else ""
    column = f"第 {exc.offset} 列" if exc.lineno and exc.offset else ""
    at_en = f" on line {exc.lineno}" if exc.lineno else ""
    return (
        f"{at}{column}有 Python 语法错误：{said}；请改正后重新安装或重新运行（{kind}）",
        f"Python syntax error{at_en}: {message}; correct it ({kind})",
        f"{source}:{exc.lineno or 1}" if source and not exc.filename else None,
    )


def _gkstd_version() -> str:
    try:
        return metadata.version("gkstd")
    except metadata.PackageNotFoundError:  # pragma: no cover - gkstd runs installed
        return "?"


def _import(exc: ImportError, own: str | None) -> Explained | None:
    kind = type(exc).__name__
    name = exc.name or ""
    top = name.split(".")[0]
    if isinstance(exc, ModuleNotFoundError) and name:
        if own and top == own:
            return (
                f"本领域包中没有模块 {name}：请检查 import 语句的拼写，以及该文件是否在包目录中"
                f"（并随 wheel 发布）（{kind}）",
                f"the pack has no module {name}: check the spelling of the import and that "
                f"the file is inside the package (and shipped in the wheel) ({kind})",
                None,
            )
        return (
            f"找不到模块 {name}：它没有安装。请安装它（pip install …），并写入领域包 "
            f"pyproject.toml 的 dependencies；或检查 import 语句的拼写（{kind}）",
            f"no module named {name}: it is not installed. Install it (pip install …) and list "
            f"it in the dependencies of the pack's pyproject.toml, or check the spelling of "
            f"the import ({kind})",
            None,
        )
    missing = re.match(r"cannot import name '([^']+)' from '([^']+)'", str(exc))
    if missing:
        wanted, module = missing.groups()
        newer = zh_newer = ""
        if module.split(".")[0] == "gkstd":
            version = _gkstd_version()
            zh_newer = f"；若它是较新的 gkstd 才有的名称，请升级 gkstd（已安装 {version}）"
            newer = f"; if it comes with a newer gkstd, upgrade gkstd (installed: {version})"
        return (
            f"模块 {module} 中没有名称 {wanted}：请检查拼写{zh_newer}（{kind}）",
            f"module {module} has no name {wanted}: check the spelling{newer} ({kind})",
            None,
        )
    return None


def explain(exc: BaseException, own: str | None = None) -> Explained | None:
    """What went wrong, in Chinese and English with the fix, for the failures a pack's
    author meets at import (a file not in UTF-8, a syntax error, a module that is not
    installed, a name that does not exist); ``None`` for any other failure, whose own
    message is shown.  ``own`` is the plugin's top-level package."""
    kind = type(exc).__name__
    if isinstance(exc, SyntaxError):
        return _syntax(exc)
    if isinstance(exc, ImportError):
        return _import(exc, own)
    if isinstance(exc, NameError) and getattr(exc, "name", None):
        return (
            f"名称 {exc.name} 未定义：拼写错误，或缺少 import？（{kind}）",
            f"the name {exc.name} is not defined: a typo, or a missing import? ({kind})",
            None,
        )
    if isinstance(exc, AttributeError) and getattr(exc, "name", None):
        obj = getattr(exc, "obj", None)
        if isinstance(obj, types.ModuleType):
            return (
                f"模块 {obj.__name__} 没有属性 {exc.name}：请检查拼写（{kind}）",
                f"module {obj.__name__} has no attribute {exc.name}: check the spelling ({kind})",
                None,
            )
    return None
