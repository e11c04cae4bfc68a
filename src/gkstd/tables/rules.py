"""GK6xx: the findings of a table import, as documented rule objects.

They are produced by :func:`gkstd.tables.import_table` (scope ``table``), not by catalog
validation.  Every finding points at the file and, where there is one, the sheet, row
and cell (``path`` is an Excel reference such as ``目录!C5``; ``line`` is the row).
Each example is a CSV table imported as the example domain; the low-confidence match
example is matched against the parent catalog of the inheritance examples.

Long module: one declaration per table-import rule (GK601–GK621), each with its
documentation, examples and message templates (one variant for each way a file or a row
can fail); together they are one table.
"""

from __future__ import annotations

from gkstd.diagnostics.findings import Severity
from gkstd.diagnostics.rule import Example, Rule, rule
from gkstd.diagnostics.samples import PARENT_DOCUMENT, replaced

__all__ = [
    "AMBIGUOUS_MARKS",
    "BAD_SIDECAR",
    "BEYOND_LIMIT",
    "CONTRADICTORY_HEADER",
    "DAMAGED_MERGES",
    "DUPLICATE_COLUMN",
    "EMPTY_SHEET",
    "ENCRYPTED",
    "EXAMPLE_TABLE",
    "FORMULA_WITHOUT_VALUE",
    "HTML_TABLE",
    "LOW_CONFIDENCE_MATCH",
    "NO_HEADER",
    "NO_ITEMS",
    "OTHER_CATALOG_SHEETS",
    "OVERSIZED",
    "SHEET_NOT_READ",
    "TABLE_RULES",
    "UNKNOWN_DOMAIN",
    "UNKNOWN_JURISDICTION",
    "UNMATCHED_ROW",
    "UNNAMED_ROW",
    "UNREADABLE",
    "UNRECOGNISED_COLUMN",
]

_BASIS = "gkstd 表格导入（docs/tables.md）；国办发〔2019〕54号附件所列标准目录的表格样式"

_HEAD = (
    "序号,公开事项,,公开内容（要素）,公开依据,公开时限,公开主体,公开渠道和载体,"
    "公开对象,,公开方式,,公开层级,\n"
    ",一级事项,二级事项,,,,,,全社会,特定群体,主动,依申请,县级,乡级\n"
)
_ROW = (
    "1,城镇燃气管理,燃气经营许可证核发,1.申请条件 2.申请材料 3.申请流程 4.法定依据,"
    "【行政法规】《城镇燃气管理条例》（国务院令第583号）,"
    "信息形成或者变更之日起20个工作日内,县级燃气管理部门,"
    "■政府网站 □政府公报 □两微一端,√,,√,,√,√\n"
)

#: A clean table in the published two-row-header layout (the good example of every rule).
EXAMPLE_TABLE = _HEAD + _ROW

_GOOD = Example(EXAMPLE_TABLE, scope="table")


UNREADABLE = rule(
    "GK601",
    Severity.ERROR,
    ("表格文件无法读取", "The table file cannot be read"),
    (
        "文件不存在、格式不受支持、已损坏或编码无法识别。导入不会产生任何输出，原文件不受影响。",
        "The file is missing, in an unsupported format, damaged or in an unknown encoding. "
        "Nothing is written; the original file is untouched.",
    ),
    _BASIS,
    bad=Example("序号,事项名称\n1,示\x00例", scope="table"),  # a NUL byte: no text
    good=_GOOD,
    scope="table",
    fix=(
        "用 Excel/WPS 打开后另存为 .xlsx（或 UTF-8 编码的 .csv）再导入。",
        "Open it in Excel/WPS and save it as .xlsx (or UTF-8 .csv), then import again.",
    ),
    messages={
        "default": (
            "无法读取 {source}：{error}。请检查路径和权限。",
            "Cannot read {source}: {error_en}. Check the path and permissions.",
        ),
        "unsupported": (
            "{source}：不支持的表格格式 .{suffix}；请使用 .xlsx、.xls、.et、.ods、.csv 或 Word 的 .docx。",
            "{source}: unsupported table format .{suffix}; use .xlsx, .xls, .et, .ods, .csv "
            "or Word's .docx.",
        ),
        "word-doc": (
            "{source} 是旧版 Word 文档（.doc），gkstd 只读取 .docx；请用 Word/WPS 打开后"
            "另存为 .docx（或把表格复制到 Excel/WPS 表格另存为 .xlsx）再导入。",
            "{source} is an old Word document (.doc); gkstd reads .docx only. Open it in "
            "Word/WPS and save it as .docx (or copy the table into Excel/WPS and save it "
            "as .xlsx), then import again.",
        ),
        "bad-word": (
            "{source} 不是可读取的 Word 文档（{error_type}：{error}）；请用 Word/WPS 打开后"
            "另存为 .docx。",
            "{source} is not a readable Word document ({error_type}: {error}); open it in "
            "Word/WPS and save it as .docx.",
        ),
        "no-word-table": (
            "{source} 是 Word 文档，但其中没有表格；标准目录须是 Word 表格（不是文字段落或图片）。"
            "请核对文件，或把目录整理成表格后再导入。",
            "{source} is a Word document without any table; a catalog must be a Word table "
            "(not paragraphs or a picture). Check the file, or put the catalog in a table.",
        ),
        "not-word": (
            "{source} 扩展名是 .{suffix}，但内容不是 Word 文档（文件不完整，或是别的文件改了扩展名）；"
            "请用 Word/WPS 打开后另存为 .docx。",
            "{source} has the suffix .{suffix} but is not a Word document (cut short, or "
            "another file renamed); open it in Word/WPS and save it as .docx.",
        ),
        "not-workbook": (
            "{source} 扩展名是 .{suffix}，但内容不是 Excel 工作簿；请用 Excel/WPS 打开后另存为 .xlsx。",
            "{source} has the suffix .{suffix} but is not an Excel workbook; open it in "
            "Excel/WPS and save it as .xlsx.",
        ),
        "broken-zip": (
            "{source} 不是完整的工作簿或文档（压缩包已损坏，多半是下载或复制没有完成；{error}）；"
            "请重新获取文件，或用 Excel/WPS 打开后另存为 .xlsx。",
            "{source} is not a complete workbook or document (a broken ZIP, usually an "
            "unfinished download or copy; {error_en}); get the file again, or open it in "
            "Excel/WPS and save it as .xlsx.",
        ),
        "empty": (
            "{source} 是空文件（0 字节），多半是下载或复制没有完成；请重新获取文件。",
            "{source} is empty (0 bytes), usually an unfinished download or copy; get the "
            "file again.",
        ),
        "bad-workbook": (
            "{source} 不是可读取的 Excel 工作簿（{error_type}：{error}）；"
            "请用 Excel/WPS 打开后另存为 .xlsx。",
            "{source} is not a readable Excel workbook ({error_type}: {error}); "
            "open it in Excel/WPS and save it as .xlsx.",
        ),
        "bad-sheet": (
            "{source} 的工作表“{sheet}”无法读取（{error_type}：{error}）。",
            "Sheet {sheet!r} of {source} cannot be read ({error_type}: {error}).",
        ),
        "no-sheet": (
            "{source} 中没有名为“{sheet}”的工作表；现有：{sheets}。",
            "{source} has no sheet {sheet!r}; sheets: {sheets}.",
        ),
        "bad-csv": (
            "{source} 第 {lineno} 行无法按 CSV 读取：{error}。请检查引号是否成对。",
            "{source} line {lineno} is not valid CSV: {error}. Check the quotes.",
        ),
        "csv-cell-too-long": (
            "{source} 第 {lineno} 行有一个单元格超过 {most} 个字符，CSV 读不了这样长的单元格；"
            "请缩短该单元格的内容（如果其中的引号不成对，后面的内容也会被读进这个单元格，请一并检查）。",
            "{source} line {lineno} has a cell over {most} characters, longer than CSV reading "
            "takes; shorten it (a quote left open also reads what follows into the cell: check "
            "the quotes too).",
        ),
        "not-text": ("{source}：{reason}", "{source}: {reason_en}"),
        "bad-utf8": (
            "{source} 以 UTF-8 标记（BOM）开头，但第 {lineno} 行（第 {offset} 字节）不是有效的 "
            "UTF-8；请用 Excel/WPS 或文本编辑器打开后重新保存为“CSV UTF-8”再导入。",
            "{source} starts with a UTF-8 byte-order mark, but line {lineno} (byte {offset}) "
            "is not valid UTF-8; open it in Excel/WPS or a text editor, save it as "
            "'CSV UTF-8' again, and import that.",
        ),
        "bad-ref": (
            "{source} 的工作表“{sheet}”中有无效的单元格引用“{ref}”，文件已损坏或被篡改，"
            "未读取；请用 Excel/WPS 打开后另存为 .xlsx 再导入。",
            "Sheet {sheet!r} of {source} has an invalid cell reference {ref!r}; the file is "
            "damaged or crafted and was not read. Open it in Excel/WPS, save it as .xlsx "
            "and import again.",
        ),
    },
)

