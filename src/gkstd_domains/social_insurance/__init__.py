"""社会保险 domain pack.

Metadata: ``pack.yaml``; national catalog: ``data/national.yaml``; provenance:
``SOURCES.md``.  Registered through the ``social-insurance`` entry point.
"""

from gkstd.plugins import PackPlugin

plugin = PackPlugin(__name__)
