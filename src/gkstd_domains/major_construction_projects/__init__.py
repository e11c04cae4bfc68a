"""重大建设项目 domain pack.

Metadata: ``pack.yaml``; national catalog: ``data/national.yaml``; provenance:
``SOURCES.md``.  Registered through the ``major-construction-projects`` entry point.
Domain rules (ZDJS101–ZDJS103): ``rules.py``.
"""

from gkstd.plugins import PackPlugin

from .rules import RULES

plugin = PackPlugin(__name__, rules=RULES)
