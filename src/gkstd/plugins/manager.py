"""Finding and loading plugins: one entry point at a time, failures recorded, not fatal.

Packs are found only through the ``gkstd`` entry-point group (first-party packs too).
Environment switches:

* ``GKSTD_STRICT_PLUGINS=1``: a plugin that fails to load raises :class:`PluginLoadError`;
* ``GKSTD_DISABLE_PACKS=a,b``: skip these entry points (by name);
* ``GKSTD_DISABLE_PLUGIN_AUTOLOAD=1``: load no entry point at all (core only).
"""

from __future__ import annotations

import functools
import importlib
import os
import re
from collections.abc import Callable, Iterable, Mapping
from importlib import metadata
from types import ModuleType
from typing import Any

import attrs
import pluggy

from gkstd.diagnostics.rule import CODE_PATTERN, Rule
from gkstd.inherit.orders import ElementOrder
from gkstd.io.loader import Migration
from gkstd.packs.pack import DomainPack
from gkstd.plugins import hookspecs
from gkstd.plugins.hookspecs import HookContext
from gkstd.plugins.registry import PluginStatus, Registry

__all__ = ["ENTRY_POINT_GROUP", "PluginLoadError", "build_registry", "default_registry"]

#: The entry-point group packs register in.
ENTRY_POINT_GROUP = "gkstd"

#: gkstd's own plugins, loaded by module name before any entry point (as pytest loads its
#: built-in plugins): the host's core (loader, core, inheritance rules and orders), then
#: the parts that sit above the plugin host and register their rules the same way.
BUILTIN_PLUGINS: tuple[tuple[str, str], ...] = (
    ("core", "gkstd.plugins.core"),
    ("core-tables", "gkstd.tables.plugin"),
    ("core-audit", "gkstd.audit.plugin"),
)

_HOOKS = (
    "gkstd_register_packs",
    "gkstd_register_rules",
    "gkstd_register_migrations",
    "gkstd_register_element_orders",
)
_PREFIX = re.compile(r"^[A-Z]{2,6}$")


class PluginLoadError(Exception):
    """Raised in strict mode when a plugin fails to load."""


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")


def _env_list(name: str) -> set[str]:
    return {part.strip() for part in os.environ.get(name, "").split(",") if part.strip()}


@attrs.define
class _Loaded:
    name: str
    obj: Any
    distribution: str | None
    version: str | None
    # Any: plugins may return anything; _check_plugin verifies the types.
    packs: list[Any] = attrs.field(factory=list)
    rules: list[Any] = attrs.field(factory=list)
    migrations: list[Any] = attrs.field(factory=list)
    orders: list[Any] = attrs.field(factory=list)
    error: tuple[str, str] | None = None


def _call(pm: pluggy.PluginManager, plugin: Any, hook: str, ctx: HookContext) -> list[Any]:
    caller = getattr(pm.hook, hook)
    out: list[Any] = []
    for impl in caller.get_hookimpls():
        if impl.plugin is plugin:
            result = impl.function(**dict.fromkeys(impl.argnames, ctx))
            if result is not None:
                out.extend(result)
    return out


