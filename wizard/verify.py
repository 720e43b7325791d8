"""The verification page: upload a report PDF, learn whether it is genuine, and read what it describes.

Anyone holding a report can check it (an advisor receiving one, typically). The page re-evaluates the
answers embedded in the PDF against the questionnaire version they were given on, and shows the
assessment read-only, or says plainly that the file was altered or is not one of ours.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, request
from flask_babel import get_locale

from wizard.accounts import policy
from wizard.catalog import catalog
from wizard.extensions import db
from wizard.models import QuestionnaireSnapshot

bp = Blueprint("verify", __name__, url_prefix="/verify")
policy.public(bp, "anyone may check that a report came from this server")


def _lang() -> str:
    return str(get_locale() or "en")


def _known(content_hash: str) -> bool:
    """Whether this server knows the questionnaire version (current, or pinned by an assessment)."""
    if any(q.content_hash == content_hash for q in catalog().current.values()):
        return True
    return db.session.get(QuestionnaireSnapshot, content_hash) is not None


def _questionnaire(content_hash: str) -> Any:
    for q in catalog().current.values():
        if q.content_hash == content_hash:
            return q
    snapshot = db.session.get(QuestionnaireSnapshot, content_hash)
    return catalog().pinned(content_hash, snapshot.frozen) if snapshot is not None else None


def _read_only_view(payload: dict[str, Any]) -> Any:
    """The report's view model rebuilt from the embedded data (the same conclusions the PDF shows)."""
    import datetime as dt

    from wizard.engine import evaluate
    from wizard.report.meta import ReportMeta
    from wizard.report.model import build_report

    q = _questionnaire(str(payload["questionnaire"]["content_hash"]))
    info = payload.get("assessment") or {}
    as_of = dt.date.fromisoformat(info["as_of"]) if info.get("as_of") else None
    result = evaluate(q, payload["answers"], payload["statuses"], as_of)

    def when(key: str) -> dt.datetime:
        try:
            return dt.datetime.fromisoformat(str(info.get(key)))
        except ValueError:
            return dt.datetime.now(dt.UTC)

    meta = ReportMeta(reference=str(info.get("reference", "")), system_name=str(info.get("system_name", "")),
                      organisation=str(info.get("organisation", "")), contact=None, lang=_lang(),
                      created_at=when("created_at"), updated_at=when("updated_at"))
    return build_report(q, result, payload["answers"], payload["statuses"], meta, as_of=as_of)


@bp.get("")
def form() -> str:
    """The upload form."""
    from wizard.report.i18n import t

    return render_template("verify.html", t=t, lang=_lang(), verification=None, data=None)


@bp.post("")
def check() -> tuple[str, int] | str:
    """Verify the uploaded PDF and show the outcome."""
    from wizard.report.i18n import t
    from wizard.report.integrity import read_payload, verify_pdf
    from wizard.reporting import seal_key

    upload = request.files.get("report")
    content = upload.read() if upload is not None else b""
    if not content:
        return render_template("verify.html", t=t, lang=_lang(), verification=None, data=None,
                               error=t("verify_choose_file", _lang())), 400
    envelope = read_payload(content)
    sealed = bool(envelope and envelope.get("seal"))
    verification = verify_pdf(content, seal_key=seal_key() if sealed else None, known_questionnaire=_known)
    data = _read_only_view(verification.payload) if verification.ok and verification.payload else None
    return render_template("verify.html", t=t, lang=_lang(), verification=verification, data=data,
                           sealed=sealed)
