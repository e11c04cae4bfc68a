"""城市综合执法 domain pack.

Metadata: ``pack.yaml``; national catalog: ``data/national.yaml``; provenance:
``SOURCES.md``.  Registered through the ``urban-law-enforcement`` entry point.
"""

from gkstd.plugins import PackPlugin

plugin = PackPlugin(__name__)
