"""财政预决算 domain pack.

Metadata: ``pack.yaml``; national catalog: ``data/national.yaml``; provenance:
``SOURCES.md``.  Registered through the ``budgets-and-final-accounts`` entry point.
"""

from gkstd.packs import PackPlugin

plugin = PackPlugin(__name__)
