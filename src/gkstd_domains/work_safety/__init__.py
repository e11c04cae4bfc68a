"""安全生产 domain pack.

Metadata: ``pack.yaml``; national catalog: ``data/national.yaml``; provenance:
``SOURCES.md``.  Registered through the ``work-safety`` entry point.
"""

from gkstd.plugins import PackPlugin

plugin = PackPlugin(__name__)
