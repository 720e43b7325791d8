"""Glue between stored assessments and the pure report package: report metadata and the seal key."""

from __future__ import annotations

import hmac
from typing import TYPE_CHECKING

from flask import current_app

from wizard.report.meta import ReportMeta

if TYPE_CHECKING:  # the web package imports this module: no import cycle at run time
    from wizard.web.access import Opened


def report_meta(opened: Opened, lang: str) -> ReportMeta:
    """The report's metadata for an opened assessment, in ``lang``."""
    a = opened.assessment
    return ReportMeta(reference=a.reference, system_name=a.system_name, organisation=a.organisation,
                      contact=a.contact, lang=lang, created_at=a.created_at, updated_at=a.updated_at)


def seal_key() -> bytes:
    """The key that seals this server's PDF reports (derived from SECRET_KEY, never the key itself)."""
    secret = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(secret, b"wizard-report-seal-v1", "sha256").digest()
