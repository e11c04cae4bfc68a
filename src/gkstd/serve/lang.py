"""The language of a request's answer: a form field or JSON body's ``lang``, else
``?lang=``, else ``Accept-Language``; Chinese by default.  Part of :mod:`gkstd.serve`."""

from __future__ import annotations

from starlette.requests import Request

__all__ = ["note_lang", "request_lang"]


def note_lang(request: Request, asked: object) -> None:
    """Remember the language a request's form field or JSON body asked for (zh or en),
    so that a refusal after it was read is in that language too."""
    if asked in ("zh", "en"):
        request.state.gkstd_lang = asked


def request_lang(request: Request) -> str:
    """The language a form field or JSON body asked for (:func:`note_lang`), else
    ``?lang=en|zh``, else the first of ``Accept-Language`` that is zh or en; zh."""
    noted = getattr(request.state, "gkstd_lang", None)
    if noted in ("zh", "en"):
        return str(noted)
    asked = request.query_params.get("lang")
    if asked in ("zh", "en"):
        return asked
    for part in request.headers.get("accept-language", "").split(","):
        tag = part.split(";")[0].strip().lower()
        if tag.startswith("zh"):
            return "zh"
        if tag.startswith("en"):
            return "en"
    return "zh"
