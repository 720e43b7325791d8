"""No 500 an anonymous visitor or a respondent can trigger: forms without a session, numbers out of range,
and assessments that already hold a value today's limits refuse still render."""

from __future__ import annotations

import logging

import pytest
from flask import Flask
from flask.testing import FlaskClient

from wizard import assessments
from wizard.extensions import db
from wizard.models import Answer, Assessment

from .helpers import BASICS, USAGE, Respondent


@pytest.mark.parametrize("path", ["/steps/basics", "/steps/usage", "/obligations"])
def test_post_without_session_or_token_is_404_without_a_traceback(
        app: Flask, client: FlaskClient, path: str, caplog: pytest.LogCaptureFixture) -> None:
    """A form posted with no session cookie (so no CSRF token): the assessment is not found, nothing else."""
    owner = Respondent(app.test_client())
    reference = owner.start()
    with caplog.at_level(logging.INFO):
        response = client.post(f"/assessments/{reference}{path}", data={"is_ai": "yes"})
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]


def test_post_with_a_foreign_session_is_404(app: Flask) -> None:
    """A visitor with a session of their own, but no grant for this assessment, and a stale token."""
    owner, stranger = Respondent(app.test_client()), Respondent(app.test_client())
    reference = owner.start()
    stranger.get("/")
    response = stranger.post(f"/assessments/{reference}/steps/basics", {**BASICS, "csrf_token": "stale"})
    assert response.status_code == 404


@pytest.mark.parametrize("value", ["99999999999999999999999999999", "1e308", "9" * 400, "1e999", "-1e308"])
def test_numbers_out_of_range_are_refused_at_input(app: Flask, client: FlaskClient, value: str) -> None:
    r = Respondent(client)
    reference = r.start()
    r.answer(reference, "basics", BASICS)
    response = r.answer(reference, "usage", {**USAGE, "users": value})
    assert response.status_code == 400
    assert ("Enter a number of at most 1,000,000" in r.page or "Enter a number of at least 0" in r.page)
    with app.app_context():
        assert db.session.query(Answer).filter_by(question_id="users").count() == 0
    for page in ("summary", "result", "report.pdf"):
        assert client.get(f"/assessments/{reference}/{page}").status_code == 200


@pytest.mark.parametrize("stored", [10**29, -10**40, 1e308, 2**70 + 0.5])
def test_an_assessment_holding_a_huge_number_still_renders(app: Flask, client: FlaskClient,
                                                           stored: float) -> None:
    """A value stored before the limits existed (or by hand) never breaks the assessment's pages."""
    r = Respondent(client)
    reference = r.start()
    r.complete(reference)
    with app.app_context():
        assessment = db.session.query(Assessment).filter_by(reference=reference).one()
        assessments.save_answers(assessment, {"users": stored}, assessments.answer_versions(assessment))
    for page in ("summary", "result", "steps/usage", "report.pdf", "report.md", "report.json", "report.csv"):
        response = client.get(f"/assessments/{reference}/{page}")
        assert response.status_code == 200, page
