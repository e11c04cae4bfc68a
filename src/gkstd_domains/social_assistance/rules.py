"""社会救助 domain rules (prefix SHJZ): recipient lists and personal privacy.

The logic is shared with the 扶贫 and 涉农补贴 packs (:mod:`gkstd_domains._shared.privacy`).
社会救助暂行办法 requires the 公示 of applicants and recipients (第十一条: 初审意见在申请人所在村、
社区公示, 批准后在申请人所在村、社区公布; 第十六条, 第四十八条 apply it to 特困供养 and 临时救助)
and, in 第六十一条, keeps every other personal detail confidential: 对在社会救助工作中知悉的公民
个人信息，除按照规定应当公示的信息外，应当予以保密 (国务院令第649号, 2019 text, verified in the
LawRefBook/Laws mirror).
"""

from __future__ import annotations

from gkstd import Rule
from gkstd_domains._shared.privacy import TIAOLI_15, privacy_rule

__all__ = ["RULES"]

PACK = "social-assistance"

_BAD = """id: approval
name: 审批信息
content: [低保对象名单, 保障人数, 保障金额]
basis:
  - {title: 社会救助暂行办法, doc_no: 国务院令第649号, article: 第十一条, rank: 行政法规}
time_limit: {kind: working_days, days: 10, text: 制定或获取信息之日起10个工作日内}
subject: 县级人民政府民政部门
method: 主动
channels: [政府网站, 社区/企事业单位/村公示栏（电子屏）]
audience: 全社会
levels: [县级, 乡级]
"""
_GOOD = (
    _BAD + "notes: 名单只列户主姓名、保障人数和保障金额，隐去身份证号码、银行账号等个人隐私信息。\n"
)

recipient_list_privacy = privacy_rule(
    "SHJZ101",
    PACK,
    domain=("社会救助", "social assistance"),
    basis=TIAOLI_15 + "；《社会救助暂行办法》（国务院令第649号）第十一条、第六十一条",
    bad=_BAD,
    good=_GOOD,
    extra_rationale=(
        "社会救助暂行办法第十一条要求在申请人所在村、社区公示和公布低保审批情况，第六十一条规定除按照"
        "规定应当公示的信息外，工作中知悉的公民个人信息应当予以保密。",
        " 社会救助暂行办法 Art. 11 requires the 公示 and announcement of 低保 approvals in the "
        "applicant's village or community; Art. 61 keeps all other personal information "
        "learned in the work confidential.",
    ),
)

RULES: tuple[Rule, ...] = (recipient_list_privacy,)
