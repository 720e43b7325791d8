"""Every change of the review workflow, each written with its audit event in one transaction.

Operations check the transition table (workflow.py), refuse stale saves (``StaleError``: the caller
answers 409) and never overwrite a frozen revision or a past verdict: a new submission makes a new
revision; verdicts and comments belong to one revision and stop changing once it is decided.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from wizard import audit
from wizard.accounts.models import User
from wizard.extensions import db
from wizard.models import Assessment, utcnow
from wizard.report.pia import load_mapping

from . import conclusions, workflow
from .models import DECISIONS, VERDICTS, VISIBILITIES, ReviewComment, Revision, Verdict


class ReviewError(Exception):
    """A refused change; ``code`` names the reason (the views translate it)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class StaleError(ReviewError):
    """Someone saved meanwhile: the form was made from an older version (409)."""

    def __init__(self) -> None:
        super().__init__("stale")


@dataclass(frozen=True)
class Submission:
    """What the respondent's side hands over to freeze: answers, statuses and the evaluation."""

    assessment: Assessment
    questionnaire: Any
    answers: dict[str, Any]
    statuses: dict[str, Any]
    result: Any


def current_revision(assessment_id: int) -> Revision | None:
    """The latest revision of an assessment, if it was ever submitted."""
    return db.session.scalar(select(Revision).where(Revision.assessment_id == assessment_id,
                                                    Revision.current.is_(True)))


def status_of(assessment_id: int) -> str:
    """The state of an assessment: its current revision's, or "draft"."""
    revision = current_revision(assessment_id)
    return revision.state if revision is not None else "draft"


def revisions_of(assessment_id: int) -> list[Revision]:
    """Every revision of an assessment, oldest first."""
    return list(db.session.scalars(select(Revision).where(Revision.assessment_id == assessment_id)
                                   .order_by(Revision.number)))


def submit(submission: Submission, message: str) -> Revision:
    """Freeze the assessment as it stands into a new revision, submitted for review."""
    assessment = submission.assessment
    if assessment.completed_at is None:
        raise ReviewError("not_completed")
    previous = current_revision(assessment.id)
    state = previous.state if previous is not None else "draft"
    if not workflow.allowed(workflow.RESPONDENT, state, "submitted"):
        raise ReviewError("not_submittable")
    number = (db.session.scalar(select(func.max(Revision.number))
                                .where(Revision.assessment_id == assessment.id)) or 0) + 1
    if previous is not None:
        previous.current = False
    q, result = submission.questionnaire, submission.result
    revision = Revision(
        assessment_id=assessment.id, number=number, current=True, state="submitted", submitted_at=utcnow(),
        message=message.strip()[:4000], system_name=assessment.system_name, organisation=assessment.organisation,
        questionnaire_version=assessment.questionnaire_version,
        content_hash=assessment.content_hash, answers=dict(submission.answers),
        statuses={k: dict(v) for k, v in submission.statuses.items()},
        conclusions=conclusions.freeze(q, result), headline_value=conclusions.headline(q, result),
        dpia_required=dpia_called_for(q, result),
        assigned_to_id=previous.assigned_to_id if previous is not None else None)
    db.session.add(revision)
    # the message is the respondent's own text: the trail only says one was given
    audit.record("submitted", reference=assessment.reference, revision=number, with_message=bool(message.strip()))
    try:
        db.session.commit()
    except IntegrityError as error:   # two submissions at once: the unique (assessment, number) wins
        db.session.rollback()
        raise StaleError() from error
    return revision


def dpia_called_for(questionnaire: Any, result: Any) -> bool:
    """Whether the questionnaire's PIA mapping (YAML) says this result calls for a DPIA."""
    mapping = load_mapping(questionnaire.id)
    when = (mapping or {}).get("when") or {}
    outcome = result.outcomes.get(str(when.get("outcome")))
    return outcome is not None and any(v.value in set(when.get("values") or ()) for v in outcome.values)


def _expect(revision: Revision, version: int | None) -> None:
    if version is not None and version != revision.version:
        raise StaleError()


def _open_for(revision: Revision, user: User) -> None:
    """Refuse changes to a decided revision or an outdated one; a first act of review starts the review."""
    if not revision.current or revision.state not in workflow.OPEN_STATES:
        raise ReviewError("closed")
    if revision.state == "submitted":
        workflow.check(user.role, "submitted", "in_review")
        revision.state = "in_review"
        revision.version += 1


