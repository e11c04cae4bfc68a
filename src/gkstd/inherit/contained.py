"""A plugin's refinement order, contained: what its ``compare`` or ``merge`` raises is a
``GK000`` finding on the element it was comparing, never the end of the run.

A pack's :class:`~gkstd.inherit.orders.ElementOrder` runs inside the inheritance check
of every catalog of its domain.  Rules were contained (:mod:`gkstd.rules.engine`); an
order that raised — ``rank(value) >= rank(parent)`` with an unknown value — ended
``gkstd validate`` with an internal error and lost the results of every other catalog of
the run, first-party ones included.  The plugin host wraps each plugin's orders with
:func:`contained_order` when it builds the registry:

* ``compare`` that raises (``SystemExit`` included, ``KeyboardInterrupt`` excepted) or
  returns something that is not a :class:`~gkstd.inherit.orders.Violation` gives one
  violation of ``GK000`` explaining it (the order's file and line, the pack and its
  distribution); the element is not compared further;
* ``merge`` that raises raises :class:`OrderFailed` carrying that violation: the
  inheritance check reports it and keeps the tailoring's own value.

``GK000`` is an error when the order is gkstd's own, a warning for a third party's (as
for rules: the user's catalog is not wrong because a plugin is broken).  Part of
:mod:`gkstd.inherit`.
"""

from __future__ import annotations

from typing import Any

import attrs

from gkstd.diagnostics.errors import raised_in
from gkstd.diagnostics.findings import Severity
from gkstd.diagnostics.i18n import Text
from gkstd.inherit.orders import CompareContext, ElementOrder, Violation
from gkstd.io.codes import INTERNAL_ERROR

__all__ = ["OrderFailed", "contained_order"]

#: GK000 as a third party's broken order reports it (a warning).
_THIRD_PARTY = attrs.evolve(INTERNAL_ERROR, severity=Severity.WARNING)


class OrderFailed(Exception):
    """A contained order's ``merge`` raised; ``violation`` is its GK000."""

    def __init__(self, violation: Violation) -> None:
        super().__init__(violation.detail.en if violation.detail is not None else "")
        self.violation = violation


def _broken(
    order: ElementOrder, pack: str, distribution: str, first_party: bool, what: str, exc: Any
) -> Violation:
    """The GK000 violation of ``order`` whose ``what`` (compare, merge) failed with ``exc``
    (an exception, or the text of what it returned instead of violations)."""
    error = where = ""
    if isinstance(exc, BaseException):
        function = order.compare if what == "compare" else order.merge
        error = f"{type(exc).__name__}: {exc}"
        where = raised_in(function, exc, besides=__file__) or ""
    else:
        error = str(exc)
    action = ("比较", "compare") if what == "compare" else ("合并", "merge")
    rule = INTERNAL_ERROR if first_party else _THIRD_PARTY
    return Violation(
        rule,
        Text(
            f"领域包 {pack}（发行包 {distribution}）的要素顺序 {order.element} 在{action[0]}时"
            f"出错：{error}{f'（{where}）' if where else ''}；这一要素未能{action[0]}，其余检查照常",
            f"the element order {order.element} of pack {pack} (distribution {distribution}) "
            f"failed to {action[1]}: {error}{f' ({where})' if where else ''}; this element "
            "was not checked, the rest was",
        ),
    )


def contained_order(
    order: ElementOrder, pack: str, distribution: str, *, first_party: bool = False
) -> ElementOrder:
    """``order`` (a plugin's, for the domain ``pack``) with its ``compare`` and ``merge``
    contained (see the module docstring)."""
    compare, merge = order.compare, order.merge

    def safe_compare(parent: Any, child: Any, ctx: CompareContext) -> list[Violation]:
        try:
            found = list(compare(parent, child, ctx))
        except KeyboardInterrupt:
            raise
        except BaseException as exc:  # SystemExit and all: the order's failure, contained
            return [_broken(order, pack, distribution, first_party, "compare", exc)]
        wrong = next((v for v in found if not isinstance(v, Violation)), None)
        if wrong is not None:
            text = f"returned {type(wrong).__name__}, not Violation"
            return [_broken(order, pack, distribution, first_party, "compare", text)]
        return found

    def safe_merge(parent: Any, child: Any) -> Any:
        try:
            return merge(parent, child)
        except KeyboardInterrupt:
            raise
        except BaseException as exc:
            raise OrderFailed(
                _broken(order, pack, distribution, first_party, "merge", exc)
            ) from None

    return attrs.evolve(order, compare=safe_compare, merge=safe_merge)
