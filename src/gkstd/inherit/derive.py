"""Starter tailorings: a new local catalog that ``extends`` its parent and changes nothing.

The starter validates clean; the local government then refines and adds items in it.
"""

from __future__ import annotations

import re

from gkstd.model import Catalog, Jurisdiction, Level

__all__ = ["derive_catalog", "starter_header"]

_UNSAFE = re.compile(r"[^A-Za-z0-9._/-]+")


def derive_catalog(
    parent: Catalog,
    ref: str,
    *,
    jurisdiction: str,
    level: Level,
    division_code: str | None = None,
    catalog_id: str | None = None,
    title: str | None = None,
    domain_name: str | None = None,
) -> Catalog:
    """A tailoring of ``parent`` (referenced as ``ref``) for ``jurisdiction``.

    The id defaults to ``<division_code or parent id stem>/<domain>``; the title to
    ``<jurisdiction><domain name>领域基层政务公开标准目录``.
    """
    if catalog_id is None:
        stem = division_code or _UNSAFE.sub("-", parent.id.split("/")[0]).strip("-")
        if not division_code:
            stem = f"{stem}-{level.code}"
        catalog_id = f"{stem}/{parent.domain}"
    if title is None:
        name = domain_name or parent.domain
        title = f"{jurisdiction}{name}领域基层政务公开标准目录"
    return Catalog(
        id=catalog_id,
        domain=parent.domain,
        title=title,
        jurisdiction=Jurisdiction(jurisdiction, level, division_code),
        extends=ref,
        items=(),
    )


def starter_header(parent: Catalog, ref: str, level: Level) -> str:
    """Comment lines put at the top of a written starter tailoring."""
    return (
        f"# 本文件是对上级目录 {ref}（{parent.title}）的裁剪（extends）。\n"
        "# 上级目录的全部事项自动继承（公开层级不含本级及以下层级的事项除外）。\n"
        "# 在 items 中按 id 列出要细化的事项（只写变化的要素），或用新的 id 增加事项；\n"
        "# 不适用的事项写 not_applicable: {reason: 理由}。原则上只增不减。\n"
        f"# This file tailors {ref} for a {level.code} government: list only what changes.\n"
    )
