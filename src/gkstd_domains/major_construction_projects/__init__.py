"""重大建设项目 domain pack.

Metadata: ``pack.yaml``; national catalog: ``data/national.yaml``; provenance:
``SOURCES.md``.  Registered through the ``major-construction-projects`` entry point.
"""

from gkstd.packs import PackPlugin

plugin = PackPlugin(__name__)
