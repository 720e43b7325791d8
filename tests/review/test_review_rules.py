"""The rules the database and the transition table enforce, whatever the forms do."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from review_helpers import submitted
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from wizard.audit import AuditEvent
from wizard.extensions import db
from wizard.review import workflow
from wizard.review.models import ReviewComment, Revision, Verdict


def test_transition_table() -> None:
    """Respondents submit; reviewers review and decide; approved and rejected are final."""
    assert workflow.allowed("respondent", "draft", "submitted")
    assert workflow.allowed("respondent", "changes_requested", "submitted")
    assert not workflow.allowed("respondent", "submitted", "approved")
    assert not workflow.allowed("advisor", "draft", "submitted")
    assert not workflow.allowed("editor", "in_review", "approved")
    for role in ("advisor", "admin"):
        assert workflow.targets(role, "in_review") == ["changes_requested", "approved", "rejected"]
    for final in ("approved", "rejected"):
        assert all(workflow.targets(actor, final) == [] for actor in ("respondent", "advisor", "editor", "admin"))
    with pytest.raises(workflow.TransitionError):
        workflow.check("advisor", "approved", "in_review")


def test_check_constraints_and_uniqueness(app: Flask, client: FlaskClient, make_user: Any) -> None:
    """A disagreement without a comment, an unknown verdict, an empty comment, a second verdict of the
    same advisor on the same conclusion: each refused by the database itself."""
    _r, _ref = submitted(client)
    make_user("advisor", "ada@authority.test")
    with app.app_context():
        revision = db.session.scalars(select(Revision)).one()
        bad_rows = [
            Verdict(revision_id=revision.id, conclusion_key="outcome:tier", advisor_id=1, advisor_label="a",
                    verdict="disagree", comment="   "),
            Verdict(revision_id=revision.id, conclusion_key="outcome:tier", advisor_id=1, advisor_label="a",
                    verdict="maybe", comment="why"),
            ReviewComment(revision_id=revision.id, author_label="a", text=" ", visibility="respondent"),
            ReviewComment(revision_id=revision.id, author_label="a", text="hi", visibility="everyone"),
            Revision(assessment_id=revision.assessment_id, number=2, state="lost", questionnaire_version="1",
                     content_hash=revision.content_hash, answers={}, statuses={}, conclusions=[]),
        ]
        for row in bad_rows:
            db.session.add(row)
            with pytest.raises(IntegrityError):
                db.session.commit()
            db.session.rollback()
        db.session.add(Verdict(revision_id=revision.id, conclusion_key="outcome:tier", advisor_id=1,
                               advisor_label="a", verdict="agree", comment=""))
        db.session.commit()
        db.session.add(Verdict(revision_id=revision.id, conclusion_key="outcome:tier", advisor_id=1,
                               advisor_label="a", verdict="agree", comment=""))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()


def test_audit_events_are_append_only(app: Flask, client: FlaskClient) -> None:
    """Changing or deleting an audit event fails."""
    submitted(client)
    with app.app_context():
        event = db.session.scalars(select(AuditEvent)).first()
        assert event is not None
        event.action = "decision"
        with pytest.raises(ValueError, match="append-only"):
            db.session.flush()
        db.session.rollback()
        event = db.session.scalars(select(AuditEvent)).first()
        db.session.delete(event)
        with pytest.raises(ValueError, match="append-only"):
            db.session.flush()
        db.session.rollback()


def test_cannot_submit_twice_or_before_confirming(app: Flask, client: FlaskClient) -> None:
    """A submitted assessment cannot be submitted again; a draft must be confirmed first."""
    from web.helpers import Respondent

    r, ref = submitted(client)
    r.get(f"/assessments/{ref}/result")
    r.post(f"/assessments/{ref}/submit", {"message": ""})
    assert "already submitted or decided" in r.get(f"/assessments/{ref}/result").get_data(as_text=True)
    other = Respondent(app.test_client())
    draft = other.start()
    other.get(f"/assessments/{draft}/result")
    other.post(f"/assessments/{draft}/submit", {})
    assert "Confirm your answers" in other.get(f"/assessments/{draft}/result").get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Revision.number).where(Revision.current.is_(True))) == 1
        assert len(db.session.scalars(select(Revision)).all()) == 1