ENCRYPTED = rule(
    "GK602",
    Severity.ERROR,
    ("工作簿设有密码", "The workbook is password-protected"),
    (
        "加密的工作簿只有输入密码后才能读取。gkstd 不尝试破解或猜测密码。",
        "An encrypted workbook can only be read with its password; gkstd never tries to "
        "guess or break it.",
    ),
    _BASIS,
    bad=Example(
        "需要一个加密的 .xlsx 文件，无法用文本演示；测试使用 tests/data/tables 中的样例。", "none"
    ),
    good=_GOOD,
    scope="table",
    fix=(
        "在 Excel/WPS 中取消打开密码后另存，再导入。",
        "Remove the open password in Excel/WPS, save, and import again.",
    ),
    messages=(
        "{source} 设有打开密码（已加密），无法读取。请在 Excel/WPS 中取消密码（文件 → 信息 → "
        "保护工作簿 → 用密码进行加密，清空密码）后另存，再导入。",
        "{source} is password-protected (encrypted) and cannot be read. Remove the password "
        "in Excel/WPS (File → Info → Protect Workbook → Encrypt with Password, clear it), "
        "save, and import again.",
    ),
)

_HTML_ADVICE = (
    "；网站上的“导出 Excel”常常如此。"
    "请用 Excel/WPS 打开它并另存为 .xlsx，或从原系统导出真正的表格，再导入。",
    " (common for web 'Excel' downloads). Open it "
    "in Excel/WPS and save it as .xlsx, or export a real table, then import again.",
)

HTML_TABLE = rule(
    "GK603",
    Severity.ERROR,
    ("文件实际上是网页", "The file is an HTML page"),
    (
        "许多网站的“导出 Excel”下载的其实是 HTML 网页，只是扩展名为 .xls 或 .csv。"
        "直接按表格读取会得到错乱的内容，所以 gkstd 拒绝读取。",
        "Many websites' 'export to Excel' downloads are HTML pages named .xls or .csv. "
        "Reading them as tables would give garbage, so gkstd refuses.",
    ),
    _BASIS,
    bad=Example("<html><body><table><tr><td>序号</td></tr></table></body></html>\n", "table"),
    good=_GOOD,
    scope="table",
    fix=(
        "用 Excel/WPS 打开该文件并另存为 .xlsx，再导入。",
        "Open the file in Excel/WPS, save it as .xlsx, and import that.",
    ),
    messages={
        "default": (
            "{source} 实际上是网页（HTML），不是CSV" + _HTML_ADVICE[0],
            "{source} is an HTML page, not CSV" + _HTML_ADVICE[1],
        ),
        "workbook": (
            "{source} 实际上是网页（HTML），不是Excel 工作簿" + _HTML_ADVICE[0],
            "{source} is an HTML page, not an Excel workbook" + _HTML_ADVICE[1],
        ),
    },
)

