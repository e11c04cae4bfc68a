"""GK0xx: rules the loader reports (reading, decoding, parsing, schema, structure).

These rules have no ``check`` function: the loader emits their findings while it reads a
document.  They are documented like every other rule and can be selected or ignored.

Long module: one declaration per loader rule (GK000–GK014, GK103), each with its
documentation, examples and message templates; together they are one table.
"""

from __future__ import annotations

from gkstd.diagnostics.findings import Severity
from gkstd.diagnostics.rule import Example, Rule, rule
from gkstd.diagnostics.samples import GOOD_ITEM, minimal_document, replaced

__all__ = [
    "INTERNAL_ERROR",
    "LIMIT_EXCEEDED",
    "LOAD_RULES",
    "MIGRATION_FAILED",
    "UNKNOWN_ENUM",
    "UNUSED_WAIVER",
]

_MINIMAL = minimal_document()

#: The basis of most loader rules.
_FORMAT = "gkstd 文档格式 1.0（docs/format.md）"


def _document(text: str, encoding: str = "utf-8") -> Example:
    """An example that is a whole document."""
    return Example(text, scope="document", encoding=encoding)


_GOOD = _document(_MINIMAL)


INTERNAL_ERROR = rule(
    "GK000",
    Severity.ERROR,
    ("规则运行出错", "A rule raised an exception"),
    (
        "某条规则（核心或领域包）在检查时抛出了异常（包括 SystemExit），或运行超过了时限"
        "（max_rule_seconds，见 docs/limits.md）。该规则的结论缺失，其余规则照常运行。"
        "这是规则的缺陷，不是目录的问题：gkstd 自己的规则（核心和 gkstd 发行包的领域包）出错时"
        "本条为错误；第三方领域包的规则出错时本条只是警告，不影响目录的结论。",
        "A rule (core or pack) raised while checking (SystemExit included) or ran past its "
        "time budget (max_rule_seconds, see docs/limits.md). Its verdict is missing; the "
        "other rules still ran. This is a defect in the rule, not in the catalog: it is an "
        "error for gkstd's own rules (core and the packs of the gkstd distribution) and a "
        "warning for a third-party pack's rule, which does not change the catalog's verdict.",
    ),
    "gkstd 规则引擎：单条规则失败不影响其他规则",
    bad=Example("只有出错的规则会触发本条；输入文档无法演示。", scope="none"),
    good=_GOOD,
    scope="load",
    fix=(
        "请向该规则所属领域包（发行包）的维护者报告，附上本条提示中的规则代码与异常信息；"
        "规则超时且目录确实很大时，可提高上限 GKSTD_LIMIT_MAX_RULE_SECONDS。",
        "Report it to the maintainer of the rule's pack (distribution), with the rule code "
        "and exception; if a rule timed out on a really large catalog, raise "
        "GKSTD_LIMIT_MAX_RULE_SECONDS.",
    ),
    messages={
        "default": (
            "规则 {code}（领域包 {pack}，发行包 {distribution}）运行时出错：{exception}: "
            "{detail}。其余规则照常运行。",
            "Rule {code} (pack {pack}, distribution {distribution}) raised: {exception}: "
            "{detail}. The other rules still ran.",
        ),
        "item": (
            "规则 {code}（领域包 {pack}，发行包 {distribution}）运行时出错（事项 {item_id}）："
            "{exception}: {detail}。其余规则照常运行。",
            "Rule {code} (pack {pack}, distribution {distribution}) raised (item {item_id}): "
            "{exception}: {detail}. The other rules still ran.",
        ),
        "timeout": (
            "规则 {code}（领域包 {pack}，发行包 {distribution}）运行超过 {seconds} 秒的时限"
            "（max_rule_seconds），结论缺失。其余规则照常运行。",
            "Rule {code} (pack {pack}, distribution {distribution}) ran past its budget of "
            "{seconds} s (max_rule_seconds); its verdict is missing. The other rules still ran.",
        ),
        "timeout-item": (
            "规则 {code}（领域包 {pack}，发行包 {distribution}）运行超过 {seconds} 秒的时限"
            "（max_rule_seconds），在事项 {item_id} 处中断。其余规则照常运行。",
            "Rule {code} (pack {pack}, distribution {distribution}) ran past its budget of "
            "{seconds} s (max_rule_seconds) and was stopped at item {item_id}. The other "
            "rules still ran.",
        ),
        "skipped": (
            "规则 {code}（领域包 {pack}，发行包 {distribution}）在本次运行中已 {count} 次超时，"
            "其余目录不再运行它，结论缺失。其余规则照常运行。",
            "Rule {code} (pack {pack}, distribution {distribution}) ran past its budget "
            "{count} times in this run and is no longer run on the other catalogs; its "
            "verdict is missing. The other rules still ran.",
        ),
    },
)

