"""The API refuses numbers out of range at input, so the assessment keeps rendering."""

from __future__ import annotations

from typing import Any

import pytest
from api_helpers import auth
from flask.testing import FlaskClient


@pytest.mark.parametrize("value", [1e308, int("9" * 400), 10**29, -10**29])
def test_huge_numbers_are_refused_and_the_assessment_still_renders(api: FlaskClient, created: dict[str, Any],
                                                                   value: float) -> None:
    base, headers = f"/api/v1/assessments/{created['reference']}", auth(created["secret"])
    response = api.put(f"{base}/answers", headers=headers, json={"answers": {"people_count": value}})
    assert response.status_code in (400, 422), response.get_data(as_text=True)
    assert "people_count" in response.get_data(as_text=True)
    assert "people_count" not in api.get(base, headers=headers).json["answers"]
    for path in ("/result", "/report.pdf", "/report.json"):
        assert api.get(base + path, headers=headers).status_code == 200, path
