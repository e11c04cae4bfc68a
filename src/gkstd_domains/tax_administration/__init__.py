"""税收管理 domain pack.

Metadata: ``pack.yaml``; national catalog: ``data/national.yaml``; provenance:
``SOURCES.md``.  Registered through the ``tax-administration`` entry point.
"""

from gkstd.plugins import PackPlugin

plugin = PackPlugin(__name__)
