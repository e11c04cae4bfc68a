"""Finding and loading plugins: one entry point at a time, failures contained, not fatal.

Packs are found only through the ``gkstd`` entry-point group (first-party packs too).
Loading runs in two phases, first for gkstd's own plugins, then for the others (so that
nothing a third party does at import changes what gkstd's own packs register): every
plugin of the group is imported and registered with the pluggy plugin manager, then each
plugin's hooks are called through pluggy on their own (a subset hook caller holding that
plugin and the hook wrappers of the others; a third party's wrappers do not wrap gkstd's
own plugins), so that one plugin's failure never affects another's registration.  Everything a plugin does while
loading is contained: any exception (``SystemExit`` too, not ``KeyboardInterrupt``)
fails only that plugin, its standard output goes to standard error, changes it makes to
``GKSTD_*`` environment variables are undone, a slow load gets a warning.

Precedence: gkstd's own plugins (the built-in ones and entry points of the ``gkstd``
distribution) win every collision (domain code, rule prefix, pack name or alias, element
order); among the others, the first by entry-point name wins and the later is rejected.
A third party that installed files into gkstd's own packages is refused before anything
is imported, and so is each first-party pack it wrote over (:mod:`gkstd.plugins.territory`).

Long module: the whole load — the entry points read, the two phases, each hook called on
its own, the registry assembled — reads top to bottom in one place; the checks, the
containment and the territory each live in a module of their own.

Environment switches (read once, before any plugin is loaded):

* ``GKSTD_STRICT_PLUGINS=1``: a plugin that fails to load raises :class:`PluginLoadError`;
* ``GKSTD_DISABLE_PACKS=a,b``: skip these entry points (by name);
* ``GKSTD_DISABLE_PLUGIN_AUTOLOAD=1``: load no entry point at all (core only);
* ``GKSTD_DEBUG=1``: print the full traceback of a plugin's failure on standard error.
"""

from __future__ import annotations

import functools
import importlib
import os
import sys
import threading
import types
from collections.abc import Iterable, Mapping
from importlib import metadata
from typing import Any

import attrs
import pluggy

from gkstd.diagnostics import limits
from gkstd.diagnostics.errors import GkstdError
from gkstd.diagnostics.i18n import Text
from gkstd.diagnostics.rule import Rule
from gkstd.inherit.contained import contained_order
from gkstd.inherit.orders import ElementOrder
from gkstd.io.loader import Migration
from gkstd.packs.pack import DomainPack
from gkstd.plugins import hookspecs
from gkstd.plugins.checks import check_api, check_collisions, check_plugin
from gkstd.plugins.hookspecs import HookContext
from gkstd.plugins.loading import (
    ENV_PREFIX,
    HOOKS,
    LoadedPlugin,
    Rejected,
    contained,
    flag,
    type_name,
)
from gkstd.plugins.registry import PluginStatus, Registry
from gkstd.plugins.territory import refuse_overwritten, refuse_trespass, trespassed_paths

__all__ = [
    "ENTRY_POINT_GROUP",
    "FIRST_PARTY",
    "PluginLoadError",
    "build_registry",
    "default_registry",
]

#: The entry-point group packs register in.
ENTRY_POINT_GROUP = "gkstd"

#: The distribution whose entry points are gkstd's own (first-party) plugins.
FIRST_PARTY = "gkstd"

#: gkstd's own plugins, loaded by module name before any entry point (as pytest loads its
#: built-in plugins): the host's core (loader, core, inheritance rules and orders), then
#: the parts that sit above the plugin host and register their rules the same way.
BUILTIN_PLUGINS: tuple[tuple[str, str], ...] = (
    ("core", "gkstd.plugins.core"),
    ("core-tables", "gkstd.tables.plugin"),
    ("core-audit", "gkstd.audit.plugin"),
    ("core-serve", "gkstd.serve.plugin"),
)


#: Set while plugins load: a plugin asking for the registry then fails instead of recursing.
_LOADING = threading.local()


class PluginLoadError(GkstdError):
    """A plugin failed to load in strict mode (``GKSTD_STRICT_PLUGINS=1``), or one of
    gkstd's built-in plugins failed.  The message names each failed plugin, its
    distribution and what went wrong (Chinese ``message``, English ``message_en``)."""


