"""The review of a revision in the shape the report renderers read (``ReportMeta.review``)."""

from __future__ import annotations

from typing import Any

from flask_babel import force_locale

from . import conclusions, labels
from .models import Revision


def review_for_report(revision: Revision, questionnaire: Any, lang: str) -> dict[str, Any] | None:
    """Decision, summary, reviewer, date, verdicts per conclusion and the comments shown to the
    respondent, in ``lang``; None while the revision has neither a decision nor anything to show."""
    shown = [c for c in revision.comments if c.visibility == "respondent"]
    if not revision.final and not shown:
        return None
    titles = {c["key"]: conclusions.title(questionnaire, c, lang) for c in revision.conclusions}
    with force_locale(lang):
        states, verdicts = labels.state_labels(), labels.verdict_labels()
    return {
        "decision": states.get(revision.state, revision.state), "summary": revision.summary,
        "reviewer": revision.decided_by_label or "", "decided_at": revision.decided_at,
        "comments": [{"section": c.section_id, "text": c.text, "author": c.author_label,
                      "created_at": c.created_at} for c in shown],
        "verdicts": [{"conclusion": titles.get(v.conclusion_key, v.conclusion_key),
                      "verdict": verdicts.get(v.verdict, v.verdict), "comment": v.comment,
                      "reference": v.legal_reference, "advisor": v.advisor_label}
                     for v in revision.verdicts],
    }


def status_for_report(state: str, lang: str) -> str:
    """The review status printed on the cover."""
    with force_locale(lang):
        return labels.state_labels().get(state, state)