FILE_UNREADABLE = rule(
    "GK001",
    Severity.ERROR,
    ("文件不存在或无法读取", "File missing or unreadable"),
    ("目录文件不存在、是目录、或没有读取权限。", "The file does not exist or cannot be read."),
    _FORMAT,
    bad=Example("examples/does-not-exist.yaml", scope="path"),
    good=_GOOD,
    scope="load",
    fix=("检查路径是否正确。", "Check the path."),
    messages={
        "default": (
            "{source}：文件不存在。请检查路径；领域代码请用 gkstd domains 查看。",
            "{source}: file not found. Check the path; gkstd domains lists the domain codes.",
        ),
        "directory": (
            "{source}：这是一个目录，不是文件。请检查路径。",
            "{source}: this is a directory, not a file. Check the path.",
        ),
        "permission": (
            "{source}：没有读取权限。请检查路径。",
            "{source}: permission denied. Check the path.",
        ),
        "os-error": (
            "{source}：无法读取（{error}）。请检查路径。",
            "{source}: cannot be read ({error}). Check the path.",
        ),
        "too-large": (
            "文件过大（{size:,} 字节，上限 {limit:,}）。",
            "The file is too large ({size:,} bytes; limit {limit:,}).",
        ),
    },
)

NOT_TEXT = rule(
    "GK002",
    Severity.ERROR,
    ("文件不是文本或编码无法识别", "Not a text file or unknown encoding"),
    (
        "目录文档必须是 UTF-8（或 GBK/GB18030）编码的 YAML/JSON 文本。二进制文件（如 Excel 工作簿、"
        "Word 文档、PDF）不能直接校验。",
        "A catalog document must be YAML/JSON text in UTF-8 (or GBK/GB18030). Binary files "
        "(Excel workbooks, Word documents, PDFs) cannot be validated directly.",
    ),
    _FORMAT,
    bad=_document("PK\x03\x04"),
    good=_GOOD,
    scope="load",
    fix=(
        "Excel/CSV 表格请先用 gkstd import 转换为目录文档；文本文件请另存为 UTF-8 编码。",
        "Convert Excel/CSV tables with gkstd import first; save text files as UTF-8.",
    ),
    messages={
        "default": (
            "文件是{kind}，不是 YAML/JSON 目录文档。Excel/CSV 表格请先用 gkstd import 转换为"
            "目录文档后再校验。",
            "The file is {kind_en}, not a YAML/JSON catalog document. Convert tables with "
            "gkstd import first.",
        ),
        "nul-byte": (
            "文件含有空字节（第 {lineno} 行，字节偏移 {offset}），是二进制文件，不是 YAML/JSON 文本。",
            "The file contains a NUL byte (line {lineno}, byte {offset}); it is binary, not "
            "YAML/JSON text.",
        ),
        "bom-not-utf8": (
            "文件以 UTF-8 标记（BOM）开头，但第 {lineno} 行（字节偏移 {offset}）不是有效的 UTF-8"
            "（混入了 GBK 等其他编码的文字？）；没有替换任何字符。请用文本编辑器另存为 UTF-8。",
            "The file starts with a UTF-8 byte-order mark, but line {lineno} (byte {offset}) "
            "is not valid UTF-8 (text in GBK or another encoding mixed in?); nothing was "
            "replaced. Save it as UTF-8 in a text editor.",
        ),
        "undecodable": (
            "文件既不是 UTF-8 也不是 GBK/GB18030 编码：第 {lineno} 行（字节偏移 {offset}）"
            "有无法识别的字节。请另存为 UTF-8。",
            "The file is neither UTF-8 nor GBK/GB18030: undecodable byte at line {lineno} "
            "(byte {offset}). Save it as UTF-8.",
        ),
        "surrogate": (
            "{at} 含有无效的 Unicode 字符（单独的代理码位 {codepoint}），无法保存为 UTF-8。"
            "请删除或改正该字符（JSON 的 \\uD800–\\uDFFF 转义必须成对出现）。",
            "{at} holds an invalid Unicode character (a lone surrogate {codepoint}) that "
            "cannot be written as UTF-8. Remove or correct it (JSON \\uD800-\\uDFFF escapes "
            "must come in pairs).",
        ),
        "surrogate-line": (
            "第 {lineno} 行含有无效的 Unicode 字符（单独的代理码位 {codepoint}），"
            "无法保存为 UTF-8。请删除或改正该字符。",
            "Line {lineno} holds an invalid Unicode character (a lone surrogate {codepoint}) "
            "that cannot be written as UTF-8. Remove or correct it.",
        ),
    },
)

