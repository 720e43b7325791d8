"""The report as JSON: the engine's result plus the assessment's identity, answers, statuses and
fingerprint, under a versioned format documented in docs/json-output.md."""

from __future__ import annotations

from typing import Any

from wizard.report.integrity import _jsonable, canonical_statuses
from wizard.report.model import ReportData

REPORT_FORMAT = "ai-compliance-wizard/report"
REPORT_FORMAT_VERSION = 1


def render_json_dict(data: ReportData, result: Any) -> dict[str, Any]:
    """The JSON document as a dict (`json.dumps` it with ensure_ascii=False for a file)."""
    meta = data.meta
    review = data.review
    return {
        "format": REPORT_FORMAT,
        "format_version": REPORT_FORMAT_VERSION,
        "assessment": {
            "reference": meta.reference, "system_name": meta.system_name, "organisation": meta.organisation,
            "contact": meta.contact, "lang": data.lang, "created_at": meta.created_at.isoformat(),
            "updated_at": meta.updated_at.isoformat(), "review_status": meta.review_status,
        },
        "review": None if review is None else {
            "decision": review.decision, "summary": review.summary, "reviewer": review.reviewer,
            "decided_at": review.decided_at,
            "comments": [{"section": c.section, "text": c.text, "author": c.author,
                          "created_at": c.created_at} for c in review.comments],
            "verdicts": [{"conclusion": v.conclusion, "verdict": v.verdict, "comment": v.comment,
                          "reference": v.reference, "advisor": v.advisor} for v in review.verdicts]},
        "questionnaire": {"id": data.questionnaire_id, "version": data.questionnaire_version,
                          "content_hash": data.questionnaire_hash},
        "fingerprint": data.fingerprint,
        "answers": data.payload["answers"],
        "statuses": canonical_statuses(data.payload["statuses"]),
        "result": _jsonable(result.to_json(data.lang)) if hasattr(result, "to_json") else None,
    }
