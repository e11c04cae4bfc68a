"""扶贫 domain pack.

Metadata: ``pack.yaml``; national catalog: ``data/national.yaml``; provenance:
``SOURCES.md``.  Registered through the ``poverty-alleviation`` entry point.
"""

from gkstd.packs import PackPlugin

plugin = PackPlugin(__name__)
