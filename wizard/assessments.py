"""Operations on assessments: start, save answers and statuses (versioned), complete, delete, purge.

Views call these small functions; they hold no request state, so they are tested directly too.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, literal_column, null, select, union_all, update
from sqlalchemy.exc import IntegrityError

from .extensions import db
from .models import Answer, Assessment, ObligationStatus, PastVersion, QuestionnaireSnapshot, utcnow

if TYPE_CHECKING:
    from wizard.questionnaire import Questionnaire

#: Letters and digits that cannot be mistaken for one another when read aloud or copied by hand.
REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_token() -> str:
    """A secret link token: 32 random bytes (256 bits), URL-safe."""
    return secrets.token_urlsafe(32)


def derive_token(link_key: bytes, salt: str) -> str:
    """The link token of ``salt``: HMAC-SHA256 under the server's link key (256 bits), URL-safe."""
    digest = hmac.new(link_key, salt.encode("ascii"), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def link_token(assessment: Assessment, link_key: bytes) -> str | None:
    """The current secret link token of ``assessment``, or None when it cannot be derived.

    None for assessments created before links were derived, or when the server's secret changed
    since: the respondent then makes a new link (``rotate_link``).
    """
    if not assessment.link_salt:
        return None
    token = derive_token(link_key, assessment.link_salt)
    return token if hmac.compare_digest(hash_token(token), assessment.token_hash) else None


def rotate_link(assessment: Assessment, link_key: bytes) -> str:
    """Give ``assessment`` a new secret link (the old one stops working at once); return its token."""
    assessment.link_salt = secrets.token_hex(32)
    token = derive_token(link_key, assessment.link_salt)
    assessment.token_hash = hash_token(token)
    db.session.commit()
    return token


def hash_token(token: str) -> str:
    """The sha256 hex digest under which a token is stored and looked up (the token never is)."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def new_reference() -> str:
    """A short human reference such as ``AIC-7KQ2-M9XD`` (not a secret: it grants nothing)."""
    chars = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"AIC-{chars[:4]}-{chars[4:]}"


def snapshot_for(questionnaire: Questionnaire) -> QuestionnaireSnapshot:
    """The stored frozen copy of ``questionnaire``, created on first use."""
    found = db.session.get(QuestionnaireSnapshot, questionnaire.content_hash)
    if found is not None:
        return found
    snap = QuestionnaireSnapshot(
        content_hash=questionnaire.content_hash,
        questionnaire_id=questionnaire.id,
        version=questionnaire.version,
        frozen=questionnaire.to_frozen(),
    )
    db.session.add(snap)
    try:
        db.session.commit()
    except IntegrityError:  # another worker stored the same version at the same moment
        db.session.rollback()
        stored = db.session.get(QuestionnaireSnapshot, questionnaire.content_hash)
        if stored is None:
            raise
        return stored
    return snap


def start(questionnaire: Questionnaire, *, system_name: str, organisation: str, contact: str | None,
          lang: str, link_key: bytes | None = None) -> tuple[Assessment, str]:
    """Create an assessment pinned to ``questionnaire``; return it with its secret token.

    With ``link_key`` the token is derived from a random salt (``link_token`` can show it again);
    without, it is purely random and shown once.
    """
    snapshot_for(questionnaire)
    for _ in range(5):
        salt = secrets.token_hex(32) if link_key else None
        token = derive_token(link_key, salt) if link_key and salt else new_token()
        assessment = Assessment(
            reference=new_reference(), token_hash=hash_token(token), link_salt=salt, system_name=system_name,
            organisation=organisation, contact=contact or None, lang=lang,
            questionnaire_id=questionnaire.id, questionnaire_version=questionnaire.version,
            content_hash=questionnaire.content_hash,
        )
        db.session.add(assessment)
        try:
            db.session.commit()
            return assessment, token
        except IntegrityError:  # a reference collision: draw again
            db.session.rollback()
    raise RuntimeError("could not allocate a unique assessment reference")


def find_by_token(token: str) -> Assessment | None:
    """The assessment whose secret link is ``token``, looked up by hash (no timing on the secret)."""
    if not token or len(token) > 200:
        return None
    return db.session.scalar(select(Assessment).where(Assessment.token_hash == hash_token(token)))


def answers_of(assessment: Assessment) -> dict[str, Any]:
    """Stored answers by question id (cleared optional answers left out)."""
    rows = db.session.scalars(select(Answer).where(Answer.assessment_id == assessment.id))
    return {row.question_id: row.value for row in rows if row.value is not None}


def answer_versions(assessment: Assessment) -> dict[str, int]:
    """The save counter of every stored answer, by question id."""
    rows = db.session.execute(
        select(Answer.question_id, Answer.version).where(Answer.assessment_id == assessment.id)
    )
    return {qid: version for qid, version in rows}


def answers_with_versions(assessment: Assessment) -> tuple[dict[str, Any], dict[str, int]]:
    """``answers_of`` and ``answer_versions`` together, in one query (every page needs both)."""
    rows = db.session.execute(
        select(Answer.question_id, Answer.value, Answer.version).where(Answer.assessment_id == assessment.id)
    )
    answers: dict[str, Any] = {}
    versions: dict[str, int] = {}
    for qid, value, version in rows:
        versions[qid] = version
        if value is not None:
            answers[qid] = value
    return answers, versions


@dataclass(frozen=True)
class StoredState:
    """Everything stored about an assessment's answers and obligation statuses, with their save counters."""

    answers: dict[str, Any]
    versions: dict[str, int]
    statuses: dict[str, dict[str, str]]
    status_versions: dict[str, int]


def state_of(assessment: Assessment) -> StoredState:
    """``answers_with_versions`` and ``statuses_with_versions`` in one round trip to the database.

    Every assessment page needs the answers, and most the statuses too (the result, the progress of
    the status step): one ``UNION ALL`` of both tables, told apart by a ``kind`` column.
    """
    # typed Any: the two halves' column types differ (NULL against a value), which SQL accepts
    answers_part: Any = select(literal_column("'a'").label("kind"), Answer.question_id.label("key"),
                               Answer.value.label("value"), Answer.version.label("version"),
                               null().label("status"), null().label("note")
                               ).where(Answer.assessment_id == assessment.id)
    statuses_part: Any = select(literal_column("'s'"), ObligationStatus.obligation_id, null(),
                                ObligationStatus.version, ObligationStatus.status, ObligationStatus.note
                                ).where(ObligationStatus.assessment_id == assessment.id)
    state = StoredState({}, {}, {}, {})
    for kind, key, value, version, status, note in db.session.execute(union_all(answers_part, statuses_part)):
        if kind == "a":
            state.versions[key] = version
            if value is not None:
                state.answers[key] = value
        else:
            state.status_versions[key] = version
            if status:
                state.statuses[key] = {"status": status, "note": note or ""}
    return state


def statuses_with_versions(assessment: Assessment) -> tuple[dict[str, dict[str, str]], dict[str, int]]:
    """``statuses_of`` and ``status_versions`` together, in one query."""
    rows = db.session.execute(
        select(ObligationStatus.obligation_id, ObligationStatus.status, ObligationStatus.note,
               ObligationStatus.version).where(ObligationStatus.assessment_id == assessment.id)
    )
    statuses: dict[str, dict[str, str]] = {}
    versions: dict[str, int] = {}
    for oid, status, note, version in rows:
        versions[oid] = version
        if status:
            statuses[oid] = {"status": status, "note": note or ""}
    return statuses, versions


def statuses_of(assessment: Assessment) -> dict[str, dict[str, str]]:
    """Stored obligation statuses by obligation id, in the engine's ``{"status", "note"}`` form."""
    rows = db.session.scalars(select(ObligationStatus).where(ObligationStatus.assessment_id == assessment.id))
    return {row.obligation_id: {"status": row.status, "note": row.note or ""} for row in rows if row.status}


def status_versions(assessment: Assessment) -> dict[str, int]:
    """The save counter of every stored obligation status."""
    rows = db.session.execute(
        select(ObligationStatus.obligation_id, ObligationStatus.version)
        .where(ObligationStatus.assessment_id == assessment.id)
    )
    return {oid: version for oid, version in rows}


@dataclass(frozen=True)
class Conflict:
    """Somebody else saved ``key`` since the page was shown: both values, and the version now stored."""

    key: str
    mine: dict[str, Any]
    theirs: dict[str, Any]
    version: int


class ConflictError(Exception):
    """Nothing was saved because some values were changed meanwhile by another tab or person."""

    def __init__(self, conflicts: list[Conflict]) -> None:
        super().__init__(", ".join(c.key for c in conflicts))
        self.conflicts = conflicts


#: A save that changes nothing refreshes ``updated_at`` at most this often: it is a sign of life for
#: the purge of drafts, which counts in days, and writing it on every click costs a commit.
SIGN_OF_LIFE = timedelta(hours=1)


def mark_changed(assessment: Assessment, now: datetime) -> None:
    """Note, in the transaction that changes answers or statuses, that the assessment changed.

    ``state_version`` is raised in SQL (``state_version + 1``), so that two workers saving at once
    both count: a state read at an older version is never taken for the new one.
    """
    assessment.updated_at = now
    assessment.state_version = Assessment.state_version + 1


def save_answers(assessment: Assessment, values: dict[str, Any], versions: dict[str, int]) -> None:
    """Store the answers of one step in one transaction, or none of them on a conflict.

    ``versions`` are the counters the step was shown with; a question saved meanwhile with another
    value raises ``ConflictError`` instead of being overwritten silently.
    """
    _save_versioned(assessment, Answer, Answer.question_id,
                    {qid: {"value": value} for qid, value in values.items()}, versions)


def save_statuses(assessment: Assessment, values: dict[str, dict[str, Any]],
                  versions: dict[str, int]) -> None:
    """Store obligation statuses (``{"status", "note"}`` by obligation id) like ``save_answers``; a missing
    note is stored as an empty one (the column is NOT NULL)."""
    rows = {oid: {"status": v.get("status"), "note": v.get("note") or ""} for oid, v in values.items()}
    _save_versioned(assessment, ObligationStatus, ObligationStatus.obligation_id, rows, versions)


def _save_versioned(assessment: Assessment, model: Any, key_column: Any, values: dict[str, dict[str, Any]],
                    versions: dict[str, int]) -> None:
    """Optimistic, all-or-nothing save of rows keyed by (assessment, key) with a version counter."""
    now = utcnow()
    current = {getattr(row, key_column.key): row for row in db.session.scalars(
        select(model).where(model.assessment_id == assessment.id, key_column.in_(list(values))))}
    conflicts: list[Conflict] = []
    written = False
    try:
        for key, columns in values.items():
            row = current.get(key)
            seen = versions.get(key, 0)
            if row is None:
                db.session.add(model(assessment_id=assessment.id, **{key_column.key: key}, **columns,
                                     version=1, updated_at=now))
                written = True
                continue
            stored = {name: getattr(row, name) for name in columns}
            if stored == columns:
                continue  # nothing changes: never a conflict, no new version
            if row.version != seen:
                conflicts.append(Conflict(key, columns, stored, row.version))
                continue
            result = db.session.execute(
                update(model).where(model.id == row.id, model.version == seen)
                .values(**columns, version=model.version + 1, updated_at=now)
                .execution_options(synchronize_session=False)
            )
            if result.rowcount != 1:  # type: ignore[attr-defined]  # saved by another worker just now
                conflicts.append(Conflict(key, columns, stored, seen + 1))
            written = True
        if conflicts:
            raise ConflictError(conflicts)
        if written:
            mark_changed(assessment, now)
        elif now - assessment.updated_at >= SIGN_OF_LIFE:
            assessment.updated_at = now  # saved again unchanged: still a sign of life (drafts are purged)
        else:
            return  # nothing to write: the request's read-only transaction ends with it
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        # Only a row inserted here can have lost a race to another worker; any other integrity error is
        # a bug to surface, not a "changed meanwhile" that no retry could ever get past.
        inserted = {key: columns for key, columns in values.items() if key not in current}
        raced = inserted and db.session.scalar(select(model.id).where(
            model.assessment_id == assessment.id, key_column.in_(list(inserted))).limit(1)) is not None
        if not raced:
            raise
        raise ConflictError(_fresh_conflicts(assessment, model, key_column, inserted)) from None
    except ConflictError:
        db.session.rollback()
        raise
    db.session.expire_all()


def _fresh_conflicts(assessment: Assessment, model: Any, key_column: Any,
                     values: dict[str, dict[str, Any]]) -> list[Conflict]:
    """Conflicts re-read after a lost insert race."""
    rows = db.session.scalars(select(model).where(model.assessment_id == assessment.id,
                                                  key_column.in_(list(values))))
    found = []
    for row in rows:
        key = getattr(row, key_column.key)
        stored = {name: getattr(row, name) for name in values[key]}
        if stored != values[key]:
            found.append(Conflict(key, values[key], stored, row.version))
    return found


def complete(assessment: Assessment) -> None:
    """Mark the assessment as confirmed by the respondent (it is no longer a draft)."""
    assessment.completed_at = assessment.updated_at = utcnow()
    db.session.commit()


def remove(assessment: Assessment) -> None:
    """Delete an assessment with its answers and statuses, for good."""
    db.session.execute(delete(Answer).where(Answer.assessment_id == assessment.id))
    db.session.execute(delete(ObligationStatus).where(ObligationStatus.assessment_id == assessment.id))
    db.session.execute(delete(PastVersion).where(PastVersion.assessment_id == assessment.id))
    db.session.delete(assessment)
    db.session.commit()


def purge_drafts(days: int, now: datetime | None = None) -> int:
    """Delete drafts (never confirmed) untouched for ``days`` days; return how many were deleted."""
    return _purge(Assessment.completed_at.is_(None), days, now)


def purge_completed(days: int, now: datetime | None = None) -> int:
    """Delete confirmed assessments untouched for ``days`` days; return how many were deleted."""
    return _purge(Assessment.completed_at.is_not(None), days, now)


def _purge(which: Any, days: int, now: datetime | None) -> int:
    """Delete the assessments matching ``which`` untouched for ``days`` days; how many were deleted."""
    limit = (now or utcnow()) - timedelta(days=days)
    stale = list(db.session.scalars(select(Assessment).where(which, Assessment.updated_at < limit)))
    for assessment in stale:
        remove(assessment)
    return len(stale)
