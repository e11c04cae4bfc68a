"""Turning a rule's documented examples into inputs, and running them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from gkstd.diagnostics.rule import Example, Rule
from gkstd.diagnostics.samples import minimal_document

if TYPE_CHECKING:
    from gkstd.diagnostics.report import Report
    from gkstd.plugins.registry import Registry

__all__ = ["example_input", "run_example"]


def example_input(example: Example) -> bytes | str | None:
    """The input for ``example``: document bytes, a path, or ``None`` (``scope="none"``)."""
    if example.scope == "none":
        return None
    if example.scope == "path":
        return example.text
    if example.scope in ("document", "chain", "documents", "records", "table", "site"):
        return example.text.encode(example.encoding)
    return minimal_document(example.text, example.domain).encode(example.encoding)


def run_example(
    rule: Rule, example: Example, registry: Registry | None = None, *, select: str | None = None
) -> Report | None:
    """Validate ``example`` with every rule; ``None`` if the example is not runnable.

    Callers look for ``rule.code`` among the findings.  ``select`` (codes or prefixes)
    runs only the rules it names on a catalog example (not on records, tables or sites).
    """
    from gkstd.api import validate
    from gkstd.inherit.workspace import Workspace

    source = example_input(example)
    if source is None:
        return None
    if example.scope == "records":
        return _run_records(example)
    if example.scope == "table":
        return _run_table(example, registry)
    if example.scope == "site":
        return _run_site(example)
    if example.scope == "documents":
        texts = [t for t in example.text.split("\n---\n") if t.strip()]
        return Workspace(registry, select=select).validate_all(texts)
    if example.scope == "chain":
        parents = {"child": example.text}
        if example.parent is not None:
            parents["parent"] = example.parent
        return Workspace(registry, parents=parents, select=select).validate(example.text)
    return validate(source, registry=registry, select=select)


def _run_records(example: Example) -> Report:
    """Audit the example's CSV records against the example catalog, as a report."""
    import io

    from gkstd.audit.check import audit
    from gkstd.audit.records import RecordsError, _read_csv
    from gkstd.audit.rules import EXAMPLE_AS_OF, EXAMPLE_CATALOG, RECORDS_UNUSABLE
    from gkstd.diagnostics.report import Report
    from gkstd.io.loader import load_document

    catalog = load_document(EXAMPLE_CATALOG).catalog
    assert catalog is not None, "the example catalog is valid"
    try:
        table = _read_csv(io.StringIO(example.text).read(), "<example>")
    except RecordsError as exc:
        finding = RECORDS_UNUSABLE.emit(
            reason=exc.message, reason_en=exc.message_en, file="<example>"
        )
        return Report(findings=(finding,), files=1, unusable=1, items=0)
    result = audit(table, [catalog], as_of=EXAMPLE_AS_OF)
    return Report(findings=tuple(result.findings), files=1, unusable=0, items=result.records)


def _run_table(example: Example, registry: Registry | None) -> Report:
    """Import the example's CSV table (matched to ``parent`` when given): the import
    findings and the findings of checking the imported catalog, as ``gkstd import``
    reports them."""
    from gkstd.io.loader import load_document
    from gkstd.tables import import_table

    parent = load_document(example.parent).catalog if example.parent else None
    result = import_table(
        example.text.encode(example.encoding),
        fmt="csv",
        file="<example>",
        domain=example.domain or None,
        domains={"example": "示例"},
        parent=parent,
        parent_ref="parent" if parent else None,
    )
    return result.report()


def _run_site(example: Example) -> Report:
    """Check the example's site columns (CSV) against the catalog ``parent``."""
    from gkstd.diagnostics.report import Report
    from gkstd.io.loader import load_document
    from gkstd.tables.siteplan import check_site, read_site

    catalog = load_document(example.parent or "").catalog
    assert catalog is not None, "the example catalog is valid"
    result = check_site([catalog], read_site(example.text.encode(), fmt="csv"))
    return Report(findings=result.findings, files=1, items=result.items)
