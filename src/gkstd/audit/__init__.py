"""Disclosure audit (公开情况审计): publication records checked against catalogs.

Floor 10 of the layers (docs/architecture.md): imports everything up to tables (it reads
records tables with the table grid reader); never api or cli.

``gkstd audit RECORDS --catalog PATH`` and :func:`audit` check, record by record, that
information was published on time (working days, official holiday calendar), on a channel
the item lists, and that the record itself is complete; then summarise per item and
domain.  Finding codes are GK501–GK509 (:data:`AUDIT_RULES`).
"""

from gkstd.audit.check import AuditResult, ItemSummary, audit
from gkstd.audit.records import COLUMNS, RecordsError, RecordTable, read_records
from gkstd.audit.rules import AUDIT_RULES

__all__ = [
    "AUDIT_RULES",
    "COLUMNS",
    "AuditResult",
    "ItemSummary",
    "RecordTable",
    "RecordsError",
    "audit",
    "read_records",
]
