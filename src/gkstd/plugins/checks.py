"""Internal to the plugin host: checking what one plugin declares and returns
(:func:`check_api`, :func:`check_plugin`) and who keeps a contested claim
(:func:`check_collisions`: gkstd's own plugins first, then by entry-point name)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import attrs

from gkstd.diagnostics.findings import Severity
from gkstd.diagnostics.i18n import Text
from gkstd.diagnostics.rule import CODE_PATTERN, Rule
from gkstd.inherit.orders import ElementOrder
from gkstd.io.loader import Migration
from gkstd.io.schema import DOMAIN_PATTERN
from gkstd.packs.pack import RESERVED_CODES, DomainPack, ExpectedCounts, NationalGuide
from gkstd.plugins.hookspecs import API_VERSION
from gkstd.plugins.loading import MIGRATIONS, ORDERS, RULES, LoadedPlugin, Rejected, type_name

__all__ = ["check_api", "check_collisions", "check_plugin", "claims"]

_PREFIX = re.compile(r"^[A-Z]{2,6}$")
_API = re.compile(r"^(\d+)\.(\d+)$")


def check_api(entry: LoadedPlugin) -> None:
    """Check the plugin API version the plugin declares (``GKSTD_API``): a different
    major version is refused, a newer minor one warned about, none noted."""
    declared = getattr(entry.obj, "GKSTD_API", None)
    installed = _API.match(API_VERSION)
    assert installed is not None
    if declared is None:
        entry.notes.append(
            Text(
                f"{entry.who().zh}未声明所用的插件接口版本（GKSTD_API），按已安装的 "
                f"{API_VERSION} 加载",
                f"{entry.who().en} declares no plugin API version (GKSTD_API); loaded as "
                f"written for the installed {API_VERSION}",
            )
        )
        return
    match = _API.match(declared) if isinstance(declared, str) else None
    if match is None:
        raise Rejected(
            f'GKSTD_API 应为“主版本.次版本”形式的字符串（如 "{API_VERSION}"），而不是 {declared!r}',
            f"GKSTD_API must be a 'major.minor' string (like \"{API_VERSION}\"), not {declared!r}",
        )
    entry.api = declared
    if match.group(1) != installed.group(1):
        raise Rejected(
            f"它是为 gkstd 插件接口 {declared} 编写的，而已安装的 gkstd 提供插件接口 "
            f"{API_VERSION}；主版本不同，无法加载。请安装与之匹配的 gkstd 或该插件的版本。",
            f"it was written for gkstd plugin API {declared}, but the installed gkstd "
            f"provides plugin API {API_VERSION}; the major versions differ. Install "
            "matching versions of gkstd and the plugin.",
        )
    if int(match.group(2)) > int(installed.group(2)):
        entry.warnings.append(
            Text(
                f"{entry.who().zh}是为 gkstd 插件接口 {declared} 编写的，已安装的 gkstd 只提供 "
                f"{API_VERSION}；部分功能可能不可用，请升级 gkstd",
                f"{entry.who().en} was written for gkstd plugin API {declared}; the "
                f"installed gkstd provides {API_VERSION}, so some features may be missing "
                "(upgrade gkstd)",
            )
        )


def check_plugin(loaded: LoadedPlugin, is_core: bool) -> None:
    """Validate what one plugin returned; sets ``loaded.error`` on the first problem.
    Whatever the plugin returned, only this plugin fails: an object the checks
    themselves cannot read is a rejection too, never an error of gkstd's."""
    try:
        _validate(loaded, is_core)
    except Rejected as exc:
        loaded.fail(exc.zh, exc.en)
    except Exception as exc:  # a plugin's data of a shape no check foresaw
        detail = f"{type(exc).__name__}: {exc}"[:200]
        loaded.fail(
            f"插件返回的数据无法检查（{detail}）；请按 docs/plugins.md 核对各字段的类型",
            f"the plugin's data cannot be checked ({detail}); check each field's type "
            "against docs/plugins.md",
        )


_DOMAIN_CODE = re.compile(DOMAIN_PATTERN)  # the catalog schema's domain code
_PACK_TEXTS = (
    "code",
    "name_zh",
    "name_en",
    "ministry",
    "rule_prefix",
    "version",
    "package",
    "catalog_file",
)


def _wrong_field(value: object, texts: tuple[str, ...], **kinds: object) -> str | None:
    """The first field of ``value`` that is not text (``texts``) or not of its kind
    (``kinds``: a type, a tuple of types, or ``"texts"`` for a tuple of texts)."""
    for name in texts:
        if not isinstance(getattr(value, name, None), str):
            return name
    for name, kind in kinds.items():
        field = getattr(value, name, None)
        if kind == "texts":
            if not isinstance(field, tuple) or not all(isinstance(v, str) for v in field):
                return name
        elif not isinstance(field, kind):  # type: ignore[arg-type]
            return name
    return None


