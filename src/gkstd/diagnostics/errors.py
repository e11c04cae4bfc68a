"""The one exception family of gkstd's public entry points.

A public function (``gkstd.load``, ``validate``, ``resolve``, ``diff``, ``import_table``,
``audit`` …) returns findings for anything wrong *in* a document.  When it cannot work at
all — the file is not a table, the records file has no usable row, a limit is exceeded
before anything could be read — it raises a subclass of :class:`GkstdError`, never a bare
``TypeError``, ``RecursionError``, ``OverflowError`` or a reader's panic.  Each carries a
Chinese and an English message that name the file, the place and the fix.  An argument of
the wrong type is :class:`gkstd.diagnostics.arguments.ArgumentError`, a kind of it (and a
``TypeError``).
"""

from __future__ import annotations

__all__ = ["GkstdError"]


class GkstdError(Exception):
    """Base class of the errors gkstd raises on purpose (``message`` Chinese,
    ``message_en`` English; ``str()`` is the Chinese message)."""

    def __init__(self, message: str, message_en: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.message_en = message_en if message_en is not None else message

    def text(self, lang: str | None = None) -> str:
        """The message in ``lang`` (``zh`` or ``en``; default: the current language)."""
        from gkstd.diagnostics.i18n import current_language

        return self.message_en if (lang or current_language()) == "en" else self.message
