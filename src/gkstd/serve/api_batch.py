"""POST /v1/check: several catalogs (files or a zip) checked, scored and ranked as the supervisor's desk does (placeholder: being written)."""

from __future__ import annotations

from starlette.routing import Route

__all__ = ["ROUTES"]

ROUTES: list[Route] = []
