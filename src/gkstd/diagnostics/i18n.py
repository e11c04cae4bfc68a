"""Bilingual text.  User-facing messages are Chinese, with English available."""

from __future__ import annotations

import os

import attrs

__all__ = ["Text", "current_language"]


@attrs.frozen
class Text:
    """A message in Chinese (``zh``) and English (``en``)."""

    zh: str
    en: str

    def get(self, lang: str | None = None) -> str:
        """The text in ``lang``; default from :func:`current_language`."""
        return self.en if (lang or current_language()) == "en" else self.zh


def current_language() -> str:
    """``en`` when ``GKSTD_LANG`` starts with ``en``, else ``zh``."""
    return "en" if os.environ.get("GKSTD_LANG", "zh").lower().startswith("en") else "zh"
