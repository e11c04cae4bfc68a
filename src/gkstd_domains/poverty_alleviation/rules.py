"""扶贫 domain rules (prefix FP): recipient lists and personal privacy.

The logic is shared with the 社会救助 and 涉农补贴 packs
(:mod:`gkstd_domains._shared.privacy`); the basis is 条例 第十五条.
"""

from __future__ import annotations

from gkstd import Rule
from gkstd.diagnostics.samples import replaced
from gkstd_domains._shared.privacy import TIAOLI_15, privacy_rule

__all__ = ["RULES"]

PACK = "poverty-alleviation"

_BAD = """id: identification
name: 贫困人口识别
content: [识别标准, 识别程序, 识别结果（贫困户名单、数量）]
basis:
  - {title: 国务院扶贫办扶贫开发建档立卡工作方案}
time_limit: {kind: working_days, days: 20, text: 信息形成（变更）20个工作日内}
subject: 县级扶贫部门、乡镇人民政府
method: 主动
channels: [政府网站, 社区/企事业单位/村公示栏（电子屏）]
audience: 全社会
levels: [县级, 乡级, 村级]
"""
_GOOD = replaced(
    _BAD,
    "识别结果（贫困户名单、数量）",
    "识别结果（贫困户名单、数量；名单不公开身份证号码等个人隐私）",
)

recipient_list_privacy = privacy_rule(
    "FP101",
    PACK,
    domain=("扶贫", "poverty alleviation"),
    basis=TIAOLI_15,
    bad=_BAD,
    good=_GOOD,
)

RULES: tuple[Rule, ...] = (recipient_list_privacy,)
