"""生态环境 domain pack.

Metadata: ``pack.yaml``; national catalog: ``data/national.yaml``; provenance:
``SOURCES.md``.  Registered through the ``ecological-environment`` entry point.
"""

from gkstd.plugins import PackPlugin

plugin = PackPlugin(__name__)
