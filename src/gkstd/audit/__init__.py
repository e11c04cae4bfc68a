"""Disclosure audit (公开情况审计): publication records checked against catalogs.

Floor 10 of the layers (docs/architecture.md): imports everything up to tables (it reads
records tables with the table grid reader); never api or cli.

``gkstd audit RECORDS --catalog PATH`` and :func:`audit` check, record by record, that
information was published on time (working days, official holiday calendar), on a channel
the item lists, and that the record itself is complete; then summarise per item and
domain.  Finding codes are GK501–GK509 (:data:`AUDIT_RULES`).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__all__ = [
    "AUDIT_RULES",
    "COLUMNS",
    "AuditResult",
    "ItemSummary",
    "RecordTable",
    "RecordsError",
    "audit",
    "iter_records",
    "read_records",
]

#: Public name → the module that defines it (imported on first use, so that importing
#: one module of this package, e.g. its rules, does not import the rest).
_WHERE = {
    "AUDIT_RULES": "gkstd.audit.rules",
    "COLUMNS": "gkstd.audit.records",
    "AuditResult": "gkstd.audit.check",
    "ItemSummary": "gkstd.audit.check",
    "RecordTable": "gkstd.audit.records",
    "RecordsError": "gkstd.audit.records",
    "audit": "gkstd.audit.check",
    "iter_records": "gkstd.audit.records",
    "read_records": "gkstd.audit.records",
}


def __getattr__(name: str) -> Any:
    """Import a public name on first use."""
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


if TYPE_CHECKING:
    from gkstd.audit.check import AuditResult, ItemSummary, audit
    from gkstd.audit.records import (
        COLUMNS,
        RecordsError,
        RecordTable,
        iter_records,
        read_records,
    )
    from gkstd.audit.rules import AUDIT_RULES