def _check_plugin(loaded: _Loaded, is_core: bool) -> None:
    """Validate what one plugin returned; sets ``loaded.error`` on the first problem."""
    prefixes: dict[str, DomainPack] = {}
    for pack in loaded.packs:
        if not isinstance(pack, DomainPack):
            loaded.error = (
                f"gkstd_register_packs 返回了 {type(pack).__name__}，应为 DomainPack",
                f"gkstd_register_packs returned {type(pack).__name__}, not DomainPack",
            )
            return
        if not _PREFIX.match(pack.rule_prefix) or pack.rule_prefix == "GK":
            loaded.error = (
                f"领域包 {pack.code} 的规则前缀 {pack.rule_prefix!r} 无效：应为 2–6 个大写字母，且不能是 GK",
                f"pack {pack.code}: invalid rule prefix {pack.rule_prefix!r} (2–6 capitals, not GK)",
            )
            return
        prefixes[pack.rule_prefix] = pack
    seen: set[str] = set()
    for index, rule in enumerate(loaded.rules):
        if not isinstance(rule, Rule):
            loaded.error = (
                f"gkstd_register_rules 返回了 {type(rule).__name__}，应为 Rule",
                f"gkstd_register_rules returned {type(rule).__name__}, not Rule",
            )
            return
        if not CODE_PATTERN.match(rule.code):
            loaded.error = (f"规则代码 {rule.code!r} 格式无效", f"invalid rule code {rule.code!r}")
            return
        if rule.code in seen:
            loaded.error = (f"规则代码 {rule.code} 重复", f"rule code {rule.code} registered twice")
            return
        seen.add(rule.code)
        if is_core:
            continue
        owner = prefixes.get(rule.prefix)
        if owner is None:
            loaded.error = (
                f"规则 {rule.code} 的前缀不属于本插件注册的任何领域包（{', '.join(prefixes) or '无'}）",
                f"rule {rule.code}: prefix belongs to no pack of this plugin "
                f"({', '.join(prefixes) or 'none'})",
            )
            return
        loaded.rules[index] = attrs.evolve(rule, pack=owner.code)
    for index, order in enumerate(loaded.orders):
        if not isinstance(order, ElementOrder):
            loaded.error = (
                f"gkstd_register_element_orders 返回了 {type(order).__name__}，应为 ElementOrder",
                f"gkstd_register_element_orders returned {type(order).__name__}, not ElementOrder",
            )
            return
        if is_core:
            continue
        codes = [p.code for p in prefixes.values()]
        domain = order.domain or (codes[0] if len(codes) == 1 else None)
        if domain not in codes:
            loaded.error = (
                f"要素次序 {order.element} 的 domain 应为本插件的领域包之一（{', '.join(codes) or '无'}）",
                f"element order {order.element}: domain must be one of this plugin's packs "
                f"({', '.join(codes) or 'none'})",
            )
            return
        loaded.orders[index] = attrs.evolve(order, domain=domain)


def _dist(ep: metadata.EntryPoint) -> tuple[str | None, str | None]:
    dist = getattr(ep, "dist", None)
    if dist is None:
        return None, None
    return dist.metadata["Name"], dist.version