def assign(revision: Revision, user: User, assignee: User | None, version: int | None) -> None:
    """Assign the revision to ``assignee`` (None: unassign); starts the review."""
    _expect(revision, version)
    if assignee is not None and assignee.role not in workflow.REVIEWERS:
        raise ReviewError("not_a_reviewer")
    _open_for(revision, user)
    revision.assigned_to_id = assignee.id if assignee is not None else None
    revision.version += 1
    audit.record("assigned", reference=revision.assessment.reference, revision=revision.number,
                 assignee=assignee.email if assignee is not None else None)
    db.session.commit()


def save_verdict(revision: Revision, user: User, key: str, verdict: str, comment: str,
                 legal_reference: str, version: int | None) -> Verdict:
    """Create or update this advisor's verdict on one conclusion of an open revision.

    ``version`` is the verdict's version the form was made from (None or 0: no verdict yet).
    """
    conclusion = next((c for c in revision.conclusions if c["key"] == key), None)
    if conclusion is None:
        raise ReviewError("unknown_conclusion")
    if verdict not in VERDICTS:
        raise ReviewError("invalid_verdict")
    comment, legal_reference = comment.strip()[:4000], legal_reference.strip()[:200]
    if verdict != "agree" and not comment:
        raise ReviewError("comment_required")
    existing = db.session.scalar(select(Verdict).where(Verdict.revision_id == revision.id,
                                                       Verdict.conclusion_key == key,
                                                       Verdict.advisor_id == user.id))
    if (existing.version if existing is not None else 0) != (version or 0):
        raise StaleError()
    _open_for(revision, user)
    if existing is None:
        existing = Verdict(revision_id=revision.id, conclusion_key=key, rule_ids=list(conclusion["rule_ids"]),
                           advisor_id=user.id, advisor_label=user.email, verdict=verdict, comment=comment,
                           legal_reference=legal_reference)
        db.session.add(existing)
    else:
        existing.verdict, existing.comment, existing.legal_reference = verdict, comment, legal_reference
        existing.updated_at = utcnow()
        existing.version += 1
    audit.record("verdict", reference=revision.assessment.reference, revision=revision.number,
                 conclusion=key, verdict=verdict)
    try:
        db.session.commit()
    except IntegrityError as error:   # the same advisor saved the same verdict in another tab
        db.session.rollback()
        raise StaleError() from error
    return existing


def add_comment(revision: Revision, user: User, section_id: str | None, text: str, visibility: str) -> ReviewComment:
    """Comment on a section (or the whole assessment) of an open revision."""
    text = text.strip()[:4000]
    if not text:
        raise ReviewError("text_required")
    if visibility not in VISIBILITIES:
        raise ReviewError("invalid_visibility")
    _open_for(revision, user)
    comment = ReviewComment(revision_id=revision.id, section_id=section_id or None, author_id=user.id,
                            author_label=user.email, text=text, visibility=visibility)
    db.session.add(comment)
    audit.record("comment", reference=revision.assessment.reference, revision=revision.number,
                 section=section_id or None, visibility=visibility)
    db.session.commit()
    return comment


def resolve_comment(comment: ReviewComment, user: User) -> None:
    """Mark a comment resolved (it stays, with who resolved it and when)."""
    if comment.resolved_at is not None:
        return
    comment.resolved_at = utcnow()
    comment.resolved_by_label = user.email
    audit.record("comment_resolved", reference=comment.revision.assessment.reference,
                 revision=comment.revision.number, comment=comment.id)
    db.session.commit()


def decide(revision: Revision, user: User, decision: str, summary: str, version: int | None) -> None:
    """Take the decision (changes requested, approved, rejected) with the overall summary."""
    _expect(revision, version)
    if decision not in DECISIONS:
        raise ReviewError("invalid_decision")
    if not revision.current:
        raise ReviewError("closed")
    summary = summary.strip()[:8000]
    if decision != "approved" and not summary:
        raise ReviewError("summary_required")
    if not workflow.allowed(user.role, revision.state, decision):
        raise ReviewError("closed")
    revision.state, revision.summary = decision, summary
    revision.decided_at, revision.decided_by_id, revision.decided_by_label = utcnow(), user.id, user.email
    revision.version += 1
    audit.record("decision", reference=revision.assessment.reference, revision=revision.number,
                 decision=decision)
    db.session.commit()


def save_summary(revision: Revision, user: User, summary: str, version: int | None) -> None:
    """Save the overall summary without deciding yet."""
    _expect(revision, version)
    _open_for(revision, user)
    revision.summary = summary.strip()[:8000]
    revision.version += 1
    audit.record("summary", reference=revision.assessment.reference, revision=revision.number)
    db.session.commit()


def record_export(revision: Revision | None, reference: str, fmt: str) -> None:
    """Note a report download by an advisor in the trail."""
    audit.record("exported", reference=reference, revision=revision.number if revision else None, format=fmt)
    db.session.commit()
