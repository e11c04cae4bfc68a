"""公共资源交易 domain pack.

Metadata: ``pack.yaml``; national catalog: ``data/national.yaml``; provenance:
``SOURCES.md``.  Registered through the ``public-resource-trading`` entry point.
"""

from gkstd.packs import PackPlugin

plugin = PackPlugin(__name__)
