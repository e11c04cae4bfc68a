"""农村危房改造 domain pack.

Metadata: ``pack.yaml``; national catalog: ``data/national.yaml``; provenance:
``SOURCES.md``.  Registered through the ``rural-housing-renovation`` entry point.
"""

from gkstd.plugins import PackPlugin

plugin = PackPlugin(__name__)
