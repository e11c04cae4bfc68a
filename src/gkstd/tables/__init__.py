"""Catalogs as the government tables they are published as, and the website column plan.

Floor 9 of the layers (docs/architecture.md): imports everything up to the plugin host
(it needs the installed packs to tell a table's domain); never audit, api or cli.

* :func:`import_table` reads .xlsx/.xls/.csv tables in the published layouts;
* :func:`export_xlsx`, :func:`export_csv`, :func:`export_markdown` and
  :func:`export_html` write them;
* :mod:`gkstd.tables.siteplan` plans and checks website columns.

See ``docs/tables.md``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__all__ = [
    "ACCEPT_SCORE",
    "FORMATS",
    "REVIEW_SCORE",
    "ExportError",
    "ImportResult",
    "MappedColumn",
    "Match",
    "export_csv",
    "export_html",
    "export_markdown",
    "export_xlsx",
    "import_table",
]

#: Public name → the module that defines it (imported on first use, so that importing
#: one module of this package, e.g. its rules, does not import the rest).
_WHERE = {
    "ACCEPT_SCORE": "gkstd.inherit.matching",
    "FORMATS": "gkstd.tables.export",
    "REVIEW_SCORE": "gkstd.inherit.matching",
    "ExportError": "gkstd.tables.export",
    "ImportResult": "gkstd.tables.importer",
    "MappedColumn": "gkstd.tables.importer",
    "Match": "gkstd.inherit.matching",
    "export_csv": "gkstd.tables.export",
    "export_html": "gkstd.tables.export",
    "export_markdown": "gkstd.tables.export",
    "export_xlsx": "gkstd.tables.export",
    "import_table": "gkstd.tables.importer",
}


def __getattr__(name: str) -> Any:
    """Import a public name on first use."""
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


if TYPE_CHECKING:
    from gkstd.inherit.matching import ACCEPT_SCORE, REVIEW_SCORE, Match
    from gkstd.tables.export import (
        FORMATS,
        ExportError,
        export_csv,
        export_html,
        export_markdown,
        export_xlsx,
    )
    from gkstd.tables.importer import ImportResult, MappedColumn, import_table
