"""The rule object: a stable code, a severity, bilingual docs, a legal basis and examples."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Literal

import attrs

from gkstd.diagnostics.findings import Finding, Location, Severity
from gkstd.diagnostics.i18n import Text

if TYPE_CHECKING:
    from gkstd.diagnostics.context import CheckContext
    from gkstd.model import Catalog, Item

__all__ = ["CODE_PATTERN", "Example", "Rule", "Scope", "documented_rule", "rule"]

#: A rule code: an upper-case prefix of 2–6 letters and three digits, e.g. ``GK101``.
CODE_PATTERN = re.compile(r"^(?P<prefix>[A-Z]{2,6})(?P<number>[0-9]{3})$")

#: ``load``: reported by the loader; ``catalog``: checked once per catalog;
#: ``item``: checked once per item; ``chain``: reported by the inheritance checks
#: (:mod:`gkstd.inherit`), which compare a catalog with its parent.
Scope = Literal["load", "catalog", "item", "chain", "jurisdiction", "record", "table", "site"]

CatalogCheck = Callable[["Catalog", "CheckContext"], Iterable[Finding]]
ItemCheck = Callable[["Item", "CheckContext"], Iterable[Finding]]


@attrs.frozen
class Example:
    """A documented example input for a rule.

    ``scope="item"``: ``text`` is one item in YAML, placed into a minimal county catalog
    of domain ``domain`` (see :func:`gkstd.testing.examples.example_document`).
    ``scope="document"``: ``text`` is a whole document, encoded with ``encoding``.
    ``scope="path"``: ``text`` is a file path.
    ``scope="chain"``: ``text`` is a whole child document whose parent reference
    ``parent`` resolves to the document ``parent`` (see :mod:`gkstd.inherit`).
    ``scope="documents"``: ``text`` is several whole documents separated by lines
    ``---``, validated together (for set-level rules such as GK307).
    ``scope="records"``: ``text`` is a CSV of publication records, audited against
    :data:`gkstd.audit.rules.EXAMPLE_CATALOG` as of :data:`gkstd.audit.rules.EXAMPLE_AS_OF`.
    ``scope="table"``: ``text`` is a CSV table imported with :func:`gkstd.tables.import_table`
    (matched by name to ``parent`` when given).
    ``scope="site"``: ``text`` is a website's column list (CSV), checked against the
    catalog ``parent`` (see :mod:`gkstd.tables.siteplan`).
    ``scope="none"``: the rule cannot be shown with an input; ``text`` says why.
    """

    text: str
    scope: Literal[
        "item", "document", "path", "chain", "documents", "records", "table", "site", "none"
    ] = "item"
    domain: str = "example"
    encoding: str = "utf-8"
    parent: str | None = None


@attrs.frozen
class Rule:
    """A validation rule.

    Codes are stable: a code is never renumbered or reused.  ``pack`` names the owner
    (``core`` for gkstd's own rules).  ``check`` is ``None`` for ``load`` rules, which
    the loader reports itself.
    """

    code: str
    severity: Severity
    title: Text
    rationale: Text
    basis: str
    bad: Example
    good: Example
    scope: Scope = "item"
    check: CatalogCheck | ItemCheck | None = attrs.field(default=None, eq=False, repr=False)
    fix: Text | None = None
    pack: str = "core"
    status: Literal["stable", "preview", "deprecated"] = "stable"

    @property
    def prefix(self) -> str:
        """The letters of the code (``GK`` for core rules)."""
        match = CODE_PATTERN.match(self.code)
        return match.group("prefix") if match else self.code

    def finding(
        self,
        zh: str,
        en: str,
        *,
        item: str | None = None,
        element: str | None = None,
        path: str | None = None,
        file: str | None = None,
        line: int | None = None,
        severity: Severity | None = None,
    ) -> Finding:
        """Build a finding of this rule with the given bilingual message and location."""
        return Finding(
            code=self.code,
            severity=severity or self.severity,
            message=zh,
            message_en=en,
            location=Location(file=file, line=line, path=path, item=item, element=element),
            rule_pack=self.pack,
        )


def rule(
    code: str,
    severity: Severity,
    title: tuple[str, str],
    rationale: tuple[str, str],
    basis: str,
    bad: Example | str,
    good: Example | str,
    *,
    scope: Scope = "item",
    fix: tuple[str, str] | None = None,
    pack: str = "core",
) -> Callable[[CatalogCheck | ItemCheck], Rule]:
    """Decorator turning a check function into a :class:`Rule`.

    >>> @rule("XX101", Severity.WARNING, ("标题", "Title"), ("理由", "Why"), "依据",
    ...       bad="id: a\\nname: A", good="id: a\\nname: A")
    ... def check(item, ctx):
    ...     return []
    >>> check.code
    'XX101'
    """

    def wrap(func: CatalogCheck | ItemCheck) -> Rule:
        return Rule(
            code=code,
            severity=severity,
            title=Text(*title),
            rationale=Text(*rationale),
            basis=basis,
            bad=bad if isinstance(bad, Example) else Example(bad),
            good=good if isinstance(good, Example) else Example(good),
            scope=scope,
            check=func,
            fix=Text(*fix) if fix else None,
            pack=pack,
        )

    return wrap


def documented_rule(
    code: str,
    severity: Severity,
    title: tuple[str, str],
    rationale: tuple[str, str],
    basis: str,
    *,
    bad: Example,
    good: Example,
    scope: Scope,
    fix: tuple[str, str],
) -> Rule:
    """A check-less :class:`Rule` from (zh, en) pairs: for findings built elsewhere.

    The loader (GK0xx), the inheritance resolver (GK2xx) and the audit (GK5xx) produce
    their findings themselves; these rule objects carry the code and its documentation.
    """
    return Rule(
        code=code,
        severity=severity,
        title=Text(*title),
        rationale=Text(*rationale),
        basis=basis,
        bad=bad,
        good=good,
        scope=scope,
        fix=Text(*fix),
    )
