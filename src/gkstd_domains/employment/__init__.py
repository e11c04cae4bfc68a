"""就业 domain pack.

Metadata: ``pack.yaml``; national catalog: ``data/national.yaml``; provenance:
``SOURCES.md``.  Registered through the ``employment`` entry point.
"""

from gkstd.plugins import PackPlugin

plugin = PackPlugin(__name__)
