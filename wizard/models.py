"""Database models: assessments, their answers and obligation statuses, and frozen questionnaires."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint, column, select, table, true
from sqlalchemy.orm import Mapped, column_property, mapped_column, relationship

from .extensions import db


def utcnow() -> datetime:
    """The current time in UTC, naive: stored the same way on SQLite and PostgreSQL."""
    return datetime.now(UTC).replace(tzinfo=None)


class QuestionnaireSnapshot(db.Model):  # type: ignore[name-defined]
    """A frozen copy of one questionnaire version, shared by every assessment started on it."""

    __tablename__ = "questionnaire_snapshot"

    content_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    questionnaire_id: Mapped[str] = mapped_column(String(100))
    version: Mapped[str] = mapped_column(String(50))
    frozen: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


#: The review revisions' table, as far as ``Assessment.current_revision_id`` reads it.
_REVISION = table("review_revision", column("id"), column("assessment_id"), column("current"))


class Assessment(db.Model):  # type: ignore[name-defined]
    """One AI system described by a respondent, reached through its secret link."""

    __tablename__ = "assessment"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: A short public reference (shown in pages and reports); it grants no access by itself.
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    #: sha256 of the secret link token: the token itself is never stored.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    #: Random salt the link token is derived from (with a key derived from SECRET_KEY), so that the
    #: link can be shown again to a browser holding a grant without keeping it anywhere; a new salt
    #: rotates the link. Unset for assessments created before links were derived.
    link_salt: Mapped[str | None] = mapped_column(String(64))
    system_name: Mapped[str] = mapped_column(String(200))
    organisation: Mapped[str] = mapped_column(String(200))
    contact: Mapped[str | None] = mapped_column(String(200))
    lang: Mapped[str] = mapped_column(String(10))
    questionnaire_id: Mapped[str] = mapped_column(String(100))
    questionnaire_version: Mapped[str] = mapped_column(String(50))
    content_hash: Mapped[str] = mapped_column(ForeignKey("questionnaire_snapshot.content_hash"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    #: Set when the respondent confirms the answers on the summary page; unset = draft.
    completed_at: Mapped[datetime | None] = mapped_column()
    #: Raised by one in the transaction of every save of answers or statuses (``assessments.py``,
    #: ``upgrades.py``): a worker that read the answers and statuses at this version may reuse them
    #: as long as the row still says so (``web/access.py``).
    state_version: Mapped[int] = mapped_column(default=0, server_default="0")

    #: The id of the current review revision, None when never submitted (the review package's table,
    #: named here so that this module does not import it). Deferred: the pages that show the review
    #: state load it with the assessment, in the same query (``web/access.py``).
    current_revision_id: Mapped[int | None] = column_property(
        select(_REVISION.c.id).where(_REVISION.c.assessment_id == id, _REVISION.c.current == true())
        .limit(1).scalar_subquery(), deferred=True)

    snapshot: Mapped[QuestionnaireSnapshot] = relationship()
    answers: Mapped[list[Answer]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan", passive_deletes=True
    )
    statuses: Mapped[list[ObligationStatus]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan", passive_deletes=True
    )


class Answer(db.Model):  # type: ignore[name-defined]
    """The answer to one question of one assessment; ``version`` counts its saves (optimistic lock)."""

    __tablename__ = "answer"
    __table_args__ = (UniqueConstraint("assessment_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(String(100))
    #: The canonical value (bool, str, list, number); None when an optional answer was cleared.
    value: Mapped[Any] = mapped_column(JSON, nullable=True)
    version: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    assessment: Mapped[Assessment] = relationship(back_populates="answers")


class ObligationStatus(db.Model):  # type: ignore[name-defined]
    """Where the organisation stands on one applicable obligation (done, in progress, ...)."""

    __tablename__ = "obligation_status"
    __table_args__ = (UniqueConstraint("assessment_id", "obligation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"))
    obligation_id: Mapped[str] = mapped_column(String(100))
    status: Mapped[str | None] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    assessment: Mapped[Assessment] = relationship(back_populates="statuses")


class PastVersion(db.Model):  # type: ignore[name-defined]
    """A questionnaire version an assessment was on before being moved to a newer one."""

    __tablename__ = "past_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"), index=True)
    content_hash: Mapped[str] = mapped_column(ForeignKey("questionnaire_snapshot.content_hash"))
    questionnaire_version: Mapped[str] = mapped_column(String(50))
    #: The answers as they were on that version (the old result is re-evaluated from them).
    answers: Mapped[dict[str, Any]] = mapped_column(JSON)
    #: Whether the respondent had confirmed the answers on that version.
    was_completed: Mapped[bool] = mapped_column(default=False)
    #: Who moved it: "respondent" or "advisor".
    moved_by: Mapped[str] = mapped_column(String(20))
    moved_at: Mapped[datetime] = mapped_column(default=utcnow)

    snapshot: Mapped[QuestionnaireSnapshot] = relationship()
