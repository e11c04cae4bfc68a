"""The upload page at ``/`` (placeholder until the page lands)."""

from __future__ import annotations

from starlette.routing import Route

__all__ = ["ROUTES"]

ROUTES: list[Route] = []