def _refuse_field(what: str, name: str, value: object) -> Rejected:
    shown = f"{type_name(getattr(value, name, None))}"
    return Rejected(
        f"{what} 的字段 {name} 类型不对（{shown}）",
        f"{what}: field {name} has the wrong type ({shown})",
    )


def _validate(loaded: LoadedPlugin, is_core: bool) -> None:
    prefixes: dict[str, DomainPack] = {}
    for pack in loaded.packs:
        if not isinstance(pack, DomainPack):
            raise Rejected(
                f"gkstd_register_packs 返回了 {type_name(pack)}，应为 DomainPack",
                f"gkstd_register_packs returned {type_name(pack)}, not DomainPack",
            )
        wrong = _wrong_field(
            pack,
            _PACK_TEXTS,
            aliases="texts",
            guide=NationalGuide,
            lead_departments=tuple,
            expected=(ExpectedCounts, type(None)),
            notes=(str, type(None)),
        )
        if wrong is not None:
            raise _refuse_field(f"领域包 {pack.code!r}", wrong, pack)
        if not _DOMAIN_CODE.match(pack.code) or pack.code in RESERVED_CODES:
            raise Rejected(
                f"领域代码 {pack.code!r} 无效：应为小写字母、数字和连字符（如 social-insurance），"
                f"且不能是保留代码（{'、'.join(sorted(RESERVED_CODES))}：gkstd 自己的规则）",
                f"invalid domain code {pack.code!r}: lower-case letters, digits and hyphens "
                f"(e.g. social-insurance), and not a reserved code "
                f"({', '.join(sorted(RESERVED_CODES))}: gkstd's own rules)",
            )
        if not _PREFIX.match(pack.rule_prefix) or pack.rule_prefix == "GK":
            raise Rejected(
                f"领域包 {pack.code} 的规则前缀 {pack.rule_prefix!r} 无效：应为 2–6 个大写字母，且不能是 GK",
                f"pack {pack.code}: invalid rule prefix {pack.rule_prefix!r} (2–6 capitals, not GK)",
            )
        prefixes[pack.rule_prefix] = pack
    codes = [p.code for p in prefixes.values()]
    own = ", ".join(codes) or "-"
    seen: set[str] = set()
    for index, rule in enumerate(loaded.rules):
        if not isinstance(rule, Rule):
            raise Rejected(
                f"gkstd_register_rules 返回了 {type_name(rule)}，应为 Rule",
                f"gkstd_register_rules returned {type_name(rule)}, not Rule",
            )
        if not isinstance(rule.code, str) or not CODE_PATTERN.match(rule.code):
            raise Rejected(f"规则代码 {rule.code!r} 格式无效", f"invalid rule code {rule.code!r}")
        if rule.code in seen:
            raise Rejected(f"规则代码 {rule.code} 重复", f"rule code {rule.code} registered twice")
        wrong = _wrong_field(
            rule,
            ("basis",),
            severity=Severity,
            title=Text,
            rationale=Text,
            fix=(Text, type(None)),
        )
        if wrong is None and not all(
            isinstance(t, str)
            for t in (rule.title.zh, rule.title.en, rule.rationale.zh, rule.rationale.en)
        ):
            wrong = "title"
        if wrong is not None:
            raise _refuse_field(f"规则 {rule.code}", wrong, rule)
        seen.add(rule.code)
        if is_core:
            continue
        owner = prefixes.get(rule.prefix)
        if owner is None:
            raise Rejected(
                f"规则 {rule.code} 的前缀不属于本插件注册的任何领域包（{own}）",
                f"rule {rule.code}: prefix belongs to no pack of this plugin ({own})",
            )
        loaded.results[RULES][index] = attrs.evolve(rule, pack=owner.code)
    for index, migration in enumerate(loaded.migrations):
        if not isinstance(migration, Migration):
            raise Rejected(
                f"gkstd_register_migrations 返回了 {type_name(migration)}，应为 Migration",
                f"gkstd_register_migrations returned {type_name(migration)}, not Migration",
            )
        domain = migration.domain
        if domain is None and not loaded.first_party:
            if len(codes) != 1:
                raise Rejected(
                    f"迁移 {migration.from_version}→{migration.to_version} 须用 domain 指明本插件的"
                    f"领域包之一（{own}）；只有 gkstd 自带的插件可以迁移核心格式（domain=None）",
                    f"migration {migration.from_version}→{migration.to_version} must name one "
                    f"of this plugin's packs ({own}) as its domain; only gkstd's own plugins "
                    "may migrate the core format (domain=None)",
                )
            domain = codes[0]
        if domain is not None and domain not in codes:
            raise Rejected(
                f"迁移 {migration.from_version}→{migration.to_version} 的 domain {domain!r} "
                f"不是本插件的领域包（{own}）",
                f"migration {migration.from_version}→{migration.to_version}: domain "
                f"{domain!r} is not a pack of this plugin ({own})",
            )
        pack = domain or (codes[0] if len(codes) == 1 else loaded.name)
        loaded.results[MIGRATIONS][index] = attrs.evolve(migration, domain=domain, pack=pack)
    elements: set[tuple[str | None, str]] = set()
    for index, order in enumerate(loaded.orders):
        if not isinstance(order, ElementOrder):
            raise Rejected(
                f"gkstd_register_element_orders 返回了 {type_name(order)}，应为 ElementOrder",
                f"gkstd_register_element_orders returned {type_name(order)}, not ElementOrder",
            )
        wrong = _wrong_field(order, ("element",), title=Text, domain=(str, type(None)))
        if wrong is not None:
            raise _refuse_field("要素次序", wrong, order)
        domain = order.domain
        if not is_core:
            domain = order.domain or (codes[0] if len(codes) == 1 else None)
            if domain not in codes:
                raise Rejected(
                    f"要素次序 {order.element} 的 domain 应为本插件的领域包之一（{own}）",
                    f"element order {order.element}: domain must be one of this plugin's "
                    f"packs ({own})",
                )
            loaded.results[ORDERS][index] = attrs.evolve(order, domain=domain)
        if (domain, order.element) in elements:
            raise Rejected(
                f"要素 {order.element} 的次序注册了两次",
                f"element order {order.element} registered twice",
            )
        elements.add((domain, order.element))


