"""The words people read for states, verdicts, visibilities and refusals (translated)."""

from __future__ import annotations

from flask_babel import gettext
from flask_babel import lazy_gettext as _l


def state_labels() -> dict[str, str]:
    """Each state of an assessment as people read it."""
    return {"draft": gettext("Draft"), "submitted": gettext("Submitted"), "in_review": gettext("In review"),
            "changes_requested": gettext("Changes requested"), "approved": gettext("Approved"),
            "rejected": gettext("Rejected")}


def verdict_labels() -> dict[str, str]:
    """Each verdict as people read it."""
    return {"agree": gettext("Agree"), "disagree": gettext("Disagree"),
            "needs_facts": gettext("Needs more facts")}


def visibility_labels() -> dict[str, str]:
    """Who reads a comment."""
    return {"respondent": gettext("Shown to the respondent"), "advisors": gettext("Advisors only")}


#: Why a change was refused (ReviewError codes).
REFUSALS = {
    "stale": _l("Someone else saved a change meanwhile. The page now shows it: check it, then try again."),
    "closed": _l("This revision is decided or replaced by a newer one: it can no longer change."),
    "not_completed": _l("Confirm your answers on the summary page before submitting them."),
    "not_submittable": _l("This assessment is already submitted or decided."),
    "unknown_conclusion": _l("This conclusion is not part of the revision."),
    "invalid_verdict": _l("Choose agree, disagree or needs more facts."),
    "comment_required": _l("Say why: a disagreement or a request for facts needs a comment."),
    "text_required": _l("Write the comment."),
    "invalid_visibility": _l("Choose who may read the comment."),
    "summary_required": _l("Write a summary: the respondent needs to know why."),
    "invalid_decision": _l("Choose a decision."),
    "not_a_reviewer": _l("Only advisors and administrators can be assigned."),
}


def refusal(code: str) -> str:
    """The message for a refused change."""
    return str(REFUSALS.get(code, REFUSALS["closed"]))
