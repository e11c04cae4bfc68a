"""国土空间规划 domain pack.

Metadata: ``pack.yaml``; national catalog: ``data/national.yaml``; provenance:
``SOURCES.md``.  Registered through the ``spatial-planning`` entry point.
"""

from gkstd.plugins import PackPlugin

plugin = PackPlugin(__name__)
