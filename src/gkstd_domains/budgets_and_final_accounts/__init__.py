"""财政预决算 domain pack.

Metadata: ``pack.yaml``; national catalog: ``data/national.yaml``; provenance:
``SOURCES.md``.  Registered through the ``budgets-and-final-accounts`` entry point.
Domain rules (CZYJ101–CZYJ103): ``rules.py``.
"""

from gkstd.plugins import PackPlugin

from .rules import RULES

plugin = PackPlugin(__name__, rules=RULES)
