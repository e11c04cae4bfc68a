"""Helpers shared by several first-party domain packs (not a pack: no entry point).

* :mod:`._shared.privacy`: lists of named recipients published to 全社会 state how
  personal data is protected (社会救助, 扶贫, 涉农补贴);
* :mod:`._shared.limits`: comparing a catalog's 公开时限 with a statutory period;
* :mod:`._shared.bidding`: 中标候选人公示 periods (公共资源交易, 重大建设项目).

Core ``gkstd`` never imports this package; the packs import it.
"""
