"""What the service's tests share."""

from __future__ import annotations

from typing import Any

__all__ = ["refused"]


def refused(response: Any, status: int, code: str = "GK802") -> dict[str, Any]:
    """The one finding of a refused request, after checking the refusal's shape: the
    status, ``valid`` false, and the code with both messages."""
    assert response.status_code == status, response.text
    body = response.json()
    assert body["status"] == status
    assert body["valid"] is False
    (finding,) = body["findings"]
    assert finding["code"] == code
    assert finding["message"]
    assert finding["message_en"]
    found: dict[str, Any] = finding
    return found
