"""Moving an assessment to a newer version of its questionnaire, explicitly, keeping the old one in history.

``preview`` says what the move would do (answers carried over, new questions, answers kept from removed
questions, answers to give again, and what changes in the result); ``upgrade`` does it in one
transaction and records the version left behind (its frozen questionnaire and the answers as they were),
so the old result can always be shown again exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import delete, select

from .assessments import answers_of, mark_changed, snapshot_for, statuses_of
from .engine import evaluate
from .engine.carry_over import CarryOver, carry_over
from .engine.compare import ResultChange, compare_results
from .extensions import db
from .models import Answer, Assessment, PastVersion, utcnow

if TYPE_CHECKING:
    from .engine import Result
    from .questionnaire import Questionnaire


@dataclass
class UpgradePreview:
    """What moving to ``new`` would do, before the respondent accepts it."""

    old: Questionnaire
    new: Questionnaire
    carried: CarryOver
    before: Result
    after: Result
    changes: list[ResultChange]

    @property
    def questions_to_answer(self) -> list[str]:
        """Questions to answer because of the move: new ones now asked, and those whose answer was refused."""
        return [qid for qid in self.after.unanswered
                if qid not in self.old.questions or qid in self.carried.invalid]


def newer_version(current: Questionnaire | None, pinned: Questionnaire) -> Questionnaire | None:
    """The current version when it differs from the one an assessment is pinned to (same questionnaire)."""
    if current is None or current.id != pinned.id or current.content_hash == pinned.content_hash:
        return None
    return current


def preview(assessment: Assessment, old: Questionnaire, new: Questionnaire) -> UpgradePreview:
    """What the move to ``new`` changes: answers sorted out, the result before and after."""
    answers = answers_of(assessment)
    statuses = statuses_of(assessment)
    carried = carry_over({k: v for k, v in answers.items() if k in old.questions}, new)
    # answers already kept from an earlier version's removed questions stay kept
    carried.removed.update({k: v for k, v in answers.items() if k not in old.questions})
    before = evaluate(old, answers, statuses)
    after = evaluate(new, carried.answers, statuses)
    return UpgradePreview(old, new, carried, before, after, compare_results(before, after))


def upgrade(assessment: Assessment, old: Questionnaire, new: Questionnaire, moved_by: str) -> UpgradePreview:
    """Move ``assessment`` to ``new`` in one transaction; the version left is kept in its history.

    Answers the new version accepts are stored in their new canonical form; answers it refuses are
    removed (they stay in the history); answers to removed questions stay stored, ignored and flagged.
    An assessment with questions left to answer becomes a draft again until it is confirmed.
    """
    plan = preview(assessment, old, new)
    snapshot_for(new)
    answers = answers_of(assessment)
    now = utcnow()
    db.session.add(PastVersion(assessment_id=assessment.id, content_hash=old.content_hash,
                               questionnaire_version=old.version, answers=answers,
                               was_completed=assessment.completed_at is not None, moved_by=moved_by,
                               moved_at=now))
    if plan.carried.invalid:
        db.session.execute(delete(Answer).where(Answer.assessment_id == assessment.id,
                                                Answer.question_id.in_(list(plan.carried.invalid))))
    rows = {row.question_id: row for row in db.session.scalars(
        select(Answer).where(Answer.assessment_id == assessment.id))}
    for qid, value in plan.carried.answers.items():
        row = rows.get(qid)
        if row is not None and row.value != value:
            row.value = value
            row.version += 1
            row.updated_at = now
    assessment.content_hash = new.content_hash
    assessment.questionnaire_version = new.version
    mark_changed(assessment, now)
    if plan.questions_to_answer:
        assessment.completed_at = None
    db.session.commit()
    return plan


def history(assessment: Assessment) -> list[PastVersion]:
    """The versions an assessment was on before, most recent first."""
    return list(db.session.scalars(select(PastVersion).where(PastVersion.assessment_id == assessment.id)
                                   .order_by(PastVersion.moved_at.desc(), PastVersion.id.desc())))