def _env_list(name: str) -> set[str]:
    return {part.strip() for part in os.environ.get(name, "").split(",") if part.strip()}


# -- calling hooks -----------------------------------------------------------------------


def _invoke(
    pm: pluggy.PluginManager,
    entry: LoadedPlugin,
    hook: str,
    ctx: HookContext,
    wrappers: list[LoadedPlugin],
) -> list[Any]:
    """Call ``hook`` for ``entry`` alone (plus the given plugins' hook wrappers) and
    flatten the lists its implementations return."""
    keep = {entry.name, *(w.proxy for w in wrappers)}
    remove = [plugin for name, plugin in pm.list_name_plugin() if name not in keep]
    caller = pm.subset_hook_caller(hook, remove_plugins=remove)
    own = [
        impl
        for impl in caller.get_hookimpls()
        if impl.plugin is entry.obj and not (impl.wrapper or impl.hookwrapper)
    ]
    result = caller(ctx=ctx)
    if not isinstance(result, list):
        raise Rejected(
            f"钩子 {hook} 的结果是 {type_name(result)}，不是列表（包裹它的钩子改坏了结果？）",
            f"hook {hook} produced {type_name(result)}, not a list (broken by a hook wrapper?)",
        )
    if len(result) < len(own):
        raise Rejected(
            f"钩子 {hook} 返回了 None，应返回列表（没有内容时返回 []）",
            f"hook {hook} returned None; it must return a list (return [] for nothing)",
        )
    out: list[Any] = []
    for value in result:
        if not isinstance(value, (list, tuple)):
            raise Rejected(
                f"钩子 {hook} 返回了 {type_name(value)}，应返回列表",
                f"hook {hook} returned {type_name(value)}; it must return a list",
            )
        out.extend(value)
    return out


def _call_hook(
    pm: pluggy.PluginManager,
    entry: LoadedPlugin,
    hook: str,
    ctx: HookContext,
    everyone: list[LoadedPlugin],
    env: Mapping[str, str],
) -> list[Any]:
    """Call ``hook`` for ``entry`` with the other plugins' wrappers of it.  A third
    party's wrappers do not wrap gkstd's own plugins.  When the wrapped call fails but the
    plain one works, the wrappers that break it are failed instead of ``entry``."""
    wrappers = [
        other
        for other in everyone
        if other is not entry
        and other.error is None
        and other.proxy is not None
        and hook in other.wrapper_hooks
        and (other.first_party or not entry.first_party)
    ]
    if not wrappers:
        return _invoke(pm, entry, hook, ctx, [])
    try:
        return _invoke(pm, entry, hook, ctx, wrappers)
    except KeyboardInterrupt:
        raise
    except BaseException:  # find out whose fault it is below
        plain = _invoke(pm, entry, hook, ctx, [])  # raises: the plugin's own fault
    good: list[LoadedPlugin] = []
    for wrapper in wrappers:
        step = Text(f"在包裹 {entry.name} 的 {hook} 时", f"wrapping {hook} of {entry.name}")
        with contained(wrapper, step, env):
            _invoke(pm, entry, hook, ctx, [wrapper])
        if wrapper.error is None:
            good.append(wrapper)
    return _invoke(pm, entry, hook, ctx, good) if good else plain


# -- checks ------------------------------------------------------------------------------


def _check_hooks(pm: pluggy.PluginManager, entry: LoadedPlugin) -> None:
    """Unknown hook names fail the plugin, naming them and the known hooks."""
    unknown = {
        name
        for name, caller in vars(pm.hook).items()
        if isinstance(caller, pluggy.HookCaller)
        and not caller.has_spec()
        and any(impl.plugin is entry.obj for impl in caller.get_hookimpls())
    }
    for attr in dir(entry.obj):
        if attr.startswith("gkstd_") and attr not in HOOKS and callable(getattr(entry.obj, attr)):
            unknown.add(attr)
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        if exc.plugin is entry.obj:
            unknown.add(str(exc))
    if unknown:
        names = ", ".join(sorted(unknown))
        known = ", ".join(HOOKS)
        raise Rejected(
            f"实现了未知的钩子 {names}；已知的钩子：{known}",
            f"unknown hook(s) {names}; known hooks: {known}",
        )
    unmarked = sorted(
        name
        for name in HOOKS
        if callable(getattr(entry.obj, name, None))
        and not hasattr(getattr(entry.obj, name), "gkstd_impl")
    )
    if unmarked:  # pluggy calls only marked functions: the pack would load without them
        names = ", ".join(unmarked)
        raise Rejected(
            f"钩子 {names} 缺少 @gkstd.hookimpl 标记（或用了其他项目的 HookimplMarker），"
            "不会被调用；请在函数定义前加上 @gkstd.hookimpl",
            f"the hook(s) {names} lack the @gkstd.hookimpl marker (or carry another "
            "project's HookimplMarker) and would never be called; put @gkstd.hookimpl "
            "above each",
        )