OVERSIZED = rule(
    "GK604",
    Severity.ERROR,
    ("文件过大或压缩比异常", "The file is too large or abnormally compressed"),
    (
        "为防止“压缩炸弹”和误选文件耗尽内存，gkstd 不读取超过 100 MB、解压后超过 500 MB、"
        "压缩比异常或单表超过 500 万个单元格的文件。",
        "To guard against zip bombs and wrong files exhausting memory, gkstd does not read "
        "files over 100 MB, over 500 MB unpacked, abnormally compressed, or with more than "
        "5 million cells in a sheet.",
    ),
    _BASIS,
    bad=Example("需要一个超大或压缩炸弹文件，无法用文本演示；测试会现场生成。", "none"),
    good=_GOOD,
    scope="table",
    fix=("删除多余的空白区域，或把目录拆分为多个文件。", "Delete unused ranges or split the file."),
    messages={
        "default": (
            "{source} 有 {size_mb} MB，超过 {limit_mb} MB 的上限；请拆分后导入。",
            "{source} is {size_mb} MB, over the {limit_mb} MB limit; split it.",
        ),
        "stream": (
            "{source} 超过 {limit_mb} MB 的上限（从管道或设备读入，读到上限为止）；请拆分后导入。",
            "{source} is over the {limit_mb} MB limit (read from a pipe or a device, up to the "
            "limit); split it.",
        ),
        "unpacked": (
            "{source} 解压后为 {size_mb} MB（压缩比最高 {ratio:.0f}:1），超过上限 "
            "{limit_mb} MB / {limit_ratio}:1，疑为异常文件，未读取。"
            "如确为正常目录，请拆分为多个文件。",
            "{source} unpacks to {size_mb} MB (ratio up to {ratio:.0f}:1), over "
            "the {limit_mb} MB / {limit_ratio}:1 limit; it was not "
            "read. Split a genuine catalog into several files.",
        ),
        "cells": (
            "{source} 的工作表“{sheet}”有 {rows} 行 × {columns} 列，"
            "超过 {limit_cells} 个单元格的上限；请删除多余区域或拆分文件。",
            "Sheet {sheet!r} of {source} has {rows} × {columns} "
            "cells, over the {limit_cells} limit; delete unused ranges or split.",
        ),
        "declared": (
            "{source} 的工作表“{sheet}”声明或使用的区域 {ref} 超过 {limit_cells} 个单元格的上限，"
            "疑为异常文件，未读取；请删除多余区域（或整行整列的格式）后另存，或拆分文件。",
            "Sheet {sheet!r} of {source} declares or uses the range {ref}, over the "
            "{limit_cells}-cell limit; suspicious, not read. Delete unused ranges (or "
            "whole-row/column formatting), save again, or split the file.",
        ),
        "columns": (
            "{source} 的工作表“{sheet}”有 {columns} 列内容，超过导入上限 {limit_columns} 列"
            "（标准目录通常十几列），未导入；请检查是否选错了文件或工作表"
            "（确需导入时可设置环境变量 GKSTD_LIMIT_MAX_TABLE_COLUMNS）。",
            "Sheet {sheet!r} of {source} has {columns} columns of content, over the import "
            "limit of {limit_columns} (a catalog has a dozen or two); not imported. Check that "
            "it is the right file or sheet (or set GKSTD_LIMIT_MAX_TABLE_COLUMNS).",
        ),
        "rows": (
            "{source} 的工作表“{sheet}”有 {rows} 行内容，超过导入上限 {limit_rows} 行"
            "（标准目录通常只有几十到几百行），未导入；请检查是否选错了文件或工作表，或拆分后导入"
            "（确需导入时可设置环境变量 GKSTD_LIMIT_MAX_TABLE_ROWS）。",
            "Sheet {sheet!r} of {source} has {rows} rows of content, over the import limit of "
            "{limit_rows} (a catalog has tens to hundreds); not imported. Check that it is the "
            "right file or sheet, or split it (or set GKSTD_LIMIT_MAX_TABLE_ROWS).",
        ),
        "document": (
            "{source} 导入后的目录文件将有 {size} 字节，超过目录文件的上限 {limit_bytes} 字节"
            "（gkstd validate 读不了这么大的文件），未导入；请删去表格中与目录无关的列或行后"
            "重新导入（确需导入时可设置环境变量 GKSTD_LIMIT_MAX_DOCUMENT_BYTES）。",
            "The catalog document imported from {source} would be {size} bytes, over the "
            "{limit_bytes}-byte limit of catalog documents (gkstd validate could not read it); "
            "not imported. Remove the columns or rows that are not part of the catalog and "
            "import again (or set GKSTD_LIMIT_MAX_DOCUMENT_BYTES).",
        ),
        "strings": (
            "{source} 的共享字符串表（{part}）声明有 {count} 个不同的字符串，超过 {limit_cells} "
            "个单元格的上限，疑为异常文件，未读取（读取器会按声明的数量预留内存）；"
            "请用 Excel 或 WPS 打开后另存为 .xlsx 再导入。",
            "The shared strings ({part}) of {source} declare {count} distinct strings, over "
            "the {limit_cells}-cell limit; suspicious, not read (the reader reserves memory "
            "for the declared number). Open it in Excel or WPS, save it as .xlsx again and "
            "import that.",
        ),
    },
)

EMPTY_SHEET = rule(
    "GK605",
    Severity.ERROR,
    ("工作表为空", "The sheet is empty"),
    (
        "要导入的工作表没有任何内容。其他工作表若有目录，请用 --sheet 指定。",
        "The sheet to import has no content. Name another sheet with --sheet if the "
        "catalog is there.",
    ),
    _BASIS,
    bad=Example(" , ,\n,,\n", "table"),
    good=_GOOD,
    scope="table",
    fix=(
        "检查是否选错了文件或工作表，或用 --sheet 指定目录所在的工作表。",
        "Check the file and sheet, or name the catalog's sheet with --sheet.",
    ),
    messages=(
        "工作表“{sheet}”是空的，没有可导入的内容。",
        "Sheet {sheet!r} is empty; there is nothing to import.",
    ),
)

NO_HEADER = rule(
    "GK606",
    Severity.ERROR,
    ("找不到表头", "No header row found"),
    (
        "gkstd 在前 20 行中寻找含有“事项名称/一级事项/二级事项”和“公开内容、公开依据、"
        "公开时限、公开主体”等至少三项要素的表头行，没有找到就无法判断各列的含义。",
        "gkstd looks in the first 20 rows for a header naming the item (事项名称/一级事项/"
        "二级事项) and at least three elements (公开内容, 公开依据, 公开时限, 公开主体 …). "
        "Without one it cannot tell what the columns mean.",
    ),
    _BASIS,
    bad=Example("甲,乙,丙\n1,2,3\n", "table"),
    good=_GOOD,
    scope="table",
    fix=(
        "在表格第一行或标题下一行加上标准目录的表头（参见 docs/tables.md 的列名表）。",
        "Add the standard header row (see the column names in docs/tables.md).",
    ),
    messages=(
        "工作表“{sheet}”的前 {searched} 行中没有找到标准目录的表头"
        "（需要事项名称列和公开内容、公开依据、公开时限、公开主体等至少三列）。",
        "No catalog header in the first {searched} rows of sheet "
        "{sheet!r} (an item-name column and at least three element columns).",
    ),
)

CONTRADICTORY_HEADER = rule(
    "GK607",
    Severity.ERROR,
    ("两行表头互相矛盾", "The two header rows contradict each other"),
    (
        "两行合并表头中，上一行是分组（如“公开方式”），下一行是分组内的选项（如“主动/依申请”）。"
        "若下一行的选项属于另一个要素（如“公开方式”下写着“全社会”），无法判断该列的含义，"
        "猜测会导致把公开对象当作公开方式。",
        "In a two-row header, the upper row names a group (公开方式) and the lower row its "
        "options (主动/依申请). When an option belongs to another element (全社会 under "
        "公开方式), the column's meaning is unknown; guessing would swap elements.",
    ),
    _BASIS,
    bad=Example(
        replaced(EXAMPLE_TABLE, ",全社会,特定群体,主动,依申请,", ",主动,依申请,全社会,特定群体,"),
        "table",
    ),
    good=_GOOD,
    scope="table",
    fix=(
        "更正表头，使每个选项位于所属要素之下。",
        "Fix the header so that every option sits under its own element.",
    ),
    messages=(
        "表头第 {upper_row}、{lower_row} 行矛盾：“{group}”之下是“{option}”，"
        "它属于另一个要素，无法判断该列含义（该列内容原样保存在 extra 中）。",
        "Header rows {upper_row} and {lower_row} contradict: {option!r} under {group!r} "
        "belongs to another element, so the column's meaning is unknown (its cells are "
        "kept under extra).",
    ),
)

