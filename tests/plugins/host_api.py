"""Plugins declaring the plugin API they were written for."""

from _fake import make_pack

import gkstd


class _Plugin:
    def __init__(self, api, code):
        if api is not None:
            self.GKSTD_API = api
        self.code = code

    @gkstd.hookimpl
    def gkstd_register_packs(self, ctx):
        return [make_pack(self.code, "FKV")]


major2 = _Plugin("2.0", "fake-api2")
newer_minor = _Plugin("1.9", "fake-api19")
garbage = _Plugin(1.0, "fake-apix")
undeclared = _Plugin(None, "fake-api-none")
