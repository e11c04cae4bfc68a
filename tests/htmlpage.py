"""A page parsed for the tests that look at HTML (the batch report, the upload page)."""

from __future__ import annotations

import html.parser

__all__ = ["Page", "parse"]


class Page(html.parser.HTMLParser):
    """What a page is made of: tags with attributes, ids, scripts, and its text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        (self.scripts if self._in_script else self.text).append(data)

    def ids(self) -> list[str]:
        """The ids of the elements, in order."""
        return [a["id"] or "" for _, a in self.tags if a.get("id")]

    def find(self, tag: str) -> list[dict[str, str | None]]:
        """The attributes of every ``tag`` element."""
        return [a for t, a in self.tags if t == tag]


def parse(page: str) -> Page:
    """``page`` parsed."""
    parser = Page()
    parser.feed(page)
    parser.close()
    return parser
