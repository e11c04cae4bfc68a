"""扶贫 domain pack.

Metadata: ``pack.yaml``; national catalog: ``data/national.yaml``; provenance:
``SOURCES.md``.  Registered through the ``poverty-alleviation`` entry point.
Domain rules (FP101): ``rules.py``.
"""

from gkstd.plugins import PackPlugin

from .rules import RULES

plugin = PackPlugin(__name__, rules=RULES)
