"""POST /v1/deadline and POST /v1/audit: deadlines and the publication-records audit (placeholder: being written)."""

from __future__ import annotations

from starlette.routing import Route

__all__ = ["ROUTES"]

ROUTES: list[Route] = []
