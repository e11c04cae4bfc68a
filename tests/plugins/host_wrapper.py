"""Wraps every plugin's gkstd_register_rules: records the calls it sees and adds a rule
to the result of the plugin named ``good``."""

from _fake import make_rule

import gkstd

GKSTD_API = "1.0"

SEEN: list[tuple[str, list[str]]] = []


@gkstd.hookimpl(wrapper=True)
def gkstd_register_rules(ctx):
    result = yield
    SEEN.append((ctx.plugin, [rule.code for rules in result for rule in rules]))
    if ctx.plugin == "good":
        result.append([make_rule("FKG102")])
    return result
