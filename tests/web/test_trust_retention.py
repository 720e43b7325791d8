"""[23] Retention and deletion: confirmed assessments have a period too, purged by the same command and
announced in the privacy notice; on SQLite a deleted answer leaves no bytes behind in the file."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import text

from wizard import assessments
from wizard.extensions import db
from wizard.models import Assessment, utcnow

from .helpers import Respondent


def aged(app: Flask, reference: str, days: int) -> None:
    with app.app_context():
        found = db.session.query(Assessment).filter_by(reference=reference).one()
        found.updated_at = utcnow() - timedelta(days=days)
        db.session.commit()


def test_confirmed_assessments_are_purged_after_their_own_period(app: Flask) -> None:
    r = Respondent(app.test_client())
    old, recent, draft = r.start(name="old"), r.start(name="recent"), r.start(name="draft")
    with app.app_context():
        for reference in (old, recent):
            assessments.complete(db.session.query(Assessment).filter_by(reference=reference).one())
    aged(app, old, 800)
    aged(app, recent, 100)
    aged(app, draft, 100)
    result = app.test_cli_runner().invoke(args=["purge-drafts"])
    assert result.exit_code == 0, result.output
    assert "Deleted 0 draft" in result.output and "Deleted 1 confirmed assessment(s) untouched for 730" in result.output
    with app.app_context():
        assert {a.system_name for a in db.session.query(Assessment)} == {"recent", "draft"}
    result = app.test_cli_runner().invoke(args=["purge-drafts", "--completed-days", "50"])
    assert "Deleted 1 confirmed" in result.output


def test_the_privacy_notice_states_both_periods(app: Flask, client: Any) -> None:
    app.config.update(DRAFT_RETENTION_DAYS=90, COMPLETED_RETENTION_DAYS=365)
    page = client.get("/privacy").get_data(as_text=True)
    assert "deleted 90 days after its last change" in page and "confirmed assessment is deleted 365 days" in page
    assert "never the link" in page
    page = client.get("/privacy", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "365" in page and "90" in page


def test_sqlite_deletion_leaves_no_trace_in_the_file(app_factory: Any, tmp_path: Path) -> None:
    """secure_delete is on for every connection: the deleted text is not in the database file."""
    database = tmp_path / "erase.sqlite3"
    app = app_factory(f"sqlite:///{database}")
    with app.app_context():
        db.create_all()
        assert db.session.execute(text("PRAGMA secure_delete")).scalar() == 1
    r = Respondent(app.test_client())
    reference = r.start(name="Secret-system-name-XYZZY")
    r.answer(reference, "basics", {"is_ai": "yes", "purpose": "Confidential-purpose-PLUGH"})
    r.get(f"/assessments/{reference}/delete")
    assert r.post(f"/assessments/{reference}/delete").status_code == 303
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    content = database.read_bytes()
    assert b"XYZZY" not in content and b"PLUGH" not in content
