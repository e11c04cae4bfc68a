"""Which government and level a table belongs to: named in the caption, sheet or file
name, else read from its level columns or subjects; a city without a county column acts
as the county.

Part of :mod:`gkstd.tables` (used by :func:`gkstd.tables.import_table`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from gkstd.model import Item
from gkstd.model.catalog import UNNAMED, UNNAMED_EN
from gkstd.model.enums import Level
from gkstd.model.folding import strip_numbering
from gkstd.tables.header import Layout
from gkstd.tables.rows import Builder
from gkstd.tables.rules import (
    UNKNOWN_JURISDICTION,
)

__all__ = [
    "acting_county",
    "find_jurisdiction",
    "folder_jurisdiction",
    "guess_jurisdiction",
    "jurisdiction_of",
    "level_from_rows",
    "named_folder",
]


_LEVEL_SUFFIX = (
    # 村（居）民委员会 lists are 村级: 居委会/社区 like 村, 街道 like 乡镇 (docs/villages.md)
    ("村民委员会", Level.VILLAGE),
    ("居民委员会", Level.VILLAGE),
    ("村委会", Level.VILLAGE),
    ("居委会", Level.VILLAGE),
    ("自治区", Level.PROVINCIAL),
    ("省", Level.PROVINCIAL),
    ("街道", Level.TOWNSHIP),
    ("苏木", Level.TOWNSHIP),
    ("乡", Level.TOWNSHIP),
    ("镇", Level.TOWNSHIP),
    ("嘎查", Level.VILLAGE),
    ("社区", Level.VILLAGE),
    ("村", Level.VILLAGE),
    ("县", Level.COUNTY),
    ("区", Level.COUNTY),
    ("旗", Level.COUNTY),
    ("市", Level.MUNICIPAL),
    ("州", Level.MUNICIPAL),
    ("盟", Level.MUNICIPAL),
)


def guess_jurisdiction(
    title: str | None, domain_name: str | Sequence[str] | None
) -> tuple[str, Level] | None:
    """The jurisdiction a table's caption names, e.g. ``淄川区市政服务领域…`` → 淄川区, county.

    ``domain_name`` is the domain's name, or its name and aliases (``国土空间规划``,
    ``城乡规划`` …): the caption is cut where the first of them begins.  A leading number
    (``（二十二）``, ``一、``) is not part of the name, nor is a department after it
    (``青浦区教育局`` → 青浦区)."""
    if not title:
        return None
    head = re.sub(r"村[（(]居[)）]务", "村居务", title).split("领域")[0]
    head = strip_numbering(head)
    spelled = (domain_name,) if isinstance(domain_name, str) else (domain_name or ())
    starts = [head.rfind(n) for n in spelled if n and n in head]
    if starts:
        head = head[: min(starts)]
    head = re.sub(r"[（(].*$|\d{4}年版?|关于印发.*$|附件\s*\d*[:：、.]?", "", head)
    head = re.sub(r"^[\s\d_\-.、]+", "", head).strip(" ：:_-")
    head = _LIST_TAIL.sub("", head) or head
    if not head or len(head) > 30:
        return None
    return _named(head) or _named(_DEPARTMENT.sub("", head))


def _named(head: str) -> tuple[str, Level] | None:
    """The government ``head`` ends with, and its level."""
    for suffix, level in _LEVEL_SUFFIX:
        for tail in ("", "人民政府", "办事处"):
            if head.endswith(suffix + tail):
                return head.removesuffix(tail), level
    return None


#: A department after the government's name (青浦区教育局, 某县人民政府办公室): the
#: catalog is the government's, at its level.
_DEPARTMENT = re.compile(
    r"(?<=[县区旗市州盟乡镇])(?:人民政府)?[\u4e00-\u9fff]{1,12}?(?:局|委员会|办公室|委|中心)$"
)


#: The words after the government's name in a caption with no 领域: 政务公开事项标准目录,
#: 村务公开目录, 居务公开事项清单, 村（居）务公开清单, 党务村务财务公开目录 …
_LIST_TAIL = re.compile(
    r"(?:基层)?(?:政务|村务|居务|村[(（]居[)）]务|村居务|党务|财务|、)*公开(?:事项)?(?:标准)?"
    r"(?:目录|清单)\S*$"
)


def find_jurisdiction(
    caption: str | None, sheet: str, file: str, domain_name: str | Sequence[str] | None
) -> tuple[str, Level] | None:
    """The jurisdiction named by the caption, else the sheet name, else the file name
    (``domain_name``: as for :func:`guess_jurisdiction`)."""
    stem = os.path.splitext(os.path.basename(file))[0] if not file.startswith("<") else ""
    for text in (caption, sheet, stem):
        found = guess_jurisdiction(text, domain_name)
        if found is not None:
            return found
    return None


#: Folder names that say a level, not a government (各乡镇/, 县区/ …).
_GENERIC_PLACE = re.compile(
    r"^(?:各|全|本|所属|下属|其他|其它)|^(?:乡镇|县区|区县|市县|县市|街道|社区|村居|市区|镇街|乡村|村镇)$"
)


def folder_jurisdiction(file: str) -> tuple[str, Level] | None:
    """The government the folder holding ``file`` is named after (``南江县/…``), when it
    is one: a place name ending in a level (县、区、镇、街道 …), not a word for all of them
    (各乡镇, 县区)."""
    if file.startswith("<"):
        return None
    return named_folder(os.path.basename(os.path.dirname(os.path.normpath(file))))


def named_folder(folder: str) -> tuple[str, Level] | None:
    """The government a folder's name (``南江县``) is, and its level; ``None`` for any
    other name (``各乡镇``, ``县区``, ``2026年第一季度``, a level alone such as ``县``)."""
    if not folder or len(folder) > 20 or not re.fullmatch(r"[\u4e00-\u9fff（）()]+", folder):
        return None
    found = guess_jurisdiction(folder, None)
    if found is None or found[0] != folder or _GENERIC_PLACE.search(found[0]):
        return None
    if any(found[0] == suffix for suffix, _ in _LEVEL_SUFFIX):  # 县/, 镇/: a level alone
        return None
    return found


def acting_county(layout: Layout) -> tuple[Layout, bool]:
    """A table whose 公开层级 columns go from a city (市级, 东阳市级) straight to townships,
    with no county column, belongs to a 县级市 or a city without counties (中山, 东莞):
    there the city is the county-level government of the 基层 catalogs, and its column
    is read as 县级.  Returns the layout (changed or not) and whether it was changed."""
    offered = {
        lv for c in layout.of("levels") for lv in (c.option if isinstance(c.option, tuple) else ())
    }
    lower = {Level.TOWNSHIP, Level.VILLAGE}
    if Level.MUNICIPAL not in offered or Level.COUNTY in offered or not offered & lower:
        return layout, False
    columns = tuple(
        attrs.evolve(
            c,
            option=tuple(Level.COUNTY if lv is Level.MUNICIPAL else lv for lv in c.option),
        )
        if c.role == "levels" and isinstance(c.option, tuple)
        else c
        for c in layout.columns
    )
    return attrs.evolve(layout, columns=columns), True


_TOWNSHIP_SUBJECT = re.compile(
    r"(?:乡|镇|街道|苏木)(?:人民政府|政府|办事处|党委|便民服务中心)|街道办|乡镇人民政府"
    r"|(?:乡|镇|街道)级|派出所$"
    r"|^[\u4e00-\u9fa5]{1,6}?(?:镇|乡|街道)(?!人民政府)[\u4e00-\u9fa5]*(?:局|办|办公室|所|站|中心)$"
)


def _township_subject(subject: str) -> bool:
    """Whether every body a 公开主体 cell names is a township's (宜就镇人民政府, 镇级人民政府,
    街道办事处, 蓬莱派出所); one of the county's beside them (县级扶贫部门、乡镇人民政府,
    民政局、乡镇人民政府) makes the cell a county catalog's."""
    parts = re.split(r"[、，,；;/\s]+", re.sub(r"[（(][^()（）]*[)）]", "", subject))
    return all(_TOWNSHIP_SUBJECT.search(p) for p in parts if p)