LEGACY_ENCODING = rule(
    "GK003",
    Severity.WARNING,
    ("文件为 GBK/GB18030 编码", "File is GBK/GB18030-encoded"),
    (
        "文件不是 UTF-8，已按 GB18030（GBK 的超集）解码并继续校验。交换格式要求 UTF-8，"
        "其他系统可能读错。",
        "The file is not UTF-8; it was decoded as GB18030 (a superset of GBK) and checked. "
        "The interchange format is UTF-8 and other systems may misread it.",
    ),
    _FORMAT,
    bad=_document(_MINIMAL, encoding="gbk"),
    good=_GOOD,
    scope="load",
    fix=("将文件另存为 UTF-8 编码。", "Save the file as UTF-8."),
    messages=(
        "文件不是 UTF-8 编码，已按 GBK/GB18030 解码。建议另存为 UTF-8。",
        "The file is not UTF-8; it was decoded as GBK/GB18030. Save it as UTF-8.",
    ),
)

_CHECK_SYNTAX = (
    "请检查缩进、冒号后的空格和引号。",
    "Check indentation, the space after colons, and quotes.",
)

SYNTAX_ERROR = rule(
    "GK004",
    Severity.ERROR,
    ("YAML/JSON 语法错误", "YAML/JSON syntax error"),
    (
        "文档无法解析为 YAML 或 JSON，常见原因是缩进不一致、冒号后缺空格或引号未闭合。",
        "The document is not valid YAML or JSON: often inconsistent indentation, a missing "
        "space after a colon, or an unclosed quote.",
    ),
    _FORMAT,
    bad=_document('gkstd: "1.0\nid: [unclosed\n'),
    good=_GOOD,
    scope="load",
    fix=("按提示的行列号修正语法。", "Fix the syntax at the reported line and column."),
    messages={
        "default": (
            "YAML 语法错误（第 {lineno} 行第 {column} 列）：{detail_zh}。" + _CHECK_SYNTAX[0],
            "YAML syntax error at line {lineno}, column {column}: {detail}. " + _CHECK_SYNTAX[1],
        ),
        "unplaced": (
            "YAML 语法错误（文档中）：{detail_zh}。" + _CHECK_SYNTAX[0],
            "YAML syntax error at the document: {detail}. " + _CHECK_SYNTAX[1],
        ),
        "scalar-tag": (
            "第 {lineno} 行使用了不支持的 YAML 标签 {tag}；只允许普通的字符串、数字、布尔值和空值。",
            "Line {lineno} uses the unsupported YAML tag {tag}; only plain strings, numbers, "
            "booleans and null are allowed.",
        ),
        "collection-tag": (
            "第 {lineno} 行使用了不支持的 YAML 标签 {tag}；只允许普通的列表和映射。",
            "Line {lineno} uses the unsupported YAML tag {tag}; only plain lists and mappings "
            "are allowed.",
        ),
        "complex-key": (
            "第 {lineno} 行的键不是简单值（不支持复合键）。",
            "The key at line {lineno} is not a plain value (complex keys are not supported).",
        ),
        "bad-number": (
            "第 {lineno} 行的取值 {value!r} 标为 {tag}，但不是数字。请去掉标签 {tag}，或改正取值。",
            "Line {lineno}: {value!r} is tagged {tag} but is not a number. Remove the tag "
            "{tag} or correct the value.",
        ),
        "json": (
            "JSON 语法错误（第 {lineno} 行第 {column} 列）：{detail_zh}。",
            "JSON syntax error at line {lineno}, column {column}: {detail}.",
        ),
        "json-value": ("JSON 语法错误：{detail}。", "JSON syntax error: {detail}."),
    },
)