def build_registry(
    *,
    entry_points: Iterable[metadata.EntryPoint] | None = None,
    plugins: Mapping[str, ModuleType | object] | None = None,
    disable: Iterable[str] | None = None,
    strict: bool | None = None,
    autoload: bool | None = None,
) -> Registry:
    """Load the core and every plugin, each in isolation, and return the registry.

    ``entry_points`` defaults to the installed ``gkstd`` group; ``plugins`` adds objects
    directly (name → module), as tests and embedding applications do.  ``disable`` names
    entry points to skip (default: ``GKSTD_DISABLE_PACKS``).  ``strict`` makes a failure
    raise (default: ``GKSTD_STRICT_PLUGINS``).
    """
    strict = _flag("GKSTD_STRICT_PLUGINS") if strict is None else strict
    disabled = _env_list("GKSTD_DISABLE_PACKS") if disable is None else set(disable)
    if autoload is None:
        autoload = not _flag("GKSTD_DISABLE_PLUGIN_AUTOLOAD")
    if entry_points is None:
        entry_points = metadata.entry_points(group=ENTRY_POINT_GROUP) if autoload else ()

    pm = pluggy.PluginManager("gkstd")
    pm.add_hookspecs(hookspecs)
    statuses: list[PluginStatus] = []
    candidates: list[tuple[str, Callable[[], object], str | None, str | None]] = []
    for ep in sorted(entry_points, key=lambda e: e.name):
        dist, version = _dist(ep)
        if ep.name in disabled:
            statuses.append(PluginStatus(ep.name, "disabled", dist, version))
            continue
        candidates.append((ep.name, ep.load, dist, version))
    for name, obj in (plugins or {}).items():
        if name in disabled:
            statuses.append(PluginStatus(name, "disabled"))
            continue
        candidates.append((name, functools.partial(lambda o: o, obj), None, None))

    loaded: list[_Loaded] = []
    core: list[tuple[str, Callable[[], object], str | None, str | None]] = [
        (name, functools.partial(importlib.import_module, module), "gkstd", None)
        for name, module in BUILTIN_PLUGINS
    ]
    core_names = {name for name, _ in BUILTIN_PLUGINS}
    for name, load, dist, version in [*core, *candidates]:
        entry = _Loaded(name, None, dist, version)
        try:
            entry.obj = load()
            pm.register(entry.obj, name=name)
            unknown = [
                attr
                for attr in dir(entry.obj)
                if attr.startswith("gkstd_")
                and attr not in _HOOKS
                and callable(getattr(entry.obj, attr))
            ]
            if unknown:
                raise pluggy.PluginValidationError(
                    entry.obj, f"unknown hook(s) {', '.join(unknown)}; known: {', '.join(_HOOKS)}"
                )
            ctx = HookContext(plugin=name)
            entry.packs = _call(pm, entry.obj, "gkstd_register_packs", ctx)
            entry.rules = _call(pm, entry.obj, "gkstd_register_rules", ctx)
            entry.migrations = _call(pm, entry.obj, "gkstd_register_migrations", ctx)
            entry.orders = _call(pm, entry.obj, "gkstd_register_element_orders", ctx)
            _check_plugin(entry, is_core=name in core_names)
        except Exception as exc:  # a broken plugin must not break the others
            entry.error = (
                f"加载失败：{type(exc).__name__}: {exc}",
                f"failed to load: {type(exc).__name__}: {exc}",
            )
        if entry.error is not None and entry.obj is not None and pm.is_registered(entry.obj):
            pm.unregister(entry.obj)
        loaded.append(entry)

    _check_collisions(loaded)

    packs: dict[str, DomainPack] = {}
    rules: dict[str, Rule] = {}
    migrations: list[Migration] = []
    orders: list[ElementOrder] = []
    for entry in loaded:
        if entry.error is None:
            orders.extend(entry.orders)
            for pack in entry.packs:
                packs[pack.code] = attrs.evolve(pack, distribution=entry.distribution)
            rules.update((r.code, r) for r in entry.rules)
            migrations.extend(entry.migrations)
        if entry.name in core_names:
            if entry.error is not None:  # pragma: no cover - core is tested code
                raise PluginLoadError(f"{entry.name}: {entry.error[1]}")
            continue
        statuses.append(
            PluginStatus(
                name=entry.name,
                status="failed" if entry.error else "ok",
                distribution=entry.distribution,
                version=entry.version,
                packs=tuple(p.code for p in entry.packs if isinstance(p, DomainPack)),
                rules=len(entry.rules),
                error=entry.error[0] if entry.error else None,
                error_en=entry.error[1] if entry.error else None,
            )
        )
    statuses.sort(key=lambda s: s.name)
    if strict and any(s.status == "failed" for s in statuses):
        failed = [s for s in statuses if s.status == "failed"]
        raise PluginLoadError("; ".join(f"{s.name}: {s.error_en}" for s in failed))
    return Registry(
        packs=dict(sorted(packs.items())),
        rules=dict(sorted(rules.items())),
        migrations=tuple(migrations),
        plugins=tuple(statuses),
        element_orders=tuple(orders),
    )


def _check_collisions(loaded: list[_Loaded]) -> None:
    """Two plugins claiming one domain code or rule prefix both fail, naming each other."""
    for attr, zh, en in (
        ("code", "领域代码", "domain code"),
        ("rule_prefix", "规则前缀", "rule prefix"),
    ):
        owners: dict[str, list[_Loaded]] = {}
        for entry in loaded:
            if entry.error is None:
                for pack in entry.packs:
                    owners.setdefault(getattr(pack, attr), []).append(entry)
        for value, entries in owners.items():
            if len({id(e) for e in entries}) < 2:
                continue
            names = [f"{e.name}（{e.distribution or '未知发行包'}）" for e in entries]
            names_en = [f"{e.name} ({e.distribution or 'unknown distribution'})" for e in entries]
            for entry in entries:
                entry.error = (
                    f"{zh} {value!r} 被多个插件同时声明：{'、'.join(names)}。"
                    "请用 GKSTD_DISABLE_PACKS 停用其中一个。",
                    f"{en} {value!r} is claimed by several plugins: {', '.join(names_en)}. "
                    "Disable one with GKSTD_DISABLE_PACKS.",
                )


@functools.cache
def _cached_registry(key: tuple[str, ...]) -> Registry:
    return build_registry()


def default_registry(refresh: bool = False) -> Registry:
    """The registry of installed plugins, built once per environment setting."""
    key = tuple(
        os.environ.get(name, "")
        for name in ("GKSTD_STRICT_PLUGINS", "GKSTD_DISABLE_PACKS", "GKSTD_DISABLE_PLUGIN_AUTOLOAD")
    )
    if refresh:
        _cached_registry.cache_clear()
    return _cached_registry(key)
