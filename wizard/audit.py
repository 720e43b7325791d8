"""The audit trail: append-only events, who did what and when, written with the change they record.

An event names its actor by id *and* by label (the e-mail address at the time), so that the trail
still reads after an account is deleted. Details never hold a secret, a password or an answer: only
identifiers, statuses and counts. Rows are never updated or deleted (a flush that tries fails).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

from flask import Response, has_request_context, request, stream_with_context
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import JSON, ForeignKey, Index, Select, String, event, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from .extensions import db
from .models import utcnow

#: Every kind of event, so that a reader (and the CSV export) knows the closed set.
ACTIONS = (
    "sign_in", "sign_in_failed", "sign_out", "password_changed", "user_created", "role_changed",
    "user_deactivated", "user_reactivated", "submitted", "assigned", "verdict", "comment",
    "comment_resolved", "summary", "decision", "exported", "audit_exported",
)


class AuditEvent(db.Model):  # type: ignore[name-defined]
    """One thing that happened: an action, its actor, the assessment and revision it concerns."""

    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_event_assessment_at", "assessment_reference", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    action: Mapped[str] = mapped_column(String(40))
    #: The account that acted (kept null when the account is deleted; the label stays).
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    #: Who acted, as shown: an e-mail address, "respondent", "api" or "cli".
    actor_label: Mapped[str] = mapped_column(String(254))
    assessment_reference: Mapped[str | None] = mapped_column(String(20))
    revision: Mapped[int | None] = mapped_column()
    #: Identifiers and statuses only (never answers, passwords or secrets).
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


@event.listens_for(Session, "before_flush")
def _append_only(session: Session, _context: Any, _instances: Any) -> None:
    """Refuse any change to an audit event already written: the trail is append-only."""
    for obj in (*session.dirty, *session.deleted):
        if isinstance(obj, AuditEvent) and (obj in session.deleted or session.is_modified(obj)):
            raise ValueError("audit events are append-only")


def actor() -> tuple[int | None, str]:
    """(account id, label) of whoever makes the current request: the signed-in user or the respondent."""
    if has_request_context() and getattr(current_user, "is_authenticated", False):
        return int(current_user.id), str(current_user.email)
    if has_request_context() and request.blueprint == "api":
        return None, "api"
    return None, "respondent" if has_request_context() else "cli"


def record(action: str, *, reference: str | None = None, revision: int | None = None,
           actor_id: int | None = None, actor_label: str | None = None, **details: Any) -> AuditEvent:
    """Add an event to the current transaction (the caller commits it with the change it records)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    if actor_label is None:
        actor_id, actor_label = actor()
    row = AuditEvent(action=action, actor_id=actor_id, actor_label=actor_label[:254],
                     assessment_reference=reference, revision=revision, details=details, at=utcnow())
    db.session.add(row)
    return row


#: Columns of the CSV export, in order.
CSV_BATCH = 1000
CSV_COLUMNS = ("id", "at", "action", "actor", "assessment", "revision", "details")


def csv_lines(events: Iterable[AuditEvent]) -> Iterator[str]:
    """The events as CSV lines (header first); cells that a spreadsheet would run as formulas are
    defused with a leading apostrophe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def line(cells: Iterable[object]) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([_defuse(str(cell)) for cell in cells])
        return buffer.getvalue()

    yield line(CSV_COLUMNS)
    for e in events:
        details = json.dumps(e.details or {}, sort_keys=True, ensure_ascii=False, default=str)
        yield line((e.id, e.at.isoformat(timespec="seconds"), e.action, e.actor_label,
                    e.assessment_reference or "", e.revision or "", details))


def _defuse(cell: str) -> str:
    return "'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell


def csv_response(query: Select[Any], filename: str) -> Response:
    """A CSV download of the events ``query`` selects, read in pages by id (streamed; never cached)."""

    def pages() -> Iterator[AuditEvent]:
        last = 0
        while True:
            batch: list[AuditEvent] = list(db.session.scalars(query.where(AuditEvent.id > last).order_by(AuditEvent.id)
                                       .limit(CSV_BATCH)))
            yield from batch
            if len(batch) < CSV_BATCH:
                return
            last = batch[-1].id

    return Response(stream_with_context(csv_lines(pages())), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def every_event() -> Select[Any]:
    """A query of the whole trail (narrow it with ``.where``)."""
    return select(AuditEvent)


def action_label(action: str) -> str:
    """An action as people read it, in the interface language."""
    labels = {
        "sign_in": _l("Signed in"), "sign_in_failed": _l("Failed sign-in"), "sign_out": _l("Signed out"),
        "password_changed": _l("Password changed"), "user_created": _l("Account created"),
        "role_changed": _l("Role changed"), "user_deactivated": _l("Account deactivated"),
        "user_reactivated": _l("Account reactivated"), "submitted": _l("Submitted for review"),
        "assigned": _l("Assigned"), "verdict": _l("Verdict on a conclusion"), "comment": _l("Comment"),
        "comment_resolved": _l("Comment resolved"), "summary": _l("Review summary saved"),
        "decision": _l("Decision"), "exported": _l("Report exported"), "audit_exported": _l("Audit trail exported"),
    }
    return str(labels.get(action, action))