def _invalid_hook(exc: pluggy.PluginValidationError) -> Rejected:
    """The refusal of a hook implementation pluggy found invalid, in Chinese first: an
    argument the hook does not have is named with the hook's own signature (pluggy's
    English had been the whole message)."""
    import inspect
    import re

    text = " ".join(str(exc).split())
    hook = re.search(r"for hook '(\w+)'", text)
    extra = re.search(r"Argument\(s\) (\{[^}]*\}) are declared in the hookimpl", text)
    spec = getattr(hookspecs, hook.group(1), None) if hook else None
    if hook is None or extra is None or spec is None:
        return Rejected(f"钩子实现无效：{text}", f"invalid hook implementation: {text}")
    name, args = hook.group(1), extra.group(1)
    signature = f"{name}{inspect.signature(spec)}"
    return Rejected(
        f"钩子 {name} 的实现多了参数 {args}（钩子没有这些参数），未加载；请按钩子的签名改正："
        f"{signature}（见 docs/plugins.md）",
        f"the implementation of hook {name} declares argument(s) {args} the hook does not "
        f"have; not loaded. Use the hook's signature: {signature} (docs/plugins.md)",
    )


class _Wrappers:
    """Holds one plugin's hook wrappers, registered under their own name."""


def _register(pm: pluggy.PluginManager, entry: LoadedPlugin) -> None:
    """Register the plugin, then its hook wrappers a second time under their own name
    (so that other plugins' calls include the wrappers without its plain hooks)."""
    try:
        pm.register(entry.obj, name=entry.name)
    except pluggy.PluginValidationError as exc:
        raise _invalid_hook(exc) from exc
    _check_hooks(pm, entry)
    wrappers: dict[str, Any] = {}
    for hook in HOOKS:
        for impl in getattr(pm.hook, hook).get_hookimpls():
            if impl.plugin is entry.obj and (impl.wrapper or impl.hookwrapper):
                wrappers[hook] = impl.function
    if wrappers:
        entry.proxy = f"{entry.name} [wrappers]"
        entry.wrapper_hooks = frozenset(wrappers)
        holder = _Wrappers()
        for hook, function in wrappers.items():
            setattr(holder, hook, function)
        pm.register(holder, name=entry.proxy)


# -- building the registry ---------------------------------------------------------------


def _dist(
    ep: metadata.EntryPoint, known: dict[int, tuple[str | None, str | None]]
) -> tuple[str | None, str | None]:
    """The name and version of the distribution that declares ``ep``.  Read once per
    distribution (``known``, by the distribution object the entry points share): each
    read parses the whole METADATA file (its long description too), and a pack
    distribution declares one entry point per domain."""
    dist = getattr(ep, "dist", None)
    if dist is None:
        return None, None
    if id(dist) not in known:
        known[id(dist)] = (dist.metadata["Name"], dist.version)
    return known[id(dist)]


def _is_first_party(distribution: str | None) -> bool:
    return distribution is not None and distribution.replace("_", "-").lower() == FIRST_PARTY


