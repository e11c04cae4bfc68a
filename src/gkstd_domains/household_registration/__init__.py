"""户籍管理 domain pack.

Metadata: ``pack.yaml``; national catalog: ``data/national.yaml``; provenance:
``SOURCES.md``.  Registered through the ``household-registration`` entry point.
"""

from gkstd.plugins import PackPlugin

plugin = PackPlugin(__name__)
