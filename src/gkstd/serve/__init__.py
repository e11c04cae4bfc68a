"""``gkstd serve``: the checks over HTTP for business systems in any language, and an
upload page for the people who fill in the tables (``pip install 'gkstd[serve]'``).

:func:`create_app` builds the ASGI application; :class:`ServeConfig` holds its settings.
The rules of the service (GK801–GK804, :mod:`gkstd.serve.rules`) need no web stack; the
rest needs the ``serve`` extra (Starlette, uvicorn, python-multipart, Pebble).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from gkstd.serve.config import ServeConfig

if TYPE_CHECKING:
    from starlette.applications import Starlette

__all__ = ["ServeConfig", "create_app"]


def create_app(config: ServeConfig | None = None) -> Starlette:
    """The ASGI application (see :func:`gkstd.serve.app.create_app`)."""
    from gkstd.serve.app import create_app as create

    return create(config)


def __getattr__(name: str) -> Any:
    raise AttributeError(name)
