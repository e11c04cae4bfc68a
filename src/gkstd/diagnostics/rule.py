"""The rule object: a stable code, a severity, bilingual docs, a legal basis and examples."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, Literal, get_args

import attrs

from gkstd.diagnostics.findings import Finding, Location, Severity
from gkstd.diagnostics.i18n import Text
from gkstd.diagnostics.messages import Args, Message
from gkstd.diagnostics.ruleargs import check_function, example_fields, messages_of, text_pair
from gkstd.model.frozen import FrozenDict

if TYPE_CHECKING:
    from gkstd.diagnostics.context import CheckContext
    from gkstd.model import Catalog, Item

__all__ = [
    "CODE_PATTERN",
    "EXAMPLE_SCOPES",
    "Example",
    "ExampleScope",
    "Rule",
    "Scope",
    "documented_rule",
    "rule",
]

#: A rule code: an upper-case prefix of 2–6 letters and three digits, e.g. ``GK101``.
CODE_PATTERN = re.compile(r"^(?P<prefix>[A-Z]{2,6})(?P<number>[0-9]{3})$")

#: ``load``: reported by the loader; ``catalog``: checked once per catalog;
#: ``item``: checked once per item; ``chain``: reported by the inheritance checks
#: (:mod:`gkstd.inherit`), which compare a catalog with its parent.
Scope = Literal[
    "load", "catalog", "item", "chain", "jurisdiction", "record", "table", "site", "request"
]

CatalogCheck = Callable[["Catalog", "CheckContext"], Iterable[Finding]]
ItemCheck = Callable[["Item", "CheckContext"], Iterable[Finding]]


#: What an :class:`Example`'s text is (see the class).
ExampleScope = Literal[
    "item", "document", "path", "chain", "documents", "records", "table", "site", "none"
]
#: The scopes of an :class:`Example`, as values (checked where a rule is declared).
EXAMPLE_SCOPES: tuple[str, ...] = get_args(ExampleScope)


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
    scope: ExampleScope = "item"
    domain: str = "example"
    encoding: str = "utf-8"
    parent: str | None = None


def _messages(
    value: Mapping[str, Message | tuple[str, str]] | tuple[str, str] | None,
) -> FrozenDict[str, Message]:
    """Messages as given to :func:`rule`: one (zh, en) pair (the ``default`` message), or
    named variants (anything else is refused: :func:`.ruleargs.messages_of`)."""
    return messages_of(value)


def _callable_as_the_engine_calls(rule: Rule, attribute: Any, check: Any) -> None:
    """The check function takes what the engine passes it (:func:`.ruleargs.check_function`)."""
    check_function(check, rule.code, rule.scope)


@attrs.frozen
class Rule:
    """A validation rule.  Declare one with :func:`rule`.

    Codes are stable: a code is never renumbered or reused.  ``pack`` names the owner
    (``core`` for gkstd's own rules).  ``check`` is ``None`` for rules whose findings are
    built elsewhere (the loader, the inheritance checks, the audit, the table import); the
    engine calls it as ``check(catalog, ctx)`` for scope ``catalog`` and ``check(item, ctx)``
    otherwise, and a function it cannot call so is refused when the rule is made.
    ``messages`` are the rule's message templates by name (``default`` first), filled by
    :meth:`emit`.
    """

    code: str
    severity: Severity
    title: Text
    rationale: Text
    basis: str
    bad: Example
    good: Example
    scope: Scope = "item"
    check: CatalogCheck | ItemCheck | None = attrs.field(
        default=None, eq=False, repr=False, validator=_callable_as_the_engine_calls
    )
    fix: Text | None = None
    pack: str = "core"
    status: Literal["stable", "preview", "deprecated"] = "stable"
    messages: Mapping[str, Message] = attrs.field(factory=FrozenDict, converter=_messages, eq=False)

    @property
    def prefix(self) -> str:
        """The letters of the code (``GK`` for core rules)."""
        match = CODE_PATTERN.match(self.code)
        return match.group("prefix") if match else self.code

    def __call__(self, check: CatalogCheck | ItemCheck) -> Rule:
        """Attach the check function: ``@rule(...)`` above a function makes it the rule's."""
        return attrs.evolve(self, check=check)

    def emit(
        self,
        message: str = "default",
        /,
        *,
        item: str | None = None,
        element: str | None = None,
        path: str | None = None,
        file: str | None = None,
        line: int | None = None,
        severity: Severity | None = None,
        **args: Any,
    ) -> Finding:
        """A finding of this rule: the template ``message`` (a name in :attr:`messages`)
        with the field values ``args``, placed at the given location.  The message is
        rendered only when the finding is displayed."""
        template = self.messages.get(message)
        if template is None:
            raise KeyError(f"rule {self.code} has no message {message!r}")
        if not template.fields <= args.keys():
            missing = sorted(template.fields - args.keys())
            raise TypeError(f"rule {self.code} message {message!r} needs {missing}")
        return Finding(
            self.code,
            severity or self.severity,
            template,
            Args(args),
            Location(file, line, path, item, element),
            self.pack,
        )

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
        """A finding with a message written out in full (no fields: other systems cannot
        read its values).  Prefer declaring ``messages`` and calling :meth:`emit`."""
        return Finding(
            code=self.code,
            severity=severity or self.severity,
            template=Message.literal(zh, en),
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
    messages: Mapping[str, Message | tuple[str, str]] | tuple[str, str] | None = None,
    status: Literal["stable", "preview", "deprecated"] = "stable",
) -> Rule:
    """Declare a rule — the one way to do it.

    Used alone it gives a rule whose findings are built elsewhere; used as a decorator it
    makes the function below its check::

        MISSING = rule("XX201", Severity.ERROR, ("标题", "Title"), ("理由", "Why"), "依据",
                       bad=..., good=..., scope="chain",
                       messages=("缺少事项“{name}”。", "Missing item {name!r}."))

    >>> @rule("XX101", Severity.WARNING, ("标题", "Title"), ("理由", "Why"), "依据",
    ...       bad="id: a\nname: A", good="id: a\nname: A", messages=("“{name}”", "{name!r}"))
    ... def check(item, ctx):
    ...     yield check.emit(name=item.name, item=item.id)
    >>> check.code, check.messages["default"].fields
    ('XX101', frozenset({'name'}))

    ``title``, ``rationale``, ``fix`` and each message are ``(中文, English)`` pairs; anything
    else (one text, say) raises :class:`~gkstd.diagnostics.arguments.ArgumentError` naming
    the file and line of the declaration and how to write it (:mod:`.ruleargs`).
    """
    example_fields(bad, code, "bad")
    example_fields(good, code, "good")
    return Rule(
        code=code,
        severity=severity,
        title=text_pair(title, code, "title"),
        rationale=text_pair(rationale, code, "rationale"),
        basis=basis,
        bad=bad if isinstance(bad, Example) else Example(bad),
        good=good if isinstance(good, Example) else Example(good),
        scope=scope,
        fix=text_pair(fix, code, "fix") if fix else None,
        pack=pack,
        status=status,
        messages=messages_of(messages, code),
    )


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
    messages: Mapping[str, Message | tuple[str, str]] | tuple[str, str] | None = None,
) -> Rule:
    """Deprecated spelling of :func:`rule` for a rule without a check function."""
    return rule(
        code, severity, title, rationale, basis, bad, good, scope=scope, fix=fix, messages=messages
    )
