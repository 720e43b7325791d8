"""Fixtures for the API and verification page: an app on the report tests' small questionnaire."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import drop_schema, reset_schema
from wizard import create_app

QUESTIONNAIRES = Path(__file__).parent.parent / "report" / "fixtures" / "questionnaires"


@pytest.fixture
def api_app(db_url: str) -> Iterator[Flask]:
    """The app on SQLite and on PostgreSQL, with the report tests' questionnaire and CSRF on (as in
    production)."""
    app = create_app({
        "TESTING": True, "SECRET_KEY": "api-test-secret-key-long-enough-0123456789",
        "SQLALCHEMY_DATABASE_URI": db_url,
        "QUESTIONNAIRES_PATH": str(QUESTIONNAIRES), "SERVER_NAME": "wizard.test",
        # API tests create and download a lot from one address; tests/web/test_trust_limits.py tests the limits
        "RATELIMIT_CREATE": "10000 per minute", "RATELIMIT_DOWNLOAD": "10000 per minute",
    })
    reset_schema(app)
    yield app
    drop_schema(app)


@pytest.fixture
def api(api_app: Flask) -> FlaskClient:
    return api_app.test_client()


@pytest.fixture
def created(api: FlaskClient) -> dict[str, Any]:
    """A new assessment (its JSON, with the secret)."""
    response = api.post("/api/v1/assessments", json={"system_name": "CV Screener", "organisation": "Acme SAS",
                                                       "lang": "en"})
    assert response.status_code == 201, response.json
    body: dict[str, Any] = response.json
    return body


@pytest.fixture
def db_api_app(db_url: str) -> Iterator[Flask]:
    """The API app on each database (SQLite and PostgreSQL), with the report tests' questionnaire."""
    application = create_app({
        "TESTING": True, "SECRET_KEY": "api-test-secret-key-long-enough-0123456789",
        "SQLALCHEMY_DATABASE_URI": db_url, "QUESTIONNAIRES_PATH": str(QUESTIONNAIRES), "SERVER_NAME": "wizard.test",
    })
    reset_schema(application)
    yield application
    drop_schema(application)


@pytest.fixture
def db_api(db_api_app: Flask) -> FlaskClient:
    return db_api_app.test_client()
