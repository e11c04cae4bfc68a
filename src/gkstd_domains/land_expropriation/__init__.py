"""征地补偿 domain pack.

Metadata: ``pack.yaml``; national catalog: ``data/national.yaml``; provenance:
``SOURCES.md``.  Registered through the ``land-expropriation`` entry point.
"""

from gkstd.plugins import PackPlugin

plugin = PackPlugin(__name__)
