"""食品药品监管 domain pack.

Metadata: ``pack.yaml``; national catalog: ``data/national.yaml``; provenance:
``SOURCES.md``.  Registered through the ``food-and-drug-regulation`` entry point.
"""

from gkstd.plugins import PackPlugin

plugin = PackPlugin(__name__)