def build_registry(
    *,
    entry_points: Iterable[metadata.EntryPoint] | None = None,
    plugins: Mapping[str, types.ModuleType | object] | None = None,
    disable: Iterable[str] | None = None,
    strict: bool | None = None,
    autoload: bool | None = None,
    first_party: Iterable[str] = (),
) -> Registry:
    """Load the core and every plugin, each in isolation, and return the registry.

    ``entry_points`` defaults to the installed ``gkstd`` group; ``plugins`` adds objects
    directly (name → module or object), as tests and embedding applications do; they are
    third-party plugins unless named in ``first_party``.  ``disable`` names entry points
    to skip, or the codes of the packs they register (default: ``GKSTD_DISABLE_PACKS``;
    ``--disable legal-publicity`` did nothing when the entry point had another name).  ``strict`` makes a failure raise
    :class:`PluginLoadError` (default: ``GKSTD_STRICT_PLUGINS``).  The environment is
    read once, before any plugin is imported.
    """
    if getattr(_LOADING, "active", False):
        raise PluginLoadError(
            "插件在加载时（导入或注册钩子中）调用了 gkstd.registry() 或 build_registry()；"
            "注册表要在全部插件加载之后才有，请在规则运行时再取用",
            "a plugin asked for the registry (gkstd.registry() or build_registry()) while "
            "plugins are loading (at import or in a registration hook); the registry exists "
            "only once they have all loaded, so ask for it when a rule runs",
        )
    _LOADING.active = True
    try:
        entry_points = None if entry_points is None else list(entry_points)
        reg = _load_all(entry_points, plugins, disable, strict, autoload, first_party)
        asked = _env_list("GKSTD_DISABLE_PACKS") if disable is None else set(disable)
        by_code = {s.name for s in reg.plugins if s.status != "disabled" and asked & set(s.packs)}
        if by_code:  # packs named by their code: load again without their plugins
            reg = _load_all(entry_points, plugins, asked | by_code, strict, autoload, first_party)
        return reg
    finally:
        _LOADING.active = False


def _load_all(
    entry_points: Iterable[metadata.EntryPoint] | None,
    plugins: Mapping[str, types.ModuleType | object] | None,
    disable: Iterable[str] | None,
    strict: bool | None,
    autoload: bool | None,
    first_party: Iterable[str],
) -> Registry:
    env = {k: v for k, v in os.environ.items() if k.startswith(ENV_PREFIX)}
    strict = flag("GKSTD_STRICT_PLUGINS") if strict is None else strict
    disabled = _env_list("GKSTD_DISABLE_PACKS") if disable is None else set(disable)
    if autoload is None:
        autoload = not flag("GKSTD_DISABLE_PLUGIN_AUTOLOAD")
    if entry_points is None:
        entry_points = metadata.entry_points(group=ENTRY_POINT_GROUP) if autoload else ()
    trusted = set(first_party)

    statuses: list[PluginStatus] = []
    candidates: list[LoadedPlugin] = []
    entry_points = list(entry_points)  # held: the distributions they share stay alive
    known: dict[int, tuple[str | None, str | None]] = {}
    files: dict[int, tuple[str, ...]] = {}
    intruded: dict[str, tuple[str, LoadedPlugin]] = {}  # package → (a file, the intruder)
    for ep in entry_points:
        dist, version = _dist(ep, known)
        if ep.name in disabled:
            statuses.append(
                PluginStatus(ep.name, "disabled", dist, version, first_party=_is_first_party(dist))
            )
            continue
        entry = LoadedPlugin(
            ep.name, ep.load, dist, version, _is_first_party(dist), module=ep.module
        )
        if not entry.first_party:
            refuse_trespass(entry, trespassed_paths(ep, files), intruded)
        candidates.append(entry)
    for name, obj in (plugins or {}).items():
        if name in disabled:
            statuses.append(PluginStatus(name, "disabled", first_party=name in trusted))
            continue
        module = obj.__name__ if isinstance(obj, types.ModuleType) else type(obj).__module__
        candidates.append(
            LoadedPlugin(
                name,
                functools.partial(lambda o: o, obj),
                None,
                None,
                name in trusted,
                direct=True,
                module=module,
            )
        )
    candidates.sort(key=lambda e: (not e.first_party, e.name, e.distribution or ""))
    core = [
        LoadedPlugin(
            name,
            functools.partial(importlib.import_module, module),
            FIRST_PARTY,
            None,
            True,
            builtin=True,
            module=module,
        )
        for name, module in BUILTIN_PLUGINS
    ]
    loaded = [*core, *candidates]
    for entry in candidates:
        if entry.first_party:
            refuse_overwritten(entry, intruded)

    pm = pluggy.PluginManager("gkstd")
    pm.add_hookspecs(hookspecs)
    # gkstd's own plugins register completely before any third party is imported, so
    # that nothing a third party does at import can change what they register.
    for group in ([e for e in loaded if e.first_party], [e for e in loaded if not e.first_party]):
        for entry in group:
            if entry.error is None:  # not refused before it was imported
                _import(pm, entry, loaded, env)
        for entry in group:
            if entry.error is None:
                _call_hooks(pm, entry, loaded, env)

    budget = limits.get("max_plugin_load_seconds")
    for entry in loaded:
        if entry.seconds > budget:
            entry.warnings.append(
                Text(
                    f"{entry.who().zh}加载用时 {entry.seconds:.1f} 秒，超过上限 {budget} 秒"
                    "（GKSTD_LIMIT_MAX_PLUGIN_LOAD_SECONDS）；它拖慢每次运行",
                    f"{entry.who().en} took {entry.seconds:.1f} s to load, over the "
                    f"{budget} s budget (GKSTD_LIMIT_MAX_PLUGIN_LOAD_SECONDS); it slows "
                    "down every run",
                )
            )

    check_collisions(loaded)
    return _assemble(loaded, statuses, strict)