#: A 公开主体 that names a township's government: 九龙街道办事处, 回马镇人民政府 (the place,
#: then the body), or one of its offices: 白沙镇公共服务办公室, 某镇社会事务办 (a county's
#: body named after the town, 县民政局驻某镇工作站, is not: no 县/区/市/局/驻 in the name);
#: 乡镇人民政府, 镇人民政府 name no place.
_NAMED_TOWNSHIP = re.compile(
    r"^(?P<name>[\u4e00-\u9fa5]{2,8}?(?:街道|镇|乡|苏木))"
    r"(?:人民政府|政府|办事处|街道办事处|便民服务中心)$"
    r"|^(?P<office>[^县区市州盟局厅驻\W\d]{2,8}?(?:街道|镇|乡|苏木))"
    r"(?!人民政府)[\u4e00-\u9fa5]{0,10}?(?:办公室|办|服务中心|服务站)$"
)
#: What stands before 镇/乡/街道 in a body that names no place (镇人民政府, 各乡镇人民政府).
_NO_PLACE = frozenset(
    {"乡镇街道", "各乡镇", "各街道", "本街道", "我街道", "该街道", "全乡镇", "相关乡镇"}
)


def _leaf_subjects(items: Sequence[Item]) -> list[str]:
    """The 公开主体 of every leaf item that has one."""
    return [i.subject for item in items for i in item.walk() if i.is_leaf and i.subject]


def name_from_subjects(items: Sequence[Item]) -> tuple[str, str] | None:
    """(the township, the subject that names it) when every leaf's 公开主体 is one township
    government's own (九龙街道办事处 throughout: the 九龙街道 catalog); ``None`` when the
    subjects name no place, or more than one."""
    subjects = _leaf_subjects(items)
    names = set()
    for subject in subjects:
        match = _NAMED_TOWNSHIP.match(subject.strip())
        if match is None:
            return None
        name = match["name"] or match["office"]
        if name in _NO_PLACE:
            return None
        names.add(name)
    if len(names) != 1:
        return None
    (name,) = names
    return name, subjects[0].strip()


