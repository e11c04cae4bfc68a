"""公共资源交易 domain rules (prefix GGZY): 中标候选人公示 (招标投标法实施条例 第五十四条).

The rules are built by :func:`gkstd_domains._shared.bidding.bidding_rules`, shared with the
重大建设项目 pack (ZDJS101–ZDJS103).
"""

from __future__ import annotations

from gkstd import Rule
from gkstd_domains._shared.bidding import bidding_rules

__all__ = ["RULES"]

RULES: tuple[Rule, ...] = bidding_rules(
    "GGZY",
    "public-resource-trading",
    field=("工程建设项目招标投标", "construction-project tendering"),
)
