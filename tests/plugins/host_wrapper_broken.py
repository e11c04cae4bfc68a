"""A hook wrapper that raises: only its own plugin may fail for it."""

import gkstd

GKSTD_API = "1.0"


@gkstd.hookimpl(wrapper=True)
def gkstd_register_rules(ctx):
    yield
    raise RuntimeError("wrapper boom")
