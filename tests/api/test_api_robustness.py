"""The API refuses what it cannot store with a clear 400 (never a 500, never storing it raw), on SQLite and
PostgreSQL; statuses change without a note; timestamps carry their offset; every answer under /api/v1,
routing errors included, is JSON without a cookie."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import pytest
from api_helpers import auth
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from wizard.extensions import db
from wizard.models import Answer, Assessment, ObligationStatus

RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
VALID = '{"system_name": "S", "organisation": "O"'


def create(client: FlaskClient) -> dict[str, Any]:
    response = client.post("/api/v1/assessments", json={"system_name": "CV Screener", "organisation": "Acme"})
    assert response.status_code == 201, response.json
    body: dict[str, Any] = response.json
    return body


def count(app: Flask, model: Any) -> int:
    with app.app_context():
        return int(db.session.scalar(select(func.count()).select_from(model)) or 0)


def test_a_status_changes_and_clears_without_a_note(db_api: FlaskClient, db_api_app: Flask) -> None:
    created = create(db_api)
    url, headers = f"/api/v1/assessments/{created['reference']}/answers", auth(created["secret"])
    for entry, stored in (({"status": "done"}, "done"), ({"status": "in_progress"}, "in_progress"),
                          ({"status": "not_started", "note": None}, "not_started"), (None, None)):
        response = db_api.put(url, headers=headers, json={"statuses": {"literacy": entry}})
        assert response.status_code == 200, (entry, response.json)
        assert response.json["statuses"].get("literacy", {}).get("status") == stored
    with db_api_app.app_context():
        row = db.session.scalars(select(ObligationStatus)).one()
        assert row.status is None and row.note == "" and row.version == 4


@pytest.mark.parametrize("raw, where", [
    (VALID.replace('"S"', '"a\\u0000b"') + "}", "system_name"),
    (VALID.replace('"O"', '"a\\u0000b"') + "}", "organisation"),
    (VALID + ', "contact": "dpo\\u0000@acme.example"}', "contact"),
    (VALID.replace('"S"', '"a\\u001bb"') + "}", "system_name"),
    (VALID.replace('"S"', '"a\\u0085b"') + "}", "system_name"),
    (VALID.replace('"S"', '"a\\ud800b"') + "}", "system_name"),
    (VALID.replace('"S"', '"\\udfff"') + "}", "system_name"),
    (VALID + ', "a\\u0000key": 1}', None),
    (VALID + ', "lang": ' + "9" * 400 + "}", None),
    (VALID + ', "lang": ' + "9" * 5000 + "}", None),
    (VALID + ', "lang": 1e999}', None),
    (VALID + ', "lang": NaN}', None),
    (VALID + ', "lang": -Infinity}', None),
    ("[" * 100_000 + "]" * 100_000, None),
    (VALID + ', "x": ' + "[" * 17 + "]" * 17 + "}", None),
    ('{"system_name": "\xff"}', None),
    ('{"system_name": ', None),
])
def test_unstorable_bodies_are_refused_clearly_and_nothing_is_stored(
        db_api: FlaskClient, db_api_app: Flask, raw: str, where: str | None) -> None:
    data = raw.encode("latin-1") if "\xff" in raw else raw.encode()
    response = db_api.post("/api/v1/assessments", data=data, content_type="application/json")
    assert response.status_code == 400, response.get_data(as_text=True)[:200]
    assert response.mimetype == "application/json"
    assert response.json["error"].startswith(("unacceptable JSON body", "expected a JSON object"))
    if where:
        assert where in response.json["errors"]
    if "9" * 400 in raw:   # the message says what is wrong, whatever the size (5000 digits were "not an object")
        assert "more than 15 digits" in response.json["error"]
    assert "Set-Cookie" not in response.headers
    assert count(db_api_app, Assessment) == 0


@pytest.mark.parametrize("fragment", [
    '"answers": {"purpose": "Ranks\\u0000CVs"}',
    '"answers": {"purpose": "Ranks\\ud83dCVs"}',
    '"answers": {"people_count": ' + "1" * 400 + "}",
    '"answers": {"categories": [' + "[" * 20 + "]" * 20 + "]}",
    '"statuses": {"literacy": {"status": "done", "note": "ok\\u0000"}}',
    '"statuses": {"literacy": {"status": "done", "note": "ok\\u001b[31m"}}',
])
def test_unstorable_answers_and_notes_are_refused(db_api: FlaskClient, db_api_app: Flask, fragment: str) -> None:
    created = create(db_api)
    response = db_api.put(f"/api/v1/assessments/{created['reference']}/answers", headers=auth(created["secret"]),
                          data="{" + fragment + "}", content_type="application/json")
    assert response.status_code == 400, response.get_data(as_text=True)[:200]
    assert response.json["error"].startswith("unacceptable JSON body")
    assert count(db_api_app, Answer) == 0 and count(db_api_app, ObligationStatus) == 0


def test_a_paired_surrogate_is_an_ordinary_character(db_api: FlaskClient) -> None:
    """Escaped as JSON allows (a UTF-16 pair), an emoji is stored and given back."""
    created = create(db_api)
    response = db_api.put(f"/api/v1/assessments/{created['reference']}/answers", headers=auth(created["secret"]),
                          data='{"answers": {"purpose": "Ranks \\ud83d\\ude00 CVs"}}', content_type="application/json")
    assert response.status_code == 200 and response.json["answers"]["purpose"] == "Ranks \U0001f600 CVs"


def test_timestamps_are_rfc3339_with_an_offset(api: FlaskClient, created: dict[str, Any]) -> None:
    base, headers = f"/api/v1/assessments/{created['reference']}", auth(created["secret"])
    body = api.get(base, headers=headers).json
    for key in ("created_at", "updated_at"):
        assert RFC3339.match(body[key]), body[key]
        assert datetime.fromisoformat(body[key]).utcoffset() is not None


@pytest.mark.parametrize("method, path, status", [
    ("GET", "/api/v1/nope", 404),
    ("GET", "/api/v1/", 404),
    ("GET", "/api/v1/assessments/AIC-XXXX-XXXX/nope", 404),
    ("DELETE", "/api/v1/assessments", 405),
    ("GET", "/api/v1/assessments", 405),
    ("POST", "/api/v1/assessments/AIC-XXXX-XXXX", 405),
    ("PATCH", "/api/v1/assessments/AIC-XXXX-XXXX/answers", 405),
])
def test_routing_errors_under_the_api_are_json_without_a_cookie(
        api: FlaskClient, method: str, path: str, status: int) -> None:
    response = api.open(path, method=method, headers={"Accept-Language": "fr"})
    assert response.status_code == status
    assert response.mimetype == "application/json" and "error" in response.json
    assert "Set-Cookie" not in response.headers
    if status == 405:
        allowed = {m.strip() for m in response.headers["Allow"].split(",")}
        assert method not in allowed and allowed & {"GET", "POST", "PUT"}


def test_no_answer_of_the_api_sets_a_cookie(api: FlaskClient, created: dict[str, Any]) -> None:
    base, headers = f"/api/v1/assessments/{created['reference']}", auth(created["secret"])
    for response in (api.get(base, headers=headers), api.get(base), api.get(f"{base}/result", headers=headers),
                     api.put(f"{base}/answers", headers=headers, json={"answers": {"role": "robot"}}),
                     api.get(f"{base}/report.md", headers=headers), api.get("/api/v1/openapi.json"),
                     api.post("/api/v1/assessments", json={"system_name": "S", "organisation": "O"})):
        assert "Set-Cookie" not in response.headers, response.request.path


def test_a_body_too_large_is_a_json_413(api: FlaskClient, api_app: Flask) -> None:
    api_app.config["MAX_CONTENT_LENGTH"] = 1000
    response = api.post("/api/v1/assessments", data='{"system_name": "' + "S" * 2000 + '"}',
                        content_type="application/json")
    assert response.status_code == 413 and response.json["error"] == "request body too large"


@pytest.mark.parametrize("body, field", [
    ({"system_name": "S", "organisation": "O", "lang": ""}, "lang"),
    ({"system_name": "S", "organisation": "O", "lang": 5}, "lang"),
    ({"system_name": " \u3000", "organisation": "O"}, "system_name"),
    ({"system_name": "S", "organisation": ""}, "organisation"),
    ({"system_name": "S", "organisation": "O", "questionnaire": ""}, "questionnaire"),
])
def test_what_the_document_forbids_is_refused(api: FlaskClient, body: dict[str, Any], field: str) -> None:
    response = api.post("/api/v1/assessments", json=body)
    assert response.status_code == 422 and field in response.json["errors"], response.json


def test_null_language_and_questionnaire_mean_the_defaults(api: FlaskClient) -> None:
    response = api.post("/api/v1/assessments", json={"system_name": "S", "organisation": "O", "lang": None,
                                                      "questionnaire": None, "contact": "  "})
    assert response.status_code == 201
    assert response.json["lang"] == "en" and response.json["questionnaire"]["id"] == "mini-report"
    assert response.json["contact"] is None


@pytest.mark.parametrize("answers, field", [
    ({"listed_use": "yes"}, "answers.listed_use"),        # JSON has booleans: "yes" is a text
    ({"banned_use": "unsure"}, "answers.banned_use"),     # not allowed for this question
    ({"people_count": "5"}, "answers.people_count"),      # a text, not a number
    ({"people_count": 2.5}, "answers.people_count"),      # a whole number is asked
    ({"categories": ["contact", "contact"]}, "answers.categories"),
    ({"categories": ["contact", "none"]}, "answers.categories"),   # "none" is exclusive
    ({"categories": "contact"}, "answers.categories"),    # a list is asked
    ({"role": ""}, "answers.role"),                       # null clears, an empty text is not an option
    ({"start": "20260101"}, "answers.start"),             # not YYYY-MM-DD
    ({"retention": "x" * 501}, "answers.retention"),
])
def test_answer_values_are_those_the_document_lists(api: FlaskClient, created: dict[str, Any],
                                                      answers: dict[str, Any], field: str) -> None:
    response = api.put(f"/api/v1/assessments/{created['reference']}/answers", headers=auth(created["secret"]),
                       json={"answers": answers})
    assert response.status_code == 422 and set(response.json["errors"]) == {field}, response.json


def test_unknown_language_of_a_result_or_report_is_refused(api: FlaskClient, created: dict[str, Any]) -> None:
    base, headers = f"/api/v1/assessments/{created['reference']}", auth(created["secret"])
    for path in ("/result", "/report.json"):
        response = api.get(f"{base}{path}?lang=de", headers=headers)
        assert response.status_code == 422 and response.json["errors"] == {"lang": "one of: en, fr"}


def test_text_reports_name_their_charset_once(api: FlaskClient, created: dict[str, Any]) -> None:
    base, headers = f"/api/v1/assessments/{created['reference']}", auth(created["secret"])
    assert api.get(f"{base}/report.md", headers=headers).content_type == "text/markdown; charset=utf-8"
    assert api.get(f"{base}/report.csv", headers=headers).content_type == "text/csv; charset=utf-8"


def test_an_integrity_error_that_is_no_race_is_not_called_a_conflict(db_api: FlaskClient, db_api_app: Flask) -> None:
    """The root of "409 forever": a NOT NULL violation was reported as "changed meanwhile"."""
    from sqlalchemy.exc import IntegrityError

    from wizard import assessments

    created = create(db_api)
    db_api.put(f"/api/v1/assessments/{created['reference']}/answers", headers=auth(created["secret"]),
               json={"statuses": {"literacy": {"status": "done"}}})
    with db_api_app.app_context():
        assessment = db.session.scalars(select(Assessment)).one()
        versions = assessments.status_versions(assessment)
        with pytest.raises(IntegrityError):   # a bug surfaces as one, never as a ConflictError
            assessments._save_versioned(assessment, ObligationStatus, ObligationStatus.obligation_id,
                                        {"literacy": {"status": "in_progress", "note": None}}, versions)
        db.session.rollback()
        assessments.save_statuses(assessment, {"literacy": {"status": "in_progress", "note": None}}, versions)
        assert assessments.statuses_of(assessment) == {"literacy": {"status": "in_progress", "note": ""}}
