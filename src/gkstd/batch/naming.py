"""How a batch names one catalog: by its file, and by its sheet when the workbook holds
several catalogs (each domain's catalog on a sheet of its own, a common way to send them;
``gkstd check`` checks every one)."""

from __future__ import annotations

__all__ = ["SHEET_MARK", "sheet_label"]

#: Between a workbook's name and one of its sheets in the reports (``乙镇.xlsx › 社会保险``).
SHEET_MARK = " › "


def sheet_label(file: str, sheet: str | None) -> str:
    """How the reports name one catalog of a file: the file, and the sheet when the
    workbook holds several catalogs (``乙镇.xlsx › 社会保险``).  A sheet name with space
    at either end or a character that does not show (a tab) is quoted (``“社会保险 ”``):
    sheets ``社会保险`` and ``社会保险 `` had looked like one catalog listed twice."""
    if not sheet:
        return file
    shown = sheet if sheet == sheet.strip() and sheet.isprintable() else f"“{sheet}”"
    return f"{file}{SHEET_MARK}{shown}"
