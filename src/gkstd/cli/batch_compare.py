"""``gkstd check … --compare 上次.json`` on the screen: the change of each ranking row
(a column of the rankings) and, after them, how many catalogs rose, fell, stayed, are new
or gone, with the largest falls (:mod:`gkstd.batch.compare` holds the data)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from gkstd.cli.common import t
from gkstd.cli.textfmt import say, table

if TYPE_CHECKING:
    from gkstd.batch.compare import Change, Comparison

__all__ = ["change_cell", "print_comparison"]

#: Catalogs listed under 得分下降最多的目录.
MOST_FALLS = 10


def change_cell(change: Change | None) -> str:
    """A ranking row's change: ``+2.5``, ``-1.0``, ``0.0``, 新 (new), or ``-`` (no
    comparison)."""
    if change is None:
        return "-"
    if change.delta is None:
        return t("新", "new") if change.status == "new" else "-"
    return f"{change.delta:+.1f}" if change.delta else "0.0"


def print_comparison(comparison: Comparison) -> None:
    """The counts of the comparison, the rows only the earlier report had, and the
    catalogs whose score fell most."""
    say("")
    say(t(f"与上次检查比较（{comparison.earlier}）", f"Compared with {comparison.earlier}"))
    if comparison.same_scheme is False:
        say(
            t(
                "  注意：两次检查用的评分方案不同（权重、扣分或等次不同），得分的升降不全是目录本身的变化。",
                "  Note: the two checks used different scoring schemes (weights, points off or "
                "grades); a rise or fall is not all the catalogs' own.",
            )
        )
    for kind, zh, en in (
        ("jurisdiction", "本级政府", "governments"),
        ("domain", "领域", "domains"),
        ("catalog", "目录", "catalogs"),
    ):
        if kind == "catalog" and not comparison.catalogs_compared:
            say(
                t(
                    "  目录：本次或上次的检查没有保留逐个目录的结果（分布式检查逐行写出），只比较排名。",
                    "  catalogs: this check or the earlier one kept no catalog results (a "
                    "streamed run); the rankings only are compared.",
                )
            )
            continue
        n = comparison.counts(kind)  # type: ignore[arg-type]
        say(
            t(
                f"  {zh}：得分上升 {n['up']} 个，下降 {n['down']} 个，持平 {n['same']} 个；"
                f"新增 {n['new']} 个，上次有而本次没有 {n['gone']} 个。",
                f"  {en}: {n['up']} up, {n['down']} down, {n['same']} the same; "
                f"{n['new']} new, {n['gone']} in the earlier report only.",
            )
        )
    gone = [c for c in comparison.jurisdictions if c.status == "gone"]
    if gone:
        names = "、".join(c.name for c in gone[:20]) + ("等" if len(gone) > 20 else "")
        names_en = ", ".join(c.name_en for c in gone[:20]) + (" …" if len(gone) > 20 else "")
        say(
            t(
                f"  上次有、本次没有检查的本级政府：{names}",
                f"  governments in the earlier report, not in this check: {names_en}",
            )
        )
    falls = comparison.falls(MOST_FALLS)
    if not falls:
        return
    say("")
    say(t("得分下降最多的目录", "Catalogs whose score fell most"))
    head = [t("变化", "change"), t("本次", "now"), t("上次", "before"), t("目录", "catalog")]
    say(table(head, [_fall_row(c) for c in falls]))


def _fall_row(change: Change) -> list[str]:
    now, before = change.now, change.before
    assert now is not None
    assert before is not None
    domain = change.key.rpartition("|")[2]
    where = change.file or f"{change.name} {domain}"
    return [change_cell(change), f"{now.score:.1f}", f"{before.score:.1f}", where]