DUPLICATE_KEY = rule(
    "GK005",
    Severity.ERROR,
    ("重复的键", "Duplicate key"),
    (
        "同一映射中出现两次相同的键。YAML 解析器通常静默保留后一个值，前一个值会丢失。",
        "The same key appears twice in one mapping. Parsers usually keep the last value "
        "silently and lose the first.",
    ),
    _FORMAT,
    bad=_document(_MINIMAL + "title: 重复的标题\n"),
    good=_GOOD,
    scope="load",
    fix=("删除或合并重复的键。", "Remove or merge the duplicate key."),
    messages={
        "default": (
            "键 {key!r} 重复出现（第一次出现在第 {first} 行）；后一个值会覆盖前一个值，请删除或合并。",
            "Key {key!r} appears twice (first at line {first}); the second value would "
            "silently replace the first. Remove or merge one.",
        ),
        "unplaced": (
            "键 {key!r} 重复出现；后一个值会覆盖前一个值，请删除或合并。",
            "Key {key!r} appears twice; the second value would silently replace the first. "
            "Remove or merge one.",
        ),
        "json": (
            "键 {key!r} 重复出现；后一个值会覆盖前一个值，请删除或合并。",
            "Key {key!r} appears twice; the second value would silently replace the first.",
        ),
    },
)

ALIAS_BOMB = rule(
    "GK006",
    Severity.ERROR,
    ("YAML 别名展开过大", "YAML alias expansion too large"),
    (
        "文档中的锚点/别名（&/*）展开后的数据量远超文档本身（“十亿笑声”攻击）。为防止耗尽内存，"
        "拒绝读取。",
        "Anchors and aliases (&/*) expand to far more data than the document holds (a "
        "'billion laughs' document). It is refused to protect memory.",
    ),
    _FORMAT,
    bad=_document(
        'a: &a ["x","x","x","x","x","x","x","x","x"]\n'
        "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
        "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
        "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
        "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
        "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
        "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
    ),
    good=_GOOD,
    scope="load",
    fix=(
        "不要嵌套使用别名；把重复内容直接写出。",
        "Do not nest aliases; write repeated content out.",
    ),
    messages={
        "default": (
            "别名（&/*）展开后有 {expanded:,} 个节点，文档本身只有 {distinct:,} 个；"
            "为防止耗尽内存，拒绝读取。",
            "Aliases (&/*) expand to {expanded:,} nodes from {distinct:,}; refused to protect "
            "memory.",
        ),
        "recursive": (
            "别名（&/*）引用了包含它自身的节点（递归别名），展开后无穷大；拒绝读取。",
            "An alias (&/*) refers to a node that contains it (a recursive alias); it expands "
            "without end. Refused.",
        ),
    },
)

EMPTY_DOCUMENT = rule(
    "GK007",
    Severity.ERROR,
    ("文档为空", "Empty document"),
    ("文件没有内容，或只有注释和空白。", "The file is empty or holds only comments and blanks."),
    _FORMAT,
    bad=_document("# 只有注释\n"),
    good=_GOOD,
    scope="load",
    fix=("确认文件是否完整保存。", "Check that the file was saved completely."),
    messages={
        "default": ("文件为空。", "The file is empty."),
        "comments-only": (
            "文档只有注释或空白，没有内容。",
            "The document holds only comments or blanks.",
        ),
    },
)

FORMAT_VERSION = rule(
    "GK008",
    Severity.ERROR,
    ("缺少或不支持的格式版本", "Missing or unsupported format version"),
    (
        '文档用顶层键 gkstd 声明格式版本（当前为 "1.0"）。缺少该键，或版本高于本程序支持的版本时，'
        "无法可靠读取。",
        "A document declares its format version in the top-level key gkstd (currently "
        '"1.0"). Without it, or with a newer version than this gkstd supports, it cannot '
        "be read reliably.",
    ),
    _FORMAT,
    bad=_document(replaced(_MINIMAL, 'gkstd: "1.0"\n', "")),
    good=_GOOD,
    scope="load",
    fix=(
        '在文档开头加上 gkstd: "1.0"；若文档来自更新的版本，请升级 gkstd。',
        'Add gkstd: "1.0" at the top; for a newer document, upgrade gkstd.',
    ),
    messages={
        "default": (
            "不支持的格式版本 {version!r}：本程序读取 {current!r}。若文档来自更新的 gkstd，请升级。",
            "Unsupported format version {version!r}; this gkstd reads {current!r}. For a "
            "newer document, upgrade gkstd.",
        ),
        "migratable": (
            "不支持的格式版本 {version!r}：本程序读取 {current!r}及可迁移的旧版本 {migratable}。"
            "若文档来自更新的 gkstd，请升级。",
            "Unsupported format version {version!r}; this gkstd reads {current!r} and migrates "
            "{migratable}. For a newer document, upgrade gkstd.",
        ),
        "missing": (
            '缺少格式版本：请在文档开头加上 gkstd: "1.0"。',
            'Missing format version: add gkstd: "1.0" at the top of the document.',
        ),
        "not-text": (
            '格式版本必须是字符串：请写成 gkstd: "{version}"（加引号）。',
            'The format version must be a string: write gkstd: "{version}" (quoted).',
        ),
    },
)

