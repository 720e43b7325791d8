"""Glue between stored assessments and the pure report package: report metadata and the seal key."""

from __future__ import annotations

import hmac
from typing import TYPE_CHECKING, Any

from flask import current_app, url_for

from wizard.report.meta import ReportMeta
from wizard.review.operations import current_revision
from wizard.review.reporting import review_for_report, status_for_report

if TYPE_CHECKING:  # the web package imports this module: no import cycle at run time
    from wizard.review.frozen import Frozen
    from wizard.web.access import Opened


def report_meta(opened: Opened | Frozen, lang: str) -> ReportMeta:
    """The report's metadata for an opened assessment (or a frozen revision), in ``lang``.

    The report carries the advisors' review of the revision it is made from: the revision itself for a
    frozen one; for the live assessment, its current revision when the answers and statuses are still
    exactly those submitted (otherwise the report describes answers nobody reviewed yet).
    """
    a = opened.assessment
    revision: Any = getattr(opened, "revision", None)
    if revision is None:
        latest = current_revision(a.id)
        if latest is not None and latest.answers == opened.answers and latest.statuses == opened.statuses:
            revision = latest
    review = review_for_report(revision, opened.questionnaire, lang) if revision is not None else None
    status = status_for_report(revision.state, lang) if revision is not None else None
    return ReportMeta(reference=a.reference, system_name=a.system_name, organisation=a.organisation,
                      contact=a.contact, lang=lang, created_at=a.created_at, updated_at=a.updated_at,
                      review_status=status, review=review,
                      verify_url=url_for("verify.form", _external=True))


def seal_key() -> bytes:
    """The key that seals this server's PDF reports (derived from SECRET_KEY, never the key itself)."""
    secret = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(secret, b"wizard-report-seal-v1", "sha256").digest()
