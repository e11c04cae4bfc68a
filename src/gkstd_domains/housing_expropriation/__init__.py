"""国有土地上房屋征收 domain pack.

Metadata: ``pack.yaml``; national catalog: ``data/national.yaml``; provenance:
``SOURCES.md``.  Registered through the ``housing-expropriation`` entry point.
"""

from gkstd.plugins import PackPlugin

plugin = PackPlugin(__name__)
