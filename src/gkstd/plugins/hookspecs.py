"""The gkstd hook specifications: the only place hooks are declared.

Every hook takes one argument, ``ctx`` (a :class:`HookContext`), so hooks can gain
capabilities as new context attributes without breaking existing packs.  A pack module
implements hooks with :data:`gkstd.hookimpl` and is found through an entry point in the
``gkstd`` group.  The host calls the hooks through pluggy, one plugin at a time, so hook
wrappers (``@hookimpl(wrapper=True)``) of other plugins see each call; the functions
named ``gkstd_*`` below are the complete list of hooks (the host derives it from here).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs
import pluggy

if TYPE_CHECKING:
    from gkstd.diagnostics.rule import Rule
    from gkstd.inherit.orders import ElementOrder
    from gkstd.io.loader import Migration
    from gkstd.packs.pack import DomainPack

__all__ = ["API_VERSION", "HookContext", "hookimpl", "hookspec"]

#: Version of the hook API (``major.minor``).  A plugin declares the version it was written
#: for as a module (or plugin object) attribute ``GKSTD_API = "1.0"``; the host refuses a
#: plugin whose major version differs and warns when it needs a newer minor version.  A
#: plugin that declares nothing is loaded as written for the installed version (with a
#: note in its status).  The minor version grows when hooks or context attributes are
#: added, the major version when one is removed or changed incompatibly.
API_VERSION = "1.0"

hookspec = pluggy.HookspecMarker("gkstd")
hookimpl = pluggy.HookimplMarker("gkstd")


@attrs.frozen
class HookContext:
    """Passed to every hook: the hook API version and the plugin's entry-point name."""

    api_version: str = API_VERSION
    plugin: str = ""


@hookspec
def gkstd_register_packs(ctx: HookContext) -> list[DomainPack]:
    """Return the domain packs this plugin provides.

    A pack declares its domain code, names, ministry, national guide, national catalog
    data file, rule-code prefix and version.  Domain codes and rule prefixes must be
    unique across installed plugins.
    """


@hookspec
def gkstd_register_rules(ctx: HookContext) -> list[Rule]:
    """Return the rules this plugin provides.

    Each rule's code must start with the rule prefix of a pack registered by the same
    plugin; the rule then applies to catalogs of that pack's domain.
    """


@hookspec
def gkstd_register_migrations(ctx: HookContext) -> list[Migration]:
    """Return document-format migrations (``from_version`` → ``to_version``).

    The loader follows them to upgrade an older document before checking it.
    """


@hookspec
def gkstd_register_element_orders(ctx: HookContext) -> list[ElementOrder]:
    """Return refinement orders for element types (see :mod:`gkstd.inherit.orders`).

    An order decides when a child catalog's value refines its parent's ("只增不减") and
    how a tailoring's value merges into the parent's.  A pack may order its own extra
    columns (``element="extra:<column>"``) or replace a core order; either applies only
    to catalogs of the pack's domain (``domain`` is set to the plugin's pack when the
    plugin registers exactly one pack, and must name one of its packs otherwise).
    """
