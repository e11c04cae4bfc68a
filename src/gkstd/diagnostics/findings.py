"""Findings: what a rule or the loader reports, as data."""

from __future__ import annotations

import enum
import re
from typing import Any

import attrs

from gkstd.diagnostics.messages import Args, Message

__all__ = ["CellRef", "Finding", "Location", "Severity", "with_table_cell"]


class Severity(enum.Enum):
    """How serious a finding is.  Ordered: ``info < warning < error``."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def weight(self) -> int:
        """0 for info, 1 for warning, 2 for error."""
        return ("info", "warning", "error").index(self.value)

    @property
    def label(self) -> str:
        """Chinese label: 提示 / 警告 / 错误."""
        return {"info": "提示", "warning": "警告", "error": "错误"}[self.value]

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.weight >= other.weight

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.weight > other.weight

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.weight <= other.weight

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.weight < other.weight


@attrs.frozen
class CellRef:
    """A place in a table: file, sheet and cell (``D5``, a range ``M5:N5``, or a row ``5``)."""

    file: str
    sheet: str | None
    cell: str

    def __reduce__(self) -> tuple[type[CellRef], tuple[str, str | None, str]]:
        return (CellRef, (self.file, self.sheet, self.cell))  # compact between processes

    @property
    def row(self) -> int | None:
        """The 1-based row."""
        digits = "".join(ch for ch in self.cell.split(":")[0] if ch.isdigit())
        return int(digits) if digits else None

    def display(self, lang: str | None = None) -> str:
        """``file sheet!D5`` (Excel notation; a bare row reads ``第 5 行``, in English
        ``row 5``; ``lang``: default the current language)."""
        from gkstd.diagnostics.i18n import current_language

        english = (lang or current_language()) == "en"
        row = f"row {self.cell}" if english else f"第 {self.cell} 行"
        where = row if self.cell.isdigit() else self.cell
        if self.sheet:
            where = f"{self.sheet}!{where}" if not self.cell.isdigit() else f"{self.sheet} {where}"
        return f"{self.file} {where}"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping."""
        return {"file": self.file, "sheet": self.sheet, "cell": self.cell, "row": self.row}


@attrs.frozen(cache_hash=True)
class Location:
    """Where a finding points: file, line (1-based), JSON path, item id and element key;
    for a catalog imported from a table also the table cell (``cell``)."""

    file: str | None = None
    line: int | None = None
    path: str | None = None
    item: str | None = None
    element: str | None = None
    cell: CellRef | None = None

    def __reduce__(self) -> tuple[type[Location], tuple[Any, ...]]:
        return (  # compact between processes: the fields, in order
            Location,
            (self.file, self.line, self.path, self.item, self.element, self.cell),
        )

    def display(self) -> str:
        """``file:line`` plus the JSON path, as far as known, then the table cell."""
        if self.cell is not None and self.file in (None, self.cell.file):
            return self.cell.display()  # a table's finding: its cell says it best
        head = self.file or "<text>"
        if self.line is not None:
            head += f":{self.line}"
        if self.path:
            head += f" {self.path}"
        if self.cell is not None and self.cell.file != self.file:
            head += f" ← {self.cell.display()}"
        return head


@attrs.frozen(cache_hash=True)  # findings are deduplicated in sets, many times over
class Finding:
    """One result of a check, as data: a stable ``code``, a severity, a location, the
    values of the message fields (``args``) and the template they fill (``template``).

    The message is rendered only when asked for: :attr:`message` (Chinese),
    :attr:`message_en` (English) or :meth:`text`.  ``rule_pack`` names the pack (or
    ``core``) that owns the rule.  Build findings with :meth:`gkstd.Rule.emit`.
    """

    code: str
    severity: Severity
    template: Message
    args: Args = attrs.field(factory=Args)
    location: Location = Location()
    rule_pack: str = "core"

    def __reduce__(self) -> tuple[type[Finding], tuple[Any, ...]]:
        """Pickled as its fields, in order (a parallel run sends many thousands back; the
        cached hash is not sent)."""
        return (
            Finding,
            (self.code, self.severity, self.template, self.args, self.location, self.rule_pack),
        )

    @property
    def message(self) -> str:
        """The Chinese message."""
        return self.template.render(self.args, "zh")

    @property
    def message_en(self) -> str:
        """The English message."""
        return self.template.render(self.args, "en")

    def text(self, lang: str = "zh") -> str:
        """The message in ``lang`` (``zh`` or ``en``)."""
        return self.template.render(self.args, "en" if lang == "en" else "zh")

    def with_location(
        self,
        *,
        file: str | None = None,
        line: int | None = None,
        path: str | None = None,
        item: str | None = None,
        element: str | None = None,
        cell: CellRef | None = None,
    ) -> Finding:
        """A copy with location fields replaced (only those that are currently unset);
        the finding itself when that changes nothing."""
        loc = self.location
        if (
            (file is None or loc.file is not None)
            and (line is None or loc.line is not None)
            and (path is None or loc.path is not None)
            and (item is None or loc.item is not None)
            and (element is None or loc.element is not None)
            and (cell is None or loc.cell is not None)
        ):
            return self
        location = Location(  # built directly: the resolver locates every finding
            loc.file if loc.file is not None else file,
            loc.line if loc.line is not None else line,
            loc.path if loc.path is not None else path,
            loc.item if loc.item is not None else item,
            loc.element if loc.element is not None else element,
            loc.cell if loc.cell is not None else cell,
        )
        return Finding(self.code, self.severity, self.template, self.args, location, self.rule_pack)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping with the documented report fields (``args``: the values of
        the message fields)."""
        loc = self.location
        return {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "message_en": self.message_en,
            "args": self.args.to_dict(),
            "file": loc.file,
            "line": loc.line,
            "path": loc.path,
            "item": loc.item,
            "element": loc.element,
            "cell": loc.cell.to_dict() if loc.cell is not None else None,
            "pack": self.rule_pack,
        }


_EXCEL_REF = re.compile(r"(?P<sheet>.+)!(?P<cell>\$?[A-Z]{1,3}\$?\d+(?::\$?[A-Z]{1,3}\$?\d+)?|\d+)")


def with_table_cell(finding: Finding) -> Finding:
    """``finding`` with its table ``cell`` filled in when it names one only as an Excel
    reference in ``path`` (``目录!D5``, as the table import's own findings do): every
    finding of a table then gives its sheet, row and cell alike (the report, the
    command's JSON and the service)."""
    where = finding.location
    if where.cell is not None or where.file is None or not where.path:
        return finding
    match = _EXCEL_REF.fullmatch(where.path)
    if match is None:
        return finding
    cell = CellRef(where.file, match.group("sheet"), match.group("cell").replace("$", ""))
    return finding.with_location(cell=cell)
