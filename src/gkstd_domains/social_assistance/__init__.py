"""社会救助 domain pack.

Metadata: ``pack.yaml``; national catalog: ``data/national.yaml``; provenance:
``SOURCES.md``.  Registered through the ``social-assistance`` entry point.
Domain rules (SHJZ101): ``rules.py``.
"""

from gkstd.plugins import PackPlugin

from .rules import RULES

plugin = PackPlugin(__name__, rules=RULES)
