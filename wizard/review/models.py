"""The advisors' review: frozen revisions of submitted assessments, verdicts per conclusion, comments.

The state of an assessment is its current revision's ``state`` (no revision: a draft); the decision is
that state once final, stored nowhere else. Verdict and comment texts that a verdict or a visibility
requires are enforced by CHECK constraints, not only by the forms.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wizard.accounts.models import User
from wizard.extensions import db
from wizard.models import Assessment, utcnow

#: States of a revision (and so of its assessment); "draft" is an assessment without a revision.
STATES = ("submitted", "in_review", "changes_requested", "approved", "rejected")
#: Decisions an advisor can take: the final states of a revision.
DECISIONS = ("changes_requested", "approved", "rejected")
#: An advisor's verdict on one conclusion of the engine.
VERDICTS = ("agree", "disagree", "needs_facts")
#: Who may read a comment.
VISIBILITIES = ("advisors", "respondent")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Revision(db.Model):  # type: ignore[name-defined]
    """One submission of an assessment, frozen: answers, statuses, questionnaire version, conclusions."""

    __tablename__ = "review_revision"
    __table_args__ = (
        UniqueConstraint("assessment_id", "number"),
        CheckConstraint(_in("state", STATES), name="state"),
        # the queue: current revisions by state and date, by assignee, by classification
        Index("ix_review_revision_queue", "current", "state", "submitted_at"),
        Index("ix_review_revision_current_submitted", "current", "submitted_at"),
        Index("ix_review_revision_assigned", "assigned_to_id", "current"),
        Index("ix_review_revision_headline", "headline_value", "current"),
        Index("ix_review_revision_organisation", "current", "organisation", "submitted_at"),
        Index("ix_review_revision_system", "current", "system_name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column()
    #: The latest revision of its assessment (older ones stay, frozen, for history and diffs).
    current: Mapped[bool] = mapped_column(default=True)
    state: Mapped[str] = mapped_column(String(20), default="submitted")
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)
    message: Mapped[str] = mapped_column(Text, default="")
    #: Who and what, as submitted (the queue filters and sorts on them without reading the assessments).
    system_name: Mapped[str] = mapped_column(String(200), default="")
    organisation: Mapped[str] = mapped_column(String(200), default="")
    questionnaire_version: Mapped[str] = mapped_column(String(50))
    content_hash: Mapped[str] = mapped_column(String(64))
    answers: Mapped[dict[str, Any]] = mapped_column(JSON)
    statuses: Mapped[dict[str, Any]] = mapped_column(JSON)
    #: The conclusions as submitted: [{key, kind, id, label, values, rule_ids, references}] (see conclusions.py).
    conclusions: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    #: The headline classification's value(s) and whether a DPIA is called for, for the queue's filters.
    headline_value: Mapped[str | None] = mapped_column(String(100))
    dpia_required: Mapped[bool] = mapped_column(default=False, index=True)
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    summary: Mapped[str] = mapped_column(Text, default="")
    decided_at: Mapped[datetime | None] = mapped_column()
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    decided_by_label: Mapped[str | None] = mapped_column(String(254))
    #: Counts the changes to this row: a form carries it, a stale save is refused (409).
    version: Mapped[int] = mapped_column(default=1)

    assessment: Mapped[Assessment] = relationship()
    assigned_to: Mapped[User | None] = relationship(foreign_keys=[assigned_to_id])
    verdicts: Mapped[list[Verdict]] = relationship(back_populates="revision", cascade="all, delete-orphan",
                                                   passive_deletes=True, order_by="Verdict.id")
    comments: Mapped[list[ReviewComment]] = relationship(back_populates="revision", cascade="all, delete-orphan",
                                                         passive_deletes=True, order_by="ReviewComment.id")

    @property
    def final(self) -> bool:
        """Whether a decision was taken (then nothing in this revision changes any more)."""
        return self.state in DECISIONS


class Verdict(db.Model):  # type: ignore[name-defined]
    """One advisor's verdict on one conclusion of one revision (one row per triple, enforced)."""

    __tablename__ = "review_verdict"
    __table_args__ = (
        UniqueConstraint("revision_id", "conclusion_key", "advisor_id"),
        CheckConstraint(_in("verdict", VERDICTS), name="verdict"),
        # a disagreement or a request for facts must say why
        CheckConstraint("verdict = 'agree' OR length(trim(comment)) > 0", name="comment_required"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("review_revision.id", ondelete="CASCADE"), index=True)
    #: "outcome:<id>" or "obligation:<id>".
    conclusion_key: Mapped[str] = mapped_column(String(120))
    #: The rules that produced the conclusion (copied, so verdicts aggregate per rule).
    rule_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    advisor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    advisor_label: Mapped[str] = mapped_column(String(254))
    verdict: Mapped[str] = mapped_column(String(20))
    comment: Mapped[str] = mapped_column(Text, default="")
    legal_reference: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    revision: Mapped[Revision] = relationship(back_populates="verdicts")


class ReviewComment(db.Model):  # type: ignore[name-defined]
    """A comment on a section (or on the whole assessment), for advisors only or for the respondent."""

    __tablename__ = "review_comment"
    __table_args__ = (
        CheckConstraint(_in("visibility", VISIBILITIES), name="visibility"),
        CheckConstraint("length(trim(text)) > 0", name="text_required"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("review_revision.id", ondelete="CASCADE"), index=True)
    #: The section commented on; None for a general comment.
    section_id: Mapped[str | None] = mapped_column(String(100))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    author_label: Mapped[str] = mapped_column(String(254))
    text: Mapped[str] = mapped_column(Text)
    visibility: Mapped[str] = mapped_column(String(20), default="respondent")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column()
    resolved_by_label: Mapped[str | None] = mapped_column(String(254))

    revision: Mapped[Revision] = relationship(back_populates="comments")
