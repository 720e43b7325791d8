"""Operations on assessments: secrets, pinning, deletion and the purge of abandoned drafts."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask

from wizard import assessments
from wizard.catalog import catalog
from wizard.extensions import db
from wizard.models import Answer, Assessment, ObligationStatus, QuestionnaireSnapshot, utcnow
from wizard.questionnaire import load_frozen

from .helpers import Respondent


def start(app: Flask, name: str = "S") -> tuple[Assessment, str]:
    """An assessment started directly through the operations."""
    q = catalog().for_new_assessment("mini")
    assert q is not None
    return assessments.start(q, system_name=name, organisation="O", contact=None, lang="en")


def test_tokens_are_random_and_only_their_hash_is_stored(app: Flask) -> None:
    """Secret links: 256 random bits each, stored as sha256 only, found by token."""
    with app.app_context():
        first, token1 = start(app)
        second, token2 = start(app)
        assert token1 != token2 and len(token1) >= 43
        assert first.token_hash == assessments.hash_token(token1) != token1
        assert assessments.find_by_token(token1) is first
        assert assessments.find_by_token(token1 + "x") is None
        assert assessments.find_by_token("") is None
        assert assessments.find_by_token("a" * 500) is None


def test_assessment_is_pinned_to_a_frozen_questionnaire(app: Flask) -> None:
    """[18] The snapshot reloads to the same questionnaire, with the same content hash."""
    with app.app_context():
        assessment, _ = start(app)
        snapshot = db.session.get(QuestionnaireSnapshot, assessment.content_hash)
        assert snapshot is not None
        assert assessment.questionnaire_id == "mini" and assessment.questionnaire_version == "1.0"
        reloaded = load_frozen(snapshot.frozen)
        assert reloaded.content_hash == assessment.content_hash
        start(app, "again")
        assert db.session.query(QuestionnaireSnapshot).count() == 1  # shared by both assessments


def test_old_assessment_renders_after_the_yaml_changes(app: Flask) -> None:
    """[18] An assessment keeps its questionnaire when the catalogue no longer has that version."""
    r = Respondent(app.test_client())
    ref = r.start()
    app.extensions["catalog"].current.clear()  # the YAML was replaced meanwhile
    app.extensions["catalog"]._frozen.clear()
    page = r.get(f"/assessments/{ref}/steps/basics").get_data(as_text=True)
    assert "Is it an AI system?" in page


def test_save_is_all_or_nothing(app: Flask) -> None:
    """[16] A conflict on one question saves none of the step."""
    with app.app_context():
        assessment, _ = start(app)
        assessments.save_answers(assessment, {"is_ai": True, "purpose": "a"}, {})
        try:
            assessments.save_answers(assessment, {"is_ai": False, "purpose": "b"}, {"is_ai": 1, "purpose": 0})
        except assessments.ConflictError as error:
            assert [c.key for c in error.conflicts] == ["purpose"]
        else:
            raise AssertionError("expected a conflict")
        assert assessments.answers_of(assessment) == {"is_ai": True, "purpose": "a"}
        assert assessments.answer_versions(assessment) == {"is_ai": 1, "purpose": 1}


def test_delete_removes_answers_and_statuses(app: Flask) -> None:
    """[23] Deletion leaves nothing behind."""
    with app.app_context():
        assessment, _ = start(app)
        assessments.save_answers(assessment, {"is_ai": True}, {})
        assessments.save_statuses(assessment, {"literacy": {"status": "done", "note": ""}}, {})
        assessments.remove(assessment)
        assert db.session.query(Assessment).count() == 0
        assert db.session.query(Answer).count() == 0
        assert db.session.query(ObligationStatus).count() == 0


def test_purge_deletes_only_old_drafts(app: Flask) -> None:
    """[23] Drafts untouched for N days go; recent drafts and confirmed assessments stay."""
    with app.app_context():
        old_draft, _ = start(app, "old draft")
        recent_draft, _ = start(app, "recent draft")
        old_done, _ = start(app, "old but confirmed")
        assessments.complete(old_done)
        long_ago = utcnow() - timedelta(days=40)
        old_draft.updated_at = long_ago
        old_done.updated_at = long_ago
        db.session.commit()
        assert assessments.purge_drafts(30) == 1
        names = {a.system_name for a in db.session.query(Assessment)}
        assert names == {"recent draft", "old but confirmed"}


def test_purge_command(app: Flask) -> None:
    """``flask --app wizard purge-drafts --days N`` reports how many drafts it deleted."""
    with app.app_context():
        draft, _ = start(app)
        draft.updated_at = utcnow() - timedelta(days=10)
        db.session.commit()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["purge-drafts", "--days", "30"])
    assert result.exit_code == 0 and "Deleted 0" in result.output
    result = runner.invoke(args=["purge-drafts", "--days", "5"])
    assert result.exit_code == 0 and "Deleted 1" in result.output
    assert runner.invoke(args=["purge-drafts", "--days", "0"]).exit_code != 0