def _import(
    pm: pluggy.PluginManager,
    entry: LoadedPlugin,
    loaded: list[LoadedPlugin],
    env: Mapping[str, str],
) -> None:
    """Import the plugin, check its API version and register it (contained)."""
    with contained(entry, Text("导入时", "importing it"), env):
        earlier = next((e for e in loaded[: loaded.index(entry)] if e.name == entry.name), None)
        if earlier is not None and earlier.first_party:  # never advise removing gkstd
            raise Rejected(
                f"入口点名称 {entry.name} 已被 gkstd 自带的领域包使用，本插件"
                f"（发行包 {entry.distribution}）未加载；请在本插件的 pyproject.toml 中为它"
                "另取入口点名称（[project.entry-points.gkstd] 下等号左边的名称）",
                f"entry-point name {entry.name} is one of gkstd's own packs; this plugin "
                f"(distribution {entry.distribution}) was not loaded. Give it another "
                "entry-point name in its pyproject.toml (the name left of the equals sign "
                "under [project.entry-points.gkstd])",
            )
        if earlier is not None:
            both = " 或 ".join(
                dict.fromkeys(filter(None, (earlier.distribution, entry.distribution)))
            )
            both_en = " or ".join(
                dict.fromkeys(filter(None, (earlier.distribution, entry.distribution)))
            )
            raise Rejected(
                f"入口点名称 {entry.name} 已被{earlier.who().zh}使用，本插件未加载"
                f"（两个发行包注册了同名插件，可能是同一领域包的新旧两个版本）；请卸载不用的那个"
                f"（pip uninstall {both}），或为本插件另取入口点名称",
                f"entry-point name {entry.name} is already used by {earlier.who().en}; this "
                "plugin was not loaded (two distributions register a plugin of that name, "
                "perhaps an old and a new version of one pack). Uninstall the one not wanted "
                f"(pip uninstall {both_en}), or give this plugin another entry-point name",
            )
        try:
            entry.obj = entry.load()
        except AttributeError as exc:  # module:object names no object of the module
            module = sys.modules.get(entry.module or "")
            if module is None or getattr(exc, "obj", None) is not module:
                raise  # an AttributeError of the plugin's own code: said as such
            raise Rejected(
                f"入口点 {entry.name} 指向的对象 {exc.name!r} 在模块 {entry.module} 中不存在；"
                f"请检查 pyproject.toml 的 [project.entry-points.gkstd] 中 "
                f'{entry.name} = "{entry.module}:对象名" 的拼写',
                f"the entry point {entry.name} names the object {exc.name!r}, which module "
                f"{entry.module} does not have; check the spelling of "
                f'{entry.name} = "{entry.module}:object" in [project.entry-points.gkstd] of '
                "pyproject.toml",
            ) from None
        check_api(entry)
        _register(pm, entry)
    if entry.error is not None:
        _unregister(pm, entry)