SCHEMA_VIOLATION = rule(
    "GK009",
    Severity.ERROR,
    ("不符合文档格式", "Does not match the document format"),
    (
        "文档不符合 gkstd 文档格式 1.0 的 JSON Schema（Draft 2020-12），例如缺少必需的键、"
        "键名拼写错误、类型不对（数字写成了字符串等）。所有错误都会逐条列出。",
        "The document does not match the format 1.0 JSON Schema (Draft 2020-12): a missing "
        "required key, a misspelt key, or a wrong type. Every error is listed.",
    ),
    _FORMAT,
    bad=_document(replaced(_MINIMAL, "title:", "titel:")),
    good=_GOOD,
    scope="load",
    fix=(
        "按提示的路径修正；`gkstd schema` 可打印完整的 Schema。",
        "Fix at the path; see `gkstd schema`.",
    ),
    messages={
        "default": (
            "{at} 不符合文档格式：{detail}",
            "{at} does not match the format: {detail}",
        ),
        "unknown-key": (
            "{at} 有未知的键“{key}”。是否应为“{suggestion}”？",
            "{at} has an unknown key {key!r}; did you mean {suggestion!r}?",
        ),
        "unknown-key-known": (
            "{at} 有未知的键“{key}”。可用的键：{known}。",
            "{at} has an unknown key {key!r}; known keys: {known}.",
        ),
        "missing-keys": (
            "{at} 缺少必需的键：{missing}。",
            "{at} is missing the required key(s): {missing}.",
        ),
        "wrong-type": (
            "{at} 应为{expected_zh}，实际为 {got} {value}。",
            "{at} should be {expected}, got {got} {value}.",
        ),
        "wrong-type-quote": (
            "{at} 应为{expected_zh}，实际为 {got} {value}。如需原样保留，请给取值加引号。",
            "{at} should be {expected}, got {got} {value}. Quote the value to keep it as text.",
        ),
        "wrong-type-choice": (
            "{at} 应为{expected_zh}之一，实际为 {got} {value}。",
            "{at} should be one of {expected}; got {got} {value}.",
        ),
        "pattern": (
            "{at} 的取值 {value!r} 格式不对（应匹配 {pattern}）。",
            "{at}: {value!r} does not match {pattern}.",
        ),
        "pattern-described": (
            "{at} 的取值 {value!r} 格式不对：应为{what_zh}。",
            "{at}: {value!r} is not {what}.",
        ),
        "empty": ("{at} 不能为空。", "{at} must not be empty."),
        "const": ("{at} 应为 {expected}。", "{at} must be {expected}."),
        "maximum": (
            "{at} 的取值 {value} 超过上限 {limit}。请改正取值。",
            "{at}: {value} is above the maximum of {limit}. Correct the value.",
        ),
        "minimum": (
            "{at} 的取值 {value} 低于下限 {limit}。请改正取值。",
            "{at}: {value} is below the minimum of {limit}. Correct the value.",
        ),
        "extends-with-conforms-to": (
            "extends 与 conforms_to 不能同时出现：一个文档要么是剪裁（extends），"
            "要么是完整目录（conforms_to）。",
            "extends and conforms_to cannot both be given: a document is either a tailoring "
            "or a complete catalog.",
        ),
        "both-parents": (
            "文档同时写了 extends 和 conforms_to，只能保留一个。",
            "The document has both extends and conforms_to; keep one.",
        ),
        "not-mapping": (
            "文档顶层应为映射（键: 值），实际为 {got}。",
            "The top level must be a mapping, got {got}.",
        ),
        "impossible-date": (
            "{at} 的日期不存在或超出周期：{problem}。请改正 month/day（如 2 月最多 29 日，"
            "每季度的月份是 1–3）。",
            "{at}: the date does not exist or is outside the period: {problem_en}. Correct "
            "month/day (February has at most 29 days; a quarter's months are 1-3).",
        ),
        "key-not-text": (
            "{at} 的键 {key} 是{got}，不是文字；文档的键必须是文字。请改正键名，或给它加引号。",
            "{at} has the key {key} of type {got}, not text; keys must be text. Correct "
            "the key or quote it.",
        ),
    },
)