UNRECOGNISED_COLUMN = rule(
    "GK608",
    Severity.INFO,
    ("未识别的列已原样保留", "Unrecognised column kept verbatim"),
    (
        "不属于标准要素的列（如咨询电话、责任科室）不会丢失：每个事项中该列的内容原样保存在 "
        "extra 中，导出时写回。",
        "Columns outside the standard elements (e.g. 咨询电话, 责任科室) are not lost: "
        "each item keeps the cell under extra, and export writes it back.",
    ),
    _BASIS,
    bad=Example(
        replaced(
            replaced(EXAMPLE_TABLE, "乡级\n", "乡级,咨询电话\n", 1),
            ",√,√\n",
            ",√,√,0000-00000000\n",
        ),
        "table",
    ),
    good=_GOOD,
    scope="table",
    fix=(
        "无需处理；若该列其实是标准要素，请把列名改为标准列名。",
        "Nothing to do; if the column is a standard element, rename it.",
    ),
    messages={
        "default": (
            "“{column}”列不是标准要素，各事项该列的内容已原样保留（导出时写回）。",
            "Column {column!r} is not a standard element; its cells are kept under extra.",
        ),
        "publication-form": (
            "本表的公开方式（主动/依申请）取自“{method}”列；“{column}”列记的是发布形式"
            "（如全文发布），各事项该列的内容已原样保留（导出时写回）。",
            "This table's 公开方式 (主动/依申请) is read from column {method!r}; column "
            "{column!r} holds the form of publication (全文发布 …), kept under extra.",
        ),
    },
)

AMBIGUOUS_MARKS = rule(
    "GK609",
    Severity.WARNING,
    ("勾选标记无法唯一判读", "Marks cannot be read unambiguously"),
    (
        "公开对象和公开方式各只能取一个值。同时勾选“全社会”和“特定群体”（或“主动”和“依申请”）时，"
        "gkstd 取范围更大、要求更严的一项（全社会、主动），并把原始勾选保存在 extra 中；"
        "标记列中除 √ 以外的文字也原样保存在 extra 中。",
        "公开对象 and 公开方式 take one value each. When both options are marked, gkstd "
        "keeps the wider, stricter one (全社会, 主动) and stores the original marks in "
        "extra; text other than a mark in a mark column is kept in extra too.",
    ),
    _BASIS,
    bad=Example(replaced(EXAMPLE_TABLE, ",√,,√,,√,√\n", ",√,√,√,,√,√\n"), "table"),
    good=_GOOD,
    scope="table",
    fix=(
        "核对该事项的勾选，只保留一个选项，或在 extra 中核对保留的说明。",
        "Check the item's marks and keep one option, or review the text kept in extra.",
    ),
    messages={
        "default": (
            "“{name}”的{label}同时勾选了{marked}，已取“{kept}”，原勾选已保留，请核对。",
            "{name!r} marks {marked} for {label}; {kept} was kept and "
            "the marks are saved under extra. Please check.",
        ),
        "not-understood": (
            "“{column}”列的“{text}”无法识别，已原样保留。",
            "{text!r} in column {column!r} is not understood; kept under extra.",
        ),
        "text-as-mark": (
            "“{column}”列中是文字“{text}”而不是 √，按已勾选处理，文字已保留。",
            "Column {column!r} holds the text {text!r}, not a mark; read as marked, "
            "the text is kept under extra.",
        ),
    },
)

LOW_CONFIDENCE_MATCH = rule(
    "GK610",
    Severity.WARNING,
    ("事项名称与上级目录匹配度低，需人工确认（已停用）", "Low-confidence name match (retired)"),
    (
        "自 gkstd 0.2 起不再报告：导入会按名称和内容匹配上级事项，并像 gkstd validate 一样校验导入的目录，"
        "只找到相近事项的上级事项由 GK214 报告（定位到表格的行），同一问题不再报告两次。代码保留，不会重用。",
        "Retired in gkstd 0.2: the import matches parent items by name and content and "
        "checks the imported catalog as gkstd validate does; a parent item found only "
        "under a similar name is reported by GK214 (located at the table's row), so the "
        "same problem is not reported twice. The code is kept and never reused.",
    ),
    _BASIS,
    bad=Example("已停用，由 GK214 报告 / retired: reported by GK214", "none"),
    good=Example("已停用 / retired", "none"),
    scope="table",
    fix=(
        "见 GK214：是同一事项就写入事项对应表（docs/matching.md）。",
        "See GK214: map the row to the parent item if it is the same item.",
    ),
    status="deprecated",
)

UNMATCHED_ROW = rule(
    "GK611",
    Severity.INFO,
    ("事项未匹配到上级目录", "Item matched no parent item"),
    (
        "名称和公开内容与上级目录的任何事项都不相近（相似度不到 60，见 docs/matching.md），"
        "按本地新增事项处理（只增不减允许新增）。",
        "Neither the name nor the content is close to any parent item (score below 60, "
        "see docs/matching.md); it is treated as a local addition, which the only-add "
        "principle allows.",
    ),
    _BASIS,
    bad=Example(
        replaced(
            replaced(EXAMPLE_TABLE, "燃气经营许可证核发", "城市道路挖掘审批"),
            "1.申请条件 2.申请材料 3.申请流程 4.法定依据",
            "1.挖掘地点 2.施工期限",
        ),
        "table",
        parent=PARENT_DOCUMENT,
    ),
    good=Example(EXAMPLE_TABLE, "table", parent=PARENT_DOCUMENT),
    scope="table",
    fix=(
        "若该事项其实对应上级事项，请在事项对应表中写明（docs/matching.md）。",
        "If it does correspond to a parent item, say so in an item map (docs/matching.md).",
    ),
    messages=(
        "“{name}”在上级目录中没有相近的事项，按本级新增事项导入。",
        "{name!r} matches no parent item; imported as a local addition.",
    ),
)

