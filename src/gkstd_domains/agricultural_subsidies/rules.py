"""涉农补贴 domain rules (prefix SNBT): recipient lists and personal privacy.

The logic is shared with the 社会救助 and 扶贫 packs (:mod:`gkstd_domains._shared.privacy`);
the basis is 条例 第十五条.  The national template's content point 补贴结果 does not name a
list, so it is not checked; a local catalog that writes 补贴对象名单 or 发放名册 is.
"""

from __future__ import annotations

from gkstd import Rule
from gkstd_domains._shared.privacy import TIAOLI_15, privacy_rule

__all__ = ["RULES"]

PACK = "agricultural-subsidies"

_BAD = """id: farmland-fertility
name: 耕地地力保护补贴
content: [政策依据, 补贴标准, 补贴发放名册（姓名、补贴面积、补贴金额）]
basis:
  - {title: 农业生产发展资金管理办法, doc_no: 财农〔2017〕41号}
time_limit: {kind: working_days, days: 20, text: 信息形成或者变更之日起20个工作日内}
subject: 县级农业农村部门
method: 主动
channels: [政府网站]
audience: 全社会
levels: [县级, 乡级]
"""
_GOOD = _BAD + "extra: {隐私保护: 发放名册去标识化，隐去身份证号码和银行账号}\n"

recipient_list_privacy = privacy_rule(
    "SNBT101",
    PACK,
    domain=("涉农补贴", "agricultural subsidies"),
    basis=TIAOLI_15,
    bad=_BAD,
    good=_GOOD,
)

RULES: tuple[Rule, ...] = (recipient_list_privacy,)
