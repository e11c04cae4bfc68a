"""The conformance checks: what every domain pack must show before anyone installs it.

Each :class:`Check` has a stable id (never reused for another check), a bilingual title
and requirement, and a function that raises :class:`ConformanceFailure` with a message
naming the problem and the fix, or returns a remark.  :mod:`gkstd.testing.conformance`
runs them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gkstd.diagnostics.i18n import Text

if TYPE_CHECKING:
    pass

from gkstd.testing.checks_catalog import (
    check_catalog,
    check_clean,
    check_round_trip,
    check_xlsx_round_trip,
)
from gkstd.testing.checks_pack import (
    check_loads,
    check_metadata,
    check_quiet,
    check_rule_codes,
    check_rule_docs,
    check_rule_examples,
    check_rules_total,
)
from gkstd.testing.checks_plugin import (
    check_attribution,
    check_migrations,
    check_package_data,
    check_rule_cost,
)
from gkstd.testing.checks_properties import (
    check_mutations,
    check_orders,
    check_tailorings,
    superset_problems,
)
from gkstd.testing.target import (
    DEFAULT_EXAMPLES,
    Advice,
    Check,
    CheckFunction,
    CheckSkipped,
    ConformanceFailure,
    Target,
)

__all__ = [
    "CHECKS",
    "CHECK_IDS",
    "DEFAULT_EXAMPLES",
    "Advice",
    "Check",
    "CheckSkipped",
    "ConformanceFailure",
    "Target",
    "check_by_id",
    "superset_problems",
]


def _check(
    id: str,
    title: tuple[str, str],
    requirement_zh: str,
    function: CheckFunction,
    needs: str | None = None,
) -> Check:
    requirement_en = " ".join((function.__doc__ or "").split())
    return Check(id, Text(*title), Text(requirement_zh, requirement_en), function, needs)


#: The checks, in the order they run.  Ids are stable and never reused.
CHECKS: tuple[Check, ...] = (
    _check("loads", ("通过入口点加载", "Loads through its entry point"),
           "领域包的插件通过 gkstd 入口点加载成功（领域代码、规则前缀不与其他插件冲突）。", check_loads),
    _check("metadata", ("元数据完整", "Complete metadata"),
           "代码、中英文名称、主管部门、指引发布机关、版本号齐全。", check_metadata),
    _check("rule-codes", ("规则代码带本包前缀", "Rule codes carry the pack's prefix"),
           "本包每条规则的代码都以本包的规则前缀开头，且不重复。", check_rule_codes),
    _check("rule-docs", ("规则有文档", "Rules are documented"),
           "每条规则都有中英文标题和理由、法律依据、可运行的错误示例和正确示例。", check_rule_docs),
    _check("catalog", ("目录可读且可溯源", "Catalog loads, with provenance"),
           "全国目录可以读取，属于本领域，列出来源（url 或 file），每个事项注明出处，id 不重复。", check_catalog),
    _check("round-trip", ("目录往返不变", "Catalog round-trips"),
           "全国目录经 structure/unstructure、JSON Schema 校验、YAML/JSON 写出再读入后不变。", check_round_trip),
    _check("clean", ("目录校验通过", "Catalog validates clean"),
           "全国目录校验没有错误和警告；豁免必须写明理由。", check_clean),
    _check("rule-examples", ("规则示例正确", "Rule examples behave"),
           "每条规则在错误示例上报告，在正确示例上不报告。", check_rule_examples),
    _check("quiet", ("规则不打印输出", "Rules print nothing"),
           "在本包的规则示例上逐条运行本包的规则，不向标准输出或标准错误写任何内容（库代码不得打印）。",
           check_quiet),
    _check("rules-total", ("规则从不抛出异常", "Rules never raise"),
           "在生成的本领域有效目录和裁剪上，没有规则抛出异常（GK000）。", check_rules_total),
    _check("rule-cost", ("规则不过慢", "Rules are not far slower than the core's"),
           "本包每条规则在生成的目录和全国目录上每个事项的耗时，不超过核心规则中位数的 rule_cost_factor 倍"
           "（或低于 rule_cost_floor_us）。", check_rule_cost),
    _check("attribution", ("问题归属本包", "Findings name the pack"),
           "本包每条规则登记在本包名下，其错误示例上报告的问题都标注本包代码（rule_pack）。", check_attribution),
    _check("tailorings", ("有效裁剪得到超集", "Valid tailorings resolve to supersets"),
           "生成的有效裁剪（及裁剪链）解析后是上级目录的超集，且没有继承类问题。", check_tailorings),
    _check("mutations", ("违规变异均被发现", "Mutations are caught"),
           "删事项、删内容、删渠道、放宽时限等违规变异都以正确的代码报告。", check_mutations),
    _check("orders", ("要素次序自反且传递", "Element orders are reflexive and transitive"),
           "本包定义的要素次序自反、传递，合并结果细化上级值；声明 keeps_parent 的次序合并后不丢上级的值。",
           check_orders),
    _check("migrations", ("迁移有效", "Migrations upgrade their examples"),
           "本包的每个迁移都把它的示例旧文档（Migration.example）升级为可用且校验通过的目录；"
           "没有示例的迁移只给出建议。", check_migrations),
    _check("package-data", ("数据文件随 wheel 发布", "Data files ship in the wheel"),
           "包目录中的每个数据文件都匹配 pyproject.toml 的 package-data 模式（可编辑安装会掩盖遗漏）。",
           check_package_data),
    _check("xlsx-round-trip", ("xlsx 导出导入不变", "Survives xlsx export and import"),
           "全国目录导出为官方模板 xlsx 再导入后不变（需要 tables 扩展）。", check_xlsx_round_trip, "tables"),
)  # fmt: skip


#: The check ids, in the order the checks run.
CHECK_IDS: tuple[str, ...] = tuple(c.id for c in CHECKS)


_BY_ID = dict(zip(CHECK_IDS, CHECKS, strict=True))


def check_by_id(check_id: str) -> Check:
    """The check with id ``check_id``; ``ValueError`` naming the known ids otherwise."""
    try:
        return _BY_ID[check_id]
    except KeyError:
        raise ValueError(
            f"未知检查 / unknown check {check_id!r}; known: {', '.join(CHECK_IDS)}"
        ) from None