UNNAMED_ROW = rule(
    "GK612",
    Severity.WARNING,
    ("行中有内容但没有事项名称", "A row has content but no item name"),
    (
        "该行的事项名称列为空，但其他列有内容。为不丢失内容，gkstd 仍导入该行，"
        "名称写作“第 N 行（未填写事项名称）”。",
        "The row's item-name columns are empty but other cells are not. To lose nothing "
        "gkstd still imports it, named “第 N 行（未填写事项名称）”.",
    ),
    _BASIS,
    bad=Example(replaced(EXAMPLE_TABLE, "1,城镇燃气管理,燃气经营许可证核发,", "1,,,"), "table"),
    good=_GOOD,
    scope="table",
    fix=("在表格中补上事项名称。", "Fill in the item name in the table."),
    messages=(
        "第 {row} 行有内容但事项名称为空，已按“{name}”导入，请补上名称。",
        "Row {row} has content but no item name; imported as {name!r}.",
    ),
)

DUPLICATE_COLUMN = rule(
    "GK613",
    Severity.WARNING,
    ("同一要素出现在多列", "An element appears in several columns"),
    (
        "表头中有两列对应同一要素（如两列“公开时限”）。gkstd 读取第一列，"
        "其余列的内容原样保存在 extra 中。",
        "Two columns map to the same element (e.g. two 公开时限 columns). gkstd reads the "
        "first and keeps the others verbatim under extra.",
    ),
    _BASIS,
    bad=Example(
        replaced(replaced(EXAMPLE_TABLE, "乡级\n", "乡级,公开时限\n", 1), ",√,√\n", ",√,√,即时\n"),
        "table",
    ),
    good=_GOOD,
    scope="table",
    fix=("删除或改名重复的列。", "Delete or rename the duplicate column."),
    messages={
        "default": (
            "“{column}”列与前面的列对应同一要素，已按未识别列原样保存在 extra 中。",
            "Column {column!r} repeats an earlier element; its cells are kept under extra.",
        ),
        "next-level": (
            "表头中“{column}”紧接着出现了两次，而表中没有下一级事项列：第二列按第 {depth} 级事项名称"
            "读取（表头可能写错了，请核对并改正）。",
            "The header says {column!r} twice side by side and no column holds the next "
            "level: the second is read as the item names of level {depth} (the header is "
            "probably mistyped; check and correct it).",
        ),
    },
)

UNKNOWN_DOMAIN = rule(
    "GK614",
    Severity.ERROR,
    ("无法判断表格所属领域", "The table's domain is unknown"),
    (
        "目录文档必须写明领域（domain）。表格中通常只有标题写着领域名称；"
        "标题缺失或无法识别时，gkstd 不猜测。",
        "A catalog document must name its domain. Tables show it only in the caption; "
        "when that is missing or unclear, gkstd does not guess.",
    ),
    _BASIS,
    bad=Example(EXAMPLE_TABLE, "table", domain=""),
    good=_GOOD,
    scope="table",
    fix=(
        "用 --domain 指定领域代码（gkstd domains 列出全部），或用 --conforms-to 指定上级目录。",
        "Give --domain CODE (see gkstd domains), or the parent with --conforms-to.",
    ),
    messages={
        "default": (
            "无法判断 {source} 属于哪个领域：标题、工作表名、文件名都没有写明领域，"
            "内容也不像任何已安装的领域包；"
            "请用 --domain 指定领域代码（gkstd domains 列出全部）。",
            "Cannot tell the domain of {source}: neither the caption, the sheet name nor the "
            "file name names it, and the rows resemble no installed pack; give --domain CODE "
            "(gkstd domains lists them).",
        ),
        "indistinguishable": (
            "无法确定 {source} 属于哪个领域：{first_name}（{first}，{first_evidence}）与"
            "{second_name}（{second}，{second_evidence}）难以区分；请用 --domain 指定其中之一。",
            "Cannot tell the domain of {source}: {first} ({first_name}: {first_evidence_en}) "
            "and {second} ({second_name}: {second_evidence_en}) are indistinguishable; "
            "give --domain with one of them.",
        ),
        "unknown-name": (
            "无法确定 {source} 属于哪个领域：标题“{caption}”写的领域不是任何已安装领域包的名称或别名"
            "（gkstd domains 列出全部）；内容最接近{first_name}（{first}，{first_evidence}），"
            "但不足以判定。请用 --domain 指定领域代码；若表格确属已安装领域包之外的领域，"
            "需先安装该领域的领域包。",
            "Cannot tell the domain of {source}: its caption {caption!r} names a domain that "
            "is neither the name nor an alias of an installed pack (gkstd domains lists them); "
            "its rows come closest to {first} ({first_name}: {first_evidence_en}), not close "
            "enough to decide. Give --domain CODE; a table of a domain no installed pack "
            "covers needs that domain's pack installed first.",
        ),
        "unknown-name-alone": (
            "无法确定 {source} 属于哪个领域：标题“{caption}”写的领域不是任何已安装领域包的名称或别名"
            "（gkstd domains 列出全部），内容也不像任何已安装的领域包。请用 --domain 指定领域代码；"
            "若表格确属已安装领域包之外的领域，需先安装该领域的领域包。",
            "Cannot tell the domain of {source}: its caption {caption!r} names a domain that "
            "is neither the name nor an alias of an installed pack (gkstd domains lists them), "
            "and its rows resemble no installed pack. Give --domain CODE; a table of a domain "
            "no installed pack covers needs that domain's pack installed first.",
        ),
    },
)

_JURISDICTION_ZH = (
    "表格标题、工作表名和文件名中没有可识别的本级政府名称或层级，已暂记为“{name}”{level}"
)
_JURISDICTION_EN = (
    "The caption, sheet and file name name no recognisable government or level; "
    "recorded as {name_en}, {level_en}"
)
_JURISDICTION_FIX = (
    "；请在表格标题中写明本级政府（如“某县市政服务领域基层政务公开标准目录”；批量检查时"
    "也可把表格放在以本级政府命名的文件夹中，如 南江县/），单独导入时也可用 gkstd import 的"
    " --jurisdiction 和 --level 指定。",
    ". Name the government in the table's caption (such as 某县市政服务领域基层政务公开"
    "标准目录; in a batch check a folder named after it, such as 南江县/, tells it too); a "
    "single import can also take gkstd import --jurisdiction and --level.",
)