def claims(entry: LoadedPlugin) -> Iterator[tuple[str, str, Text]]:
    """What a plugin claims, as (namespace, value, description)."""
    for pack in entry.packs:
        yield "name", pack.code, Text(f"领域代码 {pack.code!r}", f"domain code {pack.code!r}")
        for name in (pack.name_zh, *pack.aliases):
            if name != pack.code:
                yield "name", name, Text(f"领域名称或别名 {name!r}", f"pack name or alias {name!r}")
        yield (
            "prefix",
            pack.rule_prefix,
            Text(f"规则前缀 {pack.rule_prefix!r}", f"rule prefix {pack.rule_prefix!r}"),
        )
    for order in entry.orders:
        domain = order.domain or "core"
        yield (
            "order",
            f"{domain}\0{order.element}",
            Text(
                f"领域 {domain} 的要素次序 {order.element!r}",
                f"element order {order.element!r} of domain {domain}",
            ),
        )


def check_collisions(loaded: list[LoadedPlugin]) -> None:
    """Give each claim to the first plugin in precedence order (gkstd's own first, then
    by entry-point name) and reject a later plugin that claims it again."""
    owners: dict[tuple[str, str], LoadedPlugin] = {}
    for entry in loaded:
        if entry.error is not None:
            continue
        claimed = list(claims(entry))
        clashes = [
            (what, owners[(space, value)])
            for space, value, what in claimed
            if (space, value) in owners and owners[(space, value)] is not entry
        ]
        if not clashes:
            for space, value, _ in claimed:
                owners.setdefault((space, value), entry)
            continue
        what, winner = clashes[0]
        more = len(clashes) - 1
        why = (
            ("gkstd 自带的领域包总是优先", "gkstd's own packs always win")
            if winner.first_party
            else ("按入口点名称排序，先加载的插件优先", "the plugin first by entry-point name wins")
        )
        entry.fail(
            f"{what.zh}{f' 等 {more + 1} 项' if more else ''} 已被{winner.who().zh}注册（{why[0]}）。"
            f"解决：卸载其中一个发行包，或用 GKSTD_DISABLE_PACKS={entry.name}（或 --disable "
            f"{entry.name}）停用本插件；如要改用本插件，请停用 {winner.name}。",
            f"{what.en}{f' and {more} more' if more else ''} is already registered by "
            f"{winner.who().en} ({why[1]}). To resolve it, uninstall one of the "
            f"distributions, or disable this plugin with GKSTD_DISABLE_PACKS={entry.name} "
            f"(or --disable {entry.name}); to use this plugin instead, disable {winner.name}.",
        )
        winner.notes.append(
            Text(
                f"{entry.who().zh}也声明了{what.zh}，已被拒绝",
                f"{entry.who().en} also claimed {what.en} and was rejected",
            )
        )
