"""Lists of named recipients published to 全社会 state how personal data is protected.

Shared by the 社会救助 (SHJZ), 扶贫 (FP) and 涉农补贴 (SNBT) packs: each registers its own
rule, built by :func:`privacy_rule`, with the same logic.

条例 第十五条: 涉及商业秘密、个人隐私等公开会对第三方合法权益造成损害的政府信息，行政机关不得公开
(unless the third party consents or withholding would seriously affect the public
interest).  Recipient lists (低保对象名单, 贫困户名单, 补贴发放名册 …) are published by law or
policy, so the catalog item should say what is left out: ID numbers, bank accounts,
addresses, health details … (去标识化、隐去身份证号码、不公开个人隐私).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from gkstd import Finding, Item, Rule, Severity, rule
from gkstd.diagnostics.context import CheckContext
from gkstd.diagnostics.rule import Example
from gkstd.model import Audience

__all__ = [
    "TIAOLI_15",
    "deidentification_stated",
    "named_recipient_list",
    "privacy_rule",
]

#: The verified basis all three rules share.
TIAOLI_15 = "《中华人民共和国政府信息公开条例》（国务院令第711号）第十五条"

_LIST = re.compile(r"花名册|名册|名单")
#: A list of organisations, not people, when one of these words closely precedes 名单/名册.
_ORGANISATIONS = re.compile(r"企业|公司|单位|机构|合作社|协会|组织|基地|项目|专家")
_DEIDENTIFIED = re.compile(
    r"去标识|匿名化|脱敏|隐去|隐藏|屏蔽|遮挡|遮盖|打码|掩码"
    r"|(?:保护|不含|不包括|不包含|去除|除去|不得?公开|不予公开|不对外公开)"
    r"[^，。；,;]{0,10}(?:隐私|个人信息|身份证|银行账|联系电话|家庭住址|住址)"
    r"|(?:隐私|个人信息|身份证号?码?|银行账号?|联系电话|家庭住址)"
    r"[^，。；,;]{0,10}(?:除外|不予?公开|不得公开|不对外公开|予以保密|保密|保护)"
)


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def named_recipient_list(item: Item) -> str | None:
    """The name or content point that announces a list of named people, if any.

    Recognised: 名单, 名册, 花名册 in the item's name or a content point, unless an
    organisation word (企业, 单位, 合作社, 项目, 专家 …) stands within the six characters
    before it (龙头企业名单 is not a list of people).
    """
    for text in (item.name, *item.content):
        folded = _fold(text)
        for match in _LIST.finditer(folded):
            before = folded[max(0, match.start() - 6) : match.start()]
            if not _ORGANISATIONS.search(before):
                return text
    return None


def deidentification_stated(item: Item) -> bool:
    """True when the name, content, notes or extra columns say how privacy is protected."""
    texts = [item.name, *item.content, item.notes or "", *item.extra.values()]
    return any(_DEIDENTIFIED.search(_fold(text)) for text in texts)


_TITLE = (
    "公开的人员名单未说明隐私保护措施",
    "Public list of named people without privacy safeguards",
)
_FIX = (
    "在公开内容或备注中写明隐私保护措施，例如“名单隐去身份证号码、银行账号等个人隐私信息”"
    "（去标识化）；确需完整公开个人信息的，写明依据。",
    "State the safeguard in the content or notes, e.g. 名单隐去身份证号码、银行账号等个人隐私"
    "信息 (de-identified); if full personal data must be published, cite the provision.",
)

_MESSAGE = (
    "事项“{name}”向全社会公开人员名单（“{announced}”），但没有说明隐私保护措施"
    "（去标识化、隐去身份证号码等）。",
    "Item {name!r} publishes a list of named people ({announced!r}) to 全社会 "
    "but does not say how personal data is protected (de-identification).",
)


def _rationale(domain: tuple[str, str], extra: tuple[str, str]) -> tuple[str, str]:
    zh = (
        f"{domain[0]}领域的公开事项中常有对象名单（名单、名册、花名册）。条例第十五条规定，涉及个人"
        "隐私等公开会对第三方合法权益造成损害的政府信息，行政机关不得公开（第三方同意公开或者行政机关"
        "认为不公开会对公共利益造成重大影响的除外）。本规则不质疑名单本身的公开，只要求公开对象为"
        "“全社会”的名单事项在名称、公开内容、备注或附加栏中写明隐私保护措施，例如去标识化、隐去身份证"
        "号码和银行账号、不公开个人隐私。以名称或公开内容中的“名单”“名册”“花名册”识别事项；其前六个"
        "字以内有“企业、公司、单位、机构、合作社、协会、组织、基地、项目、专家”的不算人员名单；公开对象"
        "为特定对象的事项不检查。" + extra[0]
    )
    en = (
        f"Items of the {domain[1]} domain often publish lists of named recipients. Art. 15 of "
        "the disclosure regulation forbids publishing personal privacy whose disclosure would "
        "harm a third party's lawful rights (unless the party consents or the organ finds that "
        "withholding would seriously affect the public interest). The rule does not question "
        "publishing the list; it asks that a list published to 全社会 say, in its name, "
        "content, notes or extra columns, how personal data is protected (de-identified, ID "
        "and bank numbers left out …). Items are recognised by 名单/名册/花名册 in the name or "
        "a content point, except where an organisation word (企业, 公司, 单位, 机构, 合作社, "
        "协会, 组织, 基地, 项目, 专家) stands in the six characters before it; items for "
        "特定对象 are not checked." + extra[1]
    )
    return zh, en


def privacy_rule(
    code: str,
    pack: str,
    *,
    domain: tuple[str, str],
    basis: str,
    bad: str,
    good: str,
    extra_rationale: tuple[str, str] = ("", ""),
) -> Rule:
    """The privacy rule of one pack: ``code`` (e.g. ``SHJZ101``) for catalogs of ``pack``.

    ``domain`` is the domain's name (zh, en) for the rationale.  ``bad`` and ``good`` are
    item examples; they run in a county catalog of ``pack``.
    """

    def check(item: Item, ctx: CheckContext) -> Iterator[Finding]:
        if item.not_applicable is not None or item.audience is not Audience.PUBLIC:
            return
        announced = named_recipient_list(item)
        if announced is None or deidentification_stated(item):
            return
        yield built.emit(name=item.name, announced=announced, item=item.id, element="content")

    built = rule(
        code,
        Severity.WARNING,
        _TITLE,
        _rationale(domain, extra_rationale),
        basis,
        bad=Example(bad, domain=pack),
        good=Example(good, domain=pack),
        fix=_FIX,
        pack=pack,
        messages=_MESSAGE,
    )(check)
    return built