UNKNOWN_JURISDICTION = rule(
    "GK615",
    Severity.WARNING,
    ("表格未写明本级政府", "The table does not name its government"),
    (
        "目录文档必须写明所属政府及层级。表格标题中找不到时，暂记为“（未注明）”县级，需要修改。",
        "A catalog document names its government and level. When the caption does not, "
        "it is recorded as not named (（未注明）), county, and must be edited.",
    ),
    _BASIS,
    bad=Example(EXAMPLE_TABLE, "table"),
    good=Example("示例县示例领域基层政务公开标准目录\n" + EXAMPLE_TABLE, "table"),
    scope="table",
    fix=(
        "在表格标题中写明本级政府；导入时也可用 --jurisdiction 和 --level 指定，或在生成的文件中修改"
        " jurisdiction。批量检查时，以本级政府命名的文件夹（如 南江县/）也用来判断。",
        "Name the government in the caption; gkstd import also takes --jurisdiction and "
        "--level, or edit jurisdiction in the output. In a batch check a folder named after "
        "the government (南江县/) tells it too.",
    ),
    messages={
        "default": (
            _JURISDICTION_ZH + _JURISDICTION_FIX[0],
            _JURISDICTION_EN + _JURISDICTION_FIX[1],
        ),
        "level-from-columns": (
            _JURISDICTION_ZH + "（按表中最高的公开层级列）" + _JURISDICTION_FIX[0],
            _JURISDICTION_EN + " (from the highest level column)" + _JURISDICTION_FIX[1],
        ),
        "level-from-subjects": (
            _JURISDICTION_ZH + "（按各事项的公开主体）" + _JURISDICTION_FIX[0],
            _JURISDICTION_EN + " (from the subjects)" + _JURISDICTION_FIX[1],
        ),
        "from-subjects": (
            "表格标题、工作表名和文件名中没有写明本级政府，已按各事项的公开主体“{subject}”记为“{name}”"
            "{level}" + _JURISDICTION_FIX[0],
            "The caption, sheet and file name name no government; recorded as {name!r}, "
            "{level_en}, from the subjects ({subject!r})" + _JURISDICTION_FIX[1],
        ),
        "township-of-caption": (
            "表格标题写的是“{caption_name}”，但各事项的公开主体都是“{subject}”，这是其下乡镇（街道）的目录，"
            "已记为“{name}”{level}；如不对，单独导入时请用 gkstd import 的 --jurisdiction 和 --level 指定。",
            "The caption names {caption_name!r}, but every item's subject is {subject!r}: the "
            "catalog of a township under it, recorded as {name!r}, {level_en}. If that is wrong, "
            "give gkstd import --jurisdiction and --level.",
        ),
        "from-folder": (
            "表格标题、工作表名和文件名中没有写明本级政府，已按所在文件夹“{folder}”记为“{name}”{level}"
            + _JURISDICTION_FIX[0],
            "The caption, sheet and file name name no government; recorded as {name!r}, "
            "{level_en}, from the folder {folder!r}" + _JURISDICTION_FIX[1],
        ),
    },
)

BEYOND_LIMIT = rule(
    "GK616",
    Severity.WARNING,
    ("表格部分内容超出上限", "Part of the table exceeds a limit"),
    (
        "异常大的合并区域（如整张工作表合并）会耗尽内存，gkstd 忽略该合并区域、照常读取单元格；"
        "超过单元格字数上限（默认 32,767，Excel 的上限）的文字 Excel/WPS 打开时会被截断，"
        "gkstd 原样导入但提示拆分。",
        "An abnormally large merged range (e.g. the whole sheet) would exhaust memory: "
        "gkstd ignores that merge and reads the cells as usual. Text longer than the cell "
        "limit (32,767 characters by default, Excel's limit) is cut when Excel/WPS opens "
        "it: gkstd imports it whole but asks to split it.",
    ),
    _BASIS,
    bad=Example("需要构造的工作簿或超长单元格，无法用短文本演示；测试会现场生成。", "none"),
    good=_GOOD,
    scope="table",
    fix=(
        "在 Excel/WPS 中取消异常的合并区域；把超长的单元格内容拆分为多个事项或写入附件。",
        "Unmerge the abnormal range in Excel/WPS; split an over-long cell's text.",
    ),
    messages={
        "merge": (
            "{source} 的工作表“{sheet}”中合并区域 {ref} 有 {cells} 个单元格，超过 {limit_cells} "
            "的上限，已忽略该合并（各单元格按原值读取）；请在 Excel/WPS 中取消该合并。",
            "Sheet {sheet!r} of {source}: the merged range {ref} spans {cells} cells, over "
            "the {limit_cells} limit; the merge was ignored (cells read as they are). Unmerge "
            "it in Excel/WPS.",
        ),
        "long-cell": (
            "{source} 的单元格 {where} 有 {chars} 个字符，超过 {limit_chars} 的上限"
            "（Excel/WPS 打开时会截断）；已原样导入，请把内容拆分或缩短。",
            "Cell {where} of {source} holds {chars} characters, over the {limit_chars} "
            "limit (Excel/WPS cut it when opening); imported whole; split or shorten it.",
        ),
        "cut-cell": (
            "{source} 的单元格 {where} 正好有 {limit_chars} 个字符（Excel 单元格的上限），"
            "原文很可能更长、已被截断；请核对原始资料，把内容拆分或缩短后重新导入。",
            "Cell {where} of {source} holds exactly {limit_chars} characters (Excel's cell "
            "limit): the original text was probably longer and cut; check the source, "
            "split or shorten it and import again.",
        ),
    },
)

BAD_SIDECAR = rule(
    "GK617",
    Severity.WARNING,
    ("隐藏的 gkstd 工作表无效，已按表格读取", "The hidden gkstd sheet is invalid"),
    (
        "gkstd 导出的工作簿带有隐藏工作表 gkstd，保存表格显示不了的内容（目录编号、来源、上级目录等）。"
        "它和表格一样是不可信的输入：内容损坏、被改动或含有 gkstd 不会写的键时整张隐藏表被忽略，"
        "只按可见表格导入；上级目录引用（extends/conforms_to）只接受不含路径的目录编号或领域包代码。",
        "A workbook exported by gkstd has a hidden sheet gkstd with what the table cannot "
        "show (catalog id, sources, parent …). It is untrusted input like the table: when "
        "it is damaged, edited or holds keys gkstd never writes, it is ignored and the "
        "visible table alone is imported; a parent reference (extends/conforms_to) is taken "
        "only when it is a plain catalog id or pack code, never a path.",
    ),
    _BASIS,
    bad=Example("需要构造的工作簿，无法用文本演示；测试会现场生成。", "none"),
    good=_GOOD,
    scope="table",
    fix=(
        "如需精确还原，请重新用 gkstd export 导出；否则核对导入结果，并用 --conforms-to 指定上级目录。",
        "Export again with gkstd export for an exact round trip; otherwise check the "
        "result and give the parent with --conforms-to.",
    ),
    messages={
        "default": (
            "{source} 的隐藏工作表“gkstd”第 {row} 行无效（{error}），已忽略整张隐藏表，"
            "只按可见表格导入；请核对导入结果，或重新用 gkstd export 导出。",
            "Row {row} of the hidden sheet 'gkstd' of {source} is invalid ({error}); the "
            "hidden sheet was ignored and the visible table imported. Check the result, or "
            "export again with gkstd export.",
        ),
        "parent": (
            "{source} 的隐藏工作表“gkstd”中的 {key}“{ref}”不是目录编号或领域包代码"
            "（含路径），未采用；如需上级目录，请用 --conforms-to 指定。",
            "The hidden sheet 'gkstd' of {source} gives {key} {ref!r}, which is not a "
            "catalog id or pack code (it is a path); it was not used. Give the parent "
            "with --conforms-to if needed.",
        ),
    },
)

