"""[3][20] What advisors cannot reach, and what the audit trail and the logs never keep.

Distinctive values (a password, a secret link, answer texts, a comment) go through every audited
action; then every audit row and every captured log line is searched for them.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from review_helpers import TOKEN, Advisor, submitted
from sqlalchemy import select
from web.helpers import Respondent

import wizard
from wizard.audit import AuditEvent
from wizard.extensions import db

PASSWORD = "Zebra-Quokka-7731-Unlikely"
WRONG_PASSWORD = "Wombat-Narwhal-9902-Typo"
PURPOSE = "Sorts applicants by Xylophonic-Gaze"


def audit_text(app: Flask) -> tuple[list[str], str]:
    """(actions in order, every audit row's columns as one text)."""
    with app.app_context():
        rows = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
        return [r.action for r in rows], "\n".join(
            f"{r.action} {r.actor_label} {r.assessment_reference} {r.revision} {r.details!r}" for r in rows)


def test_no_password_link_or_answer_in_the_trail_or_the_logs(app: Flask, client: FlaskClient, make_user: Any,
                                                             login_as: Any, caplog: pytest.LogCaptureFixture) -> None:
    """[20] Every audited action writes its row, and none holds a password, a secret link or an answer."""
    caplog.set_level(logging.DEBUG)
    respondent = Respondent(client)
    ref = respondent.start(name="Quokka ranker")
    link = respondent.secret_link()
    secret = link.rstrip("/").rsplit("/", 1)[-1]
    assert len(secret) >= 40 and secret in link
    respondent.complete(ref)
    assert respondent.answer(ref, "basics", {"is_ai": "yes", "purpose": PURPOSE, "details": ""}).status_code == 303
    respondent.get(f"/assessments/{ref}/summary")
    assert respondent.post(f"/assessments/{ref}/complete").status_code == 303
    respondent.get(f"/assessments/{ref}/result")
    assert respondent.post(f"/assessments/{ref}/submit", {"message": "Narwhal-Message"}).status_code == 303

    email = make_user("advisor", "reviewer.one@authority.test", password=PASSWORD)
    advisor = Advisor(app.test_client())
    page = advisor.client.get("/login").get_data(as_text=True)
    token = TOKEN.search(page)
    assert token
    assert advisor.client.post("/login", data={"csrf_token": token.group(1), "email": email,
                                               "password": WRONG_PASSWORD}).status_code == 401
    login_as(advisor.client, None, email=email, password=PASSWORD)
    advisor.get(f"/review/{ref}/")
    advisor.post(f"/review/{ref}/assign", {"assignee": "me", "version": advisor.version()})
    advisor.post(f"/review/{ref}/verdicts", {"conclusion": "outcome:tier", "verdict": "disagree",
                                             "comment": "Verdict-Pangolin", "version": "0"})
    advisor.post(f"/review/{ref}/comments", {"text": "Comment-Axolotl", "visibility": "advisors"})
    advisor.get(f"/review/{ref}/")
    advisor.post(f"/review/{ref}/decision", {"decision": "approved", "summary": "Summary-Okapi",
                                            "version": advisor.version()})
    assert advisor.client.get(f"/review/{ref}/revisions/1/report.pdf").status_code == 200
    assert advisor.client.get(f"/review/{ref}/audit.csv").status_code == 200

    admin = app.test_client()
    login_as(admin, "admin")
    with app.app_context():
        uid = db.session.scalar(select(AuditEvent.actor_id).where(AuditEvent.actor_label == email))
    admin_page = admin.get("/admin/users").get_data(as_text=True)
    admin_token = TOKEN.search(admin_page)
    assert admin_token
    assert admin.post(f"/admin/users/{uid}/role", data={"csrf_token": admin_token.group(1),
                                                        "role": "editor"}).status_code == 303
    assert admin.get("/admin/audit.csv").status_code == 200

    actions, trail = audit_text(app)
    for action in ("submitted", "sign_in_failed", "sign_in", "assigned", "verdict", "comment", "decision",
                   "exported", "audit_exported", "role_changed"):
        assert action in actions, action
    assert actions.count("audit_exported") == 2   # the advisor's and the admin's
    logs = "\n".join(f"{r.getMessage()} {r.args!r} {getattr(r, '__dict__', {})!r}" for r in caplog.records)
    assert ref in trail
    for value in (PASSWORD, WRONG_PASSWORD, secret, PURPOSE, "Trained in March", "Narwhal-Message",
                  "Verdict-Pangolin", "Comment-Axolotl", "Summary-Okapi"):
        assert value not in trail, value
        assert value not in logs, value


def test_advisors_get_nothing_of_a_draft(app: Flask, client: FlaskClient, login_as: Any) -> None:
    """[3] A draft's reports in every format and its API routes answer 404 to a signed-in advisor."""
    draft = Respondent(client).start(name="Draft")
    advisor = app.test_client()
    login_as(advisor, "advisor")
    for ext in ("pdf", "json", "md"):
        assert advisor.get(f"/review/{draft}/revisions/1/report.{ext}").status_code == 404, ext
        assert advisor.get(f"/api/v1/assessments/{draft}/report.{ext}").status_code == 404, ext
    for url in (f"/api/v1/assessments/{draft}", f"/api/v1/assessments/{draft}/result"):
        assert advisor.get(url).status_code == 404, url


def test_advisors_cannot_change_answers_through_the_api(app: Flask, client: FlaskClient, login_as: Any) -> None:
    """[3] Holding the review page, an advisor's session opens no API write: 404, nothing changes."""
    _respondent, ref = submitted(client)
    advisor = Advisor(app.test_client())
    login_as(advisor.client, "advisor")
    assert advisor.get(f"/review/{ref}/").status_code == 200
    before = audit_text(app)
    put = advisor.client.put(f"/api/v1/assessments/{ref}/answers", json={"answers": {"purpose": "Changed"}})
    assert put.status_code == 404
    assert advisor.client.post(f"/api/v1/assessments/{ref}/submit", json={}).status_code == 404
    assert audit_text(app) == before


def test_the_application_never_updates_or_deletes_audit_rows() -> None:
    """[20] No bulk update or delete of the audit table anywhere in the application's code (the ORM
    path is refused by the append-only listener, tests/review/test_review_rules.py)."""
    root = Path(wizard.__file__).parent
    pattern = re.compile(r"(update|delete)\(\s*AuditEvent|(UPDATE|DELETE\s+FROM)\s+audit_event", re.I)
    offenders = [str(path) for path in root.rglob("*.py") if pattern.search(path.read_text(encoding="utf-8"))]
    assert offenders == []
