"""The verification page: upload a report PDF, learn whether this server produced it, untouched.

Anyone holding a report can check it (an advisor receiving one, typically). Only a file carrying this
server's valid seal over every byte is called genuine (wizard/report/integrity.py); then, and only
then, the page re-evaluates the answers it carries against the questionnaire version they were given
on and shows the assessment read-only. Any other file gets a plain "not verified" and nothing of what
it claims is shown. The work is bounded: the seal is checked on the raw bytes before anything is
parsed, and the upload size is capped.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from flask import Blueprint, render_template, request
from flask_babel import get_locale
from werkzeug.exceptions import RequestEntityTooLarge

from wizard.accounts import policy
from wizard.catalog import catalog
from wizard.engine import evaluate
from wizard.extensions import db, limit_from_config, limiter
from wizard.models import QuestionnaireSnapshot
from wizard.report.i18n import t
from wizard.report.integrity import Verification, verify_pdf
from wizard.report.meta import ReportMeta
from wizard.report.model import build_report
from wizard.reporting import seal_key

bp = Blueprint("verify", __name__, url_prefix="/verify")
log = logging.getLogger(__name__)
policy.public(bp, "anyone may check that a report came from this server")


def _lang() -> str:
    return str(get_locale() or "en")


def _questionnaire(content_hash: str) -> Any:
    """The questionnaire version ``content_hash`` (current, or pinned by an assessment), or None."""
    for q in catalog().current.values():
        if q.content_hash == content_hash:
            return q
    snapshot = db.session.get(QuestionnaireSnapshot, content_hash)
    return catalog().pinned(content_hash, snapshot.frozen) if snapshot is not None else None


def _known(content_hash: str) -> bool:
    return _questionnaire(content_hash) is not None


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _when(value: Any) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(value) if isinstance(value, str) else dt.datetime.now(dt.UTC)
    except ValueError:
        return dt.datetime.now(dt.UTC)


def read_only_view(payload: dict[str, Any]) -> Any:
    """The report's view model rebuilt from a sealed payload, or None when it cannot be rebuilt.

    A sealed payload was written by this server, so a failure here is a defect, not an attack: it is
    logged, and the page says the contents cannot be shown instead of failing.
    """
    try:
        q = _questionnaire(str(payload["questionnaire"]["content_hash"]))
        if q is None:
            return None
        info = payload["assessment"]
        as_of = _date(info.get("as_of"))
        result = evaluate(q, payload["answers"], payload["statuses"], as_of)
        meta = ReportMeta(reference=str(info.get("reference", "")), system_name=str(info.get("system_name", "")),
                          organisation=str(info.get("organisation", "")), contact=None, lang=_lang(),
                          created_at=_when(info.get("created_at")), updated_at=_when(info.get("updated_at")))
        return build_report(q, result, payload["answers"], payload["statuses"], meta, as_of=as_of)
    except (ValueError, TypeError, KeyError, AttributeError, ArithmeticError, RecursionError):
        log.exception("a sealed report could not be shown")
        return None


def _page(status: int = 200, *, verification: Verification | None = None, data: Any = None,
          error: str | None = None) -> tuple[str, int]:
    return render_template("verify.html", t=t, lang=_lang(), verification=verification, data=data,
                           error=error), status


@bp.get("")
def form() -> tuple[str, int]:
    """The upload form."""
    return _page()


def too_large() -> tuple[str, int]:
    """The page for an upload over the request size limit (called by the 413 handler)."""
    return _page(413, error=t("verify_too_large", _lang()))


@bp.post("")
@limiter.limit(limit_from_config("RATELIMIT_VERIFY"))
def check() -> tuple[str, int]:
    """Verify the uploaded PDF and show the outcome."""
    try:
        upload = request.files.get("report")
    except RequestEntityTooLarge:
        return too_large()
    content = upload.read() if upload is not None else b""
    if not content:
        return _page(400, error=t("verify_choose_file", _lang()))
    verification = verify_pdf(content, seal_key=seal_key(), known_questionnaire=_known)
    data = None
    if verification.reason == "verify_ok" and verification.payload is not None:
        data = read_only_view(verification.payload)
    return _page(verification=verification, data=data)
