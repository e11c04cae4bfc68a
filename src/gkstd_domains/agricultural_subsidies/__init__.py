"""涉农补贴 domain pack.

Metadata: ``pack.yaml``; national catalog: ``data/national.yaml``; provenance:
``SOURCES.md``.  Registered through the ``agricultural-subsidies`` entry point.
Domain rules (SNBT101): ``rules.py``.
"""

from gkstd.plugins import PackPlugin

from .rules import RULES

plugin = PackPlugin(__name__, rules=RULES)
