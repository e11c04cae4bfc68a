"""Catalogs as the government tables they are published as, and the website column plan.

Floor 9 of the layers (docs/architecture.md): imports everything up to the plugin host
(it needs the installed packs to tell a table's domain); never audit, api or cli.

* :func:`import_table` reads .xlsx/.xls/.csv tables in the published layouts;
* :func:`export_xlsx`, :func:`export_csv`, :func:`export_markdown` and
  :func:`export_html` write them;
* :mod:`gkstd.tables.siteplan` plans and checks website columns.

See ``docs/tables.md``.
"""

from gkstd.inherit.matching import ACCEPT_SCORE, REVIEW_SCORE, Match
from gkstd.tables.export import FORMATS, export_csv, export_html, export_markdown, export_xlsx
from gkstd.tables.importer import ImportResult, MappedColumn, import_table

__all__ = [
    "ACCEPT_SCORE",
    "FORMATS",
    "REVIEW_SCORE",
    "ImportResult",
    "MappedColumn",
    "Match",
    "export_csv",
    "export_html",
    "export_markdown",
    "export_xlsx",
    "import_table",
]