NO_ITEMS = rule(
    "GK618",
    Severity.ERROR,
    ("表格中没有事项", "The table holds no items"),
    (
        "工作表有标准目录的表头，但表头下面没有任何事项行（只有表头、空行或说明）。"
        "这样的目录没有可检查的内容，不能算作通过；多半是选错了文件或工作表，"
        "或事项写在了另一个工作表中。",
        "The sheet has a catalog header but no item rows below it (only the header, blank "
        "rows or notes). Such a catalog has nothing to check and cannot pass; usually the "
        "wrong file or sheet was chosen, or the items are on another sheet.",
    ),
    _BASIS,
    bad=Example(_HEAD, "table"),
    good=_GOOD,
    scope="table",
    fix=(
        "核对文件和工作表：把事项填在表头下面，或用 --sheet 指定事项所在的工作表。",
        "Check the file and sheet: fill in the items below the header, or name the "
        "items' sheet with --sheet.",
    ),
    messages=(
        "{source} 的工作表“{sheet}”在表头（第 {header_row} 行）下面没有任何事项，"
        "没有可导入和检查的内容；请核对文件和工作表。",
        "Sheet {sheet!r} of {source} has no items below its header (row {header_row}); "
        "there is nothing to import or check. Check the file and the sheet.",
    ),
)

OTHER_CATALOG_SHEETS = rule(
    "GK619",
    Severity.WARNING,
    ("工作簿中另有目录工作表未导入", "Other catalog sheets of the workbook were not imported"),
    (
        "一次导入只读一个工作表。不指定 --sheet 时，gkstd 导入第一个有标准目录表头的可见工作表"
        "（跳过“填报说明”之类没有表头的工作表）；同一工作簿中其他有目录表头的工作表"
        "（常见于一个文件里放了几个领域的目录）没有导入、也没有检查，这里逐一列出，以免漏检。"
        "批量检查（gkstd check）会把每个这样的工作表作为一个目录分别导入和检查，不报此项。",
        "One import reads one sheet. Without --sheet, gkstd imports the first visible sheet "
        "with a catalog header (passing over sheets without one, such as 填报说明); other "
        "sheets of the workbook with a catalog header (several domains in one file) are "
        "neither imported nor checked, and are named here so that none is missed. The batch "
        "check (gkstd check) imports and checks each such sheet as a catalog of its own, and "
        "does not report this.",
    ),
    _BASIS,
    bad=Example("需要有多个工作表的工作簿，无法用 CSV 文本演示；测试会现场生成。", "none"),
    good=_GOOD,
    scope="table",
    fix=(
        "用 gkstd import --sheet 工作表名 分别导入其余工作表，"
        "或用 gkstd check 检查整个工作簿（每个目录工作表分别检查和评分）。",
        "Import each of the other sheets with gkstd import --sheet NAME, or check the "
        "whole workbook with gkstd check (each catalog sheet checked and scored on its own).",
    ),
    messages=(
        "{source} 还有 {count} 个有目录表头的工作表未导入、未检查：{sheets}。"
        "可用 gkstd import --sheet 工作表名 逐个导入，"
        "或用 gkstd check 一次检查工作簿中的每个目录工作表。",
        "{source} has {count} more sheet(s) with a catalog header, not imported or "
        "checked: {sheets}. Import each with gkstd import --sheet NAME, or check every "
        "catalog sheet of the workbook at once with gkstd check.",
    ),
)

FORMULA_WITHOUT_VALUE = rule(
    "GK620",
    Severity.WARNING,
    ("公式单元格没有保存计算结果", "Formula cells hold no stored result"),
    (
        "Excel/WPS 保存工作簿时，会把每个公式的计算结果一并保存；由程序生成、从未在 Excel/WPS "
        "中打开保存过的工作簿，公式单元格可能只有公式、没有结果。gkstd 不计算公式，这样的"
        "单元格读作空白，其中的事项名称、内容等会因此缺失，所以逐一指出，不让内容悄悄丢失。",
        "When Excel/WPS saves a workbook it stores each formula's result with it; a workbook "
        "written by a program and never saved in Excel/WPS may hold formulas without "
        "results. gkstd does not evaluate formulas: such cells read as empty, and the item "
        "names, contents etc. they hold would be missing, so they are pointed out rather "
        "than lost without a word.",
    ),
    _BASIS,
    bad=Example("需要含公式的工作簿，无法用 CSV 文本演示；测试会现场生成。", "none"),
    good=_GOOD,
    scope="table",
    fix=(
        "在 Excel/WPS 中打开该文件并保存（公式会重新计算，结果随文件保存），"
        "或把这些单元格复制后“选择性粘贴—数值”，再重新导入。",
        "Open the file in Excel/WPS and save it (the formulas are recalculated and their "
        "results stored), or copy the cells and paste them as values; then import again.",
    ),
    messages=(
        "{source} 的工作表“{sheet}”有 {count} 个公式单元格没有保存计算结果（{refs}），"
        "已读作空白；请在 Excel/WPS 中打开并保存该文件（或把公式“选择性粘贴—数值”）"
        "后重新导入。",
        "Sheet {sheet!r} of {source}: {count} formula cell(s) hold no stored result "
        "({refs}) and were read as empty; open and save the file in Excel/WPS (or paste "
        "the formulas as values) and import again.",
    ),
)

