"""The Chinese of the YAML and JSON readers' syntax messages.

PyYAML and :mod:`json` explain a syntax error in English (``did not find expected ','
or ']'``, ``Expecting property name enclosed in double quotes``); GK004's Chinese message
carried that English into a Chinese sentence.  :func:`in_chinese` says the common ones in
Chinese (what is wrong and the usual cause); a message it does not know stays as the
reader wrote it.  Part of :mod:`gkstd.io` (used by :mod:`gkstd.io.parse`).
"""

from __future__ import annotations

__all__ = ["in_chinese"]

#: (English phrase in the reader's message, its Chinese), the most specific first.
_PHRASES: tuple[tuple[str, str], ...] = (
    # PyYAML (problem and context)
    ("found character '\\t' that cannot start any token", "有 Tab 字符（YAML 缩进只能用空格）"),
    (
        "found character that cannot start any token",
        "有不能出现在此处的字符（常见于 Tab 缩进或行首的 @、`）",
    ),
    ("did not find expected ',' or ']'", "缺少逗号或右方括号 ]"),
    ("did not find expected ',' or '}'", "缺少逗号或右花括号 }"),
    ("did not find expected key", "找不到下一个键（缩进不一致，或列表项缺少“- ”）"),
    ("did not find expected '-' indicator", "列表项缺少“- ”或缩进不一致"),
    ("did not find expected <document start>", "文档开头不对"),
    ("mapping values are not allowed", "此处不能出现冒号（值中含冒号时请给整个值加引号）"),
    ("could not find expected ':'", "缺少冒号"),
    ("found unexpected end of stream", "文件意外结束（引号或括号没有闭合）"),
    ("found unexpected ':'", "多了一个冒号"),
    ("expected <block end>, but found", "缩进不一致"),
    ("expected <document start>, but found", "文档开头不对"),
    ("found undefined alias", "引用了未定义的别名（*名称）"),
    ("found duplicate anchor", "锚点（&名称）重复定义"),
    ("expected alphabetic or numeric character", "别名或锚点的名称无效"),
    ("found unknown escape character", "双引号中有无效的转义符（\\ 后的字符）"),
    ("while scanning a quoted scalar", "引号没有闭合"),
    ("while scanning a simple key", "一行中的键没有写完（缺少冒号？）"),
    ("did not find expected node content", "此处缺少值"),
    ("while parsing a flow node", "括号中的内容不完整"),
    ("while parsing a flow sequence", "方括号列表 [...] 不完整"),
    ("while parsing a flow mapping", "花括号映射 {...} 不完整"),
    ("while parsing a block mapping", "映射的缩进不一致"),
    ("while parsing a block collection", "列表的缩进不一致"),
    ("while scanning for the next token", "读到不能识别的字符"),
    # json
    ("Expecting property name enclosed in double quotes", "键必须用双引号括起来（或多了一个逗号）"),
    ("Expecting ',' delimiter", "缺少逗号"),
    ("Expecting ':' delimiter", "缺少冒号"),
    ("Expecting value", "缺少值（或多了一个逗号）"),
    ("Unterminated string starting at", "字符串的引号没有闭合"),
    ("Invalid control character at", "字符串中有控制字符（换行须写成 \\n）"),
    ("Invalid \\escape", "无效的转义符"),
    ("Extra data", "JSON 结束后还有多余内容"),
)


def in_chinese(message: str) -> str:
    """``message`` (a YAML or JSON reader's syntax message) in Chinese: the phrases known
    joined by “；”, or the message as written when none is known."""
    found: list[str] = []
    for phrase, chinese in _PHRASES:
        if phrase in message and chinese not in found:
            found.append(chinese)
    return "；".join(found) if found else message
