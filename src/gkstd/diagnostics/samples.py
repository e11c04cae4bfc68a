"""Sample catalog text shared by the rule examples."""

from __future__ import annotations

__all__ = [
    "GOOD_ITEM",
    "PARENT_DOCUMENT",
    "PARENT_LEAF",
    "child_document",
    "minimal_document",
    "replaced",
    "township_document",
]

#: A complete, clean item used as the base of the examples.
GOOD_ITEM = """id: permit
name: 燃气经营许可证核发
content: [申请条件, 申请材料, 申请流程, 法定依据]
basis:
  - {title: 城镇燃气管理条例, doc_no: 国务院令第583号, rank: 行政法规}
time_limit: {kind: working_days, days: 20, text: 20个工作日}
subject: 负责审批的燃气管理部门
method: 主动
channels: [政府网站]
audience: 全社会
levels: [县级, 乡级]
"""


def replaced(text: str, old: str, new: str, count: int = -1) -> str:
    """``text`` with ``old`` replaced by ``new``, for building a rule's example from a good
    one.  An example that does not change the text would silently turn a bad example into
    a good one, so a missing ``old`` (or ``old == new``) raises ``ValueError``."""
    if old == new or old not in text:
        raise ValueError(f"example text does not contain {old!r}, or nothing changes")
    return text.replace(old, new, count)


def minimal_document(items_yaml: str = GOOD_ITEM, domain: str = "example") -> str:
    """A minimal clean county catalog holding ``items_yaml`` (one item) as its only item."""
    body = "\n".join(
        "    " + line if line else line for line in items_yaml.rstrip("\n").split("\n")
    )
    return (
        'gkstd: "1.0"\n'
        "id: example/county\n"
        f"domain: {domain}\n"
        "title: 示例县示例领域基层政务公开标准目录\n"
        "jurisdiction: {name: 示例县, level: 县级}\n"
        "items:\n  - " + body[4:] + "\n"
    )


def township_document(names: list[str], catalog_id: str = "example/township") -> str:
    """A clean township (乡级) catalog with one item named after each of ``names``."""
    items = []
    for index, name in enumerate(names):
        item = GOOD_ITEM.replace("id: permit", f"id: item-{index}").replace(
            "name: 燃气经营许可证核发", f"name: {name}"
        )
        items.append("  - " + "\n".join("    " + line for line in item.rstrip().split("\n"))[4:])
    return (
        'gkstd: "1.0"\n'
        f"id: {catalog_id}\n"
        "domain: example\n"
        "title: 示例镇示例领域基层政务公开标准目录\n"
        "jurisdiction: {name: 示例镇, level: 乡级}\n"
        "items:\n" + "\n".join(items) + "\n"
    )


#: The leaf of :data:`PARENT_DOCUMENT`, as a child catalog lists it when it changes nothing.
PARENT_LEAF = GOOD_ITEM.replace("id: permit\n", "id: gas.permit\n", 1)

#: A minimal national catalog used as the parent in the inheritance examples.
PARENT_DOCUMENT = (
    'gkstd: "1.0"\n'
    "id: parent\n"
    "domain: example\n"
    "title: 示例领域基层政务公开标准目录\n"
    "jurisdiction: {name: 全国, level: 国家级}\n"
    "items:\n"
    "  - id: gas\n"
    "    name: 城镇燃气管理\n"
    "    items:\n"
    "      - "
    + "\n".join("        " + line for line in PARENT_LEAF.rstrip("\n").split("\n"))[8:]
    + "\n"
)


def child_document(
    leaf_yaml: str | None = PARENT_LEAF,
    *,
    mode: str = "conforms_to",
    level: str = "县级",
    domain: str = "example",
    parent: str = "parent",
) -> str:
    """A county catalog that ``extends``/``conforms_to`` :data:`PARENT_DOCUMENT`.

    ``leaf_yaml`` is the child's version of the leaf ``gas.permit`` (``None``: no leaf).
    """
    head = (
        'gkstd: "1.0"\n'
        "id: child\n"
        f"domain: {domain}\n"
        "title: 示例县示例领域基层政务公开标准目录\n"
        f"jurisdiction: {{name: 示例县, level: {level}}}\n"
        f"{mode}: {parent}\n"
        "items:\n"
        "  - id: gas\n"
        "    name: 城镇燃气管理\n"
    )
    if leaf_yaml is None:
        return head
    body = "\n".join("        " + line for line in leaf_yaml.rstrip("\n").split("\n"))
    return head + "    items:\n      - " + body[8:] + "\n"