def _township_of(county: str, items: Sequence[Item]) -> tuple[str, str] | None:
    """(the township's name under ``county``, the subject naming it) when the caption
    names a county-level government (阳泉市郊区) and every leaf's 公开主体 is one
    township's own (西南舁乡人民政府): the township published its catalog under the
    county's template title.  The name is the county's, then the township's
    (阳泉市郊区西南舁乡), unless the subject already starts with the county's."""
    named = name_from_subjects(items)
    if named is None:
        return None
    township, subject = named
    return (township if township.startswith(county) else f"{county}{township}"), subject


def level_from_rows(layout: Layout, items: Sequence[Item]) -> tuple[Level | None, str | None]:
    """The catalog's level when no name says it: the subjects when every one is a
    township's (乡镇人民政府, 街道办事处 throughout: a township's catalog, even when it keeps
    the national template's 县级/乡级 columns), else the highest 公开层级 column (a county
    table has 县级/乡级, a township's 乡级/村级)."""
    subjects = _leaf_subjects(items)
    if subjects and all(_township_subject(s) for s in subjects):
        return Level.TOWNSHIP, "subjects"
    offered = [
        lv for c in layout.of("levels") for lv in (c.option if isinstance(c.option, tuple) else ())
    ]
    if not offered:  # a text 公开层级 column: the levels written in it
        offered = [lv for item in items for i in item.walk() for lv in i.levels]
    if offered:
        return min(offered, key=lambda lv: lv.rank), "columns"
    return None, None


def jurisdiction_of(
    builder: Builder,
    layout: Layout,
    items: Sequence[Item],
    file: str,
    *,
    known: Mapping[str, Any],
    domain_names: Sequence[str],
    jurisdiction: str | None,
    level: Level | None,
) -> dict[str, str]:
    """The catalog's government and level: given, else the one ``known`` (a gkstd export),
    else named by the caption, sheet or file name, else inferred from the level columns or
    the subjects (with GK615 saying so)."""
    guessed = find_jurisdiction(layout.title, layout.sheet, file, domain_names)
    if guessed is None and not (jurisdiction or known.get("name")):
        folder = folder_jurisdiction(file)
        if folder is not None:  # 南江县/扶贫领域目录.xlsx: as a supervisor files them
            shown = level or folder[1]
            builder.findings.append(
                UNKNOWN_JURISDICTION.emit(
                    "from-folder",
                    name=folder[0],
                    folder=folder[0],  # the folder's name is the government's (see above)
                    level=shown.label,
                    level_en=shown.code,
                    file=file,
                )
            )
            return {"name": folder[0], "level": shown.label}
    if guessed is None and not (jurisdiction or known.get("name")):
        named = name_from_subjects(items)
        if named is not None:  # 九龙街道办事处 throughout: that township's catalog
            shown = level or Level.TOWNSHIP
            builder.findings.append(
                UNKNOWN_JURISDICTION.emit(
                    "from-subjects",
                    name=named[0],
                    subject=named[1],
                    level=shown.label,
                    level_en=shown.code,
                    file=file,
                )
            )
            return {"name": named[0], "level": shown.label}
    if guessed is not None and guessed[1] is Level.COUNTY and not (jurisdiction or level):
        township = _township_of(guessed[0], items) if not known.get("name") else None
        if township is not None:  # 阳泉市郊区's template, every subject 西南舁乡人民政府
            builder.findings.append(
                UNKNOWN_JURISDICTION.emit(
                    "township-of-caption",
                    caption_name=guessed[0],
                    name=township[0],
                    subject=township[1],
                    level=Level.TOWNSHIP.label,
                    level_en=Level.TOWNSHIP.code,
                    file=file,
                )
            )
            return {"name": township[0], "level": Level.TOWNSHIP.label}
    name = jurisdiction or known.get("name") or (guessed[0] if guessed else None)
    lvl = (
        level
        or (Level.parse(known["level"]) if known.get("level") else None)
        or (guessed[1] if guessed else None)
    )
    if lvl is Level.MUNICIPAL and builder.acting_county and level is None:
        lvl = Level.COUNTY  # a 县级市 or a city without counties: the county level
    how = None
    if lvl is None:
        lvl, how = level_from_rows(layout, items)
    if name is None or lvl is None or how is not None:
        shown = lvl or Level.COUNTY
        variant = {
            None: "default",
            "columns": "level-from-columns",
            "subjects": "level-from-subjects",
        }[how]
        builder.findings.append(
            UNKNOWN_JURISDICTION.emit(
                variant,
                name=name or UNNAMED,
                name_en=f"'{name}'" if name else UNNAMED_EN,
                level=shown.label,
                level_en=shown.code,
                file=file,
            )
        )
    return {
        "name": name or UNNAMED,
        "level": (lvl or Level.COUNTY).label,
    }
