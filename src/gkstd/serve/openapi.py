"""GET /v1/openapi.json: the service's OpenAPI document (placeholder: being written)."""

from __future__ import annotations

from starlette.routing import Route

__all__ = ["ROUTES"]

ROUTES: list[Route] = []