STRUCTURE_ERROR = rule(
    "GK010",
    Severity.ERROR,
    ("无法构建目录对象", "Cannot build the catalog"),
    (
        "文档通过了格式检查，但无法转换为目录对象（例如日期不存在）。",
        "The document passed the schema but could not be turned into a catalog (for "
        "example an impossible date).",
    ),
    _FORMAT,
    bad=_document(_MINIMAL + "issued: '2020-02-30'\n"),
    good=_GOOD,
    scope="load",
    fix=("按提示的路径修正取值。", "Fix the value at the reported path."),
    messages=("{at}：{detail}", "{at}: {detail}"),
)

UNUSED_WAIVER = rule(
    "GK011",
    Severity.INFO,
    ("未使用的豁免", "Unused waiver"),
    (
        "豁免（waiver）没有压制任何问题：问题已修复、事项编号有误，或规则代码写错。"
        "过期的豁免会掩盖今后出现的真实问题。",
        "A waiver suppressed nothing: the problem was fixed, or its item or code is wrong. "
        "Stale waivers hide real problems later.",
    ),
    "gkstd 豁免机制（参照 ruff RUF100）",
    bad=_document(_MINIMAL + "waivers:\n  - {code: GK101, item: nonexistent, reason: 示例}\n"),
    good=_GOOD,
    scope="load",
    fix=("删除该豁免，或更正其 code/item。", "Remove the waiver or correct its code/item."),
    messages={
        "default": (
            "豁免 {code}/{item_id} 未使用：该事项上没有这条规则的问题。",
            "Waiver {code}/{item_id} is unused: the rule found nothing on that item.",
        ),
        "unknown-code": (
            "豁免 {code}/{item_id} 未使用：规则代码 {code} 不存在。",
            "Waiver {code}/{item_id} is unused: no rule has code {code}.",
        ),
        "unknown-item": (
            "豁免 {code}/{item_id} 未使用：事项 {item_id!r} 不存在。",
            "Waiver {code}/{item_id} is unused: there is no item {item_id!r}.",
        ),
    },
)

MIGRATED = rule(
    "GK012",
    Severity.INFO,
    ("文档已从旧格式版本迁移", "Document migrated from an older format version"),
    (
        "文档使用较旧的格式版本，已在内存中迁移到当前版本后校验。原文件未被修改。",
        "The document uses an older format version; it was migrated in memory and then "
        "checked. The file itself was not changed.",
    ),
    _FORMAT,
    bad=Example(
        "格式 1.0 是第一个版本，尚无旧版本可迁移；测试用临时注册的迁移演示。", scope="none"
    ),
    good=_GOOD,
    scope="load",
    fix=("用 `gkstd migrate` 另存为当前版本。", "Re-save it with `gkstd migrate`."),
    messages=(
        "文档格式 {from_version} 已迁移到 {to_version}（原文件未修改）。",
        "Document format {from_version} was migrated to {to_version} (file unchanged).",
    ),
)

