"""POST /api/v1/assessments/<reference>/submit, against its OpenAPI description."""

from __future__ import annotations

from typing import Any

from api_helpers import auth
from flask.testing import FlaskClient
from test_openapi import documented


def new_assessment(api: FlaskClient) -> dict[str, Any]:
    body = api.post("/api/v1/assessments", json={"system_name": "S", "organisation": "O"}).json
    assert body is not None
    return body


def test_submit_freezes_a_revision_and_reports_the_status(api: FlaskClient) -> None:
    """201 with the revision; the assessment then says "submitted"; a second submission is 409."""
    a = new_assessment(api)
    base, headers = f"/api/v1/assessments/{a['reference']}", auth(a["secret"])
    assert api.get(base, headers=headers).json["review_status"] == "draft"
    r = api.post(base + "/submit", json={"message": "Please review"}, headers=headers)
    documented("/assessments/{reference}/submit", "post", r.status_code, r)
    assert r.status_code == 201 and r.json["revision"] == 1 and r.json["review_status"] == "submitted"
    got = api.get(base, headers=headers).json
    assert got["review_status"] == "submitted" and got["completed_at"] is not None
    r = api.post(base + "/submit", headers=headers)
    documented("/assessments/{reference}/submit", "post", r.status_code, r)
    assert r.status_code == 409


def test_submit_input_and_access(api: FlaskClient) -> None:
    """Bad bodies are 400/422 and store nothing; a wrong secret is 404."""
    a = new_assessment(api)
    base, headers = f"/api/v1/assessments/{a['reference']}", auth(a["secret"])
    for body, status in ((["x"], 400), ({"message": 12}, 422), ({"message": "x" * 4001}, 422)):
        r = api.post(base + "/submit", json=body, headers=headers)
        documented("/assessments/{reference}/submit", "post", r.status_code, r)
        assert r.status_code == status, body
    assert api.post(base + "/submit", headers=auth("y" * 43)).status_code == 404
    assert api.get(base, headers=headers).json["review_status"] == "draft"