def _call_hooks(
    pm: pluggy.PluginManager,
    entry: LoadedPlugin,
    loaded: list[LoadedPlugin],
    env: Mapping[str, str],
) -> None:
    """Call every hook of ``entry`` (stopping at its first failure), then check what it
    returned; a failed plugin is unregistered, so its wrappers wrap no later call."""
    ctx = HookContext(plugin=entry.name)
    for hook in HOOKS:
        step = Text(f"调用 {hook} 时", f"calling {hook}")
        with contained(entry, step, env):
            entry.results[hook] = _call_hook(pm, entry, hook, ctx, loaded, env)
        if entry.error is not None:
            _unregister(pm, entry)
            return
    check_plugin(entry, is_core=entry.builtin)
    if entry.error is not None:
        _unregister(pm, entry)


def _unregister(pm: pluggy.PluginManager, entry: LoadedPlugin) -> None:
    for name in (entry.name, entry.proxy):
        plugin = pm.get_plugin(name) if name is not None else None
        if plugin is not None and (name == entry.proxy or plugin is entry.obj):
            pm.unregister(plugin, name=name)


def _assemble(loaded: list[LoadedPlugin], statuses: list[PluginStatus], strict: bool) -> Registry:
    packs: dict[str, DomainPack] = {}
    rules: dict[str, Rule] = {}
    migrations: list[Migration] = []
    orders: list[ElementOrder] = []
    # a failed plugin never stops the others (unless GKSTD_STRICT_PLUGINS stops them all)
    others = ("", "") if strict else ("。其他插件照常加载。", ". The other plugins still load.")
    for entry in loaded:
        if entry.error is None:
            if entry.builtin:
                orders.extend(entry.orders)
            else:  # a plugin's compare and merge, contained (gkstd.inherit.contained)
                orders.extend(
                    contained_order(
                        o,
                        o.domain or entry.name,
                        entry.distribution or entry.name,
                        first_party=entry.first_party,
                    )
                    for o in entry.orders
                )
            for pack in entry.packs:
                packs[pack.code] = attrs.evolve(pack, distribution=entry.distribution)
            rules.update((r.code, r) for r in entry.rules)
            migrations.extend(entry.migrations)
        if entry.builtin:
            if entry.error is not None:  # pragma: no cover - core is tested code
                raise PluginLoadError(entry.error[0], entry.error[1])
            continue
        statuses.append(
            PluginStatus(
                name=entry.name,
                status="failed" if entry.error else "ok",
                distribution=entry.distribution,
                version=entry.version,
                packs=tuple(
                    p.code for p in entry.packs if isinstance(p, DomainPack) and entry.error is None
                ),
                rules=len(entry.rules) if entry.error is None else 0,
                error=entry.error[0].rstrip("。") + others[0] if entry.error else None,
                error_en=entry.error[1].rstrip(".") + others[1] if entry.error else None,
                first_party=entry.first_party,
                api_version=entry.api,
                load_seconds=round(entry.seconds, 3),
                warnings=tuple(entry.warnings),
                notes=tuple(entry.notes),
            )
        )
    statuses.sort(key=lambda s: s.name)
    failed = [s for s in statuses if s.status == "failed"]
    if strict and failed:
        raise PluginLoadError(
            "插件加载失败（GKSTD_STRICT_PLUGINS=1）：" + "；".join(s.error or "" for s in failed),
            "plugins failed to load (GKSTD_STRICT_PLUGINS=1): "
            + "; ".join(s.error_en or "" for s in failed),
        )
    return Registry(
        packs=dict(sorted(packs.items())),
        rules=dict(sorted(rules.items())),
        migrations=tuple(migrations),
        plugins=tuple(statuses),
        element_orders=tuple(orders),
    )


@functools.cache
def _cached_registry(key: tuple[str, ...]) -> Registry:
    return build_registry()


def default_registry(refresh: bool = False) -> Registry:
    """The registry of installed plugins, built once per environment setting (by one
    thread: the others wait for it, so that threads of a service starting together do
    not load the plugins twice at once)."""
    key = tuple(
        os.environ.get(name, "")
        for name in ("GKSTD_STRICT_PLUGINS", "GKSTD_DISABLE_PACKS", "GKSTD_DISABLE_PLUGIN_AUTOLOAD")
    )
    with _REGISTRY_LOCK:
        if refresh:
            _cached_registry.cache_clear()
        return _cached_registry(key)


_REGISTRY_LOCK = threading.RLock()