MIGRATION_FAILED = rule(
    "GK014",
    Severity.ERROR,
    ("迁移失败", "Migration failed"),
    (
        "文档使用较旧的格式版本，而登记的迁移（核心或领域包提供）在升级它时抛出了异常或返回了"
        "非映射的结果。文档无法使用（未校验）；原文件未被修改。这是迁移的缺陷，不一定是文档的问题。",
        "The document uses an older format version and the registered migration (core or "
        "pack) raised or returned something other than a mapping while upgrading it. The "
        "document is unusable (not checked); the file was not changed. This is a defect in "
        "the migration, not necessarily in the document.",
    ),
    "gkstd 文档格式迁移（docs/format.md；领域包的迁移见 docs/plugins.md）",
    bad=Example("只有出错的迁移会触发本条；测试用临时注册的迁移演示。", scope="none"),
    good=_GOOD,
    scope="load",
    fix=(
        "请向该迁移所属领域包的维护者报告，附上本条提示；或先手工把文档改为新版本格式。",
        "Report it to the maintainer of the migration's pack, with this message; or "
        "update the document to the newer format by hand.",
    ),
    messages={
        "default": (
            "迁移 {from_version}→{to_version}（领域包 {pack}）失败：{exception}: {detail}。"
            "文档无法使用（原文件未修改）。",
            "Migration {from_version}->{to_version} (pack {pack}) failed: {exception}: "
            "{detail}. The document is unusable (file unchanged).",
        ),
        "not-mapping": (
            "迁移 {from_version}→{to_version}（领域包 {pack}）返回了 {got}，不是映射（dict）。"
            "文档无法使用（原文件未修改）。",
            "Migration {from_version}->{to_version} (pack {pack}) returned {got}, not a "
            "mapping (dict). The document is unusable (file unchanged).",
        ),
    },
)

_RAISE = (
    "上限可用环境变量 GKSTD_LIMIT_{name} 或 gkstd.limits.raised({lname}=...) 提高"
    "（docs/limits.md）。",
    "Raise the limit with GKSTD_LIMIT_{name} or gkstd.limits.raised({lname}=...) (docs/limits.md).",
)


def _raise_hint(name: str) -> tuple[str, str]:
    return (
        _RAISE[0].format(name=name.upper(), lname=name),
        _RAISE[1].format(name=name.upper(), lname=name),
    )


_DEPTH_HINT = _raise_hint("max_depth")
_DIGITS_HINT = _raise_hint("max_digits")
_TEXT_HINT = _raise_hint("max_text_chars")

LIMIT_EXCEEDED = rule(
    "GK013",
    Severity.ERROR,
    ("文档超出读取上限", "Document exceeds a reading limit"),
    (
        "文档的嵌套层级、一个数字的位数或一段文字的长度超出了读取上限（docs/limits.md）。"
        "真实目录远低于这些上限；超出的文档多为误写或恶意构造，为保护读取它的程序（门户、"
        "批量校验）而拒绝读取，不做截断或改写。",
        "The document's nesting, the digits of one number or the length of one text "
        "exceeds a reading limit (docs/limits.md). Real catalogs are far below them; a "
        "document over a limit is a slip or built to exhaust a reader, and is refused to "
        "protect the process reading it, never truncated or changed.",
    ),
    "gkstd 读取上限（docs/limits.md）",
    bad=_document(replaced(_MINIMAL, "days: 20", "days: " + "9" * 40)),
    good=_GOOD,
    scope="load",
    fix=(
        "检查提示位置的数字、缩进或括号是否误写；确属需要时提高相应上限。",
        "Check the number, indentation or brackets at the reported place; raise the "
        "limit if it is really needed.",
    ),
    messages={
        "default": (
            "{at} 的数字有 {digits} 位，超过上限 {limit} 位，拒绝读取。请检查是否误写；"
            "如确需保留，请加引号写成文字。" + _DIGITS_HINT[0],
            "{at}: a number of {digits} digits exceeds the limit of {limit}; refused. "
            "Check it for a slip, or quote it to keep it as text. " + _DIGITS_HINT[1],
        ),
        "wording-digits": (
            "{at} 的公开时限含有 {digits} 位的数字，超过上限 {limit} 位，拒绝读取。"
            "请检查是否误写。" + _DIGITS_HINT[0],
            "{at}: the time limit holds a number of {digits} digits, over the limit of "
            "{limit}; refused. Check it for a slip. " + _DIGITS_HINT[1],
        ),
        "items": (
            "文档有 {count} 个以上的事项，超过上限 {limit} 个（国家目录数百项，县级目录一两千项），"
            "疑为异常，未读取。请检查文件；确有需要可提高上限 GKSTD_LIMIT_MAX_ITEMS。",
            "The document holds over {count} items, beyond the limit of {limit} (a national "
            "catalog has hundreds, a county's one or two thousand); suspicious, not read. "
            "Check the file; raise GKSTD_LIMIT_MAX_ITEMS if it is really needed.",
        ),
        "chain": (
            "上级目录链超过 {limit} 层（国家、省、市、县、乡、村加上覆盖包也不过七八层），"
            "疑为异常，未继续读取。请检查各文件的 extends/conforms_to；确有需要可提高上限 "
            "GKSTD_LIMIT_MAX_CHAIN_DEPTH。",
            "The chain of parents is longer than {limit} (nation, province, city, county, "
            "township and village, with overlays, make seven or eight); suspicious, not read "
            "further. Check each file's extends/conforms_to; raise "
            "GKSTD_LIMIT_MAX_CHAIN_DEPTH if it is really needed.",
        ),
        "depth": (
            "文档嵌套超过 {limit} 层（{at} 处），拒绝读取。请检查缩进或括号是否误写。"
            + _DEPTH_HINT[0],
            "The document is nested deeper than {limit} levels (at {at}); refused. Check "
            "the indentation or brackets. " + _DEPTH_HINT[1],
        ),
        "depth-line": (
            "文档在第 {lineno} 行第 {column} 列处嵌套超过 {limit} 层，拒绝读取。"
            "请检查缩进或括号是否误写。" + _DEPTH_HINT[0],
            "The document is nested deeper than {limit} levels at line {lineno}, column "
            "{column}; refused. Check the indentation or brackets. " + _DEPTH_HINT[1],
        ),
        "depth-unplaced": (
            "文档嵌套层级过深（超过 {limit} 层），拒绝读取。请检查缩进或括号是否误写。"
            + _DEPTH_HINT[0],
            "The document is nested too deeply (more than {limit} levels); refused. Check "
            "the indentation or brackets. " + _DEPTH_HINT[1],
        ),
        "text": (
            "{at} 的文字有 {chars:,} 个字符，超过上限 {limit:,}，拒绝读取（不做截断）。"
            "请拆分或精简。" + _TEXT_HINT[0],
            "{at}: a text of {chars:,} characters exceeds the limit of {limit:,}; refused "
            "(never truncated). Split or shorten it. " + _TEXT_HINT[1],
        ),
    },
)

