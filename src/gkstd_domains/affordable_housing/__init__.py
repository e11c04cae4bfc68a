"""保障性住房 domain pack.

Metadata: ``pack.yaml``; national catalog: ``data/national.yaml``; provenance:
``SOURCES.md``.  Registered through the ``affordable-housing`` entry point.
"""

from gkstd.plugins import PackPlugin

plugin = PackPlugin(__name__)
