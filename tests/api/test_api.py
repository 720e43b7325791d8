"""The /api/v1 JSON API: the secret is the only key, answers are validated all-or-nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from api_helpers import auth
from flask.testing import FlaskClient
from ruamel.yaml import YAML

from wizard import create_app
from wizard.config import ROOT
from wizard.extensions import db
from wizard.report.integrity import verify_pdf
from wizard.reporting import seal_key

ANSWERS = {"role": "maker", "listed_use": True, "banned_use": False, "talks_to_people": True,
           "categories": ["contact", "health"], "purpose": "Ranks <b>CVs</b>"}


def test_create_returns_the_secret_once_and_a_location(api: FlaskClient, created: dict[str, Any]) -> None:
    assert len(created["secret"]) >= 40
    assert created["questionnaire"]["id"] == "mini-report"
    again = api.get(created["links"]["self"], headers=auth(created["secret"]))
    assert again.status_code == 200 and "secret" not in again.json


@pytest.mark.parametrize("body, field", [
    ({"organisation": "A"}, "system_name"),
    ({"system_name": "S", "organisation": "A", "lang": "de"}, "lang"),
    ({"system_name": "S" * 201, "organisation": "A"}, "system_name"),
    ({"system_name": "S", "organisation": "A", "questionnaire": "nope"}, "questionnaire"),
])
def test_create_refuses_bad_input(api: FlaskClient, body: dict[str, Any], field: str) -> None:
    response = api.post("/api/v1/assessments", json=body)
    assert response.status_code == 422 and field in response.json["errors"]


def test_create_needs_a_json_object(api: FlaskClient) -> None:
    assert api.post("/api/v1/assessments", data="x", content_type="text/plain").status_code == 400


@pytest.mark.parametrize("path", ["", "/result", "/report.pdf", "/report.json"])
def test_wrong_or_missing_secret_is_404(api: FlaskClient, created: dict[str, Any], path: str) -> None:
    url = f"/api/v1/assessments/{created['reference']}{path}"
    assert api.get(url).status_code == 404
    assert api.get(url, headers=auth("wrong-secret")).status_code == 404
    assert api.get(url, headers={"Authorization": created["secret"]}).status_code == 404   # no scheme
    other = api.post("/api/v1/assessments", json={"system_name": "B", "organisation": "B"}).json
    assert api.get(url, headers=auth(other["secret"])).status_code == 404                 # other's secret
    assert api.put(f"/api/v1/assessments/{created['reference']}/answers", json={"answers": {}},
                   headers=auth("wrong")).status_code == 404


def test_put_answers_then_result_and_reports(api: FlaskClient, created: dict[str, Any]) -> None:
    base, headers = f"/api/v1/assessments/{created['reference']}", auth(created["secret"])
    response = api.put(f"{base}/answers", headers=headers,
                       json={"answers": ANSWERS, "statuses": {"literacy": {"status": "done", "note": "ok"}}})
    assert response.status_code == 200, response.json
    assert response.json["answers"]["categories"] == ["contact", "health"]
    assert response.json["statuses"]["literacy"]["status"] == "done"
    result = api.get(f"{base}/result?lang=fr", headers=headers).json
    assert result["lang"] == "fr"
    tier = next(o for o in result["outcomes"] if o["id"] == "tier")
    assert tier["value"] == "high" and tier["values"][0]["label"] == "Haut risque"
    pdf = api.get(f"{base}/report.pdf", headers=headers)
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert pdf.headers["Cache-Control"] == "no-store"
    with api.application.app_context():
        assert verify_pdf(pdf.data, seal_key=seal_key()).ok
    md = api.get(f"{base}/report.md", headers=headers)
    assert "Ranks \\<b\\>CVs\\</b\\>" in md.get_data(as_text=True)
    assert api.get(f"{base}/report.csv", headers=headers).mimetype == "text/csv"
    assert api.get(f"{base}/report.json", headers=headers).json["answers"]["role"] == "maker"
    assert api.get(f"{base}/report.docx", headers=headers).status_code == 404


def test_invalid_answers_store_nothing(api: FlaskClient, created: dict[str, Any]) -> None:
    base, headers = f"/api/v1/assessments/{created['reference']}", auth(created["secret"])
    response = api.put(f"{base}/answers", headers=headers, json={
        "answers": {"role": "robot", "listed_use": True, "nope": 1},
        "statuses": {"literacy": {"status": "finished"}, "ghost": {"status": "done"}}})
    assert response.status_code == 422
    assert set(response.json["errors"]) == {"answers.role", "answers.nope", "statuses.literacy",
                                            "statuses.ghost"}
    assert api.get(base, headers=headers).json["answers"] == {}


def test_null_clears_an_answer(api: FlaskClient, created: dict[str, Any]) -> None:
    base, headers = f"/api/v1/assessments/{created['reference']}", auth(created["secret"])
    api.put(f"{base}/answers", headers=headers, json={"answers": {"role": "maker", "purpose": "x"}})
    response = api.put(f"{base}/answers", headers=headers, json={"answers": {"purpose": None}})
    assert response.json["answers"] == {"role": "maker"}


def test_no_pia_export_for_a_questionnaire_without_a_mapping(api: FlaskClient, created: dict[str, Any]) -> None:
    base, headers = f"/api/v1/assessments/{created['reference']}", auth(created["secret"])
    api.put(f"{base}/answers", headers=headers, json={"answers": ANSWERS})
    response = api.get(f"{base}/report.pia.json", headers=headers)
    assert response.status_code == 409 and "no PIA export" in response.json["error"]


def _bundled_pia(tmp_path: Path, scenario: str) -> Any:
    """The PIA export of an assessment of the bundled questionnaire answered as ``scenario``."""
    app = create_app({"TESTING": True, "SECRET_KEY": "api-test-secret-key-long-enough-0123456789",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'bundled.sqlite3'}",
                      "QUESTIONNAIRES_PATH": str(ROOT / "questionnaires"), "SERVER_NAME": "wizard.test"})
    with app.app_context():
        db.create_all()
    client = app.test_client()
    created = client.post("/api/v1/assessments", json={"system_name": "Scorer", "organisation": "Acme",
                                                        "lang": "en"}).json
    base, headers = f"/api/v1/assessments/{created['reference']}", auth(created["secret"])
    answers = YAML(typ="safe").load((ROOT / "questionnaires" / "scenarios" / scenario).read_text("utf-8"))["answers"]
    assert client.put(f"{base}/answers", headers=headers, json={"answers": answers}).status_code == 200
    response = client.get(f"{base}/report.pia.json", headers=headers)
    with app.app_context():
        db.engine.dispose()
    return response


def test_pia_export_when_a_dpia_is_needed(tmp_path: Path) -> None:
    response = _bundled_pia(tmp_path, "gdpr-credit-bureau-schufa.yaml")   # expects gdpr_dpia: required
    assert response.status_code == 200
    assert response.json["pia"]["name"] == "Scorer" and response.json["pia"]["author_name"] == "Acme"


def test_no_pia_export_when_no_dpia_is_needed(tmp_path: Path) -> None:
    response = _bundled_pia(tmp_path, "gdpr-small-company-record-exemption.yaml")   # gdpr_dpia: not_required
    assert response.status_code == 409
    assert response.json["error"] == "no PIA export: the assessment does not call for a DPIA"


def test_api_needs_no_csrf_token(api: FlaskClient, created: dict[str, Any]) -> None:
    """The API takes its secret from a header, never a cookie, so CSRF does not apply to it (the app
    runs with CSRF on: the fixture's PUT and POST succeed without a token)."""
    response = api.put(f"/api/v1/assessments/{created['reference']}/answers", json={"answers": {}},
                       headers=auth(created["secret"]))
    assert response.status_code == 200


def test_every_api_route_is_public_or_needs_the_secret(api_app: Any, created: dict[str, Any]) -> None:
    """Deny by default: a new /api/v1 route cannot slip through without the secret check."""
    public = {"api.create_assessment", "api.get_openapi"}
    client = api_app.test_client()
    other = client.post("/api/v1/assessments", json={"system_name": "B", "organisation": "B"}).json
    checked = 0
    for rule in api_app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1") or rule.endpoint in public:
            continue
        assert "<reference>" in rule.rule, f"{rule.endpoint} is neither public nor assessment-scoped"
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            for ref in (created["reference"], "AIC-XXXX-XXXX"):
                url = rule.rule.replace("<reference>", ref).replace("<fmt>", "pdf")
                for headers in ({}, auth(other["secret"]), auth("x" * 43)):
                    response = client.open(url, method=method, json={"answers": {}}, headers=headers)
                    assert response.status_code == 404, (rule.endpoint, method, ref, response.status_code)
                    checked += 1
    assert checked == 4 * 2 * 3   # four secret-guarded operations, two references, three wrong keys
