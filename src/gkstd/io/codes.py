"""GK0xx: rules the loader reports (reading, decoding, parsing, schema, structure).

These rules have no ``check`` function: the loader emits their findings while it reads a
document.  They are documented like every other rule and can be selected or ignored.
"""

from __future__ import annotations

from gkstd.diagnostics.findings import Severity
from gkstd.diagnostics.i18n import Text
from gkstd.diagnostics.rule import Example, Rule, documented_rule
from gkstd.diagnostics.samples import GOOD_ITEM, minimal_document, replaced

__all__ = ["INTERNAL_ERROR", "LOAD_RULES", "UNKNOWN_ENUM", "UNUSED_WAIVER"]

_MINIMAL = minimal_document()


def _load_rule(
    code: str,
    severity: Severity,
    title: tuple[str, str],
    rationale: tuple[str, str],
    fix: tuple[str, str],
    bad: str | Example,
    good: str = _MINIMAL,
    basis: str = "gkstd 文档格式 1.0（docs/format.md）",
) -> Rule:
    return documented_rule(
        code,
        severity,
        title,
        rationale,
        basis,
        bad=bad if isinstance(bad, Example) else Example(bad, scope="document"),
        good=Example(good, scope="document"),
        scope="load",
        fix=fix,
    )


INTERNAL_ERROR = _load_rule(
    "GK000",
    Severity.ERROR,
    ("规则运行出错", "A rule raised an exception"),
    (
        "某条规则（核心或领域包）在检查时抛出了异常。该规则的结论缺失，其余规则照常运行。"
        "这是规则的缺陷，不是目录的问题。",
        "A rule (core or pack) raised while checking. Its verdict is missing; the other "
        "rules still ran. This is a defect in the rule, not in the catalog.",
    ),
    (
        "请向该规则所属领域包的维护者报告，附上本条提示中的规则代码与异常信息。",
        "Report it to the maintainer of the rule's pack, with the rule code and exception.",
    ),
    bad=Example("只有出错的规则会触发本条；输入文档无法演示。", scope="none"),
    basis="gkstd 规则引擎：单条规则失败不影响其他规则",
)

FILE_UNREADABLE = _load_rule(
    "GK001",
    Severity.ERROR,
    ("文件不存在或无法读取", "File missing or unreadable"),
    ("目录文件不存在、是目录、或没有读取权限。", "The file does not exist or cannot be read."),
    ("检查路径是否正确。", "Check the path."),
    bad=Example("examples/does-not-exist.yaml", scope="path"),
)

NOT_TEXT = _load_rule(
    "GK002",
    Severity.ERROR,
    ("文件不是文本或编码无法识别", "Not a text file or unknown encoding"),
    (
        "目录文档必须是 UTF-8（或 GBK/GB18030）编码的 YAML/JSON 文本。二进制文件（如 Excel 工作簿、"
        "Word 文档、PDF）不能直接校验。",
        "A catalog document must be YAML/JSON text in UTF-8 (or GBK/GB18030). Binary files "
        "(Excel workbooks, Word documents, PDFs) cannot be validated directly.",
    ),
    (
        "Excel/CSV 表格请先用 gkstd import 转换为目录文档；文本文件请另存为 UTF-8 编码。",
        "Convert Excel/CSV tables with gkstd import first; save text files as UTF-8.",
    ),
    bad="PK\x03\x04",
)

LEGACY_ENCODING = _load_rule(
    "GK003",
    Severity.WARNING,
    ("文件为 GBK/GB18030 编码", "File is GBK/GB18030-encoded"),
    (
        "文件不是 UTF-8，已按 GB18030（GBK 的超集）解码并继续校验。交换格式要求 UTF-8，"
        "其他系统可能读错。",
        "The file is not UTF-8; it was decoded as GB18030 (a superset of GBK) and checked. "
        "The interchange format is UTF-8 and other systems may misread it.",
    ),
    ("将文件另存为 UTF-8 编码。", "Save the file as UTF-8."),
    bad=Example(_MINIMAL, scope="document", encoding="gbk"),
)

SYNTAX_ERROR = _load_rule(
    "GK004",
    Severity.ERROR,
    ("YAML/JSON 语法错误", "YAML/JSON syntax error"),
    (
        "文档无法解析为 YAML 或 JSON，常见原因是缩进不一致、冒号后缺空格或引号未闭合。",
        "The document is not valid YAML or JSON: often inconsistent indentation, a missing "
        "space after a colon, or an unclosed quote.",
    ),
    ("按提示的行列号修正语法。", "Fix the syntax at the reported line and column."),
    bad='gkstd: "1.0\nid: [unclosed\n',
)

DUPLICATE_KEY = _load_rule(
    "GK005",
    Severity.ERROR,
    ("重复的键", "Duplicate key"),
    (
        "同一映射中出现两次相同的键。YAML 解析器通常静默保留后一个值，前一个值会丢失。",
        "The same key appears twice in one mapping. Parsers usually keep the last value "
        "silently and lose the first.",
    ),
    ("删除或合并重复的键。", "Remove or merge the duplicate key."),
    bad=_MINIMAL + "title: 重复的标题\n",
)

