"""重大建设项目 domain rules (prefix ZDJS): 中标候选人公示 (招标投标法实施条例 第五十四条).

The rules are built by :func:`gkstd_domains._shared.bidding.bidding_rules`, shared with the
公共资源交易 pack (GGZY101–GGZY103).  The national catalog's combined item 招标投标 lists
中标候选人公示 among its content with a 20-working-day limit; it is not checked (the rules
look at item names only), see docs/domains.md.
"""

from __future__ import annotations

from gkstd import Rule
from gkstd_domains._shared.bidding import bidding_rules

__all__ = ["RULES"]

RULES: tuple[Rule, ...] = bidding_rules(
    "ZDJS",
    "major-construction-projects",
    field=("重大建设项目的招标投标信息", "tendering of major construction projects"),
)