UNKNOWN_ENUM = rule(
    "GK103",
    Severity.ERROR,
    ("取值不在可选范围内", "Value is not an allowed option"),
    (
        "公开方式、公开对象、公开层级、五公开类别、行政层级和依据位阶只能取规定的值。"
        "常见的写法（如“依申请公开”“特定群体”“区级”“街道”）会被自动识别为标准取值。",
        "Method, audience, levels, category, jurisdiction level and citation rank take "
        "fixed values. Common variants (依申请公开, 特定群体, 区级, 街道) are recognised.",
    ),
    "《政府信息公开条例》第十三条（主动公开、依申请公开）；26个试点领域标准目录模板",
    bad=replaced(GOOD_ITEM, "audience: 全社会", "audience: 所有人"),
    good=replaced(GOOD_ITEM, "audience: 全社会", "audience: 特定群体"),
    scope="load",
    fix=("改为可选取值之一（见提示）。", "Use one of the listed values."),
    messages={
        "default": (
            "{at} 的取值“{value}”不是有效的{field_zh}取值，可用：{allowed}，是否应为“{suggestion}”？",
            "{at}: {value!r} is not a valid {field} value; use one of {allowed}; did you mean "
            "{suggestion!r}?",
        ),
        "no-suggestion": (
            "{at} 的取值“{value}”不是有效的{field_zh}取值，可用：{allowed}。",
            "{at}: {value!r} is not a valid {field} value; use one of {allowed}.",
        ),
        "level": (
            "未知的行政层级“{value}”，可用取值：{allowed}。",
            "Unknown level {value!r}; use one of {allowed}.",
        ),
    },
)

#: The loader's rules, by code.
LOAD_RULES: dict[str, Rule] = {
    r.code: r
    for r in (
        INTERNAL_ERROR,
        FILE_UNREADABLE,
        NOT_TEXT,
        LEGACY_ENCODING,
        SYNTAX_ERROR,
        DUPLICATE_KEY,
        ALIAS_BOMB,
        EMPTY_DOCUMENT,
        FORMAT_VERSION,
        SCHEMA_VIOLATION,
        STRUCTURE_ERROR,
        UNUSED_WAIVER,
        MIGRATED,
        LIMIT_EXCEEDED,
        MIGRATION_FAILED,
        UNKNOWN_ENUM,
    )
}
