"""Helpers of the API tests."""

from __future__ import annotations


def auth(secret: str) -> dict[str, str]:
    """The Authorization header carrying an assessment's secret."""
    return {"Authorization": f"Bearer {secret}"}