ALIAS_BOMB = _load_rule(
    "GK006",
    Severity.ERROR,
    ("YAML 别名展开过大", "YAML alias expansion too large"),
    (
        "文档中的锚点/别名（&/*）展开后的数据量远超文档本身（“十亿笑声”攻击）。为防止耗尽内存，"
        "拒绝读取。",
        "Anchors and aliases (&/*) expand to far more data than the document holds (a "
        "'billion laughs' document). It is refused to protect memory.",
    ),
    ("不要嵌套使用别名；把重复内容直接写出。", "Do not nest aliases; write repeated content out."),
    bad='a: &a ["x","x","x","x","x","x","x","x","x"]\n'
    "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
    "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
    "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
    "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
    "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
    "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n",
)

EMPTY_DOCUMENT = _load_rule(
    "GK007",
    Severity.ERROR,
    ("文档为空", "Empty document"),
    ("文件没有内容，或只有注释和空白。", "The file is empty or holds only comments and blanks."),
    ("确认文件是否完整保存。", "Check that the file was saved completely."),
    bad="# 只有注释\n",
)

FORMAT_VERSION = _load_rule(
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
    (
        '在文档开头加上 gkstd: "1.0"；若文档来自更新的版本，请升级 gkstd。',
        'Add gkstd: "1.0" at the top; for a newer document, upgrade gkstd.',
    ),
    bad=_MINIMAL.replace('gkstd: "1.0"\n', ""),
)

SCHEMA_VIOLATION = _load_rule(
    "GK009",
    Severity.ERROR,
    ("不符合文档格式", "Does not match the document format"),
    (
        "文档不符合 gkstd 文档格式 1.0 的 JSON Schema（Draft 2020-12），例如缺少必需的键、"
        "键名拼写错误、类型不对（数字写成了字符串等）。所有错误都会逐条列出。",
        "The document does not match the format 1.0 JSON Schema (Draft 2020-12): a missing "
        "required key, a misspelt key, or a wrong type. Every error is listed.",
    ),
    (
        "按提示的路径修正；`gkstd schema` 可打印完整的 Schema。",
        "Fix at the path; see `gkstd schema`.",
    ),
    bad=_MINIMAL.replace("title:", "titel:"),
)

STRUCTURE_ERROR = _load_rule(
    "GK010",
    Severity.ERROR,
    ("无法构建目录对象", "Cannot build the catalog"),
    (
        "文档通过了格式检查，但无法转换为目录对象（例如日期不存在）。",
        "The document passed the schema but could not be turned into a catalog (for "
        "example an impossible date).",
    ),
    ("按提示的路径修正取值。", "Fix the value at the reported path."),
    bad=_MINIMAL + "issued: '2020-02-30'\n",
)

UNUSED_WAIVER = _load_rule(
    "GK011",
    Severity.INFO,
    ("未使用的豁免", "Unused waiver"),
    (
        "豁免（waiver）没有压制任何问题：问题已修复、事项编号有误，或规则代码写错。"
        "过期的豁免会掩盖今后出现的真实问题。",
        "A waiver suppressed nothing: the problem was fixed, or its item or code is wrong. "
        "Stale waivers hide real problems later.",
    ),
    ("删除该豁免，或更正其 code/item。", "Remove the waiver or correct its code/item."),
    bad=_MINIMAL + "waivers:\n  - {code: GK101, item: nonexistent, reason: 示例}\n",
    basis="gkstd 豁免机制（参照 ruff RUF100）",
)

MIGRATED = _load_rule(
    "GK012",
    Severity.INFO,
    ("文档已从旧格式版本迁移", "Document migrated from an older format version"),
    (
        "文档使用较旧的格式版本，已在内存中迁移到当前版本后校验。原文件未被修改。",
        "The document uses an older format version; it was migrated in memory and then "
        "checked. The file itself was not changed.",
    ),
    ("用 `gkstd migrate` 另存为当前版本。", "Re-save it with `gkstd migrate`."),
    bad=Example(
        "格式 1.0 是第一个版本，尚无旧版本可迁移；测试用临时注册的迁移演示。", scope="none"
    ),
)

#: The loader's rules, by code.
UNKNOWN_ENUM = Rule(
    code="GK103",
    severity=Severity.ERROR,
    title=Text("取值不在可选范围内", "Value is not an allowed option"),
    rationale=Text(
        "公开方式、公开对象、公开层级、五公开类别、行政层级和依据位阶只能取规定的值。"
        "常见的写法（如“依申请公开”“特定群体”“区级”“街道”）会被自动识别为标准取值。",
        "Method, audience, levels, category, jurisdiction level and citation rank take "
        "fixed values. Common variants (依申请公开, 特定群体, 区级, 街道) are recognised.",
    ),
    basis="《政府信息公开条例》第十三条（主动公开、依申请公开）；26个试点领域标准目录模板",
    bad=Example(replaced(GOOD_ITEM, "audience: 全社会", "audience: 所有人")),
    good=Example(replaced(GOOD_ITEM, "audience: 全社会", "audience: 特定群体")),
    scope="load",
    fix=Text("改为可选取值之一（见提示）。", "Use one of the listed values."),
)


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
        UNKNOWN_ENUM,
    )
}