DAMAGED_MERGES = rule(
    "GK621",
    Severity.WARNING,
    ("合并单元格有误，已修正后读取", "Damaged merged cells were repaired on reading"),
    (
        "损坏或由其他软件转换的文件中，合并单元格可能自相矛盾：Word 表格中一个单元格声明的跨列数"
        "（gridSpan）超出了整张表格的列数，照字面读取会把同一行其后的单元格挤到错误的列中"
        "（公开内容读成公开依据）；工作簿中两个合并区域互相重叠，后一个会用它的首格内容覆盖"
        "另一个区域中的单元格（事项的公开内容读成一级事项名称），Excel 打开这样的文件时会提示"
        "修复。gkstd 按 Word 显示、Excel 修复的样子读取：把该单元格的跨列截短，其后的单元格"
        "仍留在各自的列中；忽略后一个重叠的合并区域。因为修正改变了读取方式，所以指出具体位置，"
        "请核对。",
        "In a damaged file, or one converted by other software, merged cells can contradict "
        "themselves: a Word table cell says it spans (gridSpan) more columns than the table "
        "has, and taken literally it pushes the cells after it on its row into the wrong "
        "columns (content read as basis); two merged ranges of a workbook overlap, and the "
        "later one writes its first cell over cells of the other (an item's content read as "
        "its group's name): Excel offers to repair such a file when it opens it. gkstd reads "
        "what Word shows and Excel's repair keeps: the span is cut short and the cells after "
        "it keep their own columns; the later of two overlapping merged ranges is ignored. "
        "The repair changes what is read, so the places are named for checking.",
    ),
    _BASIS,
    bad=Example("需要构造的 Word 文档，无法用 CSV 文本演示；测试会现场生成。", "none"),
    good=_GOOD,
    scope="table",
    fix=(
        "用 Word/WPS 或 Excel/WPS 打开文件，核对并重新设置这些合并单元格，另存后重新导入。",
        "Open the file in Word/WPS or Excel/WPS, check and redo those merged cells, save it "
        "and import again.",
    ),
    messages={
        "word-span": (
            "{source} 的表格“{sheet}”中有 {count} 个单元格声明的跨列数超出了表格的 {columns} 列"
            "（{refs}；如 {first} 声明跨 {declared} 列），文件可能已损坏；为使同一行其后的"
            "单元格仍在各自的列中，已把跨列截短（{first} 按 {kept} 列）后读取，请核对这些行。"
            "请用 Word/WPS 打开该文档，检查这些行的合并单元格后另存为 .docx，再重新导入。",
            "Table {sheet!r} of {source}: {count} cell(s) span more columns than the table's "
            "{columns} ({refs}; {first} says {declared}); the file is probably damaged. "
            "The spans were cut ({first} to {kept}) so that the cells after them on "
            "their rows keep their own columns; check those rows. Open the document in "
            "Word/WPS, check the merged cells of those rows, save it as .docx and import "
            "again.",
        ),
        "word-merge": (
            "{source} 的表格“{sheet}”中有 {count} 个向下合并的单元格与上方合并单元格的列不一致"
            "（{refs}），文件可能已损坏或合并单元格被拆分过；为不让合并覆盖旁边单元格的内容，"
            "已只在两者共有的列上向下合并，其余列按各自内容读取，请核对这些行。"
            "请用 Word/WPS 打开该文档，重新设置这些合并单元格后另存为 .docx，再重新导入。",
            "Table {sheet!r} of {source}: {count} cell(s) continue a merge down over other "
            "columns than the merged cell above ({refs}); the file is probably damaged, or "
            "merged cells were split. So that the merge does not write over the cells beside "
            "it, it goes on down over the shared columns only, and the other columns are read "
            "as they are; check those rows. Open the document in Word/WPS, redo those merged "
            "cells, save it as .docx and import again.",
        ),
        "overlapping-merge": (
            "{source} 的工作表“{sheet}”中合并区域 {ref} 与前面的合并区域 {other} 重叠，文件已损坏"
            "（Excel 打开时会提示修复，并删去这样的合并）；已按 Excel 的修复方式忽略 {ref} 这一合并"
            "（其中各单元格按原值读取），请核对这些单元格。请用 Excel/WPS 打开该文件并另存为 .xlsx，"
            "再重新导入。",
            "Sheet {sheet!r} of {source}: the merged range {ref} overlaps the earlier merged "
            "range {other}; the file is damaged (Excel offers to repair it and removes such a "
            "merge). As Excel's repair does, the merge {ref} was ignored (its cells read as "
            "they are); check those cells. Open the file in Excel/WPS, save it as .xlsx and "
            "import again.",
        ),
    },
)

SHEET_NOT_READ = rule(
    "GK622",
    Severity.WARNING,
    (
        "工作簿中有工作表未能读取，已跳过",
        "A sheet of the workbook could not be read and was passed over",
    ),
    (
        "工作簿中某个工作表有异常（如“填报说明”页在 XFD1048576 之类极远的单元格里误输入了一个"
        "空格，使该表的区域超过单元格上限；或单元格引用无效），读取它会耗尽内存或出错。"
        "gkstd 只跳过这一个工作表，其余工作表照常读取和导入，并在这里指出被跳过的工作表及原因，"
        "以免其中若还有目录而漏检。所选的目录工作表本身有这类异常时，仍按错误报告。",
        "A sheet of the workbook is abnormal (a space typed in a far cell such as XFD1048576 "
        "on a 填报说明 sheet, which makes its range exceed the cell limit; or an invalid cell "
        "reference) and reading it would exhaust memory or fail. gkstd passes over that sheet "
        "only, reads and imports the others as usual, and names the sheet passed over and "
        "why here, so that a catalog on it is not missed. When the catalog sheet itself is "
        "abnormal, that is still an error.",
    ),
    _BASIS,
    bad=Example("需要构造的工作簿，无法用 CSV 文本演示；测试会现场生成。", "none"),
    good=_GOOD,
    scope="table",
    fix=(
        "若被跳过的工作表无关紧要，可不处理；若其中也有目录，请按原因中的提示修正"
        "（如删除多余区域后另存），再用 --sheet 导入它。",
        "If the sheet passed over does not matter, nothing needs doing; if it holds a "
        "catalog too, fix it as its reason says (such as deleting unused ranges and saving "
        "again) and import it with --sheet.",
    ),
    messages=(
        "{source} 的工作表“{sheet}”未能读取，已跳过，其余工作表照常导入。原因：{reason}",
        "Sheet {sheet!r} of {source} could not be read and was passed over; the other sheets "
        "were imported as usual. Why: {reason_en}",
    ),
)

#: Every GK6xx rule.
TABLE_RULES: tuple[Rule, ...] = (
    UNREADABLE,
    ENCRYPTED,
    HTML_TABLE,
    OVERSIZED,
    EMPTY_SHEET,
    NO_HEADER,
    CONTRADICTORY_HEADER,
    UNRECOGNISED_COLUMN,
    AMBIGUOUS_MARKS,
    LOW_CONFIDENCE_MATCH,
    UNMATCHED_ROW,
    UNNAMED_ROW,
    DUPLICATE_COLUMN,
    UNKNOWN_DOMAIN,
    UNKNOWN_JURISDICTION,
    BEYOND_LIMIT,
    BAD_SIDECAR,
    NO_ITEMS,
    OTHER_CATALOG_SHEETS,
    FORMULA_WITHOUT_VALUE,
    DAMAGED_MERGES,
    SHEET_NOT_READ,
)
